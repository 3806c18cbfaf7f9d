import HeapModule

/// Static shortest-path routing by propagation delay, with a fixed tie-break by node index:
/// among equally short paths the one through the lower-numbered neighbour wins, on every run.
struct Routing {
    /// Per source node, the outgoing link direction toward each destination (-1: unreachable);
    /// computed on first use.
    private var nextHop: [[Int32]?]

    init(nodeCount: Int) { nextHop = Array(repeating: nil, count: nodeCount) }

    mutating func invalidate() { for i in nextHop.indices { nextHop[i] = nil } }

    mutating func grow(to nodeCount: Int) {
        nextHop = Array(repeating: nil, count: nodeCount)
    }

    /// The link direction `source` uses to reach `destination`, or nil.
    mutating func direction(from source: Int32, to destination: Int32, directions: [LinkDirection],
                            outgoing: [[Int32]]) -> Int32? {
        if nextHop[Int(source)] == nil { nextHop[Int(source)] = dijkstra(source, directions, outgoing) }
        let d = nextHop[Int(source)]![Int(destination)]
        return d >= 0 ? d : nil
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
                    heap.insert(Entry(distance: candidate, node: Int32(v)))
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
