import HeapModule
import STTCore
import STTScenario
import STTSim

/// The network as a scenario leaves it once every timed event has happened: each link's
/// parameters and up state, the partition, the nodes still crashed. From then on nothing
/// changes, so what a path offers is fixed; `CompletionBudget` reads paths from it.
struct QuietNetwork {
    /// Per link: the parameters of (a→b, b→a).
    private(set) var directions: [(forward: LinkParameters, reverse: LinkParameters)]
    private(set) var partitionGroup: [Int]?
    private(set) var isDown: [Bool]
    private let links: [Scenario.Link]

    init(_ scenario: Scenario) {
        links = scenario.links
        directions = scenario.links.map { ($0.forward, $0.reverse) }
        isDown = Array(repeating: false, count: scenario.nodes.count)
        // Events at the same instant run in file order (the scheduler's insertion order).
        let ordered = scenario.events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
        for (_, event) in ordered {
            switch event.action {
            case .linkDown(let l):
                directions[l].forward.isUp = false
                directions[l].reverse.isUp = false
            case .linkUp(let l):
                directions[l].forward.isUp = true
                directions[l].reverse.isUp = true
            case .setLink(let l, let f, let r): directions[l] = (f, r)
            case .partition(let groups):
                var assignment = Array(repeating: 0, count: scenario.nodes.count)
                for (g, members) in groups.enumerated() { for n in members { assignment[n] = g + 1 } }
                partitionGroup = assignment
            case .heal: partitionGroup = nil
            case .crash(let n): isDown[n] = true
            case .restart(let n): isDown[n] = false
            }
        }
    }

    /// One direction a packet may take: the link, which way, and its parameters.
    struct Hop {
        let link: Int
        let from: Int
        let to: Int
        let parameters: LinkParameters
    }

    /// Every hop of every shortest path from `source` to `destination`, by the simulator's
    /// routing weight (propagation delay + 1 ns per hop). The simulator breaks ties by neighbour
    /// index; taking all tied paths instead is conservative (a path is judged by its worst hop).
    /// Empty when no path exists.
    func shortestPathHops(from source: Int, to destination: Int) -> [Hop] {
        let n = isDown.count
        var outgoing = Array(repeating: [Hop](), count: n)
        for (l, link) in links.enumerated() {
            outgoing[link.a].append(Hop(link: l, from: link.a, to: link.b, parameters: directions[l].forward))
            outgoing[link.b].append(Hop(link: l, from: link.b, to: link.a, parameters: directions[l].reverse))
        }
        let fromSource = distances(from: source, outgoing)
        guard fromSource[destination] < .max else { return [] }
        var incoming = Array(repeating: [Hop](), count: n)
        for hops in outgoing {
            for h in hops { incoming[h.to].append(Hop(link: h.link, from: h.to, to: h.from, parameters: h.parameters)) }
        }
        let toDestination = distances(from: destination, incoming)
        let total = fromSource[destination]
        var out: [Hop] = []
        for hops in outgoing {
            for h in hops where fromSource[h.from] < .max && toDestination[h.to] < .max {
                if fromSource[h.from] + weight(h) + toDestination[h.to] == total { out.append(h) }
            }
        }
        return out
    }

    /// Whether a packet can cross `hop` now: the link is up, the hop does not cross the
    /// partition, and its far end (a forwarding or receiving node) is not crashed.
    func isOpen(_ hop: Hop) -> Bool {
        guard hop.parameters.isUp, !isDown[hop.to], !isDown[hop.from] else { return false }
        if let groups = partitionGroup, groups[hop.from] != groups[hop.to] { return false }
        return true
    }

    private func weight(_ hop: Hop) -> Int64 { max(0, hop.parameters.propagationDelay.nanoseconds) + 1 }

    private struct Entry: Comparable {
        let distance: Int64
        let node: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.distance, a.node) < (b.distance, b.node) }
    }

    private func distances(from source: Int, _ outgoing: [[Hop]]) -> [Int64] {
        var distance = Array(repeating: Int64.max, count: outgoing.count)
        var heap = Heap<Entry>()
        distance[source] = 0
        heap.insert(Entry(distance: 0, node: source))
        while let e = heap.popMin() {
            guard e.distance == distance[e.node] else { continue }
            for h in outgoing[e.node] {
                let candidate = e.distance + weight(h)
                if candidate < distance[h.to] {
                    distance[h.to] = candidate
                    heap.insert(Entry(distance: candidate, node: h.to))
                }
            }
        }
        return distance
    }
}
