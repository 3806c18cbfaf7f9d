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
        guard let d = numberValue(value) else {
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

    /// A number's value as a Double (a big integer rounded): nil for anything but a number.
    func numberValue(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let d): return d
        case .bigInteger(let text): return Double(text)
        default: return nil
        }
    }

    func integer(
        _ value: JSONValue?, _ path: String, in range: ClosedRange<Int>, required: Bool = false,
        quiet: Bool = false
    ) -> Int? {
        if quiet {
            guard case .number(let d)? = value, let i = Int(exactly: d), range.contains(i) else { return nil }
            return i
        }
        if case .bigInteger(let text)? = value {
            problem(path, "must be between \(range.lowerBound) and \(range.upperBound) (got \(text))")
            return nil
        }
        guard let d = number(value, path, required: required) else { return nil }
        guard d == d.rounded() else {
            problem(path, "must be a whole number (got \(format(d)))")
            return nil
        }
        guard let i = Int(exactly: d), range.contains(i) else {
            problem(path, "must be between \(range.lowerBound) and \(range.upperBound) (got \(format(d)))")
            return nil
        }
        return i
    }

    /// A whole number read exactly, up to 2^64 − 1 (JSON numbers are not all Doubles).
    func unsigned(_ value: JSONValue?, _ path: String, in range: ClosedRange<UInt64>, quiet: Bool = false) -> UInt64? {
        var result: UInt64?
        switch value {
        case .number(let d)?: result = d == d.rounded() && d >= 0 ? UInt64(exactly: d) : nil
        case .bigInteger(let text)?: result = UInt64(text)
        default: result = nil
        }
        guard let result, range.contains(result) else {
            if !quiet, let value {
                let got = value.isNumber ? value.formatted(indent: 0) : value.kindDescription
                problem(path, "must be a whole number between \(range.lowerBound) and \(range.upperBound) (got \(got))")
            }
            return nil
        }
        return result
    }

    func duration(_ value: JSONValue?, _ path: String, required: Bool = false) -> STTDuration? {
        if let value, value.isNumber {
            problem(
                path, "must be a duration with a unit, like \"20ms\" or \"1.5s\" (got \(value.formatted(indent: 0)))")
            return nil
        }
        guard let s = string(value, path, required: required) else { return nil }
        guard let nanoseconds = Units.magnitude(s, Units.durationUnits) else {
            problem(path, "must be a duration like \"20ms\", \"1.5s\" or \"2m\" (got \"\(s)\")")
            return nil
        }
        guard nanoseconds <= Double(ScenarioLimits.maximumDuration.nanoseconds) else {
            problem(path, "must be at most \(ScenarioLimits.maximumDurationText) (got \"\(s)\")")
            return nil
        }
        return STTDuration(nanoseconds: Int64(nanoseconds.rounded()))
    }

    func rate(_ value: JSONValue?, _ path: String, required: Bool = false) -> Double? {
        guard let s = string(value, path, required: required) else { return nil }
        guard let r = Units.magnitude(s, Units.rateUnits) else {
            problem(path, "must be a rate like \"100Mbps\" or \"512kbps\" (got \"\(s)\")")
            return nil
        }
        guard ScenarioLimits.rates.contains(r) else {
            problem(path, "must be between 1bps and 10000Gbps (got \"\(s)\")")
            return nil
        }
        return r
    }

    func size(_ value: JSONValue?, _ path: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
        var bytes: Double
        if let value, value.isNumber {
            guard let n = numberValue(value), n >= 0, n == n.rounded() else {
                problem(path, "must be a whole number of bytes (got \(value.formatted(indent: 0)))")
                return nil
            }
            bytes = n
        } else {
            guard let s = string(value, path, required: required) else { return nil }
            guard let b = Units.magnitude(s, Units.sizeUnits, bareAllowed: true) else {
                problem(path, "must be a size like \"1500B\", \"64KiB\" or \"10MiB\" (got \"\(s)\")")
                return nil
            }
            guard b == b.rounded() else {
                problem(path, "must be a whole number of bytes (got \"\(s)\" = \(format(b)) bytes)")
                return nil
            }
            bytes = b
        }
        let limits = range ?? 0...Int(1e15)
        guard bytes >= Double(limits.lowerBound), bytes <= Double(limits.upperBound), let whole = Int(exactly: bytes)
        else {
            problem(path, "must be between \(limits.lowerBound) and \(limits.upperBound) bytes (got \(format(bytes)))")
            return nil
        }
        return whole
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
