/// BBR's path model (draft-ietf-ccwg-bbr-06 §5.5): rounds, the bandwidth and min-RTT filters,
/// ACK aggregation, the short- and long-term bounds, and the reaction to loss.
extension BBR {
    /// §5.2.3 `BBRUpdateModelAndState`, in the draft's order.
    func updateModelAndState(_ rs: RateSample) {
        updateLatestDeliverySignals(rs)
        updateCongestionSignals(rs)
        updateAckAggregation()
        checkFullBandwidthReached(rs)
        checkStartupDone(rs)
        checkDrainDone()
        updateProbeBWCyclePhase(rs)
        updateMinRTT(rs)
        checkProbeRTT(rs)
        advanceLatestDeliverySignals(rs)
        bandwidth = min(maxBandwidth, bandwidthShortTerm)
    }

    /// §5.5.1: a round ends when a packet sent after the previous round's end is acknowledged.
    func updateRound(_ rs: RateSample) {
        if rs.priorDelivered >= nextRoundDelivered {
            startRound()
            roundCount += 1
            roundsSinceProbeUp += 1
            roundStart = true
            cwndLimited = (cwndLimited.thisRound, false)
        } else {
            roundStart = false
        }
    }

    func startRound() { nextRoundDelivered = delivered }

    /// The window was fully used at some point in this or the previous round.
    var isCwndLimited: Bool { cwndLimited.previousRound || cwndLimited.thisRound }

    /// §5.5.10.3: one-round maxima of what was delivered, and the loss round's boundary.
    func updateLatestDeliverySignals(_ rs: RateSample) {
        lossRoundStart = false
        bandwidthLatest = max(bandwidthLatest, rs.deliveryRate)
        inflightLatest = max(inflightLatest, Double(rs.delivered))
        if rs.priorDelivered >= lossRoundDelivered {
            lossRoundDelivered = delivered
            lossRoundStart = true
        }
    }

    func advanceLatestDeliverySignals(_ rs: RateSample) {
        guard lossRoundStart else { return }
        bandwidthLatest = rs.deliveryRate
        inflightLatest = Double(rs.delivered)
    }

    /// §5.5.3 and §5.5.10.3: the max-bandwidth filter, then, once per loss round outside
    /// probing, the short-term bounds lowered towards what the lossy round delivered.
    func updateCongestionSignals(_ rs: RateSample) {
        updateRound(rs)
        if rs.deliveryRate > 0, rs.deliveryRate >= maxBandwidth || !rs.isAppLimited {
            maxBandwidthFilter.update(rs.deliveryRate, time: cycleCount)
            maxBandwidth = maxBandwidthFilter.best
        }
        guard lossRoundStart else { return }
        // Departure from the draft (§5.5.10.3 cuts on any loss): the short-term bounds come
        // down only when the round lost more than the loss threshold. Random loss below it is
        // the path's noise, not a queue overflowing, and must not cut the rate (at 1 % random
        // loss the draft's rule sags the rate by ~2 % a round until the next REFILL).
        let roundDelivered = delivered - lossRound.deliveredAtStart
        let lossRate = Double(lossRound.lostBytes) / Double(max(1, roundDelivered + lossRound.lostBytes))
        if !isProbingBandwidth, isLossInRound, lossRate > Self.lossThreshold {
            if bandwidthShortTerm == .infinity { bandwidthShortTerm = maxBandwidth }
            if inflightShortTerm == .infinity { inflightShortTerm = Double(cwnd) }
            bandwidthShortTerm = max(bandwidthLatest, Self.beta * bandwidthShortTerm)
            inflightShortTerm = max(inflightLatest, Self.beta * inflightShortTerm)
        }
        isLossInRound = false
    }

    /// Startup, REFILL and UP probe for bandwidth: their losses do not lower the short-term bounds.
    var isProbingBandwidth: Bool {
        switch state {
        case .startup, .probeBW(.refill), .probeBW(.up): return true
        default: return false
        }
    }

    /// §5.5.9: how far ACKs ran ahead of the estimated bandwidth (aggregation), kept as a
    /// max over 10 rounds (1 in Startup) and added to the window.
    func updateAckAggregation() {
        var expected = bandwidth * (now - extraAckedIntervalStart).seconds
        if Double(extraAckedDelivered) <= expected {
            extraAckedDelivered = 0
            extraAckedIntervalStart = now
            expected = 0
        }
        extraAckedDelivered += newlyAcked
        let extra = min(Double(extraAckedDelivered) - expected, Double(cwnd))
        if extraAckedFilter.length != (fullBandwidthReached ? Self.extraAckedFilterRounds : 1) {
            extraAckedFilter = WindowedMaxFilter(length: fullBandwidthReached ? Self.extraAckedFilterRounds : 1)
        }
        extraAckedFilter.update(max(0, extra), time: roundCount)
    }

    var extraAcked: Double { extraAckedFilter.best }

    /// §5.3.1.2: the pipe is full after three non-application-limited rounds without 25 % growth.
    func checkFullBandwidthReached(_ rs: RateSample) {
        guard !fullBandwidthNow, roundStart, !rs.isAppLimited else { return }
        if rs.deliveryRate >= fullBandwidth * Self.fullBandwidthGrowth {
            resetFullBandwidth()
            fullBandwidth = rs.deliveryRate
            return
        }
        fullBandwidthCount += 1
        if fullBandwidthCount >= Self.fullBandwidthRounds {
            fullBandwidthNow = true
            fullBandwidthReached = true
        }
    }

    func resetFullBandwidth() {
        fullBandwidth = 0
        fullBandwidthCount = 0
        fullBandwidthNow = false
    }

    /// §5.3.1.3: Startup also ends when a loss round lost more than 2 % in at least six loss
    /// events (one per loss detection here), with the long-term bound at what was in flight.
    func checkStartupDone(_ rs: RateSample) {
        if state == .startup, !fullBandwidthReached, lossRoundStart {
            let roundDelivered = delivered - lossRound.deliveredAtStart
            let roundLost = lossRound.lostBytes
            if lossEventsInRound >= Self.startupFullLossCount,
                Double(roundLost) > Self.lossThreshold * Double(roundDelivered + roundLost)
            {
                undo.state = .startup
                fullBandwidthReached = true
                inflightLongTerm = max(bdpMultiple(1.0), inflightLatest)
            }
        }
        if lossRoundStart {
            lossEventsInRound = 0
            lossRound = (0, delivered)
        }
        if state == .startup, fullBandwidthReached { enterDrain() }
    }

    func checkDrainDone() {
        guard case .drain(let start) = state else { return }
        if Double(bytesInFlight) <= inflight(gain: 1.0) || roundCount > start + 3 { enterProbeBW() }
    }

    /// §5.5.7: the min RTT over 10 s, and the ProbeRTT reference refreshed every 5 s.
    func updateMinRTT(_ rs: RateSample) {
        probeRTTExpired = now > probeRTTMinStamp + Self.probeRTTInterval
        if let sample = rs.rtt, sample >= .zero, probeRTTMinDelay.map({ sample < $0 }) ?? true || probeRTTExpired {
            probeRTTMinDelay = sample
            probeRTTMinStamp = now
        }
        if let candidate = probeRTTMinDelay,
            minRTT.map({ candidate < $0 }) ?? true || now > minRTTStamp + Self.minRTTFilterLength
        {
            minRTT = candidate
            minRTTStamp = probeRTTMinStamp
        }
    }

    /// §5.5.10.2: every lost packet is judged by its own send-time snapshot. A probe that lost
    /// more than 2 % of its flight caps the long-term inflight where loss crossed 2 %.
    func handleLostPacket(_ packet: LossSample.Packet, lostThen: Int) {
        noteLoss()
        guard isBandwidthProbeSample else { return }
        let txInFlight = Double(packet.bytesInFlightAtSend)
        let lostSince = Double(lostThen - packet.lostAtSend)
        guard lostSince > Self.lossThreshold * txInFlight else { return }
        let inflightPrevious = txInFlight - Double(packet.bytes)
        let lostPrevious = lostSince - Double(packet.bytes)
        var atLoss = txInFlight
        if inflightPrevious >= 0, lostPrevious >= 0 {
            let prefix = max(0, (Self.lossThreshold * inflightPrevious - lostPrevious) / (1 - Self.lossThreshold))
            atLoss = inflightPrevious + prefix
        }
        handleInflightTooHigh(txInFlight: atLoss, isAppLimited: packet.isAppLimited)
    }

    func noteLoss() {
        if !isLossInRound {
            lossRoundDelivered = delivered  // the loss round runs a full round from here
            saveStateUponLoss()
        }
        isLossInRound = true
    }

    func saveStateUponLoss() {
        saveCwnd()
        undo = (nil, bandwidthShortTerm, inflightShortTerm, inflightLongTerm)
    }

    func handleInflightTooHigh(txInFlight: Double, isAppLimited: Bool) {
        previousProbeTooHigh = true
        isBandwidthProbeSample = false  // react once per probe
        if !isAppLimited { inflightLongTerm = max(txInFlight, Self.beta * targetInflight) }
        if state == .probeBW(.up) {
            undo.state = .probeBW(.up)
            startProbeBWDown()
        }
    }

    /// The ACK-path test of the long-term model: more than 2 % of the sampled flight was lost.
    func isInflightTooHigh(_ rs: RateSample) -> Bool {
        Double(rs.lost) > Self.lossThreshold * Double(rs.bytesInFlightAtSend)
    }
}
