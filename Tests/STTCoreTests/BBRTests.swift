import Testing

@testable import STTCore

/// Drives a BBR instance one round trip at a time over a fluid path: each round the flight BBR
/// allows (its window, or its pacing rate over the round) crosses a bottleneck that delivers at
/// most `bottleneck × rtt`; a fraction may be lost. One ACK per round carries the rate sample.
final class BBRDriver {
    let bbr: BBR
    let mss = 1_000
    var now = STTInstant.zero + .seconds(1)
    var delivered = 0
    var lost = 0
    var rtt: RTTEstimator

    init(rtt: STTDuration = .milliseconds(100), seed: UInt64 = 1) {
        bbr = BBR(maxDatagramSize: mss, randomSeed: seed)
        self.rtt = RTTEstimator()
        self.rtt.update(rtt: rtt, ackDelay: .zero, maxAckDelay: .zero)
        _ = bbr.pacingRate(rtt: self.rtt)
    }

    /// One round on a path of `bottleneck` bytes per second; returns the state it ended in.
    @discardableResult
    func round(bottleneck: Double, rtt pathRTT: STTDuration = .milliseconds(100), loss: Double = 0) -> String {
        let paced = (bbr.pacingRate(rtt: rtt) ?? 0) * pathRTT.seconds
        let flight = max(Double(mss), min(Double(bbr.congestionWindow), paced))
        let through = min(flight, bottleneck * pathRTT.seconds)
        let lostBytes = Int(through * loss)
        let arrived = Int(through) - lostBytes
        let priorDelivered = delivered
        let lostBefore = lost
        bbr.onPacketSent(SentSample(now: now, bytes: Int(flight), bytesInFlight: Int(flight), isAppLimited: false))
        now = now + pathRTT
        if lostBytes > 0 {
            lost += lostBytes
            let packets = (0..<max(1, lostBytes / mss)).map { _ in
                LossSample.Packet(
                    bytes: mss, sentAt: now - pathRTT, bytesInFlightAtSend: Int(flight), lostAtSend: lostBefore,
                    deliveredAtSend: priorDelivered, isAppLimited: false)
            }
            bbr.onPacketsLost(
                LossSample(
                    now: now, packets: packets, lostBytes: packets.count * mss, isNewCongestionEvent: false,
                    isPersistentCongestion: false, bytesInFlight: Int(flight) - arrived, rtt: rtt,
                    delivered: delivered, lost: lost))
        }
        delivered += arrived
        bbr.onPacketAcked(
            AckedPacketSample(
                now: now, bytes: arrived, sentAt: now - pathRTT, deliveredAtSend: priorDelivered, isAppLimited: false))
        let sample = RateSample(
            delivered: arrived, interval: pathRTT, deliveryRate: Double(arrived) / pathRTT.seconds,
            isAppLimited: false, bytesInFlightAtSend: Int(flight), lost: lost - lostBefore,
            priorDelivered: priorDelivered, rtt: pathRTT)
        rtt.update(rtt: pathRTT, ackDelay: .zero, maxAckDelay: .zero)
        bbr.onAckProcessed(
            AckSample(
                now: now, ackedBytes: arrived, priorBytesInFlight: Int(flight), bytesInFlight: 0, rttSample: pathRTT,
                rtt: rtt, rate: sample, isRoundStart: true, roundCount: 0, delivered: delivered, lost: lost,
                isAppLimited: false))
        return bbr.stateName
    }
}

/// BBR version 3 (draft-ietf-ccwg-bbr-06) against the behaviours the draft spells out.
@Suite("BBR: Startup's exit, the loss threshold, ProbeBW's phases and ProbeRTT's period")
struct BBRTests {
    static let bottleneck = 12_500_000.0  // 100 Mbit/s in bytes per second

    @Test("Startup doubles the rate each round and ends after three rounds without 25 % bandwidth growth")
    func startupExitsOnPlateau() {
        let d = BBRDriver()
        var rates: [Double] = []
        while !d.bbr.fullBandwidthReached, rates.count < 100 {
            d.round(bottleneck: Self.bottleneck)
            rates.append(d.bbr.maxBandwidth)
        }
        #expect(d.bbr.fullBandwidthReached && d.bbr.state != .startup, "Startup ended (now \(d.bbr.stateName))")
        let lastGrowth = try! #require(rates.indices.dropFirst().last { rates[$0] >= rates[$0 - 1] * 1.25 })
        #expect(rates.count - 1 - lastGrowth == 3, "three rounds without 25 % growth after \(rates)")
        #expect(rates[lastGrowth] >= Self.bottleneck * 0.99, "it found the bottleneck's rate")
    }

    @Test("Startup does not end while the delivery rate keeps growing by 25 % a round")
    func startupContinuesWhileGrowing() {
        let d = BBRDriver()
        for i in 0..<12 {
            d.round(bottleneck: 1e12)  // no bottleneck in reach
            #expect(d.bbr.state == .startup, "still probing at round \(i)")
        }
    }

    /// A flow settled in ProbeBW on the bottleneck.
    func settled() -> BBRDriver {
        let d = BBRDriver()
        for _ in 0..<60 { d.round(bottleneck: Self.bottleneck) }
        return d
    }

    @Test("rounds losing 1 % (under the 2 % threshold) leave the short-term bounds alone; 5 % cuts them")
    func lossThreshold() {
        let d = settled()
        let pacing = d.bbr.pacingRateValue
        for _ in 0..<20 { d.round(bottleneck: Self.bottleneck, loss: 0.01) }
        #expect(d.bbr.bandwidthShortTerm == .infinity && d.bbr.inflightShortTerm == .infinity)
        #expect(d.bbr.pacingRateValue >= pacing * 0.97, "1 % random loss does not cut the rate")
        let heavy = settled()
        // Stay out of REFILL/UP (which ignore loss) by looking only until the bounds move.
        var cut = false
        for _ in 0..<40 where !cut {
            heavy.round(bottleneck: Self.bottleneck, loss: 0.05)
            cut = heavy.bbr.bandwidthShortTerm < .infinity
        }
        #expect(cut, "a round losing 5 % lowers bw_shortterm")
    }

    @Test("ProbeBW cycles DOWN, CRUISE, REFILL (one round), UP and back to DOWN")
    func probeBWPhases() {
        let d = settled()
        var seen: [String] = []
        for _ in 0..<200 {
            let state = d.round(bottleneck: Self.bottleneck)
            if state.hasPrefix("probe-bw"), seen.last != state { seen.append(state) }
        }
        let cycle = ["probe-bw-down", "probe-bw-cruise", "probe-bw-refill", "probe-bw-up", "probe-bw-down"]
        let joined = seen.joined(separator: " ")
        #expect(joined.contains(cycle.joined(separator: " ")), "phases seen: \(joined)")
        // REFILL lasts exactly one round.
        let d2 = settled()
        var refillRounds = 0
        var inRefill = false
        for _ in 0..<200 {
            let state = d2.round(bottleneck: Self.bottleneck)
            if state == "probe-bw-refill" {
                refillRounds += 1
                inRefill = true
            } else if inRefill {
                break
            }
        }
        #expect(refillRounds == 1)
    }

    @Test("the next probe starts 2-3 s after entering DOWN (before 63 rounds)")
    func probeTiming() {
        let d = settled()
        var waits: [Double] = []
        var previous = d.bbr.stateName
        for _ in 0..<400 {
            let state = d.round(bottleneck: Self.bottleneck)
            if state == "probe-bw-refill", previous != state { waits.append((d.now - d.bbr.cycleStamp).seconds) }
            previous = state
        }
        #expect(waits.count >= 5)
        #expect(waits.allSatisfy { $0 >= 2 && $0 <= 3.1 }, "waits \(waits)")
    }

    @Test(
        "ProbeRTT comes every 5 s without a lower RTT, shrinks the window to half the BDP, and lasts 200 ms and a round"
    )
    func probeRTTPeriod() {
        let d = settled()
        var entries: [STTInstant] = []
        var inProbeRTT = false
        var smallestWindow = Int.max
        var lastEntry = STTInstant.zero
        var durations: [Double] = []
        for _ in 0..<300 {
            let state = d.round(bottleneck: Self.bottleneck)
            if state == "probe-rtt" {
                if !inProbeRTT {
                    entries.append(d.now)
                    lastEntry = d.now
                }
                inProbeRTT = true
                smallestWindow = min(smallestWindow, d.bbr.congestionWindow)
            } else if inProbeRTT {
                inProbeRTT = false
                durations.append((d.now - lastEntry).seconds)
            }
        }
        #expect(entries.count >= 3, "30 s of rounds hold several ProbeRTTs (\(entries.count))")
        for (a, b) in zip(entries, entries.dropFirst()) {
            let gap = (b - a).seconds
            #expect(gap >= 5 && gap <= 5.6, "ProbeRTT every 5 s (gap \(gap) s)")
        }
        let bdp = Self.bottleneck * 0.1
        #expect(Double(smallestWindow) <= bdp * 0.5 + 2_000, "window \(smallestWindow) ≤ half the BDP")
        #expect(durations.allSatisfy { $0 >= 0.2 && $0 <= 0.45 }, "200 ms and a round: \(durations)")
    }

    @Test("a spurious congestion event restores the window and the long-term bound")
    func spuriousUndo() {
        let d = settled()
        let window = d.bbr.congestionWindow
        d.bbr.saveStateUponLoss()
        d.bbr.inflightLongTerm = Double(window) / 2
        d.bbr.cwnd = window / 2
        d.bbr.onSpuriousCongestionEvent(now: d.now)
        #expect(d.bbr.congestionWindow >= window && d.bbr.inflightLongTerm >= Double(window) / 2)
    }
}
