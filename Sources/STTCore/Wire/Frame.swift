/// The frames carried inside a protected packet's plaintext, each led by its type byte.
///
/// Layouts (big-endian), see `docs/PROTOCOL.md`:
/// - `PADDING` 0x00: no fields; the rest of the plaintext is padding.
/// - `PING` 0x01: no fields; keeps the session alive.
/// - `CLOSE` 0x03: code u16, reason length u16, reason (UTF-8).
/// - `HANDSHAKE_DONE` 0x04: no fields; the responder confirms it derived the session keys.
/// - `DATAGRAM` 0x05: length u16, data (unreliable application message).
/// - `ACK` 0x02: see `AckFrame`; `STREAM` 0x10: see `StreamFrame`.
/// - `CREDIT` 0x11: stream id u32, max stream offset u64.
/// - `SKIP` 0x12: stream id u32, sequence u64, stream offset u64.
/// - `SESSION_CREDIT` 0x13: max session bytes u64.
public enum Frame: Equatable, Sendable {
    case padding
    case ping
    case close(code: CloseCode, reason: String)
    case handshakeDone
    case datagram([UInt8])
    case ack(AckFrame)
    case stream(StreamFrame)
    /// The receiver accepts bytes of `streamID` below stream offset `maxOffset`.
    case credit(streamID: UInt32, maxOffset: UInt64)
    /// The sender will never send segments of `streamID` below `sequence`, which starts at
    /// stream offset `streamOffset` (live-stream deadline): the bytes before count as consumed.
    case skip(streamID: UInt32, sequence: UInt64, streamOffset: UInt64)
    /// The receiver accepts `maxBytes` stream bytes on the session: the sum over its streams of
    /// the highest offset sent (or skipped to).
    case sessionCredit(maxBytes: UInt64)

    /// Frame type bytes.
    public enum TypeByte {
        public static let padding: UInt8 = 0x00
        public static let ping: UInt8 = 0x01
        public static let close: UInt8 = 0x03
        public static let handshakeDone: UInt8 = 0x04
        public static let datagram: UInt8 = 0x05
        public static let ack: UInt8 = 0x02
        public static let stream: UInt8 = 0x10
        public static let credit: UInt8 = 0x11
        public static let skip: UInt8 = 0x12
        public static let sessionCredit: UInt8 = 0x13
    }

    /// Longest close reason sent, in UTF-8 bytes; longer reasons are cut at a character boundary.
    public static let maximumReasonLength = 256

    /// Bytes this frame takes on the wire.
    public var encodedLength: Int {
        switch self {
        case .padding, .ping, .handshakeDone: return 1
        case .close(_, let reason): return 5 + Self.clampedReason(reason).count
        case .datagram(let data): return 3 + data.count
        case .ack(let ack): return ack.encodedLength
        case .stream(let frame): return StreamFrame.headerLength + frame.data.count
        case .credit: return 13
        case .skip: return 21
        case .sessionCredit: return 9
        }
    }

    /// Appends the frame's bytes to `out`.
    public func encode(into out: inout [UInt8]) {
        switch self {
        case .padding: out.append(TypeByte.padding)
        case .ping: out.append(TypeByte.ping)
        case .handshakeDone: out.append(TypeByte.handshakeDone)
        case .close(let code, let reason):
            let utf8 = Self.clampedReason(reason)
            out.append(TypeByte.close)
            out.appendUInt16BE(code.rawValue)
            out.appendUInt16BE(UInt16(utf8.count))
            out.append(contentsOf: utf8)
        case .datagram(let data):
            precondition(data.count <= Int(UInt16.max), "datagram frame data exceeds 65,535 bytes")
            out.append(TypeByte.datagram)
            out.appendUInt16BE(UInt16(data.count))
            out.append(contentsOf: data)
        case .ack(let ack):
            ack.encode(into: &out)
        case .stream(let frame):
            StreamFrame.encode(
                into: &out, streamID: frame.streamID, sequence: frame.sequence, streamOffset: frame.streamOffset,
                segmentLength: frame.segmentLength, offset: frame.offset,
                isFinal: frame.isFinal, data: frame.data[...])
        case .credit(let streamID, let maxOffset):
            out.append(TypeByte.credit)
            out.appendUInt32BE(streamID)
            out.appendUInt64BE(maxOffset)
        case .skip(let streamID, let sequence, let streamOffset):
            out.append(TypeByte.skip)
            out.appendUInt32BE(streamID)
            out.appendUInt64BE(sequence)
            out.appendUInt64BE(streamOffset)
        case .sessionCredit(let maxBytes):
            out.append(TypeByte.sessionCredit)
            out.appendUInt64BE(maxBytes)
        }
    }

    /// Parses every frame of a decrypted payload. Padding ends the list.
    ///
    /// - Throws: `FrameError` naming the offending frame; the caller treats it as a protocol
    ///   violation by an authenticated peer.
    public static func parseAll(_ plaintext: [UInt8]) throws(FrameError) -> [Frame] {
        var frames: [Frame] = []
        try parseAll(plaintext, into: &frames)
        return frames
    }

    /// `parseAll` into a caller's array, emptied first and its storage kept: the receive path
    /// parses every packet without allocating a list for it. On a throw `frames` holds the
    /// frames before the offending one.
    public static func parseAll(_ plaintext: [UInt8], into frames: inout [Frame]) throws(FrameError) {
        frames.removeAll(keepingCapacity: true)
        let failure: FrameError? = plaintext.withUnsafeBytes { buffer in
            do throws(FrameError) { try forEach(in: buffer) { frames.append($0) } } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Calls `body` with each frame of `plaintext` in order, without collecting them.
    static func forEach(in plaintext: UnsafeRawBufferPointer, _ body: (Frame) -> Void) throws(FrameError) {
        var reader = ByteReader(plaintext)
        do {
            while !reader.isAtEnd {
                let type = try reader.readUInt8("frame type")
                switch type {
                case TypeByte.padding:
                    return
                case TypeByte.ping:
                    body(.ping)
                case TypeByte.handshakeDone:
                    body(.handshakeDone)
                case TypeByte.close:
                    let code = try reader.readUInt16("CLOSE code")
                    let length = try reader.readUInt16("CLOSE reason length")
                    guard Int(length) <= maximumReasonLength else {
                        throw FrameError.invalid(
                            field: "CLOSE reason length", reason: "\(length) exceeds \(maximumReasonLength)")
                    }
                    let reason = try reader.readBytes(Int(length), "CLOSE reason")
                    body(.close(code: CloseCode(rawValue: code), reason: String(decoding: reason, as: UTF8.self)))
                case TypeByte.datagram:
                    let length = try reader.readUInt16("DATAGRAM length")
                    body(.datagram(try reader.readBytes(Int(length), "DATAGRAM data")))
                case TypeByte.ack:
                    body(.ack(try AckFrame.parse(&reader)))
                case TypeByte.stream:
                    body(.stream(try StreamFrame.parse(&reader)))
                case TypeByte.credit:
                    body(
                        .credit(
                            streamID: try reader.readUInt32("CREDIT stream id"),
                            maxOffset: try reader.readUInt64("CREDIT max offset")))
                case TypeByte.skip:
                    body(
                        .skip(
                            streamID: try reader.readUInt32("SKIP stream id"),
                            sequence: try reader.readUInt64("SKIP sequence"),
                            streamOffset: try reader.readUInt64("SKIP stream offset")))
                case TypeByte.sessionCredit:
                    body(.sessionCredit(maxBytes: try reader.readUInt64("SESSION_CREDIT max bytes")))
                default:
                    throw FrameError.unknownFrameType(type, offset: reader.offset - 1)
                }
            }
        } catch let error as TruncatedInput {
            throw FrameError.truncated(field: error.field)
        } catch let error as FrameError {
            throw error
        } catch {
            throw FrameError.truncated(field: "frame")
        }
    }

    static func clampedReason(_ reason: String, limit: Int = maximumReasonLength) -> [UInt8] {
        var utf8 = Array(reason.utf8)
        let limit = max(0, min(limit, maximumReasonLength))
        guard utf8.count > limit else { return utf8 }
        utf8.removeLast(utf8.count - limit)
        guard !utf8.isEmpty else { return utf8 }
        // If the cut split a multi-byte character, drop its incomplete bytes.
        var lead = utf8.count - 1
        while lead > 0, utf8[lead] & 0xC0 == 0x80 { lead -= 1 }
        let b = utf8[lead]
        let expected = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        if utf8.count - lead < expected { utf8.removeLast(utf8.count - lead) }
        return utf8
    }
}
