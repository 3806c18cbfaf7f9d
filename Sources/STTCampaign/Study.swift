import Foundation
import STTScenario

/// A parameter study: a scenario with `${name}` placeholders and a `sweep` object that gives
/// each name its values, plus `seeds` (a count, from 1, or a list). The runs are the cartesian
/// product of the values, in the order the file lists the names (the last name varies
/// fastest), times the seeds (fastest of all).
public struct Study: Sendable {
    /// A parameter and the values it takes.
    public struct Parameter: Sendable {
        public let name: String
        public let values: [JSONValue]
    }

    /// One run of the study.
    public struct Run: Sendable {
        public let index: Int
        /// Which parameter point (a combination of values) the run belongs to.
        public let point: Int
        public let values: [JSONValue]
        public let seed: UInt64
    }

    public let parameters: [Parameter]
    public let seeds: [UInt64]
    /// The scenario with its placeholders, without `sweep`.
    public let template: JSONValue

    public var pointCount: Int { parameters.reduce(1) { $0 * $1.values.count } }
    public var runCount: Int { pointCount * seeds.count }

    /// Reads a study file; errors name the field.
    public init(text: String, file: String = "study") throws(StudyError) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            throw StudyError(file: file, message: "not valid JSON: \(error)")
        }
        guard case .object(let pairs)? = root["sweep"] else {
            throw StudyError(file: file, message: "sweep: is required (an object of parameter value lists and seeds)")
        }
        var parameters: [Parameter] = []
        var seeds: [UInt64] = [1]
        for (name, value) in pairs {
            if name == "seeds" {
                seeds = try Self.seeds(value, file: file)
                continue
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), !name.isEmpty else {
                throw StudyError(file: file, message: "sweep.\(name): a name is letters, digits, - and _")
            }
            guard case .array(let values) = value, !values.isEmpty else {
                throw StudyError(file: file, message: "sweep.\(name): must be a non-empty array of values")
            }
            for (i, v) in values.enumerated() {
                switch v {
                case .number, .bigInteger, .string, .bool: break
                default:
                    throw StudyError(file: file, message: "sweep.\(name)[\(i)]: must be a number, string or boolean")
                }
            }
            parameters.append(Parameter(name: name, values: values))
        }
        let template = root.setting("sweep", nil)
        if let key = Self.placeholderKey(in: template) {
            throw StudyError(file: file, message: "\(key): a placeholder may stand for a value, not a field name")
        }
        let used = Self.placeholders(in: template)
        for p in parameters where !used.contains(p.name) {
            throw StudyError(file: file, message: "sweep.\(p.name): no \"${\(p.name)}\" in the scenario uses it")
        }
        for name in used where !parameters.contains(where: { $0.name == name }) {
            throw StudyError(file: file, message: "\"${\(name)}\" has no values in sweep")
        }
        guard parameters.reduce(1.0, { $0 * Double($1.values.count) }) * Double(seeds.count) <= 10_000_000 else {
            throw StudyError(file: file, message: "sweep: more than 10,000,000 runs")
        }
        self.parameters = parameters
        self.seeds = seeds
        self.template = template
    }

    private static func seeds(_ value: JSONValue, file: String) throws(StudyError) -> [UInt64] {
        switch value {
        case .number(let n):
            guard n >= 1, n <= 100_000, n == n.rounded() else {
                throw StudyError(file: file, message: "sweep.seeds: a count must be a whole number from 1 to 100000")
            }
            return (1...UInt64(n)).map { $0 }
        case .array(let list) where !list.isEmpty:
            return try list.enumerated().map { i, v throws(StudyError) in
                guard case .number(let n) = v, n >= 0, n == n.rounded(), let seed = UInt64(exactly: n) else {
                    throw StudyError(file: file, message: "sweep.seeds[\(i)]: must be a whole number ≥ 0")
                }
                return seed
            }
        default:
            throw StudyError(file: file, message: "sweep.seeds: must be a count or a non-empty list of seeds")
        }
    }

    /// The run at `index` (0 ..< runCount).
    public func run(_ index: Int) -> Run {
        let point = index / seeds.count
        var rest = point
        var values = Array(repeating: JSONValue.null, count: parameters.count)
        for (p, parameter) in parameters.enumerated().reversed() {
            values[p] = parameter.values[rest % parameter.values.count]
            rest /= parameter.values.count
        }
        return Run(index: index, point: point, values: values, seed: seeds[index % seeds.count])
    }

    /// The scenario text of a run: each `"${name}"` string becomes the value itself, and a
    /// placeholder inside a longer string becomes the value's text.
    public func scenarioText(_ run: Run) -> String {
        var bindings: [String: JSONValue] = [:]
        for (p, v) in zip(parameters, run.values) { bindings[p.name] = v }
        return Self.substitute(template, bindings).formatted(indent: 1) + "\n"
    }

    static func substitute(_ value: JSONValue, _ bindings: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let s):
            if s.hasPrefix("${"), s.hasSuffix("}"), let whole = bindings[String(s.dropFirst(2).dropLast())] {
                return whole
            }
            var out = s
            for name in placeholders(inString: s) {
                if let v = bindings[name] { out = out.replacingOccurrences(of: "${\(name)}", with: text(v)) }
            }
            return .string(out)
        case .array(let items): return .array(items.map { substitute($0, bindings) })
        case .object(let pairs): return .object(pairs.map { ($0.0, substitute($0.1, bindings)) })
        default: return value
        }
    }

    /// A value as it reads in a table or inside a string.
    public static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.formatted(indent: 0)
    }

    static func placeholders(in value: JSONValue) -> [String] {
        switch value {
        case .string(let s): return placeholders(inString: s)
        case .array(let items): return items.flatMap { placeholders(in: $0) }
        case .object(let pairs): return pairs.flatMap { placeholders(in: $0.1) }
        default: return []
        }
    }

    /// The first field name holding a placeholder, if any.
    static func placeholderKey(in value: JSONValue) -> String? {
        switch value {
        case .array(let items): return items.lazy.compactMap { placeholderKey(in: $0) }.first
        case .object(let pairs):
            if let key = pairs.first(where: { $0.0.contains("${") })?.0 { return key }
            return pairs.lazy.compactMap { placeholderKey(in: $0.1) }.first
        default: return nil
        }
    }

    static func placeholders(inString s: String) -> [String] {
        var out: [String] = []
        var rest = Substring(s)
        while let open = rest.range(of: "${") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "}") else { break }
            out.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return out
    }
}

/// A study file that cannot be used, with the field at fault.
public struct StudyError: Error, CustomStringConvertible {
    public let file: String
    public let message: String
    public var description: String { "\(file): \(message)" }
}
