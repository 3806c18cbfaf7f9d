import STTCore

/// What one node saw of one session over time: its packets' stream data per stream, what was
/// acknowledged and lost, and its recovery metrics.
final class SessionTimeline {
    /// A stream range a packet carried, kept until the packet is settled.
    struct Carried {
        let stream: UInt32
        let range: Range<UInt64>
    }

    let node: Int
    let session: SessionID
    let grid: TimeGrid
    private(set) var streams: [StreamTimeline] = []
    private var streamIndex: [UInt32: Int] = [:]  // lookup only
    /// Packets sent and not yet settled: when, and the stream bytes they carried (lookup only).
    private var carried: [UInt64: (sentAt: Int64, ranges: [Carried])] = [:]
    /// Captures without keys: the time-sequence graph plots packet numbers, goodput is the
    /// protected payload's throughput.
    var packetNumbersOnly = false

    let congestionWindow: BinnedSeries
    let bytesInFlight: BinnedSeries
    let pacingRate: BinnedSeries
    let deliveryRate: BinnedSeries
    let smoothedRTT: BinnedSeries
    let minimumRTT: BinnedSeries
    let latestRTT: BinnedSeries
    /// Stream bytes newly acknowledged in order (goodput), and packets declared lost.
    let goodput: BinnedSeries
    let losses: BinnedSeries
    /// RTT samples a capture estimates (time between a packet and the ACK of it).
    let estimatedRTT: BinnedSeries
    private(set) var congestionStates: [(Double, String)] = []
    private(set) var packetsSent = 0
    private(set) var packetsLost = 0
    private(set) var hasMetrics = false

    init(node: Int, session: SessionID, grid: TimeGrid) {
        self.node = node
        self.session = session
        self.grid = grid
        congestionWindow = grid.makeSeries()
        bytesInFlight = grid.makeSeries()
        pacingRate = grid.makeSeries()
        deliveryRate = grid.makeSeries()
        smoothedRTT = grid.makeSeries()
        minimumRTT = grid.makeSeries()
        latestRTT = grid.makeSeries()
        goodput = grid.makeSeries()
        losses = grid.makeSeries()
        estimatedRTT = grid.makeSeries()
    }

    var hasStreamData: Bool { !streams.isEmpty }

    func stream(_ id: UInt32) -> StreamTimeline {
        if let i = streamIndex[id] { return streams[i] }
        let s = StreamTimeline(id: id, grid: grid)
        streamIndex[id] = streams.count
        streams.append(s)
        return s
    }

    func onSent(number: UInt64, frames: [FrameSummary], at t: Int64) {
        packetsSent += 1
        var ranges: [Carried] = []
        for frame in frames {
            switch frame {
            case .stream(let id, _, let offset, let length, _):
                let range = offset..<offset &+ UInt64(length)
                stream(id).onSent(range, at: t)
                ranges.append(Carried(stream: id, range: range))
            case .skip(let id, _, let offset):
                stream(id).onSkipped(to: offset, at: t)
            default: continue
            }
        }
        if !ranges.isEmpty { carried[number] = (t, ranges) }
    }

    /// A capture without keys: the packet number is all there is; `bytes` of payload passed.
    func onOpaquePacket(number: UInt64, bytes: Int, at t: Int64) {
        packetsSent += 1
        packetNumbersOnly = true
        stream(0).onSent(number..<number + 1, at: t)
        goodput.add(Double(bytes), at: t)
    }

    /// A capture's ACK frame from the peer: settles every carried packet in `ranges` and, from
    /// the largest, estimates the RTT (capture time of the ACK minus that of the packet, less
    /// the peer's ACK delay; the whole RTT only when captured at this side).
    func onAckFrame(_ ranges: [ClosedRange<UInt64>], largest: UInt64, ackDelay: STTDuration, at t: Int64) {
        if let sent = carried[largest]?.sentAt {
            let rtt = t - sent - ackDelay.nanoseconds
            if rtt > 0 { onRTTEstimate(STTDuration(nanoseconds: rtt), at: t) }
        }
        for range in ranges {
            if range.upperBound - range.lowerBound < 65_536 {
                for pn in range where carried[pn] != nil { onAcknowledged(number: pn, at: t) }
            } else {
                for pn in carried.keys.filter({ range.contains($0) }).sorted() { onAcknowledged(number: pn, at: t) }
            }
        }
    }

    /// Whether `number` was sent with stream data and is still unsettled.
    func isCarrying(_ number: UInt64) -> Bool { carried[number] != nil }

    func onAcknowledged(number: UInt64, at t: Int64) {
        guard let ranges = carried.removeValue(forKey: number)?.ranges else { return }
        var advanced: UInt64 = 0
        for c in ranges { advanced += stream(c.stream).onAcknowledged(c.range, at: t) }
        if advanced > 0 { goodput.add(Double(advanced), at: t) }
    }

    func onLost(number: UInt64, at t: Int64) {
        packetsLost += 1
        losses.add(1, at: t)
        carried[number] = nil  // its bytes go out again in new packets
    }

    func onMetrics(_ m: TransportMetrics, at t: Int64) {
        hasMetrics = true
        congestionWindow.add(Double(m.congestionWindow), at: t)
        bytesInFlight.add(Double(m.bytesInFlight), at: t)
        if let v = m.pacingRate { pacingRate.add(v * 8, at: t) }
        if let v = m.deliveryRate { deliveryRate.add(v * 8, at: t) }
        if let v = m.smoothedRTT { smoothedRTT.add(v.seconds * 1000, at: t) }
        if let v = m.minimumRTT { minimumRTT.add(v.seconds * 1000, at: t) }
        if let v = m.latestRTT { latestRTT.add(v.seconds * 1000, at: t) }
        if congestionStates.last?.1 != m.congestionState, congestionStates.count < 10_000 {
            congestionStates.append((Double(t - grid.origin) / 1e9, m.congestionState))
        }
    }

    func onRTTEstimate(_ rtt: STTDuration, at t: Int64) {
        hasMetrics = true
        estimatedRTT.add(rtt.seconds * 1000, at: t)
    }
}
