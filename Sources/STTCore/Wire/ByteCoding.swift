/// Thrown by wire decoders when a datagram or frame ends before a field it announces.
public struct TruncatedInput: Error, Equatable {
    /// What was being read when the input ran out.
    public let field: String
}

/// A bounds-checked big-endian reader over borrowed bytes: every read checks the remaining
/// length first. Valid only inside the `withUnsafeBytes` scope that produced the buffer.
struct ByteReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func readUInt8(_ field: String) throws(TruncatedInput) -> UInt8 {
        guard remaining >= 1 else { throw TruncatedInput(field: field) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16(_ field: String) throws(TruncatedInput) -> UInt16 {
        guard remaining >= 2 else { throw TruncatedInput(field: field) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readUInt32(_ field: String) throws(TruncatedInput) -> UInt32 {
        guard remaining >= 4 else { throw TruncatedInput(field: field) }
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(bytes[offset + i]) }
        offset += 4
        return v
    }

    mutating func readUInt64(_ field: String) throws(TruncatedInput) -> UInt64 {
        guard remaining >= 8 else { throw TruncatedInput(field: field) }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[offset + i]) }
        offset += 8
        return v
    }

    /// Copies `count` bytes out.
    mutating func readBytes(_ count: Int, _ field: String) throws(TruncatedInput) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw TruncatedInput(field: field) }
        defer { offset += count }
        return [UInt8](UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
    }
}

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
