/// A frame without its payload bytes: what a trace or report says a packet carried.
public enum FrameSummary: Sendable, Equatable {
    case padding
    case ping
    case close(code: UInt16)
    case handshakeDone
    case datagram(length: Int)
    /// The largest number acknowledged, the number of ranges and the first range's size.
    case ack(largest: UInt64, ranges: Int, firstRange: UInt64)
    /// Stream bytes `[offset, offset + length)` (stream offsets: the segment's offset plus the
    /// fragment's place in it) of segment `sequence`; `fin` marks the stream's last segment.
    case stream(id: UInt32, sequence: UInt64, offset: UInt64, length: Int, fin: Bool)
    case credit(stream: UInt32, maxOffset: UInt64)
    case skip(stream: UInt32, sequence: UInt64, streamOffset: UInt64)
    case sessionCredit(maxBytes: UInt64)

    public init(_ frame: Frame) {
        switch frame {
        case .padding: self = .padding
        case .ping: self = .ping
        case .close(let code, _): self = .close(code: code.rawValue)
        case .handshakeDone: self = .handshakeDone
        case .datagram(let data): self = .datagram(length: data.count)
        case .ack(let ack):
            let first = ack.ranges.first.map { $0.upperBound - $0.lowerBound + 1 } ?? 0
            self = .ack(largest: ack.largest, ranges: ack.ranges.count, firstRange: first)
        case .stream(let f):
            self = .stream(
                id: f.streamID, sequence: f.sequence, offset: f.streamOffset &+ UInt64(f.offset), length: f.data.count,
                fin: f.isFinal && UInt64(f.offset) + UInt64(f.data.count) == UInt64(f.segmentLength))
        case .credit(let sid, let maxOffset): self = .credit(stream: sid, maxOffset: maxOffset)
        case .skip(let sid, let sequence, let streamOffset):
            self = .skip(stream: sid, sequence: sequence, streamOffset: streamOffset)
        case .sessionCredit(let maxBytes): self = .sessionCredit(maxBytes: maxBytes)
        }
    }

    /// The frames of a packet's plaintext, or nil when it does not parse.
    public static func summaries(of plaintext: [UInt8]) -> [FrameSummary]? {
        var out: [FrameSummary] = []
        let ok: Bool = plaintext.withUnsafeBytes { buffer in
            do throws(FrameError) {
                try Frame.forEach(in: buffer) { out.append(FrameSummary($0)) }
                return true
            } catch {
                return false
            }
        }
        return ok ? out : nil
    }

    /// One line, as Wireshark's Info column shows it: `STREAM id=1 seq=4 off=4400 len=1100 fin`.
    public var shortForm: String {
        switch self {
        case .padding: return "PADDING"
        case .ping: return "PING"
        case .close(let code): return "CLOSE code=\(code)"
        case .handshakeDone: return "HANDSHAKE_DONE"
        case .datagram(let length): return "DATAGRAM len=\(length)"
        case .ack(let largest, let ranges, let first):
            return "ACK largest=\(largest) ranges=\(ranges) first=\(first)"
        case .stream(let id, let sequence, let offset, let length, let fin):
            return "STREAM id=\(id) seq=\(sequence) off=\(offset) len=\(length)" + (fin ? " fin" : "")
        case .credit(let stream, let maxOffset): return "CREDIT id=\(stream) max=\(maxOffset)"
        case .skip(let stream, let sequence, let offset): return "SKIP id=\(stream) seq=\(sequence) off=\(offset)"
        case .sessionCredit(let maxBytes): return "SESSION_CREDIT max=\(maxBytes)"
        }
    }
}
