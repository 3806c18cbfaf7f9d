import STTSim

extension JSONValue {
    /// Pretty JSON text: one value per line, nested `indent` spaces deeper, keys in their order.
    /// Integral numbers print without a fraction.
    public func formatted(indent: Int, depth: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent * (depth + 1))
        let closePad = String(repeating: " ", count: indent * depth)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            if x == x.rounded(), abs(x) < 1e15, let whole = Int64(exactly: x) { return String(whole) }
            return "\(x)"
        case .bigInteger(let text): return text
        case .string(let s): return TraceFormat.jsonString(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.formatted(indent: indent, depth: depth + 1) }.joined(separator: ",\n")
                + "\n" + closePad + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n"
                + pairs.map {
                    pad + TraceFormat.jsonString($0.0) + ": " + $0.1.formatted(indent: indent, depth: depth + 1)
                }
                .joined(separator: ",\n") + "\n" + closePad + "}"
        }
    }

    /// One line of JSON, no spaces: for JSON Lines rows.
    public var compact: String {
        switch self {
        case .array(let items): return "[" + items.map(\.compact).joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { TraceFormat.jsonString($0.0) + ":" + $0.1.compact }.joined(separator: ",") + "}"
        default: return formatted(indent: 0)
        }
    }
}
