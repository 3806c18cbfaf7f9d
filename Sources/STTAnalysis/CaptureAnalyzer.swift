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
        /// Streams whose bytes to hand to `streamSink` in order: (session, stream id, direction
        /// "initiator>responder" or "responder>initiator", nil: either).
        public var extract: [(SessionID, UInt32, String?)] = []
        public init() {}
    }

    /// Receives extracted stream bytes in order: (session, stream id, direction, bytes).
    public var streamSink: ((SessionID, UInt32, String, [UInt8]) -> Void)?
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
    public static func analyze(
        path: String, options: Options,
        configure: (CaptureAnalyzer, PcapReader) -> Void = { _, _ in }
    ) throws(PcapError) -> CaptureAnalysis {
        let reader = try PcapReader(path: path)
        let analyzer = CaptureAnalyzer(file: path, linkType: reader.linkTypeName, options: options)
        configure(analyzer, reader)
        // A capture cut short (tcpdump killed, a full disk) is analysed up to the cut.
        var truncation: String?
        while true {
            let record: PcapRecord?
            do { record = try reader.next() } catch {
                guard case .truncated = error else { throw error }
                truncation = error.description
                break
            }
            guard let record else { break }
            analyzer.add(record, udp: reader.udp(in: record))
        }
        var analysis = analyzer.finish()
        analysis.truncation = truncation
        return analysis
    }

    public func add(_ record: PcapRecord, udp: UDPPacket.Parsed?) {
        result.records += 1
        let t0 = firstTime ?? record.unixNanoseconds
        firstTime = t0
        let time = Double(record.unixNanoseconds - t0) / 1e9
        result.durationSeconds = max(result.durationSeconds, time)
        guard let udp, let prefix = Self.prefix(udp) else {
            result.otherRecords += 1
            recordSink?(record, udp, nil)
            return
        }
        if !udp.isTruncated, let pieces = SegmentedDatagram.split(udp.packet.payload) {
            result.segmentedRecords += 1
            for piece in pieces {
                var segment = udp
                segment.packet.payload = Array(piece)
                segment.payloadLength = piece.count
                add(segment, prefix: prefix, record: record, time: time)
            }
            return
        }
        add(udp, prefix: prefix, record: record, time: time)
    }

    private func add(_ udp: UDPPacket.Parsed, prefix: PacketPrefix, record: PcapRecord, time: Double) {
        result.sttDatagrams += 1
        if udp.isTruncated { result.truncatedRecords += 1 }
        if udp.checksumBad { result.badChecksums += 1 }
        let datagram = udp.packet.payload
        let state = sessions[prefix.sessionID] ?? SessionState(id: prefix.sessionID, time: time)
        sessions[prefix.sessionID] = state
        state.last = time
        let from = udp.packet.source.description
        let to = udp.packet.destination.description
        var decrypted: [UInt8]?
        switch prefix.type {
        case .handshakeInitiation:
            if state.initiator == nil {
                state.initiator = from
                state.responder = to
            }
            state.handshakeStart = state.handshakeStart ?? time
            if datagram.count > STTWire.Offset.suite {
                let byte = datagram[STTWire.Offset.suite]
                state.suite = CipherSuite(rawValue: byte)?.name ?? "unknown 0x" + String(byte, radix: 16)
            }
            state.count(udp.payloadLength, fromInitiator: true)
        case .handshakeResponse, .handshakeReject, .cookieReply:
            if state.initiator == nil {
                state.initiator = to
                state.responder = from
            }
            if prefix.type == .handshakeReject {
                state.rejected = true
                state.rejectReason = Self.rejectReason(datagram)
            }
            state.count(udp.payloadLength, fromInitiator: false)
        case .handshakeFinish:
            if state.initiator == nil {
                state.initiator = from
                state.responder = to
            }
            state.count(udp.payloadLength, fromInitiator: true)
        case .protected:
            if let start = state.handshakeStart, state.handshakeSeconds == nil { state.handshakeSeconds = time - start }
            decrypted = state.protected(
                datagram, length: udp.payloadLength, from: from, to: to, time: time,
                truncated: udp.isTruncated, keys: options.keys[prefix.sessionID], analyzer: self)
        }
        recordSink?(record, udp, decrypted)
    }

    /// A reject's reason from its cleartext code (unauthenticated: what the packet claims).
    static func rejectReason(_ datagram: [UInt8]) -> String {
        guard datagram.count > STTWire.Offset.handshakeBody else { return "unknown" }
        switch datagram[STTWire.Offset.handshakeBody] {
        case 0x01: return "wrong shared seed"
        case 0x02 where datagram.count > STTWire.Offset.handshakeBody + 1:
            let accepted = CipherSuite.suites(inBitmask: datagram[STTWire.Offset.handshakeBody + 1])
            return "unsupported suite (responder accepts \(accepted.map(\.name).joined(separator: ", ")))"
        case let code: return "code \(code)"
        }
    }

    func extracting(_ session: SessionID, _ stream: UInt32, _ direction: String) -> Bool {
        streamSink != nil
            && options.extract.contains { $0.0 == session && $0.1 == stream && ($0.2 == nil || $0.2 == direction) }
    }

    func emit(_ session: SessionID, _ stream: UInt32, _ direction: String, _ bytes: [UInt8]) {
        streamSink?(session, stream, direction, bytes)
    }

    func bucket(_ time: Double) -> Int { Int(clamping: Int64(min(time / options.goodputIntervalSeconds, 9e18))) }

    /// The STT type and session of a datagram: the full receiver checks when it is whole, only
    /// the common header (magic, version, a known type) when the capture cut it short.
    public static func prefix(_ udp: UDPPacket.Parsed) -> PacketPrefix? {
        let d = udp.packet.payload
        if !udp.isTruncated {
            if case .success(let p) = PacketPrefix.parse(d) { return p }
            return nil
        }
        guard d.count >= STTWire.commonHeaderLength, d[0] == STTWire.magic.0, d[1] == STTWire.magic.1,
            d[2] == STTWire.version, let type = PacketType(rawValue: d[3])
        else { return nil }
        return PacketPrefix(type: type, sessionID: SessionID(rawValue: d.readUInt64BE(at: STTWire.Offset.sessionID)))
    }

    public func finish() -> CaptureAnalysis {
        result.sessions = sessions.values.map { $0.summary(interval: options.goodputIntervalSeconds) }
        return result
    }
}
