import STTScenario

/// A swarm seed's line in `runs.jsonl`: keys in a fixed order, so equal runs give equal bytes.
public enum SwarmRow {
    public static func value(index: Int, seed: UInt64?, _ o: SwarmOutcome) -> JSONValue {
        var f: [(String, JSONValue)] = [("index", .number(Double(index)))]
        if let seed { f.append(("seed", number(seed))) }
        f += [
            ("passed", .bool(o.passed)), ("fingerprint", o.fingerprint.map(JSONValue.string) ?? .null),
            ("nodes", .number(Double(o.nodes))), ("links", .number(Double(o.links))),
            ("flows", .number(Double(o.flows))), ("faults", .number(Double(o.faults))),
            ("bounded", .number(Double(o.bounded))), ("owed", .number(Double(o.owed))),
            ("completed", .number(Double(o.completed))),
            ("events", .number(Double(o.events))), ("simulatedSeconds", .number(o.simulatedSeconds)),
            ("violations", .array(o.violations.map(violation))),
        ]
        return .object(f)
    }

    /// The row of a seed whose worker died running it.
    public static func died(index: Int, seed: UInt64, _ how: String) -> JSONValue {
        var outcome = SwarmOutcome()
        outcome.violations = [Violation(.trap, "the worker running the seed died: \(how)")]
        return value(index: index, seed: seed, outcome)
    }

    public static func violation(_ v: Violation) -> JSONValue {
        .object([("kind", .string(v.kind.rawValue)), ("detail", .string(v.detail))])
    }

    /// The violations a row records.
    public static func violations(of row: JSONValue) -> [Violation] {
        guard case .array(let items)? = row["violations"] else { return [] }
        return items.compactMap { item in
            guard case .string(let k)? = item["kind"], let kind = Violation.Kind(rawValue: k),
                case .string(let detail)? = item["detail"]
            else { return nil }
            return Violation(kind, detail)
        }
    }

    /// A row's seed, written as a number or (past 2^53) as a big integer.
    public static func seed(of row: JSONValue) -> UInt64? {
        switch row["seed"] {
        case .number(let s)?: return UInt64(exactly: s)
        case .bigInteger(let text)?: return UInt64(text)
        default: return nil
        }
    }

    static func number(_ n: UInt64) -> JSONValue { n > 1 << 53 ? .bigInteger(String(n)) : .number(Double(n)) }
}
