import Testing

@testable import STTCore

/// HyStart++ (RFC 9406): round-based RTT comparison, Conservative Slow Start and its exits.
@Suite("HyStart++: leaving slow start when the RTT rises")
struct HyStartPlusPlusTests {
    /// One round of `samples` RTT samples at `rtt`; returns whether slow start ended at its start.
    @discardableResult
    func round(_ h: inout HyStartPlusPlus, rtt: STTDuration, samples: Int = 8) -> Bool {
        let ended = h.onRoundStart()
        for _ in 0..<samples { h.onRTTSample(rtt) }
        return ended
    }

    @Test("a steady RTT keeps standard slow start, which grows by every acknowledged byte")
    func steadyRTTStaysInSlowStart() {
        var h = HyStartPlusPlus()
        for _ in 0..<10 { round(&h, rtt: .milliseconds(100)) }
        #expect(h.phase == .slowStart && h.growth(ackedBytes: 1_000) == 1_000)
    }

    @Test("an RTT rise of an eighth (clamped to 4...16 ms) enters Conservative Slow Start at a quarter of the growth")
    func rttRiseEntersConservativeSlowStart() {
        var h = HyStartPlusPlus()
        round(&h, rtt: .milliseconds(100))
        round(&h, rtt: .microseconds(112_400))  // below 100 + 12.5 ms: no
        #expect(h.phase == .slowStart)
        var g = HyStartPlusPlus()
        round(&g, rtt: .milliseconds(100))
        round(&g, rtt: .microseconds(112_500))
        #expect(g.phase == .conservative(baseline: .microseconds(112_500), rounds: 0))
        #expect(g.growth(ackedBytes: 1_000) == 250, "CSS_GROWTH_DIVISOR is 4")
        // The clamp: at 20 ms the threshold is 4 ms, not 2.5 ms; at 1 s it is 16 ms, not 125 ms.
        var small = HyStartPlusPlus()
        round(&small, rtt: .milliseconds(20))
        round(&small, rtt: .microseconds(23_900))
        #expect(small.phase == .slowStart)
        var large = HyStartPlusPlus()
        round(&large, rtt: .seconds(1))
        round(&large, rtt: .milliseconds(1_016))
        #expect(large.phase == .conservative(baseline: .milliseconds(1_016), rounds: 0))
    }

    @Test("fewer than 8 samples in a round decide nothing")
    func needsEightSamples() {
        var h = HyStartPlusPlus()
        round(&h, rtt: .milliseconds(100))
        round(&h, rtt: .milliseconds(150), samples: 7)
        #expect(h.phase == .slowStart)
    }

    @Test("Conservative Slow Start ends slow start after 5 rounds; an RTT back below the baseline resumes it")
    func conservativeRounds() {
        var h = HyStartPlusPlus()
        round(&h, rtt: .milliseconds(100))
        round(&h, rtt: .milliseconds(120))  // enters CSS
        for _ in 0..<4 { #expect(!round(&h, rtt: .milliseconds(120))) }
        #expect(round(&h, rtt: .milliseconds(120)), "the fifth round ends slow start")
        #expect(h.phase == .done)
        var back = HyStartPlusPlus()
        round(&back, rtt: .milliseconds(100))
        round(&back, rtt: .milliseconds(120))
        round(&back, rtt: .milliseconds(110))  // below the 120 ms baseline: a spike, not a queue
        #expect(back.phase == .slowStart)
    }

    @Test("a CUBIC flow leaves slow start on HyStart++'s signal, before any loss")
    func cubicUsesHyStart() throws {
        let cubic = Cubic(maxDatagramSize: 1_000)
        var estimator = RTTEstimator()
        estimator.update(rtt: .milliseconds(100), ackDelay: .zero, maxAckDelay: .zero)
        func ackRound(rtt: STTDuration) {
            for i in 0..<8 {
                cubic.onPacketAcked(
                    AckedPacketSample(now: .zero, bytes: 1_000, sentAt: .zero, deliveredAtSend: 0, isAppLimited: false))
                cubic.onAckProcessed(
                    AckSample(
                        now: .zero, ackedBytes: 1_000, priorBytesInFlight: 0, bytesInFlight: 0, rttSample: rtt,
                        rtt: estimator, rate: nil, isRoundStart: i == 0, roundCount: 0, delivered: 0, lost: 0,
                        isAppLimited: false))
            }
        }
        ackRound(rtt: .milliseconds(100))
        ackRound(rtt: .milliseconds(130))
        #expect(cubic.stateName == "conservative-slow-start")
        for _ in 0..<5 { ackRound(rtt: .milliseconds(130)) }
        #expect(cubic.stateName == "congestion-avoidance")
        let threshold = try #require(cubic.slowStartThreshold, "slow start ended without a loss: ssthresh = cwnd")
        #expect(threshold <= cubic.congestionWindow)
    }
}
