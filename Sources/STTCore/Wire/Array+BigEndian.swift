/// Big-endian integers in byte arrays, for wire codecs (bounds are the caller's to check).
extension Array where Element == UInt8 {
    @inlinable
    package mutating func appendUInt16BE(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v >> 8))
        append(UInt8(truncatingIfNeeded: v))
    }

    @inlinable
    package mutating func appendUInt32BE(_ v: UInt32) {
        Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) }
    }

    @inlinable
    package mutating func appendUInt64BE(_ v: UInt64) {
        Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) }
    }

    /// Reads 2 bytes at `offset` as big-endian; the caller has checked the length.
    @inlinable
    package func readUInt16BE(at offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    /// Reads 4 bytes at `offset` as big-endian; the caller has checked the length.
    @inlinable
    package func readUInt32BE(at offset: Int) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(self[offset + i]) }
        return v
    }

    /// Reads 8 bytes at `offset` as big-endian; the caller has checked the length.
    @inlinable
    package func readUInt64BE(at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(self[offset + i]) }
        return v
    }
}
