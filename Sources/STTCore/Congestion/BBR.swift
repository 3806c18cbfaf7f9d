/// BBR version 3, as draft-ietf-ccwg-bbr-06 specifies it (section numbers below are the
/// draft's): a model of the path — its bottleneck bandwidth (a max filter over two probing
/// cycles) and its round-trip propagation time (a min filter) — sets the pacing rate and the
/// volume in flight. Startup doubles the rate each round until three rounds bring under 25 %
/// more bandwidth, Drain empties the queue it built, ProbeBW cycles DOWN, CRUISE, REFILL and
/// UP, and ProbeRTT briefly shrinks the flight every 5 s to re-measure the propagation time.
///
/// Loss enters the model in two places only: a probe that loses more than 2 % of its flight
/// caps the long-term inflight at the level where loss crossed 2 % (§5.5.10.2), and rounds
/// with loss outside probing lower the short-term bounds towards what was delivered (§5.5.10.3).
/// Random loss below the threshold therefore does not cut the rate.
///
/// Units: bytes, bytes per second, and `STTDuration`s.
final class BBR: CongestionAlgorithm {
    // §2: parameters.
    static let startupPacingGain = 2.77
    static let defaultCwndGain = 2.0
    static let drainPacingGain = 0.5
    static let probeDownPacingGain = 0.9
    static let probeUpPacingGain = 1.25
    static let probeUpCwndGain = 2.25
    static let probeRTTCwndGain = 0.5
    static let lossThreshold = 0.02
    static let beta = 0.7
    static let headroom = 0.15
    static let pacingMargin = 0.01
    static let minRTTFilterLength = STTDuration.seconds(10)
    static let probeRTTInterval = STTDuration.seconds(5)
    static let probeRTTDuration = STTDuration.milliseconds(200)
    static let maxBandwidthFilterCycles = 2
    static let extraAckedFilterRounds = 10
    static let fullBandwidthGrowth = 1.25
    static let fullBandwidthRounds = 3
    static let startupFullLossCount = 6
    static let maximumProbeUpRounds = 30
    static let renoProbeRounds = 63

    enum ProbeBWPhase: Equatable {
        case down, cruise, refill, up
    }

    /// The state machine (§5.3), with each state's own data.
    enum State: Equatable {
        case startup
        case drain(startRound: Int)
        case probeBW(ProbeBWPhase)
        /// `doneAt` is set once the flight has shrunk; `roundDone` once a round passed since.
        case probeRTT(doneAt: STTInstant?, roundDone: Bool)
    }

    /// Where the long-term model is in its probing cycle (§5.3.3.9).
    enum AckPhase: Equatable {
        case initial, probeStarting, probeFeedback, probeStopping, refilling
    }

    var smss: Int
    let initialWindow: Int
    var state = State.startup
    var pacingGain = BBR.startupPacingGain
    var cwndGain = BBR.defaultCwndGain
    var cwnd: Int
    var priorCwnd = 0
    var pacingRateValue = 0.0
    var hasSeenRTT = false
    var random: SplitMix64

    // The model (§5.5).
    var maxBandwidthFilter = WindowedMaxFilter(length: BBR.maxBandwidthFilterCycles)
    var cycleCount = 0
    var maxBandwidth = 0.0
    var bandwidthShortTerm = Double.infinity
    var bandwidth = 0.0
    var minRTT: STTDuration?
    var minRTTStamp = STTInstant.zero
    var probeRTTMinDelay: STTDuration?
    var probeRTTMinStamp = STTInstant.zero
    /// The ProbeRTT reference was older than 5 s when this ACK's sample was taken (§5.5.7).
    var probeRTTExpired = false
    var extraAckedFilter = WindowedMaxFilter(length: BBR.extraAckedFilterRounds)
    var extraAckedIntervalStart = STTInstant.zero
    var extraAckedDelivered = 0
    var inflightLongTerm = Double.infinity
    var inflightShortTerm = Double.infinity
    var bandwidthLatest = 0.0
    var inflightLatest = 0.0

    // Rounds (§5.5.1) and loss rounds (§5.5.10.3).
    var roundCount = 0
    var roundStart = false
    var nextRoundDelivered = 0
    var lossRoundDelivered = 0
    var lossRoundStart = false
    var isLossInRound = false
    var lossEventsInRound = 0
    var lossRound = (lostBytes: 0, deliveredAtStart: 0)
    var cwndLimited = (previousRound: false, thisRound: false)

    // Full-bandwidth detection (§5.3.1.2).
    var fullBandwidthReached = false
    var fullBandwidthNow = false
    var fullBandwidth = 0.0
    var fullBandwidthCount = 0

    // Probing (§5.3.3).
    var ackPhase = AckPhase.initial
    var cycleStamp = STTInstant.zero
    var probeWait = STTDuration.seconds(2)
    var roundsSinceProbeUp = 0
    var isBandwidthProbeSample = false
    var previousProbeTooHigh = false
    var previousProbePrecautionary = false
    var probeUpRounds = 0
    var probeUpAcked = 0
    var probeUpAckedPerIncrement = Double.infinity
    var idleRestart = false

    // Recovery and undo (§5.5.11, §5.6.4.4).
    var recoveryStart: STTInstant?
    var undo = (
        state: State?.none, bandwidthShortTerm: Double.infinity, inflightShortTerm: Double.infinity,
        inflightLongTerm: Double.infinity
    )

    // The ACK in progress, and the connection's view of it.
    var newlyAcked = 0
    var now = STTInstant.zero
    var bytesInFlight = 0
    var delivered = 0
    var lost = 0

    init(maxDatagramSize: Int, randomSeed: UInt64) {
        smss = maxDatagramSize
        initialWindow = NewReno.initialWindow(maxDatagramSize)
        cwnd = initialWindow
        random = SplitMix64(state: randomSeed)
        pacingRateValue = Self.startupPacingGain * Double(initialWindow) / 0.001  // §5.6.2, 1 ms before an RTT
    }

    var algorithm: CongestionControlAlgorithm { .bbr }
    var congestionWindow: Int { cwnd }
    var slowStartThreshold: Int? { nil }
    var isInStartup: Bool { state == .startup }
    /// §2.8: four datagrams, so a receiver that acknowledges every other packet keeps the pipe moving.
    var minPipeCwnd: Int { 4 * smss }
    var stateName: String {
        switch state {
        case .startup: return "startup"
        case .drain: return "drain"
        case .probeBW(.down): return "probe-bw-down"
        case .probeBW(.cruise): return "probe-bw-cruise"
        case .probeBW(.refill): return "probe-bw-refill"
        case .probeBW(.up): return "probe-bw-up"
        case .probeRTT: return "probe-rtt"
        }
    }

    /// ProbeRTT's low-rate samples must not lower the bandwidth estimate: the controller marks
    /// them application-limited while this holds (§5.3.4.3).
    var marksSamplesAppLimited: Bool {
        if case .probeRTT = state { return true }
        return false
    }

    func pacingRate(rtt: RTTEstimator) -> Double? {
        noteRTT(rtt)
        return pacingRateValue
    }

    /// §5.6.2: the initial pacing rate uses the first RTT known (the handshake's, or the first
    /// ACK's), not the 1 ms assumed before.
    func noteRTT(_ rtt: RTTEstimator) {
        guard !hasSeenRTT, rtt.hasSample else { return }
        hasSeenRTT = true
        pacingRateValue = Self.startupPacingGain * Double(initialWindow) / max(rtt.smoothed.seconds, 1e-6)
    }

    func maxDatagramSizeChanged(to size: Int) {
        smss = size
        cwnd = max(cwnd, minPipeCwnd)
    }

    func onPacketSent(_ sent: SentSample) {
        now = sent.now
        if sent.bytesInFlight + smss > cwnd { cwndLimited.thisRound = true }
        // §5.4: restarting from idle — pace at the estimated rate, do not enter ProbeRTT for the idle time.
        if sent.bytesInFlight == sent.bytes, sent.isAppLimited {
            idleRestart = true
            extraAckedIntervalStart = sent.now
            if case .probeBW = state {
                setPacingRate(gain: 1.0)
            } else if case .probeRTT = state {
                checkProbeRTTDone()
            }
        }
    }

    func onPacketAcked(_ acked: AckedPacketSample) {
        newlyAcked += acked.bytes
        if let start = recoveryStart, acked.sentAt > start {
            recoveryStart = nil  // the repair is complete (§5.6.4.4)
            restoreCwnd()
        }
    }

    /// §5.2.3: on every ACK, update the model and the state, then the control parameters.
    func onAckProcessed(_ ack: AckSample) {
        now = ack.now
        bytesInFlight = ack.bytesInFlight
        delivered = ack.delivered
        lost = ack.lost
        noteRTT(ack.rtt)
        guard let rs = ack.rate else {
            newlyAcked = 0
            return
        }
        updateModelAndState(rs)
        setPacingRate(gain: pacingGain)
        setCwnd()
        newlyAcked = 0
    }

    func onPacketsLost(_ loss: LossSample) {
        now = loss.now
        bytesInFlight = loss.bytesInFlight
        delivered = loss.delivered
        lost = loss.lost
        if !fullBandwidthReached { lossEventsInRound = min(lossEventsInRound + 1, 15) }
        lossRound.lostBytes += loss.lostBytes
        if loss.isNewCongestionEvent {
            saveCwnd()  // fast-recovery entry: no immediate cut in v3 (§5.6.4.4)
            recoveryStart = loss.now
        }
        var lostSoFar = loss.lost - loss.lostBytes
        for packet in loss.packets {
            lostSoFar += packet.bytes
            handleLostPacket(packet, lostThen: lostSoFar)
        }
        if loss.isPersistentCongestion {
            // Like a retransmission timeout: keep what is in flight plus one packet.
            saveCwnd()
            saveStateUponLoss()
            cwnd = max(loss.bytesInFlight + smss, minPipeCwnd)
        }
    }

    /// §5.5.11: every loss of the congestion event was spurious — restore the window and the
    /// model, and resume the state the loss interrupted.
    func onSpuriousCongestionEvent(now: STTInstant) {
        restoreCwnd()
        recoveryStart = nil
        isLossInRound = false
        resetFullBandwidth()
        bandwidthShortTerm = max(bandwidthShortTerm, undo.bandwidthShortTerm)
        inflightShortTerm = max(inflightShortTerm, undo.inflightShortTerm)
        inflightLongTerm = max(inflightLongTerm, undo.inflightLongTerm)
        if undo.state == .startup, state != .startup {
            fullBandwidthReached = false
            if !isProbingRTT { enterStartup() }
        } else if undo.state == .probeBW(.up), state != .probeBW(.up) {
            if !isProbingRTT { startProbeBWRefill() }
        }
        undo.state = nil
    }

    var isProbingRTT: Bool {
        if case .probeRTT = state { return true }
        return false
    }

    func saveCwnd() {
        if recoveryStart == nil, !isProbingRTT {
            priorCwnd = cwnd
        } else {
            priorCwnd = max(priorCwnd, cwnd)
        }
    }

    func restoreCwnd() { cwnd = max(cwnd, priorCwnd) }

    func enterStartup() {
        state = .startup
        pacingGain = Self.startupPacingGain
        cwndGain = Self.defaultCwndGain
    }

    func enterDrain() {
        state = .drain(startRound: roundCount)
        pacingGain = Self.drainPacingGain
        cwndGain = Self.defaultCwndGain
    }
}
