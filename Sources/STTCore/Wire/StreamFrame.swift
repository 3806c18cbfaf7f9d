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
