/// BBR's ProbeBW cycle and ProbeRTT (draft-ietf-ccwg-bbr-06 §5.3.3, §5.3.4): every transition
/// rule of the probing state machine, in one place.
extension BBR {
    func enterProbeBW() {
        cwndGain = Self.defaultCwndGain
        startProbeBWDown()
    }

    /// DOWN: pace below the estimate until the queue drains and the flight fits the headroom.
    func startProbeBWDown() {
        isLossInRound = false
        bandwidthLatest = 0
        inflightLatest = 0
        probeUpAckedPerIncrement = .infinity
        pickProbeWait()
        cycleStamp = now
        ackPhase = .probeStopping
        startRound()
        state = .probeBW(.down)
        pacingGain = Self.probeDownPacingGain
        cwndGain = Self.defaultCwndGain
    }

    func startProbeBWCruise() {
        state = .probeBW(.cruise)
        pacingGain = 1.0
        cwndGain = Self.defaultCwndGain
    }

    /// REFILL: one round at the estimate with the short-term bounds lifted, so UP's samples
    /// measure a full pipe.
    func startProbeBWRefill() {
        bandwidthShortTerm = .infinity
        inflightShortTerm = .infinity
        probeUpRounds = 0
        probeUpAcked = 0
        previousProbePrecautionary = false
        ackPhase = .refilling
        startRound()
        state = .probeBW(.refill)
        pacingGain = 1.0
        cwndGain = Self.defaultCwndGain
    }

    func startProbeBWUp(_ rs: RateSample) {
        ackPhase = .probeStarting
        startRound()
        resetFullBandwidth()
        fullBandwidth = rs.deliveryRate
        state = .probeBW(.up)
        pacingGain = Self.probeUpPacingGain
        cwndGain = Self.probeUpCwndGain
        raiseInflightLongTermSlope()
    }

    /// §5.3.3.8: the next probe starts within 2-3 s, or after at most 63 rounds (Reno's time
    /// scale for small windows); the random start desynchronises flows.
    func pickProbeWait() {
        roundsSinceProbeUp = Int(random.next() % 2)
        probeWait = .seconds(2) + STTDuration(nanoseconds: Int64(random.next() % 1_000_000_000))
    }

    /// §5.3.3.9 `BBRUpdateProbeBWCyclePhase`.
    func updateProbeBWCyclePhase(_ rs: RateSample) {
        guard fullBandwidthReached else { return }
        if adaptLongTermModel(rs) { return }
        guard case .probeBW(let phase) = state else { return }
        switch phase {
        case .down:
            if isTimeToProbeBandwidth() { return }
            if Double(bytesInFlight) <= inflightWithHeadroom, Double(bytesInFlight) <= inflight(gain: 1.0) {
                startProbeBWCruise()
            }
        case .cruise:
            _ = isTimeToProbeBandwidth()
        case .refill:
            if roundStart {  // exactly one round of refill
                isBandwidthProbeSample = true
                startProbeBWUp(rs)
            }
        case .up:
            if isTimeToGoDown(rs) {
                previousProbeTooHigh = false
                startProbeBWDown()
            }
        }
    }

    func isTimeToProbeBandwidth() -> Bool {
        let renoRounds = min(Int(targetInflight) / max(smss, 1), Self.renoProbeRounds)
        guard now > cycleStamp + probeWait || roundsSinceProbeUp >= renoRounds else { return false }
        startProbeBWRefill()
        return true
    }

    /// §5.3.3.7: UP ends at a bandwidth plateau, or early after a probe that went too high.
    func isTimeToGoDown(_ rs: RateSample) -> Bool {
        if previousProbeTooHigh, Double(bytesInFlight) >= inflightLongTerm {
            previousProbePrecautionary = true
            return true
        }
        if isCwndLimited, Double(cwnd) >= inflightLongTerm {
            // The long-term bound, not the path, limits the flight: a plateau proves nothing.
            resetFullBandwidth()
            fullBandwidth = rs.deliveryRate
        } else if fullBandwidthNow {
            return true
        }
        return false
    }

    /// The long-term model on each ACK: the probe's feedback phases, the cycle's end (which
    /// ages the bandwidth filter), and the bound raised to any flight that proved safe.
    /// Returns whether it changed the state.
    func adaptLongTermModel(_ rs: RateSample) -> Bool {
        if ackPhase == .probeStarting, roundStart { ackPhase = .probeFeedback }
        if ackPhase == .probeStopping, roundStart {
            isBandwidthProbeSample = false
            ackPhase = .initial
            if case .probeBW = state, !rs.isAppLimited { cycleCount += 1 }
            if case .probeBW = state, previousProbePrecautionary, !previousProbeTooHigh {
                startProbeBWRefill()
                return true
            }
        }
        guard !isInflightTooHigh(rs) else { return false }
        guard inflightLongTerm != .infinity else { return false }
        inflightLongTerm = max(inflightLongTerm, Double(rs.bytesInFlightAtSend))
        if state == .probeBW(.up) { probeInflightLongTermUpward() }
        return false
    }

    /// UP grows the long-term bound by 1, 2, 4, ... datagrams per round, while it binds.
    func raiseInflightLongTermSlope() {
        let growth = 1 << probeUpRounds
        probeUpRounds = min(probeUpRounds + 1, Self.maximumProbeUpRounds)
        probeUpAckedPerIncrement = max(Double(cwnd) / Double(growth), Double(smss))
    }

    func probeInflightLongTermUpward() {
        guard isCwndLimited, Double(cwnd) >= inflightLongTerm else { return }
        probeUpAcked += newlyAcked
        if Double(probeUpAcked) >= probeUpAckedPerIncrement {
            let increments = (Double(probeUpAcked) / probeUpAckedPerIncrement).rounded(.down)
            probeUpAcked -= Int(increments * probeUpAckedPerIncrement)
            inflightLongTerm += increments * Double(smss)
        }
        if roundStart { raiseInflightLongTermSlope() }
    }

    /// §5.3.4: every 5 s without a lower RTT sample, shrink the flight to half the BDP for
    /// 200 ms and a round, so the queue drains and the propagation time shows.
    func checkProbeRTT(_ rs: RateSample) {
        if !isProbingRTT, probeRTTExpired, !idleRestart {
            state = .probeRTT(doneAt: nil, roundDone: false)
            pacingGain = 1.0
            cwndGain = Self.probeRTTCwndGain
            saveCwnd()
            ackPhase = .probeStopping
            startRound()
        }
        if case .probeRTT(let doneAt, let roundDone) = state {
            if doneAt == nil, Double(bytesInFlight) <= probeRTTCwnd {
                state = .probeRTT(doneAt: now + Self.probeRTTDuration, roundDone: false)
                startRound()
            } else if doneAt != nil {
                if roundStart || roundDone { state = .probeRTT(doneAt: doneAt, roundDone: true) }
                if roundStart || roundDone { checkProbeRTTDone() }
            }
        }
        if rs.delivered > 0 { idleRestart = false }
    }

    func checkProbeRTTDone() {
        guard case .probeRTT(let doneAt?, _) = state, now > doneAt else { return }
        probeRTTMinStamp = now  // the next ProbeRTT is 5 s away
        restoreCwnd()
        bandwidthShortTerm = .infinity
        inflightShortTerm = .infinity
        if fullBandwidthReached {
            startProbeBWDown()
            startProbeBWCruise()  // the flight is already below the BDP
        } else {
            enterStartup()
        }
    }
}
