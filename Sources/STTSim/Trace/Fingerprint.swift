import Crypto
import STTCore

/// SHA-256 over every trace record in order, in a fixed binary encoding: two runs with equal
/// fingerprints did the same thing at the same nanosecond.
struct Fingerprint {
    private var hasher = SHA256()
    private var buffer = [UInt8]()
    private(set) var records = 0

    mutating func add(_ r: TraceRecord) {
        buffer.append(r.fate.rawValue)
        buffer.append(UInt8(truncatingIfNeeded: (r.reason?.rawValue ?? 255)))
        append(UInt64(bitPattern: r.timeNanoseconds))
        append(r.packet)
        append(UInt64(UInt32(bitPattern: r.node)) << 32 | UInt64(UInt32(bitPattern: r.link)))
        append(UInt64(UInt32(bitPattern: r.bytes)))
        records += 1
        if buffer.count >= 4096 { flush() }
    }

    /// Mixes in a labelled event (session established, flow completed, fault applied).
    mutating func add(event: String, at time: Int64) {
        append(UInt64(bitPattern: time))
        buffer.append(contentsOf: Array(event.utf8))
        buffer.append(0)
        records += 1
    }

    private mutating func append(_ v: UInt64) {
        Swift.withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func flush() {
        hasher.update(data: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The hex digest so far (does not end the fingerprint).
    mutating func hex() -> String {
        flush()
        return hasher.finalize().hexString
    }
}
