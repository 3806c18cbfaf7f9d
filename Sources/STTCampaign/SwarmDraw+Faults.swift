import STTCore
import STTScenario

extension SwarmDraw {
    /// Faults inside a window at the start of the run: links down and up, link changes,
    /// partitions and heals, crashes (most followed by a restart). Returns the window's end,
    /// seconds: every fault that ends is over by then.
    mutating func drawFaults() -> Double {
        let end = random.uniform(0.5, 20)
        for _ in 0..<random.int(1...6) {
            let at = random.uniform(0, end * 0.9)
            let over = min(end, at + random.logUniform(0.05, end))
            switch random.int(0...3) {
            case 0 where !links.isEmpty:
                let l = random.int(0...(links.count - 1))
                event(at, [("action", .string("link-down")), ("link", .string("l\(l)"))])
                event(over, [("action", .string("link-up")), ("link", .string("l\(l)"))])
            case 1 where !links.isEmpty:
                let l = random.int(0...(links.count - 1))
                event(at, [("action", .string("set-link")), ("link", .string("l\(l)"))] + linkParameters())
                event(end, [("action", .string("set-link")), ("link", .string("l\(l)"))] + restoring(l))
            case 2:
                var group: [JSONValue] = []
                for _ in 0..<random.int(1...max(1, nodes.count / 2)) {
                    let n = JSONValue.string(nodes[random.int(0...(nodes.count - 1))].id)
                    if !group.contains(n) { group.append(n) }
                }
                event(at, [("action", .string("partition")), ("groups", .array([.array(group)]))])
                event(over, [("action", .string("heal"))])
            default:
                let node = random.int(0...(nodes.count - 1))
                event(at, [("action", .string("crash")), ("node", .string(nodes[node].id))])
                if random.chance(0.9) {
                    event(over, [("action", .string("restart")), ("node", .string(nodes[node].id))])
                }
            }
        }
        return end
    }

    /// A `set-link` back to the link's own fields. A `set-link` is read against the link as the
    /// file defines it, so this restores it completely, `up` included (it also ends an earlier
    /// `link-down`; `QuietNetwork` applies events the same way).
    func restoring(_ link: Int) -> [(String, JSONValue)] {
        guard case .object(let pairs) = links[link] else { return [] }
        return pairs.filter { !["id", "a", "b"].contains($0.0) }
    }

    mutating func event(_ seconds: Double, _ fields: [(String, JSONValue)]) {
        events.append(.object([("at", duration(seconds))] + fields))
    }

    /// The scenario file. Its duration gives every flow owed completion its deadline, every
    /// live and message flow its time, and the fault window a second more.
    func assemble(faultEnd: Double) -> JSONValue {
        let nodeValues = nodes.enumerated().map { i, node -> JSONValue in
            var f: [(String, JSONValue)] = [("id", .string(node.id))]
            if node.router {
                f.append(("kind", .string("router")))
            } else if servers.contains(i) {
                f.append(("server", .bool(true)))
            }
            return .object(f + (node.router ? [] : node.fields))
        }
        var scenario = JSONValue.object([
            ("name", .string("swarm-\(seed)")),
            ("description", .string("Drawn by stt-sim swarm from seed \(seed).")),
            ("seed", seed > 1 << 53 ? .bigInteger(String(seed)) : .number(Double(seed))),
            ("duration", .string(ScenarioLimits.maximumDurationText)),
            ("sharedSeed", .string("swarm_shared_seed_minimum_16")),
            ("nodes", .array(nodeValues)),
            ("links", .array(links)),
            ("traffic", .array(traffic)),
            ("events", .array(events)),
        ])
        guard let parsed = try? Scenario.parse(scenario.formatted(indent: 0)) else { return scenario }
        var end = faultEnd + 1
        for t in parsed.traffic {
            switch t.kind {
            case .bounded: end = max(end, t.start.seconds + 1)
            case .live(let l): end = max(end, (t.start + l.duration).seconds + 1)
            case .messages(let m): end = max(end, t.start.seconds + Double(m.count) * m.interval.seconds + 1)
            case .helloFlood(let h): end = max(end, (t.start + h.duration).seconds + 1)
            }
        }
        end = max(end, (CompletionBudget(parsed).latestDeadline?.seconds ?? 0) + 1)
        let limit = ScenarioLimits.maximumDuration.seconds
        scenario = scenario.setting(
            "duration", end >= limit ? .string(ScenarioLimits.maximumDurationText) : duration(end))
        return scenario
    }

    // MARK: Values as scenario files write them

    func duration(_ seconds: Double) -> JSONValue {
        let microseconds = (seconds * 1e6).rounded(.up)
        return .string("\(Int64(exactly: max(1, min(microseconds, 1e12))) ?? 1)us")
    }

    func rate(_ bitsPerSecond: Double) -> JSONValue {
        .string("\(Int64(exactly: max(1, min(bitsPerSecond.rounded(), 1e13))) ?? 1)bps")
    }

    /// Four decimals: enough for a probability, and the file stays readable.
    func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
