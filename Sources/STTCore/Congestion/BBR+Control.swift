/// BBR's control parameters (draft-ietf-ccwg-bbr-06 §5.6): the pacing rate and the window,
/// from the model and the state's gains.
extension BBR {
    /// §5.6.2: gain × bandwidth less a 1 % margin; never lowered before the pipe is full.
    func setPacingRate(gain: Double) {
        let rate = gain * bandwidth * (1 - Self.pacingMargin)
        if fullBandwidthReached || rate > pacingRateValue { pacingRateValue = rate }
    }

    /// §5.6.3: a millisecond at the pacing rate, between 2 datagrams and 64 KB.
    var sendQuantum: Double { min(max(pacingRateValue / 1_000, Double(2 * smss)), 65_536) }

    /// §5.6.4.2: `gain` × the estimated bandwidth-delay product (the initial window before an
    /// RTT is known).
    func bdpMultiple(_ gain: Double) -> Double {
        guard let minRTT else { return Double(initialWindow) }
        return gain * bandwidth * minRTT.seconds
    }

    /// The flight a gain asks for, with room for the send quantum, the minimum pipe and, in
    /// UP, two more datagrams.
    func quantizationBudget(_ inflight: Double) -> Double {
        var x = max(inflight, sendQuantum)
        x = max(x, Double(minPipeCwnd))
        if state == .probeBW(.up) { x += Double(2 * smss) }
        return x
    }

    func inflight(gain: Double) -> Double { quantizationBudget(bdpMultiple(gain)) }

    /// The flight to aim for: the BDP, but no more than the window.
    var targetInflight: Double { min(bdpMultiple(1.0), Double(cwnd)) }

    /// The long-term bound less 15 % headroom for other flows (CRUISE, ProbeRTT).
    var inflightWithHeadroom: Double {
        guard inflightLongTerm != .infinity else { return .infinity }
        let headroom = max(Double(smss), Self.headroom * inflightLongTerm)
        return max(inflightLongTerm - headroom, Double(minPipeCwnd))
    }

    var probeRTTCwnd: Double { max(bdpMultiple(Self.probeRTTCwndGain), Double(minPipeCwnd)) }

    /// §5.6.4.6: grow towards the target by what was acknowledged (the whole of it in Startup),
    /// then apply ProbeRTT's and the model's bounds.
    func setCwnd() {
        let maxInflight = quantizationBudget(bdpMultiple(cwndGain) + extraAcked)
        var next = Double(cwnd)
        if fullBandwidthReached {
            next = min(next + Double(newlyAcked), maxInflight)
        } else if next < maxInflight || delivered < initialWindow {
            next += Double(newlyAcked)
        }
        next = max(next, Double(minPipeCwnd))
        if isProbingRTT { next = min(next, probeRTTCwnd) }
        next = min(next, max(modelBound, Double(minPipeCwnd)))
        cwnd = Int(min(next, Double(Int32.max)))
    }

    /// §5.6.4.7: the long-term bound while probing down, refilling or up, with headroom while
    /// cruising or probing RTT, and always the short-term bound.
    var modelBound: Double {
        var cap = Double.infinity
        switch state {
        case .probeBW(.down), .probeBW(.refill), .probeBW(.up): cap = inflightLongTerm
        case .probeBW(.cruise), .probeRTT: cap = inflightWithHeadroom
        case .startup, .drain: break
        }
        return min(cap, inflightShortTerm)
    }
}
