/// `ACK` 0x02: which packet numbers arrived, as ranges from the largest down.
///
/// Layout: largest u64, ack delay u32 (microseconds), additional range count u16, first range
/// length u32 (packets below `largest` in the first range), then per additional range: gap u32
/// (unacknowledged packets between ranges, minus one) and length u32. As in QUIC (RFC 9000
/// §19.3) but with fixed-width fields.
public struct AckFrame: Equatable, Sendable {
    /// Acknowledged packet numbers, disjoint and in descending order.
    public var ranges: [ClosedRange<UInt64>]
    /// How long the receiver held the largest packet before acknowledging, in microseconds.
    public var ackDelayMicroseconds: UInt32

    /// Most ranges one frame carries (a receiver tracking more picks which to report).
    public static let maximumRanges = 256

    public init(ranges: [ClosedRange<UInt64>], ackDelayMicroseconds: UInt32) {
        precondition(!ranges.isEmpty, "an ACK frame acknowledges at least one packet")
        self.ranges = ranges
        self.ackDelayMicroseconds = ackDelayMicroseconds
    }

    public var largest: UInt64 { ranges[0].upperBound }

    var encodedLength: Int { 1 + 8 + 4 + 2 + 4 + 8 * (ranges.count - 1) }

    func encode(into out: inout [UInt8]) {
        out.append(Frame.TypeByte.ack)
        out.appendUInt64BE(largest)
        out.appendUInt32BE(ackDelayMicroseconds)
        out.appendUInt16BE(UInt16(ranges.count - 1))
        out.appendUInt32BE(UInt32(truncatingIfNeeded: ranges[0].upperBound - ranges[0].lowerBound))
        for i in 1..<ranges.count {
            out.appendUInt32BE(UInt32(truncatingIfNeeded: ranges[i - 1].lowerBound - ranges[i].upperBound - 2))
            out.appendUInt32BE(UInt32(truncatingIfNeeded: ranges[i].upperBound - ranges[i].lowerBound))
        }
    }

    /// Parses and validates: every range must lie at or above packet number 0; a hostile frame
    /// cannot make the arithmetic wrap.
    static func parse(_ reader: inout ByteReader) throws -> AckFrame {
        let largest = try reader.readUInt64("ACK largest")
        let delay = try reader.readUInt32("ACK delay")
        let count = Int(try reader.readUInt16("ACK range count"))
        guard count < maximumRanges else {
            throw FrameError.invalid(field: "ACK range count", reason: "\(count + 1) ranges exceed \(maximumRanges)")
        }
        let firstLength = UInt64(try reader.readUInt32("ACK first range"))
        guard firstLength <= largest else {
            throw FrameError.invalid(field: "ACK first range", reason: "reaches below packet number 0")
        }
        var ranges = [(largest - firstLength)...largest]
        for _ in 0..<count {
            let gap = UInt64(try reader.readUInt32("ACK gap"))
            let length = UInt64(try reader.readUInt32("ACK range length"))
            let lower = ranges[ranges.count - 1].lowerBound
            guard lower >= gap + 2, lower - gap - 2 >= length else {
                throw FrameError.invalid(field: "ACK gap", reason: "reaches below packet number 0")
            }
            let upper = lower - gap - 2
            ranges.append((upper - length)...upper)
        }
        return AckFrame(ranges: ranges, ackDelayMicroseconds: delay)
    }
}
