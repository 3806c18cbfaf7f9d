import STTScenario

/// Makes a failing scenario smaller while it still fails: drops nodes (with their links, flows
/// and events), flows, events, links, impairments and node settings, and halves sizes, counts
/// and delays. Greedy: the first smaller candidate that still fails is kept and the search
/// starts again from it, until no candidate fails or the attempt budget is spent.
public struct ScenarioShrinker {
    /// Candidates tried at most (each is a run).
    public var maximumAttempts: Int

    public init(maximumAttempts: Int = 400) { self.maximumAttempts = maximumAttempts }

    /// The smallest failing scenario found, and how many candidates were run.
    public func shrink(_ scenario: JSONValue, stillFails: (JSONValue) -> Bool) -> (JSONValue, attempts: Int) {
        var current = scenario
        var attempts = 0
        var progress = true
        while progress, attempts < maximumAttempts {
            progress = false
            for candidate in Self.candidates(of: current) where attempts < maximumAttempts {
                attempts += 1
                if stillFails(candidate) {
                    current = candidate
                    progress = true
                    break
                }
            }
        }
        return (current, attempts)
    }

    /// Every one-step smaller scenario, biggest cuts first.
    static func candidates(of s: JSONValue) -> [JSONValue] {
        var out: [JSONValue] = []
        let nodes = items(s, "nodes")
        for node in nodes.reversed() {
            if case .string(let id)? = node["id"] { out.append(removingNode(id, from: s)) }
        }
        for i in items(s, "traffic").indices.reversed() { out.append(removing(i, in: "traffic", from: s)) }
        for i in items(s, "events").indices.reversed() { out.append(removing(i, in: "events", from: s)) }
        for (i, link) in items(s, "links").enumerated().reversed() {
            if case .string(let id)? = link["id"] { out.append(removingLink(id, at: i, from: s)) }
        }
        let impairments = ["reverse", "loss", "jitter", "duplicate", "reorder", "corrupt", "mtu", "queue", "bandwidth"]
        for (i, link) in items(s, "links").enumerated() {
            for key in impairments where link[key] != nil {
                out.append(replacing(i, in: "links", with: link.setting(key, nil), from: s))
            }
        }
        for (i, node) in nodes.enumerated() {
            guard case .object(let pairs) = node else { continue }
            for (key, _) in pairs where !["id", "kind", "server"].contains(key) {
                out.append(replacing(i, in: "nodes", with: node.setting(key, nil), from: s))
            }
        }
        for (i, flow) in items(s, "traffic").enumerated() {
            for key in ["size", "count", "duration", "rate"] {
                if let half = halved(flow[key]) {
                    out.append(replacing(i, in: "traffic", with: flow.setting(key, half), from: s))
                }
            }
        }
        for (i, link) in items(s, "links").enumerated() {
            if let half = halved(link["delay"]) {
                out.append(replacing(i, in: "links", with: link.setting("delay", half), from: s))
            }
        }
        return out
    }

    /// The array at `key` of a scenario object (empty when absent).
    public static func items(_ s: JSONValue, _ key: String) -> [JSONValue] {
        if case .array(let a)? = s[key] { return a }
        return []
    }

    static func removing(_ i: Int, in key: String, from s: JSONValue) -> JSONValue {
        var a = items(s, key)
        a.remove(at: i)
        return s.setting(key, .array(a))
    }

    static func replacing(_ i: Int, in key: String, with value: JSONValue, from s: JSONValue) -> JSONValue {
        var a = items(s, key)
        a[i] = value
        return s.setting(key, .array(a))
    }

    /// The node gone, with everything that names it: links (and their events), flows from it,
    /// it among a flow's receivers, its events, its place in partitions.
    static func removingNode(_ id: String, from s: JSONValue) -> JSONValue {
        let node = JSONValue.string(id)
        var out = s.setting("nodes", .array(items(s, "nodes").filter { $0["id"] != node }))
        var goneLinks: [JSONValue] = []
        out = out.setting(
            "links",
            .array(
                items(s, "links").filter { link in
                    let touches = link["a"] == node || link["b"] == node
                    if touches, let lid = link["id"] { goneLinks.append(lid) }
                    return !touches
                }))
        let traffic = items(out, "traffic").compactMap { flow -> JSONValue? in
            if flow["from"] == node { return nil }
            if flow["to"] == node { return nil }
            if case .array(let receivers)? = flow["to"] {
                let kept = receivers.filter { $0 != node }
                return kept.isEmpty ? nil : flow.setting("to", .array(kept))
            }
            return flow
        }
        out = out.setting("traffic", .array(traffic))
        let events = items(out, "events").compactMap { e -> JSONValue? in
            if e["node"] == node { return nil }
            if let l = e["link"], goneLinks.contains(l) { return nil }
            if case .array(let groups)? = e["groups"] {
                return e.setting(
                    "groups", .array(groups.map { g in .array(items(.object([("g", g)]), "g").filter { $0 != node }) }))
            }
            return e
        }
        return out.setting("events", .array(events))
    }

    static func removingLink(_ id: String, at i: Int, from s: JSONValue) -> JSONValue {
        let out = removing(i, in: "links", from: s)
        return out.setting("events", .array(items(out, "events").filter { $0["link"] != .string(id) }))
    }

    /// Half of a number, or of a duration, rate or size written with a unit; nil when it
    /// cannot get smaller.
    static func halved(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .number(let x)? where x >= 2: return .number((x / 2).rounded(.down))
        case .string(let text)?:
            let digits = text.prefix { $0.isNumber || $0 == "." }
            guard let x = Double(digits), x >= 2 else { return nil }
            let half = (x / 2).rounded(.down)
            return .string("\(Int64(exactly: half) ?? 1)" + text.dropFirst(digits.count))
        default: return nil
        }
    }
}
