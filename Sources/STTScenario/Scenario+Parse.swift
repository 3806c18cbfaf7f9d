import STTCore
import STTSim

extension Scenario {
    /// Parses and validates scenario JSON. Throws `ScenarioError` listing every problem with
    /// its JSON path, e.g. `links[0].loss.p: must be between 0 and 1 (got 1.5)`.
    public static func parse(_ text: String, file: String = "scenario") throws -> Scenario {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch let e as JSONSyntaxError {
            throw ScenarioError(file: file, problems: [ScenarioProblem(path: "", message: "not valid JSON: \(e)")])
        }
        let r = ScenarioReader()
        let scenario = parse(root, r)
        guard r.problems.isEmpty, let scenario else { throw ScenarioError(file: file, problems: r.problems) }
        return scenario
    }

    static let topFields = [
        "$schema", "name", "description", "seed", "duration", "sharedSeed", "nodes", "links", "traffic",
        "events", "capture", "expect",
    ]

    private static func parse(_ root: JSONValue, _ r: ScenarioReader) -> Scenario? {
        guard r.object(root, "", allowed: topFields) != nil else { return nil }
        let name = r.string(root["name"], "name", required: true) ?? ""
        let description = r.string(root["description"], "description") ?? ""
        let seed = r.integer(root["seed"], "seed", in: 0...Int(Int64.max)).map(UInt64.init) ?? 1
        let duration = r.duration(root["duration"], "duration", required: true) ?? .seconds(60)
        if duration <= .zero, root["duration"] != nil { r.problem("duration", "must be positive") }
        let sharedSeed = r.string(root["sharedSeed"], "sharedSeed").map { Array($0.utf8) }
        if let s = sharedSeed, s.count < minimumSeedLength {
            r.problem("sharedSeed", "must be at least \(minimumSeedLength) bytes (got \(s.count))")
        }

        var nodes: [Node] = []
        var nodeIndex: [String: Int] = [:]  // lookup only
        let nodeList = r.array(root["nodes"], "nodes", required: true) ?? []
        if root["nodes"] != nil, nodeList.isEmpty { r.problem("nodes", "must list at least one node") }
        for (i, value) in nodeList.enumerated() {
            guard let node = parseNode(value, r.index("nodes", i), r, defaultShared: sharedSeed, seed: seed) else {
                continue
            }
            if nodeIndex[node.id] != nil {
                r.problem(r.index("nodes", i) + ".id", "duplicate node id \"\(node.id)\"")
                continue
            }
            nodeIndex[node.id] = nodes.count
            nodes.append(node)
        }
        var addresses: [STTAddress: String] = [:]
        for (i, n) in nodes.enumerated() {
            guard let a = n.address else { continue }
            if let other = addresses[a] {
                r.problem(r.index("nodes", i) + ".address", "\(a) is already used by \"\(other)\"")
            }
            addresses[a] = n.id
        }
        func node(_ v: JSONValue?, _ path: String, endpointOnly: Bool = false) -> Int? {
            guard let id = r.string(v, path, required: true) else { return nil }
            guard let n = nodeIndex[id] else {
                r.problem(path, "unknown node \"\(id)\"; nodes are: \(nodes.map(\.id).joined(separator: ", "))")
                return nil
            }
            if endpointOnly, nodes[n].kind != .endpoint {
                r.problem(path, "\"\(id)\" is a router; traffic runs between endpoints")
            }
            return n
        }

        var links: [Link] = []
        var linkIndex: [String: Int] = [:]
        for (i, value) in (r.array(root["links"], "links") ?? []).enumerated() {
            let path = r.index("links", i)
            guard r.object(value, path, allowed: ["id", "a", "b", "reverse"] + linkParameterFields) != nil else {
                continue
            }
            let a = node(value["a"], path + ".a")
            let b = node(value["b"], path + ".b")
            let id = r.string(value["id"], path + ".id") ?? "link\(i)"
            let forward = parseLinkParameters(value, path, r, base: LinkParameters())
            var reverse = forward
            if let rev = value["reverse"], r.object(rev, path + ".reverse", allowed: linkParameterFields) != nil {
                reverse = parseLinkParameters(rev, path + ".reverse", r, base: forward)
            }
            if let a, let b, a == b { r.problem(path + ".b", "a link joins two different nodes") }
            if linkIndex[id] != nil { r.problem(path + ".id", "duplicate link id \"\(id)\"") }
            guard let a, let b else { continue }
            linkIndex[id] = links.count
            links.append(Link(id: id, a: a, b: b, forward: forward, reverse: reverse))
        }
        func link(_ v: JSONValue?, _ path: String) -> Int? {
            guard let id = r.string(v, path, required: true) else { return nil }
            guard let l = linkIndex[id] else {
                r.problem(path, "unknown link \"\(id)\"; links are: \(links.map(\.id).joined(separator: ", "))")
                return nil
            }
            return l
        }

        var traffic: [Traffic] = []
        var flowIndex: [String: Int] = [:]
        for (i, value) in (r.array(root["traffic"], "traffic") ?? []).enumerated() {
            let path = r.index("traffic", i)
            guard let t = parseTraffic(value, path, r, index: i, node: node) else { continue }
            if flowIndex[t.id] != nil { r.problem(path + ".id", "duplicate traffic id \"\(t.id)\"") }
            flowIndex[t.id] = traffic.count
            traffic.append(t)
        }

        var events: [Event] = []
        for (i, value) in (r.array(root["events"], "events") ?? []).enumerated() {
            let path = r.index("events", i)
            if let e = parseEvent(value, path, r, node: { node($0, $1) }, link: link, links: links, nodes: nodes) {
                events.append(e)
            }
        }

        let capture = parseCapture(root["capture"], r, node: { node($0, $1) })

        var flowExpectations: [FlowExpectation] = []
        var sessionExpectations: [SessionExpectation] = []
        var noSessionFailed = true
        var fingerprint: String?
        if let expect = r.object(
            root["expect"], "expect", allowed: ["flows", "sessions", "noSessionFailed", "fingerprint"])
        {
            for (i, value) in (r.array(expect["flows"], "expect.flows") ?? []).enumerated() {
                let path = r.index("expect.flows", i)
                guard
                    r.object(
                        value, path,
                        allowed: [
                            "flow", "completes", "intact", "within", "goodputAtLeast",
                            "latencyP99AtMost", "skipsAtLeast",
                        ]) != nil,
                    let id = r.string(value["flow"], path + ".flow", required: true)
                else { continue }
                guard let f = flowIndex[id] else {
                    r.problem(
                        path + ".flow",
                        "unknown traffic \"\(id)\"; traffic is: \(traffic.map(\.id).joined(separator: ", "))")
                    continue
                }
                flowExpectations.append(
                    FlowExpectation(
                        flow: f, completes: r.bool(value["completes"], path + ".completes"),
                        intact: r.bool(value["intact"], path + ".intact"),
                        within: r.duration(value["within"], path + ".within"),
                        goodputAtLeast: r.rate(value["goodputAtLeast"], path + ".goodputAtLeast"),
                        latencyP99AtMost: r.duration(value["latencyP99AtMost"], path + ".latencyP99AtMost"),
                        skipsAtLeast: r.integer(value["skipsAtLeast"], path + ".skipsAtLeast", in: 0...Int.max)))
            }
            for (i, value) in (r.array(expect["sessions"], "expect.sessions") ?? []).enumerated() {
                let path = r.index("expect.sessions", i)
                guard r.object(value, path, allowed: ["from", "to", "outcome"]) != nil else { continue }
                let from = node(value["from"], path + ".from", endpointOnly: true)
                let to = node(value["to"], path + ".to", endpointOnly: true)
                let text = r.string(value["outcome"], path + ".outcome", required: true)
                let outcome = text.flatMap(SessionExpectation.Outcome.init(rawValue:))
                if let text, outcome == nil {
                    r.problem(
                        path + ".outcome",
                        "must be one of: established, authentication-failed, timeout (got \"\(text)\")")
                }
                if let from, let to, let outcome {
                    sessionExpectations.append(.init(from: from, to: to, outcome: outcome))
                }
            }
            noSessionFailed =
                r.bool(expect["noSessionFailed"], "expect.noSessionFailed")
                ?? sessionExpectations.allSatisfy { $0.outcome == .established }
            if let f = r.string(expect["fingerprint"], "expect.fingerprint") {
                if f.count == 64, f.allSatisfy(\.isHexDigit) {
                    fingerprint = f.lowercased()
                } else {
                    r.problem("expect.fingerprint", "must be 64 hex digits (a SHA-256)")
                }
            }
        }
        return Scenario(
            name: name, description: description, seed: seed, duration: duration, nodes: nodes, links: links,
            traffic: traffic, events: events, flowExpectations: flowExpectations,
            sessionExpectations: sessionExpectations, noSessionFailed: noSessionFailed, fingerprint: fingerprint,
            capture: capture ?? CaptureSettings())
    }
}
