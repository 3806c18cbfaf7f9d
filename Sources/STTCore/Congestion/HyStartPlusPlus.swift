/// HyStart++ (RFC 9406): leaves slow start when the round-trip time rises, before the queue
/// overflows. Each round's minimum RTT (from at least 8 samples) is compared with the
/// previous round's; a rise of an eighth (clamped to 4...16 ms) starts Conservative Slow Start,
/// which grows a quarter as fast and ends slow start after 5 rounds unless the RTT falls back.
struct HyStartPlusPlus: Equatable {
    static let minimumRTTThreshold = STTDuration.milliseconds(4)
    static let maximumRTTThreshold = STTDuration.milliseconds(16)
    static let minimumRTTDivisor: Int64 = 8
    static let rttSamplesPerRound = 8
    static let conservativeGrowthDivisor = 4
    static let conservativeRounds = 5

    enum Phase: Equatable {
        case slowStart
        /// Conservative Slow Start: the RTT rose above `baseline`; `rounds` completed so far.
        case conservative(baseline: STTDuration, rounds: Int)
        /// Slow start is over.
        case done
    }

    private(set) var phase = Phase.slowStart
    private var lastRoundMinimum: STTDuration?
    private var currentRoundMinimum: STTDuration?
    private var samples = 0

    /// A new round began (the previous one's minimum becomes the reference).
    /// - Returns: true when Conservative Slow Start has run its rounds: slow start ends now.
    mutating func onRoundStart() -> Bool {
        lastRoundMinimum = currentRoundMinimum
        currentRoundMinimum = nil
        samples = 0
        if case .conservative(let baseline, let rounds) = phase {
            if rounds + 1 >= Self.conservativeRounds {
                phase = .done
                return true
            }
            phase = .conservative(baseline: baseline, rounds: rounds + 1)
        }
        return false
    }

    /// An RTT sample in slow start: may enter, or leave, Conservative Slow Start.
    mutating func onRTTSample(_ rtt: STTDuration) {
        currentRoundMinimum = min(currentRoundMinimum ?? rtt, rtt)
        samples += 1
        guard samples >= Self.rttSamplesPerRound, let current = currentRoundMinimum else { return }
        switch phase {
        case .slowStart:
            guard let last = lastRoundMinimum else { return }
            let threshold = min(
                max(STTDuration(nanoseconds: last.nanoseconds / Self.minimumRTTDivisor), Self.minimumRTTThreshold),
                Self.maximumRTTThreshold)
            if current >= last + threshold { phase = .conservative(baseline: current, rounds: 0) }
        case .conservative(let baseline, _):
            if current < baseline { phase = .slowStart }  // the rise was a spike: resume slow start
        case .done:
            break
        }
    }

    /// How much of `ackedBytes` the window grows by (a quarter in Conservative Slow Start).
    func growth(ackedBytes: Int) -> Int {
        if case .conservative = phase { return ackedBytes / Self.conservativeGrowthDivisor }
        return ackedBytes
    }

    /// Loss ended slow start.
    mutating func onCongestionEvent() { phase = .done }
}
