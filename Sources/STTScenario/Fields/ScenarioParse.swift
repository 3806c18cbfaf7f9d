import STTCore
import STTSim

/// The state of reading one scenario file: the problems found so far and the names defined so
/// far (nodes, links, flows), which later fields refer to.
final class ScenarioParse {
    let reader = ScenarioReader()
    /// The directory files named in the scenario are relative to: the scenario file's own.
    var baseDirectory = "."
    var seed: UInt64 = 1
    var sharedSeed: [UInt8]?
    private(set) var nodes: [Scenario.Node] = []
    private var nodeIndex: [String: Int] = [:]  // lookup only
    private(set) var links: [Scenario.Link] = []
    private var linkIndex: [String: Int] = [:]  // lookup only
    private(set) var traffic: [Scenario.Traffic] = []
    private var trafficIndex: [String: Int] = [:]  // lookup only
    /// Ids of traffic entries that had problems of their own, and where (lookup only).
    var invalidTraffic: [String: String] = [:]

    /// Adds the nodes that have distinct ids (a repeated id is a problem at its path).
    func define(nodes list: [(Scenario.Node, String)]) {
        for (node, path) in list {
            if nodeIndex[node.id] != nil {
                reader.problem(path + ".id", "duplicate node id \"\(node.id)\"")
                continue
            }
            nodeIndex[node.id] = nodes.count
            nodes.append(node)
        }
        var addresses: [STTAddress: String] = [:]  // lookup only
        for (i, n) in nodes.enumerated() {
            guard let a = n.address else { continue }
            if let other = addresses[a] {
                reader.problem(reader.index("nodes", i) + ".address", "\(a) is already used by \"\(other)\"")
            }
            addresses[a] = n.id
        }
    }

    func define(links list: [(Scenario.Link, String)]) {
        for (link, path) in list {
            if linkIndex[link.id] != nil {
                reader.problem(path + ".id", "duplicate link id \"\(link.id)\"")
                continue
            }
            linkIndex[link.id] = links.count
            links.append(link)
        }
    }

    func define(traffic list: [(Scenario.Traffic, String)]) {
        let component = linkComponents()
        for (t, path) in list {
            if trafficIndex[t.id] != nil { reader.problem(path + ".id", "duplicate traffic id \"\(t.id)\"") }
            trafficIndex[t.id] = traffic.count
            traffic.append(t)
            for peer in t.to {
                let (from, to) = (nodes[t.from], nodes[peer])
                if !to.configuration.acceptsIncomingSessions {
                    reader.problem(
                        path + ".to", "\"\(to.id)\" does not accept sessions: give it \"server\": true to receive flows"
                    )
                }
                if component[t.from] != component[peer] {
                    reader.problem(
                        path + ".to",
                        "\"\(to.id)\" cannot be reached from \"\(from.id)\": no chain of links joins them "
                            + "(links join nodes, routers forward between their links)")
                }
            }
        }
    }

    /// Each node's connected component over every link (up or down now: an event may bring a
    /// link up, so only nodes no link ever joins are unreachable).
    private func linkComponents() -> [Int] {
        var parent = Array(nodes.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for link in links where nodes.indices.contains(link.a) && nodes.indices.contains(link.b) {
            parent[root(link.a)] = root(link.b)
        }
        return nodes.indices.map(root)
    }

    /// The node `v` names, or nil with a problem at `path`.
    func node(_ v: JSONValue?, _ path: String, endpointOnly: Bool = false) -> Int? {
        guard let id = reader.string(v, path, required: true) else { return nil }
        guard let n = nodeIndex[id] else {
            reader.problem(path, "unknown node \"\(id)\"; nodes are: \(nodes.map(\.id).joined(separator: ", "))")
            return nil
        }
        if endpointOnly, nodes[n].kind != .endpoint {
            reader.problem(path, "\"\(id)\" is a router; traffic runs between endpoints")
        }
        return n
    }

    func link(_ v: JSONValue?, _ path: String) -> Int? {
        guard let id = reader.string(v, path, required: true) else { return nil }
        guard let l = linkIndex[id] else {
            reader.problem(path, "unknown link \"\(id)\"; links are: \(links.map(\.id).joined(separator: ", "))")
            return nil
        }
        return l
    }

    func trafficIndex(_ v: JSONValue?, _ path: String) -> Int? {
        guard let id = reader.string(v, path, required: true) else { return nil }
        guard let f = trafficIndex[id] else {
            if let entry = invalidTraffic[id] {
                reader.problem(path, "traffic \"\(id)\" is not usable: see the problems of \(entry)")
                return nil
            }
            reader.problem(path, "unknown traffic \"\(id)\"; traffic is: \(traffic.map(\.id).joined(separator: ", "))")
            return nil
        }
        return f
    }
}
