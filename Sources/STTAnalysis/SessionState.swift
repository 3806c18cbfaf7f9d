import STTCore

/// What the analyser knows about one session so far.
final class SessionState {
    let id: SessionID
    let first: Double
    var last: Double
    var initiator: String?
    var responder: String?
    var handshakeStart: Double?
    var handshakeSeconds: Double?
    var rejected = false
    var rejectReason: String?
    var suite: String?
    var directions = [CaptureAnalysis.Direction(), CaptureAnalysis.Direction()]  // 0: from the initiator
    var packetNumbers: [Set<UInt64>] = [[], []]
    var decrypted = false
    var keysInKeyLog = false
    var streams: [StreamState] = []
    var streamIndex: [String: Int] = [:]  // "direction/stream id" → index in `streams`
    var goodput: [Int: Int] = [:]  // interval → bytes; reported sorted

    init(id: SessionID, time: Double) {
        self.id = id
        first = time
        last = time
    }

    func count(_ length: Int, fromInitiator: Bool) {
        directions[fromInitiator ? 0 : 1].packets += 1
        directions[fromInitiator ? 0 : 1].bytes += length
    }

    /// A protected packet: counts it, and with keys opens it and feeds its frames to the streams.
    /// Returns the decrypted form (type 0x90 + header + frames) when it opened.
    func protected(
        _ datagram: [UInt8], length: Int, from: String, to: String, time: Double, truncated: Bool,
        keys: SessionTrafficKeys?, analyzer: CaptureAnalyzer
    ) -> [UInt8]? {
        var opened: PacketProtection.Opened?
        var fromInitiator: Bool
        if keys != nil { keysInKeyLog = true }
        if let keys, !truncated,
            let o = PacketProtection.open(datagram, key: keys.initiatorToResponder, suite: keys.suite)
        {
            opened = o
            fromInitiator = true
        } else if let keys, !truncated,
            let o = PacketProtection.open(datagram, key: keys.responderToInitiator, suite: keys.suite)
        {
            opened = o
            fromInitiator = false
        } else if let initiator {
            fromInitiator = from == initiator
        } else {
            // Neither handshake nor keys seen: call the first sender the initiator.
            initiator = from
            responder = to
            fromInitiator = true
        }
        if initiator == nil {
            initiator = fromInitiator ? from : to
            responder = fromInitiator ? to : from
        }
        let d = fromInitiator ? 0 : 1
        directions[d].packets += 1
        directions[d].bytes += length
        directions[d].protectedPackets += 1
        if truncated { directions[d].truncatedPackets += 1 }
        guard let opened else {
            // Without keys the header's number is all there is; with keys, a packet that does
            // not open (damaged, or not this session's) must not claim a number.
            if keys == nil, datagram.count >= STTWire.protectedHeaderLength,
                !packetNumbers[d].insert(datagram.readUInt64BE(at: STTWire.Offset.packetNumber)).inserted
            {
                directions[d].duplicatePackets += 1
                return nil
            }
            directions[d].undecryptedPackets += 1
            goodput[analyzer.bucket(time), default: 0] += max(0, length - STTWire.protectedOverhead)
            return nil
        }
        guard packetNumbers[d].insert(opened.packetNumber).inserted else {
            directions[d].duplicatePackets += 1
            return nil
        }
        decrypted = true
        let plaintext = [UInt8](opened.plaintext)
        let direction = fromInitiator ? "initiator>responder" : "responder>initiator"
        if let frames = try? Frame.parseAll(plaintext) {
            for frame in frames {
                switch frame {
                case .stream(let f):
                    let s = stream(direction, f.streamID)
                    let (fresh, drained) = s.add(f)
                    goodput[analyzer.bucket(time), default: 0] += fresh
                    if analyzer.extracting(id, f.streamID, direction) {
                        for bytes in drained { analyzer.emit(id, f.streamID, direction, bytes) }
                    }
                case .skip(let streamID, let sequence, _):
                    let drained = stream(direction, streamID).skip(below: sequence)
                    if analyzer.extracting(id, streamID, direction) {
                        for bytes in drained { analyzer.emit(id, streamID, direction, bytes) }
                    }
                default:
                    break
                }
            }
        }
        var out = Array(datagram[0..<STTWire.protectedHeaderLength])
        out[STTWire.Offset.type] = 0x90  // capture-only: "decrypted by stt-sim analyze"
        out.append(contentsOf: plaintext)
        return out
    }

    private func stream(_ direction: String, _ id: UInt32) -> StreamState {
        let key = "\(direction)/\(id)"
        if let i = streamIndex[key] { return streams[i] }
        streamIndex[key] = streams.count
        streams.append(StreamState(direction: direction, streamID: id))
        return streams.last!
    }

    func summary(interval: Double) -> CaptureAnalysis.Session {
        var s = CaptureAnalysis.Session(
            id: id.description, initiator: initiator, responder: responder,
            firstSeconds: first, lastSeconds: last, handshakeSeconds: handshakeSeconds)
        s.rejected = rejected
        s.rejectReason = rejectReason
        s.suite = suite
        for d in 0..<2 {
            var dir = directions[d]
            if let lo = packetNumbers[d].min(), let hi = packetNumbers[d].max() {
                let span = hi - lo  // cannot overflow; + 1 might
                dir.packetNumberGaps = span >= UInt64(Int.max) ? Int.max : Int(span) + 1 - packetNumbers[d].count
            }
            if d == 0 { s.initiatorToResponder = dir } else { s.responderToInitiator = dir }
        }
        s.decrypted = decrypted
        s.keysInKeyLog = keysInKeyLog
        s.streams = streams.map { $0.finish() }
        s.goodput = goodput.keys.sorted().map {
            CaptureAnalysis.GoodputSample(
                time: Double($0) * interval, bitsPerSecond: Double(goodput[$0]! * 8) / interval)
        }
        return s
    }
}
