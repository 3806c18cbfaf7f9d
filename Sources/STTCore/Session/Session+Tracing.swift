/// Transport events of a session's recovery: what an ACK or a timer settled, and the metrics
/// and congestion state that followed. Each function returns at once when tracing is off.
extension Session {
    /// Packets an ACK (or the loss timer) settled, then the metrics if they moved.
    func traceSettled(acked: [SentPacket], lost: [SentPacket], now: STTInstant) {
        guard tap.isActive else { return }
        for packet in acked {
            // One declared lost before keeps `isAcknowledged` false: its acknowledgement is spurious.
            let spurious = !packet.isAcknowledged
            tap.emit(now, id, .packetAcknowledged(number: packet.packetNumber, bytes: packet.size, spurious: spurious))
        }
        traceLost(lost, now: now)
        traceMetrics(now: now)
    }

    func traceLost(_ lost: [SentPacket], now: STTInstant) {
        guard tap.isActive, !lost.isEmpty else { return }
        let largest = loss.largestAcked ?? 0
        for packet in lost {
            let byPacket = largest >= packet.packetNumber && largest - packet.packetNumber >= loss.packetThreshold
            tap.emit(
                now, id,
                .packetLost(
                    number: packet.packetNumber, bytes: packet.size,
                    trigger: byPacket ? .packetThreshold : .timeThreshold))
        }
    }

    /// The congestion state (when it changed) and the metrics (when any moved).
    func traceMetrics(now: STTInstant) {
        guard tap.isActive else { return }
        let rtt = loss.rtt
        let metrics = TransportMetrics(
            congestionWindow: congestion.window, bytesInFlight: congestion.bytesInFlight,
            smoothedRTT: rtt.hasSample ? rtt.smoothed : nil, minimumRTT: rtt.hasSample ? rtt.minimum : nil,
            latestRTT: rtt.hasSample ? rtt.latest : nil,
            pacingRate: rtt.hasSample ? congestion.pacingRate(rtt) : nil,
            deliveryRate: congestion.latestDeliveryRate, congestionState: congestion.algorithm.stateName)
        guard metrics != tracedMetrics else { return }
        if let before = tracedMetrics?.congestionState, before != metrics.congestionState {
            tap.emit(now, id, .congestionStateChanged(from: before, to: metrics.congestionState))
        }
        tracedMetrics = metrics
        tap.emit(now, id, .metricsUpdated(metrics))
    }
}
