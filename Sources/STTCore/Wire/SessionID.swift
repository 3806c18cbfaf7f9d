/// A session's 8-byte id, chosen at random by the initiator. Big-endian on the wire.
public struct SessionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }
    /// The 8 bytes as they appear on the wire.
    public var bytes: [UInt8] {
        var b = [UInt8]()
        b.appendUInt64BE(rawValue)
        return b
    }
    /// 16 hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
