/// A parsed JSON value. Objects keep their keys in file order.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// An integer literal beyond ±2^53, kept as written: a Double would round it (seeds reach
    /// 2^64 − 1).
    case bigInteger(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.bigInteger(let x), .bigInteger(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var isNumber: Bool {
        switch self {
        case .number, .bigInteger: return true
        default: return false
        }
    }

    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number, .bigInteger: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension JSONValue {
    /// Parses strict RFC 8259 JSON (no comments, no trailing commas, no duplicate keys).
    /// Throws `JSONSyntaxError` with the line and column of the first problem.
    public static func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    /// The object's value for `key` replaced (or appended when absent); nil removes it.
    /// Anything but an object is returned unchanged.
    public func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var pairs) = self else { return self }
        if let i = pairs.firstIndex(where: { $0.0 == key }) {
            if let value { pairs[i].1 = value } else { pairs.remove(at: i) }
        } else if let value {
            pairs.append((key, value))
        }
        return .object(pairs)
    }
}
