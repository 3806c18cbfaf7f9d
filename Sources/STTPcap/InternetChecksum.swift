/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
/// big-endian 16-bit words, computed incrementally so that pseudo-headers and payloads need not
/// be contiguous.
public struct InternetChecksum {
    private var sum: UInt64 = 0
    /// Whether an odd byte is pending from the previous `add` (its high half).
    private var pendingOdd: UInt8?

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        if let hi = pendingOdd, n > 0 {
            sum &+= UInt64(hi) << 8 | UInt64(bytes[0])
            pendingOdd = nil
            i = 1
        }
        // Thirty-two bytes at a time into four independent sums (no carry chain between them);
        // a sum of big-endian 32-bit halves folds to the same 16-bit ones' complement sum.
        var s0: UInt64 = 0
        var s1: UInt64 = 0
        var s2: UInt64 = 0
        var s3: UInt64 = 0
        while i + 32 <= n {
            let w0 = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let w1 = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            let w2 = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
            let w3 = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            s0 &+= (w0 >> 32) &+ (w0 & 0xFFFF_FFFF)
            s1 &+= (w1 >> 32) &+ (w1 & 0xFFFF_FFFF)
            s2 &+= (w2 >> 32) &+ (w2 & 0xFFFF_FFFF)
            s3 &+= (w3 >> 32) &+ (w3 & 0xFFFF_FFFF)
            i += 32
        }
        sum &+= s0 &+ s1 &+ s2 &+ s3
        while i + 8 <= n {
            let word = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            sum &+= word >> 32
            sum &+= word & 0xFFFF_FFFF
            i += 8
        }
        while i + 2 <= n {
            sum &+= UInt64(bytes[i]) << 8 | UInt64(bytes[i + 1])
            i += 2
        }
        if i < n { pendingOdd = bytes[i] }
    }

    public mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

    /// Adds one 16-bit word (at an even offset of the summed data).
    public mutating func add(uint16 value: UInt16) {
        if pendingOdd == nil { sum &+= UInt64(value) } else { withUnsafeBytes(of: value.bigEndian) { add($0) } }
    }

    /// The checksum to put in a header (not yet complemented sums of 0 give 0xFFFF).
    public var value: UInt16 {
        var s = sum
        if let hi = pendingOdd { s &+= UInt64(hi) << 8 }
        while s >> 16 != 0 { s = (s & 0xFFFF) + (s >> 16) }
        return ~UInt16(s)
    }
}
