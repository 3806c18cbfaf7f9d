import HeapModule

/// Static shortest-path routing by propagation delay, with a fixed tie-break by node index:
/// among equally short paths the one through the lower-numbered neighbour wins, on every run.
///
/// Scales with the number of *transit* nodes (two or more links), not hosts. A stub (exactly
/// one link, the usual host behind a router) is never on a path between two other nodes, so
/// routing runs on the transit nodes alone: a stub source has one possible first hop; toward a
/// stub destination the route is the route to its one neighbour, then its link. Only transit
/// nodes get a table, with one entry per transit node: ten thousand hosts behind a hundred
/// routers cost a hundred tables of a hundred entries, not of ten thousand.
struct Routing {
    /// Per transit source node: the outgoing link direction toward each transit node, by
    /// `transitIndex` (-1: unreachable); computed on first use.
    private var nextHop: [[Int32]?]
    /// Per node, its connected component (same label: reachable); empty until first needed.
    private var component: [Int32] = []
    /// Per node: its index among the transit nodes, or -1 for a stub or an isolated node.
    private var transitIndex: [Int32] = []
    /// Per node: its link directions toward transit nodes (the graph Dijkstra runs on).
    private var transitOutgoing: [[Int32]] = []
    /// Per stub: the direction from its one neighbour to it (-1 for every other node).
    private var downlink: [Int32] = []
    private var transitCount = 0

    init(nodeCount: Int) { nextHop = Array(repeating: nil, count: nodeCount) }

    /// Sources whose table is computed (so that a topology change clears only those: building
    /// a network link by link must not cost nodes × links).
    private var computed: [Int32] = []

    mutating func invalidate() {
        for source in computed { nextHop[Int(source)] = nil }
        computed = []
        component = []
        transitIndex = []
        transitOutgoing = []
        downlink = []
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
        if component.isEmpty { prepare(directions, outgoing) }
        guard component[Int(source)] == component[Int(destination)] else { return nil }
        let links = outgoing[Int(source)]
        if links.count == 1 { return links[0] }
        var target = destination
        let down = downlink[Int(destination)]
        if down >= 0 {
            let neighbour = directions[Int(down)].from
            if neighbour == source { return down }
            target = neighbour
        }
        let index = Int(transitIndex[Int(target)])
        guard index >= 0, transitIndex[Int(source)] >= 0 else { return nil }
        if nextHop[Int(source)] == nil {
            nextHop[Int(source)] = dijkstra(source, directions)
            computed.append(source)
        }
        let d = nextHop[Int(source)]![index]
        return d >= 0 ? d : nil
    }

    /// Components, the transit nodes and their graph, and each stub's way in.
    private mutating func prepare(_ directions: [LinkDirection], _ outgoing: [[Int32]]) {
        component = Self.components(directions, outgoing)
        transitIndex = [Int32](repeating: -1, count: outgoing.count)
        downlink = [Int32](repeating: -1, count: outgoing.count)
        transitCount = 0
        for node in outgoing.indices where outgoing[node].count >= 2 {
            transitIndex[node] = Int32(transitCount)
            transitCount += 1
        }
        transitOutgoing = outgoing.map { links in
            links.filter { outgoing[Int(directions[Int($0)].to)].count >= 2 }
        }
        for node in outgoing.indices where outgoing[node].count >= 1 {
            for dir in outgoing[node] where outgoing[Int(directions[Int(dir)].to)].count == 1 {
                downlink[Int(directions[Int(dir)].to)] = dir
            }
        }
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

    /// First hops from `source` to every transit node, over the transit nodes only.
    private func dijkstra(_ source: Int32, _ directions: [LinkDirection]) -> [Int32] {
        let n = transitCount
        var distance = [Int64](repeating: .max, count: n)
        var firstHop = [Int32](repeating: -1, count: n)
        var done = [Bool](repeating: false, count: n)
        var heap = Heap<Entry>()
        distance[Int(transitIndex[Int(source)])] = 0
        heap.insert(Entry(distance: 0, node: source))
        while let e = heap.popMin() {
            let u = Int(e.node)
            let ui = Int(transitIndex[u])
            if done[ui] { continue }
            done[ui] = true
            for dirIndex in transitOutgoing[u] {
                let dir = directions[Int(dirIndex)]
                let vi = Int(transitIndex[Int(dir.to)])
                // Weight: propagation delay, plus 1 ns so zero-delay links still prefer fewer hops.
                let candidate = distance[ui] + dir.parameters.propagationDelay.nanoseconds + 1
                let hop = u == Int(source) ? dirIndex : firstHop[ui]
                if candidate < distance[vi] || (candidate == distance[vi] && hopTieBreak(hop, firstHop[vi], directions))
                {
                    distance[vi] = candidate
                    firstHop[vi] = hop
                    heap.insert(Entry(distance: candidate, node: dir.to))
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
