import STTCore

/// A live stream: `chunk`-byte records written at `rate` for `duration`, each its own segment;
/// with a `deadline`, records older than it are skipped rather than retransmitted. Measures
/// per-record latency and checks every record's bytes.
public final class LiveFlow: Flow {
    public let rate: Double
    public let duration: STTDuration
    public let chunk: Int
    public let deadline: STTDuration?
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
    private var closing = ClosingSnapshot()
    /// The sender closed the session once everything it wrote was acknowledged or skipped.
    private var closed = false
    private lazy var senderApplication = Sender(flow: self)
    private lazy var receiverApplication = Receiver(flow: self)

    init(
        id: Int, from: Int, to: Int, rate: Double, duration: STTDuration, chunk: Int, deadline: STTDuration?,
        start: STTInstant
    ) {
        self.rate = rate
        self.duration = duration
        self.chunk = chunk
        self.deadline = deadline
        reader = RecordReader(size: chunk)
        super.init(id: id, from: from, peers: [to], start: start)
    }

    override var kind: String { "live" }
    override var sender: any Application { senderApplication }
    override var receivers: [any Application] { [receiverApplication] }

    /// A record every `chunk × 8 / rate`, at least a nanosecond (scenario files keep it ≥ 1 µs).
    private var interval: STTDuration {
        STTDuration(nanoseconds: max(1, STTDuration(saturatingNanoseconds: Double(chunk * 8) / rate * 1e9).nanoseconds))
    }
    private var totalChunks: UInt64 { UInt64(max(1, duration.nanoseconds / interval.nanoseconds)) }

    /// Done once every record was written and the receiver has caught up with the last one.
    public override var isDone: Bool { written == totalChunks && lastSequence == Int64(totalChunks) - 1 }

    override func statistics(_ view: FlowReportContext) -> FlowStatistics {
        let received =
            session.flatMap { id in stream.flatMap { view.endpoint(to)?.receiveStreamStatistics($0, on: id) } }
            ?? closing.receive
        let skipped = received?.skippedSegments ?? 0
        let sent =
            session.flatMap { id in stream.flatMap { view.endpoint(from)?.sendStreamStatistics($0, on: id) } }
            ?? closing.send
        let size =
            session.flatMap { view.endpoint(from)?.sessionInfo($0)?.recovery.datagramSize } ?? closing.datagramSize
        let complete = written == totalChunks && delivered + skipped >= Int(totalChunks)
        let active = max(1e-9, ((finishedAt ?? view.now) - start).seconds)
        return FlowStatistics(
            bytesOffered: Int(totalChunks) * chunk, bytesDelivered: delivered * chunk, complete: complete,
            intact: corrupt == 0 && delivered > 0, completion: complete ? (finishedAt ?? view.now) - start : nil,
            goodputBitsPerSecond: Double(delivered * chunk * 8) / active,
            retransmittedSegments: sent?.retransmittedSegments ?? 0, retransmittedBytes: sent?.retransmittedBytes ?? 0,
            retransmittedFragments: sent?.retransmittedFragments ?? 0,
            outOfOrderSegments: 0, skippedSegments: skipped, attempts: attempts, latency: latency.summary,
            datagramSize: size)
    }

    /// The camera: connects, then writes one record per interval.
    final class Sender: Application {
        // The flow owns this application and outlives it.
        unowned(unsafe) let flow: LiveFlow
        init(flow: LiveFlow) { self.flow = flow }

        func wake(_ context: ApplicationContext) {
            guard context.isHostUp else {
                context.wake(at: context.now + .seconds(1))
                return
            }
            if flow.session == nil {
                flow.attempts += 1
                flow.session = context.connect(to: flow.to, binding: self, receiver: flow.receiverApplication)
                return
            }
            guard let session = flow.session, let stream = flow.stream, let endpoint = context.endpoint else { return }
            if flow.written == flow.totalChunks {
                // Everything written: close once it is all acknowledged or skipped.
                guard !flow.closed, let stats = endpoint.sendStreamStatistics(stream, on: session) else { return }
                guard stats.bufferedBytes == 0 else {
                    context.wake(at: context.now + .milliseconds(100))
                    return
                }
                flow.closed = true
                flow.closing.take(endpoint, session: session, sendStream: stream)
                endpoint.close(session, now: context.now)
                return
            }
            let record = Record.make(sequence: flow.written, sentAt: context.now.nanoseconds, size: flow.chunk)
            if (try? endpoint.write(record, to: stream, on: session, now: context.now)) == flow.chunk {
                flow.written += 1
            }
            if flow.written < flow.totalChunks {
                context.wake(at: context.now + flow.interval)
            } else {
                flow.finishedAt = context.now
                context.wake(at: context.now + .milliseconds(100))
            }
        }

        func handle(_ event: EndpointEvent, _ context: ApplicationContext) {
            guard let session = flow.session else { return }
            switch event {
            case .sessionEstablished(let id, _, _, _) where id == session:
                flow.stream = try? context.endpoint?.openStream(
                    on: id, mode: .live(deadline: flow.deadline), segmentSize: max(flow.chunk, 1_024))
                context.wake(at: context.now)
            case .sessionFailed(let id, _, _, _) where id == session, .sessionClosed(let id, _) where id == session:
                if flow.closed { return }  // closed by this side once done: keep its id for the report
                flow.session = nil  // a live stream does not resume: later records are simply not sent
            default:
                break
            }
        }
    }

    /// The viewer: reads records, checks each one and measures its latency.
    final class Receiver: Application {
        // The flow owns this application and outlives it.
        unowned(unsafe) let flow: LiveFlow
        init(flow: LiveFlow) { self.flow = flow }

        func handle(_ event: EndpointEvent, _ context: ApplicationContext) {
            guard let session = flow.session,
                case .streamReadable(let id, let s) = event, id == session, s == flow.stream,
                let endpoint = context.endpoint
            else { return }
            while let data = endpoint.read(from: s, on: id) {
                flow.reader.feed(data) { r in flow.take(r, context) }
            }
            if let stats = endpoint.receiveStreamStatistics(s, on: id) { flow.closing.receive = stats }
        }
    }

    private func take(_ r: ArraySlice<UInt8>, _ context: ApplicationContext) {
        let (seq, sentAt, intact) = Record.read(r)
        if !intact || Int64(seq) <= lastSequence { corrupt += 1 }
        lastSequence = Int64(seq)
        delivered += 1
        if isDone, !reportedDone {
            reportedDone = true
            context.flowDone()
        }
        latency.record(nanoseconds: context.now.nanoseconds - sentAt)
    }
}
