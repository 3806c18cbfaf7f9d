import STTCore

/// A live stream: `chunk`-byte records written at `rate` for `duration`, each its own segment;
/// with a `deadline`, records older than it are skipped rather than retransmitted. Measures
/// per-record latency and checks every record's bytes.
public final class LiveFlow: Flow {
    public let rate: Double
    public let duration: STTDuration
    public let chunk: Int
    public let deadline: STTDuration?
    public let start: STTInstant
    private var session: SessionID?
    private var stream: UInt32?
    private var written: UInt64 = 0
    private var delivered = 0
    private var corrupt = 0
    private var lastSequence: Int64 = -1
    private var latency = LatencyRecorder()
    private var reader: RecordReader
    private var finishedAt: STTInstant?
    private var attempts = 0
    private var reportedDone = false

    init(
        id: Int, from: Int, to: Int, rate: Double, duration: STTDuration, chunk: Int, deadline: STTDuration?,
        start: STTInstant
    ) {
        self.rate = rate
        self.duration = duration
        self.chunk = chunk
        self.deadline = deadline
        self.start = start
        reader = RecordReader(size: chunk)
        super.init(id: id, from: from, to: to)
    }

    private var interval: STTDuration { STTDuration(nanoseconds: Int64((Double(chunk * 8) / rate * 1e9).rounded())) }
    private var totalChunks: UInt64 { UInt64(max(1, Double(duration.nanoseconds) / Double(interval.nanoseconds))) }

    /// Done once every record was written and the receiver has caught up with the last one.
    public override var isDone: Bool { written == totalChunks && lastSequence == Int64(totalChunks) - 1 }

    override func wake(_ sim: Simulation) {
        guard let endpoint = sim.endpoint(from) else {
            sim.wake(self, at: sim.now + .seconds(1))
            return
        }
        if session == nil {
            attempts += 1
            session = sim.connect(self, endpoint, to: to)
            sim.serviceNode(from)
            return
        }
        guard let session, let stream, written < totalChunks else { return }
        let record = Record.make(sequence: written, sentAt: sim.now.nanoseconds, size: chunk)
        if (try? endpoint.write(record, to: stream, on: session, now: sim.now)) == chunk { written += 1 }
        sim.serviceNode(from)
        if written < totalChunks { sim.wake(self, at: sim.now + interval) } else { finishedAt = sim.now }
    }

    override func handle(_ event: EndpointEvent, node: Int, _ sim: Simulation) {
        guard let session else { return }
        switch event {
        case .sessionEstablished(let id, _, _, _) where id == session && node == from:
            stream = try? sim.endpoint(from)?.openStream(
                on: id, mode: .live(deadline: deadline), segmentSize: max(chunk, 1_024))
            sim.wake(self, at: sim.now)
        case .streamReadable(let id, let s) where id == session && s == stream && node == to:
            guard let endpoint = sim.endpoint(to) else { return }
            while let data = endpoint.read(from: s, on: id) {
                reader.feed(data) { r in
                    let (seq, sentAt, intact) = Record.read(r)
                    if !intact || Int64(seq) <= lastSequence { corrupt += 1 }
                    lastSequence = Int64(seq)
                    delivered += 1
                    if isDone, !reportedDone {
                        reportedDone = true
                        sim.flowDone(self)
                    }
                    latency.record(nanoseconds: sim.now.nanoseconds - sentAt)
                }
            }
        case .sessionFailed(let id, _, _) where id == session && node == from,
            .sessionClosed(let id, _) where id == session && node == from:
            self.session = nil  // a live stream does not resume: later records are simply not sent
        default:
            break
        }
    }

    override func report(_ sim: Simulation) -> FlowReport {
        let skipped =
            session.flatMap { id in stream.flatMap { sim.endpoint(to)?.receiveStreamStatistics($0, on: id) } }?
            .skippedSegments ?? 0
        let sent = session.flatMap { id in stream.flatMap { sim.endpoint(from)?.sendStreamStatistics($0, on: id) } }
        let complete = written == totalChunks && delivered + skipped >= Int(totalChunks)
        let active = max(1e-9, ((finishedAt ?? sim.now) - start).seconds)
        return FlowReport(
            id: id, kind: "live", from: from, to: [to], bytesOffered: Int(totalChunks) * chunk,
            bytesDelivered: delivered * chunk, complete: complete, intact: corrupt == 0 && delivered > 0,
            completion: complete ? (finishedAt ?? sim.now) - start : nil,
            goodputBitsPerSecond: Double(delivered * chunk * 8) / active,
            retransmittedSegments: sent?.retransmittedSegments ?? 0, retransmittedBytes: sent?.retransmittedBytes ?? 0,
            outOfOrderSegments: 0,
            skippedSegments: skipped, latency: latency.summary, attempts: attempts)
    }
}

extension Simulation {
    /// Adds a live stream of `chunk`-byte records at `rate` bits/s for `duration`.
    @discardableResult
    public func addLiveFlow(
        from: Int, to: Int, rate: Double, duration: STTDuration, chunk: Int = 1_024,
        deadline: STTDuration? = nil, start: STTInstant = .zero
    ) -> LiveFlow {
        precondition(chunk >= Record.headerLength && chunk <= StreamDefaults.segmentSizes.upperBound, "chunk size")
        let flow = LiveFlow(
            id: flows.count, from: from, to: to, rate: rate, duration: duration, chunk: chunk,
            deadline: deadline, start: start)
        register(flow)
        wake(flow, at: start)
        return flow
    }
}
