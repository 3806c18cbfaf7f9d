import STTCore

/// The JSON Lines trace (`stt-sim run --trace`), documented in docs/TRACE.md. The first line
/// names the schema and its version; every other line is a link fate (it has `fate`) or a
/// transport event (it has `event`), in the order they happened.
public enum TraceFormat {
    public static let schema = "stt-sim-trace"
    /// Raised whenever a line's meaning changes; fields may be added within a version.
    public static let version = 2

    /// The first line: schema, version, and what produced the trace.
    public static func header(scenario: String, seed: UInt64, transport: String, timeBase: String) -> String {
        "{\"schema\":\"\(schema)\",\"version\":\(version),\"scenario\":\(jsonString(scenario)),\"seed\":\(seed),"
            + "\"transport\":\(jsonString(transport)),\"time\":\(jsonString(timeBase))}"
    }

    /// `text` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
