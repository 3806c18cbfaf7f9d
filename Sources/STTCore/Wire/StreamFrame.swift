/// `STREAM` 0x10: one fragment of one segment of a stream.
///
/// Layout: stream id u32, segment sequence u64, stream offset u64 (where the segment's first
/// byte sits in the stream), segment length u32, fragment offset u32, flags u8 (0x01 = final
/// segment), fragment length u16, fragment bytes. Only a final segment may be empty (the end
/// marker of a bounded stream). Flow control counts stream bytes: the fragment's last byte is at
/// stream offset + fragment offset + fragment length.
public struct StreamFrame: Equatable, Sendable {
    public var streamID: UInt32
    public var sequence: UInt64
    /// The stream byte offset of the segment's first byte.
    public var streamOffset: UInt64
    public var segmentLength: UInt32
    public var offset: UInt32
    public var isFinal: Bool
    public var data: [UInt8]

    public init(
        streamID: UInt32, sequence: UInt64, streamOffset: UInt64 = 0, segmentLength: UInt32, offset: UInt32,
        isFinal: Bool, data: [UInt8]
    ) {
        self.streamID = streamID
        self.sequence = sequence
        self.streamOffset = streamOffset
        self.segmentLength = segmentLength
        self.offset = offset
        self.isFinal = isFinal
        self.data = data
    }

    /// Bytes before the fragment data, type byte included.
    public static let headerLength = 1 + 4 + 8 + 8 + 4 + 4 + 1 + 2
    /// The largest segment the protocol carries, in bytes (1 MiB).
    public static let maximumSegmentLength = 1 << 20
    /// No stream byte lies at or beyond this offset (2^62, as QUIC's).
    public static let maximumStreamOffset: UInt64 = 1 << 62

    /// The stream offset one past the fragment's last byte.
    public var endOffset: UInt64 { streamOffset + UInt64(offset) + UInt64(data.count) }
    static let finalFlag: UInt8 = 0x01

    /// Writes a STREAM frame straight from the sender's segment buffer (no intermediate copy).
    static func encode(
        into out: inout [UInt8], streamID: UInt32, sequence: UInt64, streamOffset: UInt64, segmentLength: UInt32,
        offset: UInt32, isFinal: Bool, data: ArraySlice<UInt8>
    ) {
        out.append(Frame.TypeByte.stream)
        out.appendUInt32BE(streamID)
        out.appendUInt64BE(sequence)
        out.appendUInt64BE(streamOffset)
        out.appendUInt32BE(segmentLength)
        out.appendUInt32BE(offset)
        out.append(isFinal ? finalFlag : 0)
        out.appendUInt16BE(UInt16(data.count))
        out.append(contentsOf: data)
    }

    static func parse(_ reader: inout ByteReader) throws -> StreamFrame {
        let streamID = try reader.readUInt32("STREAM stream id")
        let sequence = try reader.readUInt64("STREAM sequence")
        let streamOffset = try reader.readUInt64("STREAM stream offset")
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
        guard streamOffset <= maximumStreamOffset - UInt64(segmentLength) else {
            throw FrameError.invalid(field: "STREAM stream offset", reason: "segment ends past 2^62")
        }
        guard segmentLength > 0 || flags & finalFlag != 0 else {
            throw FrameError.invalid(field: "STREAM segment length", reason: "only the final segment may be empty")
        }
        let data = try reader.readBytes(Int(length), "STREAM data")
        return StreamFrame(
            streamID: streamID, sequence: sequence, streamOffset: streamOffset, segmentLength: segmentLength,
            offset: offset, isFinal: flags & finalFlag != 0, data: data)
    }
}
