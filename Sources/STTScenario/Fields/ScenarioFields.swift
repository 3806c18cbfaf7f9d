import STTCore
import STTSim

enum ScenarioFields {
    static let top = FieldTable<ScenarioBuilder>(
        "scenario",
        [
            .string("$schema", default: "none", "the JSON Schema editors use: `./scenario.schema.json`") { _, _ in },
            .string("name", default: nil, "shown in reports") { $0.name = $1 },
            .string("description", default: "`\"\"`", "what the scenario shows") { $0.description = $1 },
            .custom("seed", .unsigned(0...UInt64.max), default: "`1`", "the root seed; `--seed` overrides it") {
                _, v, path, p in
                if let seed = p.reader.unsigned(v, path, in: 0...UInt64.max) { p.seed = seed }
            },
            .custom(
                "duration", .duration, default: nil,
                "the run stops here at the latest (earlier once every flow is done and every event has happened)"
            ) { s, v, path, p in
                guard let d = p.reader.duration(v, path) else { return }
                if d <= .zero { p.reader.problem(path, "must be positive") }
                s.duration = d
            },
            .string(
                "sharedSeed", minLength: minimumSeedLength, default: "none",
                "the default shared seed of every endpoint"
            ) { _, _ in },
            .custom("nodes", .array(.object(NodeFields.table.name), minItems: 1), default: nil, "the nodes") {
                _, v, path, p in
                guard let list = p.reader.array(v, path) else { return }
                if list.isEmpty { p.reader.problem(path, "must list at least one node") }
                var nodes: [(Scenario.Node, String)] = []
                for (i, item) in list.enumerated() {
                    var node = NodeFields.initial
                    let itemPath = p.reader.index(path, i)
                    if NodeFields.table.read(item, itemPath, into: &node, p) { nodes.append((node, itemPath)) }
                }
                p.define(nodes: nodes)
            },
            .custom("links", .array(.object(LinkFields.link.name), minItems: 0), default: "`[]`", "the links") {
                _, v, path, p in
                var links: [(Scenario.Link, String)] = []
                for (i, item) in (p.reader.array(v, path) ?? []).enumerated() {
                    var b = LinkBuilder(id: "link\(i)")
                    let itemPath = p.reader.index(path, i)
                    guard LinkFields.link.read(item, itemPath, into: &b, p), let a = b.a, let end = b.b else {
                        continue
                    }
                    let forward = b.forward.applied(to: LinkParameters())
                    let reverse = b.reverse?.applied(to: forward) ?? forward
                    links.append((Scenario.Link(id: b.id, a: a, b: end, forward: forward, reverse: reverse), itemPath))
                }
                p.define(links: links)
            },
            .custom(
                "traffic", .array(.oneOf(TrafficFields.kinds.map { .object($0.1.name) }), minItems: 0),
                default: "`[]`", "the flows"
            ) { _, v, path, p in
                var flows: [(Scenario.Traffic, String)] = []
                for (i, item) in (p.reader.array(v, path) ?? []).enumerated() {
                    let itemPath = p.reader.index(path, i)
                    if let t = TrafficFields.read(item, itemPath, index: i, p) {
                        flows.append((t, itemPath))
                    } else if case .string(let id)? = item["id"] {
                        // Later references to this entry point back here rather than call it unknown.
                        p.invalidTraffic[id] = itemPath
                    } else {
                        p.invalidTraffic["flow\(i)"] = itemPath
                    }
                }
                p.define(traffic: flows)
            },
            .custom(
                "events", .array(.oneOf(EventFields.actions.map { .object($0.table.name) }), minItems: 0),
                default: "`[]`", "timed events"
            ) { s, v, path, p in
                for (i, item) in (p.reader.array(v, path) ?? []).enumerated() {
                    if let e = EventFields.read(item, p.reader.index(path, i), p) { s.events.append(e) }
                }
            },
            .object(
                "capture", CaptureFields.table, default: "none", "what `--pcap` captures",
                initial: CaptureSettings()
            ) { $0.capture = $1 },
            .object(
                "expect", ExpectFields.table, default: "none", "what must hold at the end", initial: ExpectBuilder()
            ) { $0.expect = $1 },
        ])
}
