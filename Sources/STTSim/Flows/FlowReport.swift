import STTCore

/// What a flow measured, for reports and expectations.
public struct FlowReport: Sendable {
    public let id: Int
    public let kind: String
    public let from: Int
    public let to: [Int]
    public let bytesOffered: Int
    public let bytesDelivered: Int
    public let complete: Bool
    public let intact: Bool
    /// From the flow's start to its completion.
    public let completion: STTDuration?
    /// Bytes delivered × 8 over the time the flow was active, in bits per second.
    public let goodputBitsPerSecond: Double
    public let retransmittedSegments: Int
    public let retransmittedBytes: Int
    public let outOfOrderSegments: Int
    /// Segments a live stream skipped because they passed the deadline.
    public let skippedSegments: Int
    /// One-way latency of records (live chunks, messages), from write to read.
    public let latency: LatencySummary?
    public let attempts: Int
    /// SHA-256 of the bytes a bounded flow sent (hex), once it completed: compare with
    /// `stt-sim analyze --keylog` on a capture of the run.
    public var sha256: String? = nil
}

/// Records carried by live and messages flows: sequence u64, send time i64 (ns), then bytes
/// derived from the sequence, so the receiver checks every byte and measures latency.
enum Record {
    static let headerLength = 16

    static func make(sequence: UInt64, sentAt: Int64, size: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        for i in 0..<8 { out[i] = UInt8(truncatingIfNeeded: sequence >> (56 - 8 * UInt64(i))) }
        for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: sentAt) >> (56 - 8 * UInt64(i))) }
        for i in headerLength..<size { out[i] = UInt8(truncatingIfNeeded: sequence &+ UInt64(i)) }
        return out
    }

    /// (sequence, sentAt, intact) of one record.
    static func read(_ r: ArraySlice<UInt8>) -> (UInt64, Int64, Bool) {
        let b = Array(r)
        var seq: UInt64 = 0
        var sent: UInt64 = 0
        for i in 0..<8 {
            seq = seq << 8 | UInt64(b[i])
            sent = sent << 8 | UInt64(b[8 + i])
        }
        var intact = true
        for i in headerLength..<b.count where b[i] != UInt8(truncatingIfNeeded: seq &+ UInt64(i)) {
            intact = false
            break
        }
        return (seq, Int64(bitPattern: sent), intact)
    }
}

/// Cuts a byte stream into fixed-size records.
struct RecordReader {
    let size: Int
    private var buffer: [UInt8] = []
    init(size: Int) { self.size = size }
    mutating func feed(_ data: [UInt8], _ each: (ArraySlice<UInt8>) -> Void) {
        buffer.append(contentsOf: data)
        var start = 0
        while buffer.count - start >= size {
            each(buffer[start..<start + size])
            start += size
        }
        buffer.removeFirst(start)
    }
}
