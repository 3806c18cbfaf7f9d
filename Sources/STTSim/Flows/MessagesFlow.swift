import STTCore

/// `count` messages of `size` bytes every `interval`, from one node to each of several peers
/// (the seed's `send_to_sessions`): one session and one bounded stream per peer, one record per
/// message. Measures per-message latency and checks every byte.
public final class MessagesFlow: Flow {
    public let peers: [Int]
    public let count: Int
    public let size: Int
    public let interval: STTDuration
    public let start: STTInstant
    private var sessions: [SessionID?]
    private var streams: [UInt32?]
    private var readers: [RecordReader]
    private var receivedPerPeer: [Int]
    private var sent = 0
    private var corrupt = 0
    private var latency = LatencyRecorder()
    private var completedAt: STTInstant?
    private var attempts = 0

    init(id: Int, from: Int, peers: [Int], count: Int, size: Int, interval: STTDuration, start: STTInstant) {
        self.peers = peers
        self.count = count
        self.size = size
        self.interval = interval
        self.start = start
        sessions = Array(repeating: nil, count: peers.count)
        streams = Array(repeating: nil, count: peers.count)
        readers = Array(repeating: RecordReader(size: size), count: peers.count)
        receivedPerPeer = Array(repeating: 0, count: peers.count)
        super.init(id: id, from: from, to: peers[0])
    }

    public override var isDone: Bool { completedAt != nil }

    override func wake(_ sim: Simulation) {
        guard let endpoint = sim.endpoint(from) else {
            sim.wake(self, at: sim.now + .seconds(1))
            return
        }
        if sessions.allSatisfy({ $0 == nil }) {
            attempts += 1
            for (i, peer) in peers.enumerated() { sessions[i] = sim.connect(self, endpoint, to: peer) }
            sim.serviceNode(from)
            return
        }
        guard sent < count else { return }
        let record = Record.make(sequence: UInt64(sent), sentAt: sim.now.nanoseconds, size: size)
        for i in peers.indices {
            guard let session = sessions[i], let stream = streams[i] else { continue }
            _ = try? endpoint.write(record, to: stream, on: session, now: sim.now)
            if sent + 1 == count { try? endpoint.finish(stream, on: session, now: sim.now) }
        }
        sent += 1
        sim.serviceNode(from)
        if sent < count { sim.wake(self, at: sim.now + interval) }
    }

    override func handle(_ event: EndpointEvent, node: Int, _ sim: Simulation) {
        switch event {
        case .sessionEstablished(let id, _, _, _) where node == from:
            guard let i = sessions.firstIndex(of: id) else { return }
            streams[i] = try? sim.endpoint(from)?.openStream(
                on: id, mode: .bounded, segmentSize: max(1_024, min(size, 1 << 20)))
            // Start sending once every peer has a stream.
            if streams.allSatisfy({ $0 != nil }) { sim.wake(self, at: sim.now) }
        case .streamReadable(let id, let s):
            guard let i = sessions.firstIndex(of: id), peers[i] == node, streams[i] == s,
                let endpoint = sim.endpoint(node)
            else { return }
            while let data = endpoint.read(from: s, on: id) {
                readers[i].feed(data) { r in
                    let (seq, sentAt, intact) = Record.read(r)
                    if !intact || Int(seq) != receivedPerPeer[i] { corrupt += 1 }
                    receivedPerPeer[i] += 1
                    latency.record(nanoseconds: sim.now.nanoseconds - sentAt)
                }
            }
            if completedAt == nil, receivedPerPeer.allSatisfy({ $0 == count }) {
                completedAt = sim.now
                sim.flowDone(self)
            }
        default:
            break
        }
    }

    override func report(_ sim: Simulation) -> FlowReport {
        let delivered = receivedPerPeer.reduce(0, +) * size
        let active = max(1e-9, ((completedAt ?? sim.now) - start).seconds)
        var retransmitted = 0
        var retransmittedBytes = 0
        for i in peers.indices {
            if let id = sessions[i], let s = streams[i], let stats = sim.endpoint(from)?.sendStreamStatistics(s, on: id)
            {
                retransmitted += stats.retransmittedSegments
                retransmittedBytes += stats.retransmittedBytes
            }
        }
        return FlowReport(
            id: id, kind: "messages", from: from, to: peers, bytesOffered: count * size * peers.count,
            bytesDelivered: delivered, complete: completedAt != nil, intact: completedAt != nil && corrupt == 0,
            completion: completedAt.map { $0 - start }, goodputBitsPerSecond: Double(delivered * 8) / active,
            retransmittedSegments: retransmitted, retransmittedBytes: retransmittedBytes, outOfOrderSegments: 0,
            skippedSegments: 0,
            latency: latency.summary, attempts: attempts)
    }
}

extension Simulation {
    /// Adds `count` messages of `size` bytes every `interval` from `from` to each of `peers`.
    @discardableResult
    public func addMessagesFlow(
        from: Int, to peers: [Int], count: Int, size: Int, interval: STTDuration,
        start: STTInstant = .zero
    ) -> MessagesFlow {
        precondition(!peers.isEmpty && size >= Record.headerLength && count >= 1, "messages flow parameters")
        let flow = MessagesFlow(
            id: flows.count, from: from, peers: peers, count: count, size: size, interval: interval, start: start)
        register(flow, peers: peers)
        wake(flow, at: start)
        return flow
    }
}
