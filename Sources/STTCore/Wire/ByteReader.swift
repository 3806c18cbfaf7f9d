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
