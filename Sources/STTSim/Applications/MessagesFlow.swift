import STTCore

/// `count` messages of `size` bytes every `interval`, from one node to each of several peers
/// (the seed's `send_to_sessions`): one session and one bounded stream per peer, one record per
/// message. Measures per-message latency and checks every byte.
public final class MessagesFlow: Flow {
    public let count: Int
    public let size: Int
    public let interval: STTDuration
    private var sessions: [SessionID?]
    private var streams: [UInt32?]
    private var readers: [RecordReader]
    private var receivedPerPeer: [Int]
    private var sent = 0
    private var corrupt = 0
    private var latency = LatencyRecorder()
    private var completedAt: STTInstant?
    private var attempts = 0
    /// What each peer's session left when the flow closed it.
    private var closing: [ClosingSnapshot]
    private lazy var senderApplication = Sender(flow: self)
    private lazy var receiverApplications = peers.indices.map { Receiver(flow: self, peer: $0) }

    init(id: Int, from: Int, peers: [Int], count: Int, size: Int, interval: STTDuration, start: STTInstant) {
        self.count = count
        self.size = size
        self.interval = interval
        sessions = Array(repeating: nil, count: peers.count)
        streams = Array(repeating: nil, count: peers.count)
        readers = Array(repeating: RecordReader(size: size), count: peers.count)
        receivedPerPeer = Array(repeating: 0, count: peers.count)
        closing = Array(repeating: ClosingSnapshot(), count: peers.count)
        super.init(id: id, from: from, peers: peers, start: start)
    }

    override var kind: String { "messages" }
    override var sender: any Application { senderApplication }
    override var receivers: [any Application] { receiverApplications }
    public override var isDone: Bool { completedAt != nil }

    override func statistics(_ view: FlowReportContext) -> FlowStatistics {
        let delivered = receivedPerPeer.reduce(0, +) * size
        let active = max(1e-9, ((completedAt ?? view.now) - start).seconds)
        var retransmitted = 0
        var retransmittedBytes = 0
        var retransmittedFragments = 0
        var datagramSize: Int?
        for i in peers.indices {
            let live = sessions[i].flatMap { id in
                streams[i].flatMap { view.endpoint(from)?.sendStreamStatistics($0, on: id) }
            }
            if let stats = live ?? closing[i].send {
                retransmitted += stats.retransmittedSegments
                retransmittedBytes += stats.retransmittedBytes
                retransmittedFragments += stats.retransmittedFragments
            }
            let peerSize = sessions[i].flatMap { view.endpoint(from)?.sessionInfo($0)?.recovery.datagramSize }
            if let s = peerSize ?? closing[i].datagramSize { datagramSize = min(datagramSize ?? s, s) }
        }
        return FlowStatistics(
            bytesOffered: count * size * peers.count, bytesDelivered: delivered, complete: completedAt != nil,
            intact: completedAt != nil && corrupt == 0, completion: completedAt.map { $0 - start },
            goodputBitsPerSecond: Double(delivered * 8) / active, retransmittedSegments: retransmitted,
            retransmittedBytes: retransmittedBytes, retransmittedFragments: retransmittedFragments,
            outOfOrderSegments: 0, skippedSegments: 0, attempts: attempts,
            latency: latency.summary, datagramSize: datagramSize)
    }

    /// The publisher: connects to every peer, then writes one message to all of them per interval.
    final class Sender: Application {
        // The flow owns this application and outlives it.
        unowned(unsafe) let flow: MessagesFlow
        init(flow: MessagesFlow) { self.flow = flow }

        func wake(_ context: ApplicationContext) {
            guard context.isHostUp else {
                context.wake(at: context.now + .seconds(1))
                return
            }
            if flow.sessions.allSatisfy({ $0 == nil }) {
                flow.attempts += 1
                for (i, peer) in flow.peers.enumerated() {
                    flow.sessions[i] = context.connect(to: peer, binding: self, receiver: flow.receiverApplications[i])
                }
                return
            }
            guard flow.sent < flow.count, let endpoint = context.endpoint else { return }
            let record = Record.make(sequence: UInt64(flow.sent), sentAt: context.now.nanoseconds, size: flow.size)
            for i in flow.peers.indices {
                guard let session = flow.sessions[i], let stream = flow.streams[i] else { continue }
                _ = try? endpoint.write(record, to: stream, on: session, now: context.now)
                if flow.sent + 1 == flow.count { try? endpoint.finish(stream, on: session, now: context.now) }
            }
            flow.sent += 1
            if flow.sent < flow.count { context.wake(at: context.now + flow.interval) }
        }

        func handle(_ event: EndpointEvent, _ context: ApplicationContext) {
            if case .streamAcknowledged(let id, let s) = event, let i = flow.sessions.firstIndex(of: id),
                flow.streams[i] == s, let endpoint = context.endpoint
            {
                // This peer has every message: close its session.
                flow.closing[i].take(endpoint, session: id, sendStream: s)
                endpoint.close(id, now: context.now)
                return
            }
            guard case .sessionEstablished(let id, _, _, _) = event, let i = flow.sessions.firstIndex(of: id) else {
                return
            }
            flow.streams[i] = try? context.endpoint?.openStream(
                on: id, mode: .bounded, segmentSize: max(1_024, min(flow.size, 1 << 20)))
            // Start sending once every peer has a stream.
            if flow.streams.allSatisfy({ $0 != nil }) { context.wake(at: context.now) }
        }
    }

    /// A subscriber: reads the messages of its session in order and checks each one.
    final class Receiver: Application {
        // The flow owns this application and outlives it.
        unowned(unsafe) let flow: MessagesFlow
        let peer: Int
        init(flow: MessagesFlow, peer: Int) {
            self.flow = flow
            self.peer = peer
        }

        func handle(_ event: EndpointEvent, _ context: ApplicationContext) {
            guard case .streamReadable(let id, let s) = event, let i = flow.sessions.firstIndex(of: id),
                flow.peers[i] == context.node, flow.streams[i] == s, let endpoint = context.endpoint
            else { return }
            while let data = endpoint.read(from: s, on: id) {
                flow.readers[i].feed(data) { r in flow.take(r, peer: i, context) }
            }
            if flow.completedAt == nil, flow.receivedPerPeer.allSatisfy({ $0 == flow.count }) {
                flow.completedAt = context.now
                context.flowDone()
            }
        }
    }

    private func take(_ r: ArraySlice<UInt8>, peer i: Int, _ context: ApplicationContext) {
        let (seq, sentAt, intact) = Record.read(r)
        if !intact || Int(seq) != receivedPerPeer[i] { corrupt += 1 }
        receivedPerPeer[i] += 1
        latency.record(nanoseconds: context.now.nanoseconds - sentAt)
    }
}
