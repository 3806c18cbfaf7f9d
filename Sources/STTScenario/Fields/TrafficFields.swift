import STTCore
import STTSim
import STTUnits

enum TrafficFields {
    /// The fields every kind has, in reading order.
    static func common(_ kind: String) -> [ScenarioField<TrafficBuilder>] {
        [
            .string("id", default: "`flow<i>`", "used by expectations and reports") { $0.id = $1 },
            .custom("kind", .constant(kind), default: nil, "`bounded`, `live`, `messages` or `hello-flood`") {
                _, _, _, _ in
            },
            .custom("from", .reference("endpoint"), default: nil, "the sending endpoint") { t, v, path, p in
                t.from = p.node(v, path, endpointOnly: true)
            },
            kind == "messages"
                ? .custom(
                    "to", .oneOf([.reference("endpoint"), .array(.reference("endpoint"), minItems: 1)]), default: nil,
                    "the receiving endpoint, or an array of them"
                ) { t, v, path, p in
                    if case .array(let list) = v {
                        for (i, item) in list.enumerated() {
                            if let n = p.node(item, p.reader.index(path, i), endpointOnly: true) { t.to.append(n) }
                        }
                        if list.isEmpty { p.reader.problem(path, "must name at least one endpoint") }
                    } else if let n = p.node(v, path, endpointOnly: true) {
                        t.to = [n]
                    }
                }
                : .custom("to", .reference("endpoint"), default: nil, "the receiving endpoint") { t, v, path, p in
                    t.to = p.node(v, path, endpointOnly: true).map { [$0] } ?? []
                },
            .duration("start", default: "`0s`", "when the sender starts") { $0.start = $1 },
        ]
    }

    static let bounded = FieldTable<TrafficBuilder>(
        "bounded",
        common("bounded") + [
            .size("size", in: 0...(1 << 40), default: nil, "bytes to send (generated, checked by SHA-256)") {
                t, size in t.bounded { $0.size = size }
            },
            .size(
                "segmentSize", in: StreamDefaults.segmentSizes, default: "`64KiB`",
                "bytes per stream segment"
            ) { t, size in t.bounded { $0.segmentSize = size } },
            .integer("streamId", in: 1...Int(UInt32.max), default: "the next free id", "the stream to send on") {
                t, id in t.bounded { $0.streamID = UInt32(id) }
            },
        ])

    static let live = FieldTable<TrafficBuilder>(
        "live",
        common("live") + [
            .rate("rate", default: nil, "the stream's rate: one record every `chunk × 8 / rate`") { t, rate in
                t.live { $0.rate = rate }
            },
            .duration("duration", default: nil, "how long records are written") { t, d in t.live { $0.duration = d } },
            .size("chunk", in: 16...StreamDefaults.segmentSizes.upperBound, default: "`1KiB`", "bytes per record") {
                t, chunk in t.live { $0.chunk = chunk }
            },
            .duration(
                "deadline", default: "none",
                "records older than this are skipped, not retransmitted"
            ) { t, d in t.live { $0.deadline = d } },
        ])

    static let messages = FieldTable<TrafficBuilder>(
        "messages",
        common("messages") + [
            .integer("count", in: 1...10_000_000, default: nil, "messages to send to every peer") { t, n in
                t.messages { $0.count = n }
            },
            .size("size", in: 16...(1 << 20), default: nil, "bytes per message") { t, size in
                t.messages { $0.size = size }
            },
            .duration("interval", default: nil, "time between messages") { t, d in t.messages { $0.interval = d } },
        ])

    static let helloFlood = FieldTable<TrafficBuilder>(
        "hello-flood",
        common("hello-flood") + [
            .custom(
                "rate", .number(minimum: 0.001, exclusiveMinimum: false, maximum: 10_000_000), default: nil,
                "hellos per second (an attacker: `from` sends only hellos, each with a new session id)"
            ) { t, v, path, p in
                if let r = p.reader.number(v, path, in: 1e-3...10_000_000) { t.helloFlood { $0.rate = r } }
            },
            .duration("duration", default: nil, "how long the flood lasts") { t, d in t.helloFlood { $0.duration = d }
            },
            .boolean(
                "withSharedSeed", default: "`false`",
                "the hellos carry a valid mac1 (the attacker holds the target's shared seed)"
            ) { t, b in t.helloFlood { $0.withSharedSeed = b } },
            .boolean(
                "echoCookies", default: "`false`",
                "the attacker opens cookie replies and echoes the cookie (needs `withSharedSeed`)"
            ) { t, b in t.helloFlood { $0.echoCookies = b } },
        ])

    static let kinds: [(String, FieldTable<TrafficBuilder>, Scenario.Traffic.Kind)] = [
        ("bounded", bounded, .bounded(.init(size: 0, segmentSize: StreamDefaults.segmentSize, streamID: nil))),
        ("live", live, .live(.init(rate: 0, duration: .zero, chunk: 1_024, deadline: nil))),
        ("messages", messages, .messages(.init(count: 0, size: 0, interval: .zero))),
        (
            "hello-flood", helloFlood,
            .helloFlood(.init(rate: 0, duration: .zero, withSharedSeed: false, echoCookies: false))
        ),
    ]

    /// Reads one flow: its kind first, which says which fields it may have.
    static func read(_ v: JSONValue, _ path: String, index: Int, _ p: ScenarioParse) -> Scenario.Traffic? {
        guard let kind = p.reader.string(v["kind"], path + ".kind", required: true) else { return nil }
        guard let (_, table, initial) = kinds.first(where: { $0.0 == kind }) else {
            p.reader.problem(path + ".kind", "must be bounded, live, messages or hello-flood (got \"\(kind)\")")
            return nil
        }
        var t = TrafficBuilder(id: "flow\(index)", kind: initial)
        guard table.read(v, path, into: &t, p), let from = t.from, !t.to.isEmpty else { return nil }
        for field in table.fields where field.isRequired && v[field.name] == nil { return nil }
        if case .live(let live) = t.kind, live.rate > 0 {
            let interval = Double(live.chunk * 8) / live.rate * 1e9
            if interval < Double(ScenarioLimits.shortestRecordInterval.nanoseconds) {
                p.reader.problem(
                    path + ".rate",
                    "one \(live.chunk)-byte record every \(UnitFormat.exact(interval)) ns is more than one per "
                        + "microsecond: lower the rate or raise chunk")
            }
        }
        if case .messages = t.kind {
            if t.to.contains(from) { p.reader.problem(path + ".to", "a node does not send messages to itself") }
        } else if t.to == [from] {
            p.reader.problem(path + ".to", "a flow runs between two different endpoints")
        }
        return Scenario.Traffic(id: t.id, from: from, to: t.to, start: t.start, kind: t.kind)
    }
}
