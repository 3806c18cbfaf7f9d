import STTCore
import STTUnits

/// Walks a parsed JSON object, reading typed fields and recording every problem with its path.
/// Unknown fields are problems too: a typo must not pass silently.
final class ScenarioReader {
    private(set) var problems: [ScenarioProblem] = []

    func problem(_ path: String, _ message: String) { problems.append(ScenarioProblem(path: path, message: message)) }

    /// A JSON object at `path`, checking that it has no keys beyond `allowed`.
    func object(_ value: JSONValue?, _ path: String, allowed: [String], required: Bool = false) -> JSONValue? {
        guard let value else {
            if required { problem(path, "is required") }
            return nil
        }
        guard case .object(let pairs) = value else {
            problem(path, "must be an object (got \(value.kindDescription))")
            return nil
        }
        for (key, _) in pairs where !allowed.contains(key) {
            let hint =
                allowed.min { distance($0, key) < distance($1, key) }.flatMap {
                    distance($0, key) <= 2 ? " (did you mean \"\($0)\"?)" : nil
                } ?? ""
            problem(join(path, key), "unknown field\(hint); expected one of: \(allowed.joined(separator: ", "))")
        }
        return value
    }

    func array(_ value: JSONValue?, _ path: String, required: Bool = false) -> [JSONValue]? {
        guard let value else {
            if required { problem(path, "is required") }
            return nil
        }
        guard case .array(let a) = value else {
            problem(path, "must be an array (got \(value.kindDescription))")
            return nil
        }
        return a
    }

    func string(_ value: JSONValue?, _ path: String, required: Bool = false) -> String? {
        guard let value else {
            if required { problem(path, "is required") }
            return nil
        }
        guard case .string(let s) = value else {
            problem(path, "must be a string (got \(value.kindDescription))")
            return nil
        }
        return s
    }

    func bool(_ value: JSONValue?, _ path: String) -> Bool? {
        guard let value else { return nil }
        guard case .bool(let b) = value else {
            problem(path, "must be true or false (got \(value.kindDescription))")
            return nil
        }
        return b
    }

    func number(_ value: JSONValue?, _ path: String, in range: ClosedRange<Double>? = nil, required: Bool = false)
        -> Double?
    {
        guard let value else {
            if required { problem(path, "is required") }
            return nil
        }
        guard case .number(let d) = value else {
            problem(path, "must be a number (got \(value.kindDescription))")
            return nil
        }
        if let range, !range.contains(d) {
            problem(
                path, "must be between \(format(range.lowerBound)) and \(format(range.upperBound)) (got \(format(d)))")
            return nil
        }
        return d
    }

    func integer(
        _ value: JSONValue?, _ path: String, in range: ClosedRange<Int>, required: Bool = false,
        quiet: Bool = false
    ) -> Int? {
        if quiet {
            guard case .number(let d)? = value, let i = Int(exactly: d), range.contains(i) else { return nil }
            return i
        }
        guard let d = number(value, path, required: required) else { return nil }
        guard d == d.rounded(), let i = Int(exactly: d) else {
            problem(path, "must be a whole number (got \(format(d)))")
            return nil
        }
        guard range.contains(i) else {
            problem(path, "must be between \(range.lowerBound) and \(range.upperBound) (got \(i))")
            return nil
        }
        return i
    }

    func duration(_ value: JSONValue?, _ path: String, required: Bool = false) -> STTDuration? {
        if case .number(let n)? = value {
            problem(path, "must be a duration with a unit, like \"20ms\" or \"1.5s\" (got \(format(n)))")
            return nil
        }
        guard let s = string(value, path, required: required) else { return nil }
        guard let d = Units.duration(s) else {
            problem(path, "must be a duration like \"20ms\", \"1.5s\" or \"2m\" (got \"\(s)\")")
            return nil
        }
        return d
    }

    func rate(_ value: JSONValue?, _ path: String, required: Bool = false) -> Double? {
        guard let s = string(value, path, required: required) else { return nil }
        guard let r = Units.rate(s) else {
            problem(path, "must be a positive rate like \"100Mbps\" or \"512kbps\" (got \"\(s)\")")
            return nil
        }
        return r
    }

    func size(_ value: JSONValue?, _ path: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
        var result: Int?
        if case .number(let n)? = value {
            guard let i = Int(exactly: n), i >= 0 else {
                problem(path, "must be a whole number of bytes (got \(format(n)))")
                return nil
            }
            result = i
        } else {
            guard let s = string(value, path, required: required) else { return nil }
            guard let b = Units.size(s) else {
                problem(path, "must be a size like \"1500B\", \"64KiB\" or \"10MiB\" (got \"\(s)\")")
                return nil
            }
            result = b
        }
        if let range, let r = result, !range.contains(r) {
            problem(path, "must be between \(range.lowerBound) and \(range.upperBound) bytes (got \(r))")
            return nil
        }
        return result
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    func index(_ path: String, _ i: Int) -> String { "\(path)[\(i)]" }

    private func format(_ d: Double) -> String { UnitFormat.exact(d) }

    /// Edit distance, for "did you mean" hints on unknown fields.
    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                let next = min(row[j] + 1, row[j - 1] + 1, previous + cost)
                previous = row[j]
                row[j] = next
            }
        }
        return row[b.count]
    }
}
