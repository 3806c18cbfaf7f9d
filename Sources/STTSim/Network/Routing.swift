import HeapModule

/// Static shortest-path routing by propagation delay, with a fixed tie-break by node index:
/// among equally short paths the one through the lower-numbered neighbour wins, on every run.
///
/// Scales with the number of *transit* nodes, not hosts: a stub node (exactly one link, the
/// usual host behind a router) has a single possible first hop, so it never gets a table of its
/// own; only nodes with two or more links run Dijkstra. Ten thousand hosts behind a hundred
/// routers cost a hundred tables. Reachability for stubs comes from connected components.
struct Routing {
    /// Per source node with two or more links: the outgoing link direction toward each
    /// destination (-1: unreachable); computed on first use.
    private var nextHop: [[Int32]?]
    /// Per node, its connected component (same label: reachable); empty until first needed.
    private var component: [Int32] = []

    init(nodeCount: Int) { nextHop = Array(repeating: nil, count: nodeCount) }

    /// Sources whose table is computed (so that a topology change clears only those: building
    /// a network link by link must not cost nodes × links).
    private var computed: [Int32] = []

    mutating func invalidate() {
        for source in computed { nextHop[Int(source)] = nil }
        computed = []
        component = []
    }

    mutating func grow(to nodeCount: Int) {
        invalidate()
        nextHop.append(contentsOf: repeatElement(nil, count: max(0, nodeCount - nextHop.count)))
    }

    /// The link direction `source` uses to reach `destination`, or nil.
    mutating func direction(
        from source: Int32, to destination: Int32, directions: [LinkDirection],
        outgoing: [[Int32]]
    ) -> Int32? {
        guard source != destination else { return nil }
        let links = outgoing[Int(source)]
        if links.count == 1 {
            if component.isEmpty { component = Self.components(directions, outgoing) }
            return component[Int(source)] == component[Int(destination)] ? links[0] : nil
        }
        if nextHop[Int(source)] == nil {
            nextHop[Int(source)] = dijkstra(source, directions, outgoing)
            computed.append(source)
        }
        let d = nextHop[Int(source)]![Int(destination)]
        return d >= 0 ? d : nil
    }

    private static func components(_ directions: [LinkDirection], _ outgoing: [[Int32]]) -> [Int32] {
        var label = [Int32](repeating: -1, count: outgoing.count)
        var stack: [Int32] = []
        for start in outgoing.indices where label[start] < 0 {
            label[start] = Int32(start)
            stack.append(Int32(start))
            while let u = stack.popLast() {
                for dir in outgoing[Int(u)] {
                    let v = Int(directions[Int(dir)].to)
                    if label[v] < 0 {
                        label[v] = Int32(start)
                        stack.append(Int32(v))
                    }
                }
            }
        }
        return label
    }

    private struct Entry: Comparable {
        let distance: Int64
        let node: Int32
        static func < (a: Entry, b: Entry) -> Bool { (a.distance, a.node) < (b.distance, b.node) }
    }

    private func dijkstra(_ source: Int32, _ directions: [LinkDirection], _ outgoing: [[Int32]]) -> [Int32] {
        let n = outgoing.count
        var distance = [Int64](repeating: .max, count: n)
        var firstHop = [Int32](repeating: -1, count: n)
        var done = [Bool](repeating: false, count: n)
        var heap = Heap<Entry>()
        distance[Int(source)] = 0
        heap.insert(Entry(distance: 0, node: source))
        while let e = heap.popMin() {
            let u = Int(e.node)
            if done[u] { continue }
            done[u] = true
            for dirIndex in outgoing[u] {
                let dir = directions[Int(dirIndex)]
                let v = Int(dir.to)
                // Weight: propagation delay, plus 1 ns so zero-delay links still prefer fewer hops.
                let candidate = distance[u] + dir.parameters.propagationDelay.nanoseconds + 1
                let hop = u == Int(source) ? dirIndex : firstHop[u]
                if candidate < distance[v] || (candidate == distance[v] && hopTieBreak(hop, firstHop[v], directions)) {
                    distance[v] = candidate
                    firstHop[v] = hop
                    // A stub is final at once (one way in) and leads nowhere: keep it off the heap.
                    if outgoing[v].count == 1 {
                        done[v] = true
                    } else {
                        heap.insert(Entry(distance: candidate, node: Int32(v)))
                    }
                }
            }
        }
        return firstHop
    }

    /// Among equal paths, prefer the first hop to the lower-numbered neighbour.
    private func hopTieBreak(_ a: Int32, _ b: Int32, _ directions: [LinkDirection]) -> Bool {
        guard b >= 0 else { return true }
        return (directions[Int(a)].to, a) < (directions[Int(b)].to, b)
    }
}
