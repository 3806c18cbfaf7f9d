import STTCore
import STTSim

/// Watches a run as it happens, through the simulation's transport-event and trace sinks, and
/// keeps what the report and the time series need: per session, its packets' stream offsets,
/// acknowledgements, losses and recovery metrics; per link direction, queue occupancy and
/// drops. Everything is binned on one `TimeGrid`, so memory and output stay bounded whatever
/// the run's length. Sessions past `maximumSessions` are counted, not drawn.
public final class RunObserver {
    public static let maximumSessions = 64
    let grid: TimeGrid
    private(set) var sessions: [SessionTimeline] = []
    private var sessionIndex: [SessionKey: Int] = [:]  // lookup only
    /// Sessions seen past the cap (membership only; never iterated).
    private var untracked: Set<SessionKey> = []
    var untrackedSessions: Int { untracked.count }
    private(set) var links: [LinkTimeline] = []
    /// Reads a direction's queue (now, peak since the last read); nil when there are no links.
    private let queueSample: ((LinkDirectionID) -> (now: Int, peak: Int))?
    private var nextQueueSample: Int64
    private(set) var lastTime: Int64

    struct SessionKey: Hashable {
        let node: Int
        let session: SessionID
    }

    /// - Parameters:
    ///   - origin: the run's time zero.
    ///   - links: each link direction with its name, in the order charts list them.
    ///   - queueSample: how to read a direction's queue (the simulation's `takeQueueSample`).
    public init(
        origin: STTInstant = .zero, links: [(LinkDirectionID, String)] = [],
        queueSample: ((LinkDirectionID) -> (now: Int, peak: Int))? = nil
    ) {
        grid = TimeGrid(origin: origin.nanoseconds)
        self.queueSample = queueSample
        nextQueueSample = origin.nanoseconds
        lastTime = origin.nanoseconds
        self.links = links.map { LinkTimeline(direction: $0.0, name: $0.1, grid: grid) }
    }

    /// Attaches to a simulation: its transport events and link fates come here (and still go to
    /// any sinks already set, such as a trace file).
    public convenience init(attachingTo simulation: Simulation) {
        var directions: [(LinkDirectionID, String)] = []
        for l in 0..<simulation.linkCount {
            for reverse in [false, true] {
                let id = LinkDirectionID(link: l, reverse: reverse)
                directions.append((id, simulation.directionName(id)))
            }
        }
        self.init(
            origin: simulation.now, links: directions,
            queueSample: { [unowned simulation] in simulation.takeQueueSample($0) })
        let events = simulation.transportEventSink
        simulation.transportEventSink = { [unowned self] node, event in
            events?(node, event)
            self.observe(node: node, event)
        }
        let fates = simulation.traceSink
        simulation.traceSink = { [unowned self] record in
            fates?(record)
            self.observe(record)
        }
    }

    /// The timeline of `session` as `node` saw it, created on first sight (nil past the cap).
    func timeline(node: Int, session: SessionID) -> SessionTimeline? {
        let key = SessionKey(node: node, session: session)
        if let i = sessionIndex[key] { return sessions[i] }
        guard sessions.count < Self.maximumSessions else {
            untracked.insert(key)
            return nil
        }
        let t = SessionTimeline(node: node, session: session, grid: grid)
        sessionIndex[key] = sessions.count
        sessions.append(t)
        return t
    }

    /// An existing timeline, without creating one.
    func existingTimeline(node: Int, session: SessionID) -> SessionTimeline? {
        sessionIndex[SessionKey(node: node, session: session)].map { sessions[$0] }
    }

    public func observe(node: Int, _ event: TransportEvent) {
        let t = event.time.nanoseconds
        advance(to: t)
        switch event.kind {
        case .packetSent(let number, _, let frames):
            timeline(node: node, session: event.session)?.onSent(number: number, frames: frames, at: t)
        case .packetAcknowledged(let number, _, _):
            existingTimeline(node: node, session: event.session)?.onAcknowledged(number: number, at: t)
        case .packetLost(let number, _, _):
            existingTimeline(node: node, session: event.session)?.onLost(number: number, at: t)
        case .metricsUpdated(let metrics):
            timeline(node: node, session: event.session)?.onMetrics(metrics, at: t)
        case .packetReceived, .probeTimeout, .congestionStateChanged, .flowControlUpdated, .streamSkipped,
            .datagramSizeChanged, .lifecycle:
            break
        }
    }

    public func observe(_ record: TraceRecord) {
        advance(to: record.timeNanoseconds)
        if record.fate == .dropped, record.link >= 0, Int(record.link) < links.count {
            links[Int(record.link)].onDrop(record.reason.map { "\($0)" } ?? "other", at: record.timeNanoseconds)
        }
    }

    /// Time moved to `t`: reads the queues once per bin.
    func advance(to t: Int64) {
        lastTime = max(lastTime, t)
        guard let queueSample, t >= nextQueueSample else { return }
        for link in links {
            let (_, peak) = queueSample(link.direction)
            link.queueBytes.add(Double(peak), at: t)
        }
        nextQueueSample = t + grid.width
    }

    /// Seconds from the origin to the last thing observed.
    public var observedSeconds: Double { Double(lastTime - grid.origin) / 1e9 }
}
