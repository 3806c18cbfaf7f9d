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

    /// Most ranges one frame carries; older ranges are left out.
    public static let maximumRanges = 32

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

/// `STREAM` 0x10: one fragment of one segment of a stream.
///
/// Layout: stream id u32, segment sequence u64, segment length u32, fragment offset u32, flags u8
/// (0x01 = final segment), fragment length u16, fragment bytes. A final segment may be empty
/// (the end marker of a bounded stream).
public struct StreamFrame: Equatable, Sendable {
    public var streamID: UInt32
    public var sequence: UInt64
    public var segmentLength: UInt32
    public var offset: UInt32
    public var isFinal: Bool
    public var data: [UInt8]

    public init(streamID: UInt32, sequence: UInt64, segmentLength: UInt32, offset: UInt32, isFinal: Bool, data: [UInt8])
    {
        self.streamID = streamID
        self.sequence = sequence
        self.segmentLength = segmentLength
        self.offset = offset
        self.isFinal = isFinal
        self.data = data
    }

    /// Bytes before the fragment data, type byte included.
    public static let headerLength = 1 + 4 + 8 + 4 + 4 + 1 + 2
    /// The largest segment the protocol carries, in bytes (1 MiB).
    public static let maximumSegmentLength = 1 << 20
    static let finalFlag: UInt8 = 0x01

    /// Writes a STREAM frame straight from the sender's segment buffer (no intermediate copy).
    static func encode(
        into out: inout [UInt8], streamID: UInt32, sequence: UInt64, segmentLength: UInt32,
        offset: UInt32, isFinal: Bool, data: ArraySlice<UInt8>
    ) {
        out.append(Frame.TypeByte.stream)
        out.appendUInt32BE(streamID)
        out.appendUInt64BE(sequence)
        out.appendUInt32BE(segmentLength)
        out.appendUInt32BE(offset)
        out.append(isFinal ? finalFlag : 0)
        out.appendUInt16BE(UInt16(data.count))
        out.append(contentsOf: data)
    }

    static func parse(_ reader: inout ByteReader) throws -> StreamFrame {
        let streamID = try reader.readUInt32("STREAM stream id")
        let sequence = try reader.readUInt64("STREAM sequence")
        let segmentLength = try reader.readUInt32("STREAM segment length")
        let offset = try reader.readUInt32("STREAM offset")
        let flags = try reader.readUInt8("STREAM flags")
        let length = try reader.readUInt16("STREAM length")
        guard Int(segmentLength) <= maximumSegmentLength else {
            throw FrameError.invalid(
                field: "STREAM segment length", reason: "\(segmentLength) exceeds \(maximumSegmentLength)")
        }
        guard flags & ~finalFlag == 0 else {
            throw FrameError.invalid(field: "STREAM flags", reason: "unknown flag bits \(flags)")
        }
        guard UInt64(offset) + UInt64(length) <= UInt64(segmentLength) else {
            throw FrameError.invalid(field: "STREAM offset", reason: "fragment runs past its segment")
        }
        let data = try reader.readBytes(Int(length), "STREAM data")
        return StreamFrame(
            streamID: streamID, sequence: sequence, segmentLength: segmentLength, offset: offset,
            isFinal: flags & finalFlag != 0, data: data)
    }
}
