import Crypto
import OrderedCollections
import STTCore
import STTPcap

/// Reads a capture with libpcap and summarises its STT traffic; with a key log, decrypts the
/// protected packets, reassembles every stream and verifies it. Works on stt-sim's captures
/// (link type RAW) and on tcpdump's (Ethernet, Linux cooked, loopback).
public final class CaptureAnalyzer {
    public struct Options: Sendable {
        public var keys: [SessionID: SessionTrafficKeys] = [:]
        public var goodputIntervalSeconds = 1.0
        /// Streams whose bytes to hand to `streamSink` in order, as (session, stream id).
        public var extract: [(SessionID, UInt32)] = []
        public init() {}
    }

    /// Receives extracted stream bytes in order: (session, stream id, bytes).
    public var streamSink: ((SessionID, UInt32, [UInt8]) -> Void)?
    /// Receives every record as analysed: (record, the decrypted datagram when it was protected
    /// and its keys were known) — for writing a decrypted copy.
    public var recordSink: ((PcapRecord, UDPPacket.Parsed?, [UInt8]?) -> Void)?

    private let options: Options
    private var sessions: OrderedDictionary<SessionID, SessionState> = [:]
    private var result: CaptureAnalysis
    private var firstTime: Int64?

    public init(file: String, linkType: String, options: Options) {
        self.options = options
        result = CaptureAnalysis(file: file, linkType: linkType, goodputIntervalSeconds: options.goodputIntervalSeconds)
    }

    /// Analyses a whole capture file.
    public static func analyze(path: String, options: Options,
                               configure: (CaptureAnalyzer) -> Void = { _ in }) throws(PcapError) -> CaptureAnalysis {
        let reader = try PcapReader(path: path)
        let analyzer = CaptureAnalyzer(file: path, linkType: reader.linkTypeName, options: options)
        configure(analyzer)
        while let record = try reader.next() {
            analyzer.add(record, udp: reader.udp(in: record))
        }
        return analyzer.finish()
    }

    public func add(_ record: PcapRecord, udp: UDPPacket.Parsed?) {
        result.records += 1
        let t0 = firstTime ?? record.unixNanoseconds
        firstTime = t0
        let time = Double(record.unixNanoseconds - t0) / 1e9
        result.durationSeconds = max(result.durationSeconds, time)
        guard let udp, case .success(let prefix) = PacketPrefix.parse(udp.packet.payload) else {
            result.otherRecords += 1
            recordSink?(record, udp, nil)
            return
        }
        result.sttDatagrams += 1
        if udp.isTruncated { result.truncatedRecords += 1 }
        let datagram = udp.packet.payload
        let state = sessions[prefix.sessionID] ?? SessionState(id: prefix.sessionID, time: time)
        sessions[prefix.sessionID] = state
        state.last = time
        let from = udp.packet.source.description, to = udp.packet.destination.description
        var decrypted: [UInt8]?
        switch prefix.type {
        case .handshakeInitiation:
            if state.initiator == nil { state.initiator = from; state.responder = to }
            state.handshakeStart = state.handshakeStart ?? time
            state.count(datagram, fromInitiator: true)
        case .handshakeResponse, .handshakeReject:
            if state.initiator == nil { state.initiator = to; state.responder = from }
            if prefix.type == .handshakeReject { state.rejected = true }
            state.count(datagram, fromInitiator: false)
        case .handshakeFinish:
            if state.initiator == nil { state.initiator = from; state.responder = to }
            state.count(datagram, fromInitiator: true)
        case .protected:
            if let start = state.handshakeStart, state.handshakeSeconds == nil { state.handshakeSeconds = time - start }
            decrypted = state.protected(datagram, from: from, to: to, time: time, truncated: udp.isTruncated,
                                        keys: options.keys[prefix.sessionID], analyzer: self)
        }
        recordSink?(record, udp, decrypted)
    }

    func extracting(_ session: SessionID, _ stream: UInt32) -> Bool {
        streamSink != nil && options.extract.contains { $0.0 == session && $0.1 == stream }
    }

    func emit(_ session: SessionID, _ stream: UInt32, _ bytes: [UInt8]) { streamSink?(session, stream, bytes) }

    func bucket(_ time: Double) -> Int { Int(time / options.goodputIntervalSeconds) }

    public func finish() -> CaptureAnalysis {
        result.sessions = sessions.values.map { $0.summary(interval: options.goodputIntervalSeconds) }
        return result
    }
}

/// Reassembly of one direction of one stream.
final class StreamState {
    let key: String
    var segments: [UInt64: IntervalSet] = [:]  // lookup only; in-order drain below
    var segmentLengths: [UInt64: Int] = [:]
    var pending: [UInt64: [UInt8]] = [:]
    var nextToDrain: UInt64 = 0
    var finalSequence: UInt64?
    var skipBelow: UInt64 = 0
    var summary: CaptureAnalysis.Stream
    var hash = SHA256()
    var hashBroken = false  // a skipped segment: the bytes are not the whole stream

    init(direction: String, streamID: UInt32) {
        key = direction
        summary = CaptureAnalysis.Stream(direction: direction, streamID: streamID)
    }

    /// Adds a fragment; returns the new (not previously seen) bytes count.
    func add(_ frame: StreamFrame) -> (fresh: Int, drained: [[UInt8]]) {
        if frame.isFinal { finalSequence = frame.sequence; summary.finalSeen = true }
        guard frame.sequence >= nextToDrain, frame.sequence >= skipBelow else {
            summary.retransmittedFragments += 1
            summary.retransmittedBytes += frame.data.count
            return (0, [])
        }
        var set = segments[frame.sequence] ?? IntervalSet()
        if segments[frame.sequence] == nil {
            summary.segments += 1
            segmentLengths[frame.sequence] = Int(frame.segmentLength)
            pending[frame.sequence] = [UInt8](repeating: 0, count: Int(frame.segmentLength))
        }
        let range = Int(frame.offset)..<(Int(frame.offset) + frame.data.count)
        let fresh = set.insert(range)
        if fresh < frame.data.count {
            summary.retransmittedFragments += 1
            summary.retransmittedBytes += frame.data.count - fresh
        }
        if !frame.data.isEmpty, pending[frame.sequence] != nil {
            pending[frame.sequence]!.replaceSubrange(range, with: frame.data)
        }
        segments[frame.sequence] = set
        summary.bytes += fresh
        return (fresh, drain())
    }

    func skip(below sequence: UInt64) {
        guard sequence > skipBelow else { return }
        skipBelow = sequence
        _ = drain()
    }

    /// Hands out whole segments in order (and counts skipped ones).
    func drain() -> [[UInt8]] {
        var out: [[UInt8]] = []
        while true {
            if let length = segmentLengths[nextToDrain], let set = segments[nextToDrain], set.covered == length {
                let bytes = pending.removeValue(forKey: nextToDrain) ?? []
                hash.update(data: bytes)
                out.append(bytes)
                segments[nextToDrain] = nil
                segmentLengths[nextToDrain] = nil
                nextToDrain += 1
            } else if nextToDrain < skipBelow {
                summary.skippedSegments += 1
                hashBroken = true
                pending[nextToDrain] = nil
                segments[nextToDrain] = nil
                segmentLengths[nextToDrain] = nil
                nextToDrain += 1
            } else {
                return out
            }
        }
    }

    func finish() -> CaptureAnalysis.Stream {
        var s = summary
        if let final = finalSequence {
            s.missingSegments = nextToDrain > final ? 0 : Int(final - nextToDrain + 1) - segments.keys.filter { $0 <= final && segments[$0]!.covered == segmentLengths[$0]! }.count
            s.complete = nextToDrain > final && !hashBroken
        } else {
            s.missingSegments = segments.count
        }
        if s.complete { s.sha256 = hash.finalize().map { String(format2: $0) }.joined() }
        return s
    }
}

extension String {
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
