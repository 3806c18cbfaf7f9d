import STTCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The key log format, in the spirit of SSLKEYLOGFILE: text, one session per line,
///
///     STT_SESSION_KEYS <session id, 16 hex> <suite> <initiator→responder key, 64 hex>
///         <responder→initiator key, 64 hex>           (one line)
///
/// `<suite>` is `aesgcm` or `chachapoly` (`CipherSuite.name`); a line without it (the format of
/// wire version 3) means `chachapoly`. Lines starting with `#` and blank lines are ignored.
/// Whoever holds the file can decrypt the sessions it lists (`stt-sim analyze --keylog`).
public enum KeyLog {
    public static let label = "STT_SESSION_KEYS"
    public static let header =
        "# STT key log (stt-sim): \(label) <session id> <suite> <initiator->responder key> <responder->initiator key>"

    public static func line(_ id: SessionID, _ keys: SessionTrafficKeys) -> String {
        "\(label) \(id.bytes.hexString) \(keys.suite.name) \(keys.initiatorToResponder.hexString) "
            + keys.responderToInitiator.hexString
    }

    /// A malformed line, with its 1-based number.
    public struct ParseError: Error, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Parses a key log; the last line for a session wins.
    public static func parse(_ text: String, file: String) throws(ParseError) -> [SessionID: SessionTrafficKeys] {
        var out: [SessionID: SessionTrafficKeys] = [:]
        // Split on every newline form ("\r\n" is one Character in Swift, so "\n" alone would miss it).
        let lines = text.unicodeScalars.split(omittingEmptySubsequences: false) { $0 == "\n" }
        for (i, scalars) in lines.enumerated() {
            let line = Substring(String(scalars)).trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 4 || parts.count == 5, parts[0] == label else {
                throw ParseError(
                    file: file, line: i + 1, message: "expected \"\(label) <session id> <suite> <key> <key>\"")
            }
            var suite = CipherSuite.chaChaPoly
            if parts.count == 5 {
                guard let named = CipherSuite(name: String(parts[2])) else {
                    throw ParseError(
                        file: file, line: i + 1,
                        message: "unknown cipher suite \"\(parts[2])\" (expected aesgcm or chachapoly)")
                }
                suite = named
            }
            let keyParts = parts.suffix(2).map(String.init)
            guard let id = [UInt8](hex: String(parts[1])), id.count == 8 else {
                throw ParseError(
                    file: file, line: i + 1, message: "session id must be 16 hex digits (got \"\(parts[1])\")")
            }
            guard let k1 = [UInt8](hex: keyParts[0]), k1.count == 32, let k2 = [UInt8](hex: keyParts[1]),
                k2.count == 32
            else {
                throw ParseError(file: file, line: i + 1, message: "keys must be 64 hex digits each")
            }
            out[SessionID(rawValue: id.readUInt64BE(at: 0))] = SessionTrafficKeys(
                suite: suite, initiatorToResponder: k1, responderToInitiator: k2)
        }
        return out
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return s
    }
}
