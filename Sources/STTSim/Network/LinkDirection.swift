import DequeModule
import STTCore

/// One direction of a link, as ns-3's point-to-point device: a drop-tail queue in front of a
/// serialiser (its transmit state machine: idle → transmitting → idle), then the wire's fault
/// decisions. The network asks it whether a packet is admitted, when its transmission ends and
/// what the wire does to it; the direction owns every one of those answers.
final class LinkDirection {
    /// How a packet offered to the direction fares at once.
    enum Admission {
        case dropped(NetworkDropReason)
        /// No queue (unlimited capacity): the packet is on the wire now.
        case onWire
        /// The link was idle: the packet is serialising until `until` (nanoseconds).
        case transmitting(until: Int64)
        /// It waits behind the packet being serialised.
        case queued
    }

    private struct Queued {
        let packet: Int32
        let size: Int
        /// When it joined the queue (nanoseconds), for its queueing delay.
        let enqueuedAt: Int64
    }

    let id: LinkDirectionID
    let from: Int32
    let to: Int32
    var parameters: LinkParameters
    var faults: FaultInjector
    private var serialiser = LinkCapacity.Serialiser()
    /// Packets waiting; the head is being serialised while `isTransmitting`.
    private var queue = Deque<Queued>()
    private var queuedBytes = 0
    private(set) var isTransmitting = false
    /// The most bytes waiting (the packet in service excluded) since the last queue sample.
    private var samplePeakBytes = 0
    var statistics = LinkDirectionStatistics()
    /// One-way delays of delivered packets.
    var latency = LatencyRecorder()
    /// Time packets waited in the queue before their serialisation began.
    var queueDelay = LatencyRecorder()

    init(id: LinkDirectionID, from: Int32, to: Int32, parameters: LinkParameters, rng: Xoshiro256StarStar) {
        self.id = id
        self.from = from
        self.to = to
        self.parameters = parameters
        faults = FaultInjector(rng: rng)
    }

    /// A packet of `size` bytes (IP size) reaches this direction at `now`: the checks on entry
    /// (down, partition, MTU, queue limits; the packet in service does not count against the
    /// queue), then the queue or, with unlimited capacity, the wire.
    func admit(_ packet: Int32, size: Int, now: Int64, partitioned: Bool) -> Admission {
        statistics.packets += 1
        statistics.bytes += size
        let inService = isTransmitting ? 1 : 0
        let headSize = isTransmitting ? queue.first?.size ?? 0 : 0
        if !parameters.isUp { return refuse(.down) }
        if partitioned { return refuse(.partition) }
        if size > parameters.mtu { return refuse(.mtu) }
        if let limit = parameters.queueLimitPackets, queue.count >= limit + inService { return refuse(.queue) }
        if let limit = parameters.queueLimitBytes, queuedBytes - headSize + size > limit { return refuse(.queue) }
        guard parameters.capacity.hasQueue else { return .onWire }
        queue.append(Queued(packet: packet, size: size, enqueuedAt: now))
        queuedBytes += size
        statistics.peakQueuePackets = max(statistics.peakQueuePackets, queue.count - inService)
        statistics.peakQueueBytes = max(statistics.peakQueueBytes, queuedBytes - headSize)
        samplePeakBytes = max(samplePeakBytes, queuedBytes - headSize)
        guard isTransmitting else { return .transmitting(until: startTransmission(now: now)) }
        return .queued
    }

    /// Bytes waiting now (the packet in service excluded) and the most since the last call.
    func takeQueueSample() -> (now: Int, peak: Int) {
        let waiting = queuedBytes - (isTransmitting ? queue.first?.size ?? 0 : 0)
        defer { samplePeakBytes = waiting }
        return (waiting, max(samplePeakBytes, waiting))
    }

    /// The head packet has been serialised (at `now`): it leaves the queue and the serialiser
    /// is idle. Call `transmitNext` once the packet is on the wire.
    func completeTransmission() -> Int32? {
        isTransmitting = false
        guard let head = queue.popFirst() else { return nil }
        queuedBytes -= head.size
        // An emptied queue gives its storage back: ten thousand access links that each carried
        // a burst once must not each keep a buffer for it.
        if queue.isEmpty { queue = Deque() }
        return head.packet
    }

    /// Starts serialising the next waiting packet; returns when it completes, or nil when the
    /// queue is empty.
    func transmitNext(now: Int64) -> Int64? {
        queue.isEmpty ? nil : startTransmission(now: now)
    }

    /// Counts a drop on this direction (on entry, on the wire, or at a crashed far end).
    func recordDrop(_ reason: NetworkDropReason) { statistics.dropped[reason] += 1 }

    /// Counts a packet delivered to the far end after `delay` nanoseconds on this direction.
    func recordDelivery(size: Int, delay: Int64) {
        statistics.delivered += 1
        statistics.deliveredBytes += size
        latency.record(nanoseconds: delay)
    }

    private func refuse(_ reason: NetworkDropReason) -> Admission {
        recordDrop(reason)
        return .dropped(reason)
    }

    private func startTransmission(now: Int64) -> Int64 {
        isTransmitting = true
        queueDelay.record(nanoseconds: now - queue[0].enqueuedAt)
        return serialiser.departure(bytes: queue[0].size, now: now, capacity: parameters.capacity)
    }
}
