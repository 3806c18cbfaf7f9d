import STTSim

extension JSONValue {
    /// Pretty JSON text: one value per line, nested `indent` spaces deeper, keys in their order.
    /// Integral numbers print without a fraction.
    func formatted(indent: Int, depth: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent * (depth + 1))
        let closePad = String(repeating: " ", count: indent * depth)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
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
}
