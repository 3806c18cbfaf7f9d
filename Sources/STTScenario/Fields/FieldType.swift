import STTCore
import STTUnits

/// What a scenario field holds, as the JSON Schema and the reference tables describe it. The
/// reader checks the same ranges (`ScenarioField`'s factories build both from one value).
indirect enum FieldType: Sendable {
    case string(minLength: Int?)
    case boolean
    case integer(ClosedRange<Int>)
    /// A whole number that may exceed `Int.max` (seeds).
    case unsigned(ClosedRange<UInt64>)
    case number(minimum: Double, exclusiveMinimum: Bool, maximum: Double?)
    case probability
    case duration
    case rate
    case size(ClosedRange<Int>)
    case enumeration([String])
    case constant(String)
    /// The id of a node, link or flow defined elsewhere in the file.
    case reference(String)
    /// `a.b.c.d:port`.
    case address
    /// A file path, relative to the scenario file; the reader reads the file.
    case file(String)
    /// An object described by the named table.
    case object(String)
    case array(FieldType, minItems: Int)
    case oneOf([FieldType])

    /// The type as the reference tables write it.
    var documentation: String {
        switch self {
        case .string(let minLength): return minLength.map { "string (≥ \($0) bytes)" } ?? "string"
        case .boolean: return "boolean"
        case .integer(let range):
            return "whole number, \(Self.number(range.lowerBound)) … \(Self.number(range.upperBound))"
        case .unsigned(let range): return "whole number, \(range.lowerBound) … \(range.upperBound)"
        case .number(let minimum, let exclusive, let maximum):
            let low = exclusive ? "> \(UnitFormat.number(minimum))" : "≥ \(UnitFormat.number(minimum))"
            return "number \(low)" + (maximum.map { ", ≤ \(UnitFormat.number($0))" } ?? "")
        case .probability: return "probability"
        case .duration: return "duration, ≤ \(ScenarioLimits.maximumDurationText)"
        case .rate: return "rate, \(ScenarioLimits.rateRangeText)"
        case .size(let range): return "size, \(Self.bytes(range.lowerBound)) … \(Self.bytes(range.upperBound))"
        case .enumeration(let values): return values.map { "`\"\($0)\"`" }.joined(separator: ", ")
        case .constant(let value): return "`\"\(value)\"`"
        case .reference(let what): return "\(what) id"
        case .address: return "`\"a.b.c.d:port\"`"
        case .file(let what): return "path of \(what) (relative to the scenario file)"
        case .object(let table): return "`\(table)` object"
        case .array(let items, _): return "array of \(items.documentation)s"
        case .oneOf(let types):
            let objects = types.compactMap { if case .object(let name) = $0 { return "`\(name)`" } else { return nil } }
            if objects.count == types.count, let last = objects.last {
                return objects.dropLast().joined(separator: ", ") + " or \(last) object"
            }
            return types.map(\.documentation).joined(separator: " or ")
        }
    }

    private static func number(_ n: Int) -> String { n == Int.max ? "2^63 − 1" : UnitFormat.integer(n) }

    private static func bytes(_ n: Int) -> String {
        for (unit, scale) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where n >= scale && n % scale == 0 {
            return "\(n / scale) \(unit)"
        }
        return "\(UnitFormat.integer(n)) B"
    }
}
