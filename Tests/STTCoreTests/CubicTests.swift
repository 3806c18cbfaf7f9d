import Foundation
import Testing

@testable import STTCore

/// CUBIC (RFC 9438) against the cases the RFC spells out, driven by hand-made samples.
@Suite("CUBIC: the window curve, fast convergence, the Reno-friendly region and undo")
struct CubicTests {
    static let mss = 1_000

    /// A loss at the current window, at `now`.
    func lose(_ cubic: Cubic, now: STTInstant) {
        cubic.onPacketsLost(
            LossSample(
                now: now, packets: [], lostBytes: Self.mss, isNewCongestionEvent: true,
                isPersistentCongestion: false, bytesInFlight: 0, rtt: RTTEstimator(), delivered: 0, lost: 0))
    }

    /// One ACK in congestion avoidance for `bytes` sent after the loss.
    func ack(_ cubic: Cubic, bytes: Int, now: STTInstant, rtt: STTDuration) {
        var estimator = RTTEstimator()
        estimator.update(rtt: rtt, ackDelay: .zero, maxAckDelay: .zero)
        cubic.onPacketAcked(
            AckedPacketSample(now: now, bytes: bytes, sentAt: now, deliveredAtSend: 0, isAppLimited: false))
        cubic.onAckProcessed(
            AckSample(
                now: now, ackedBytes: bytes, priorBytesInFlight: 0, bytesInFlight: 0, rttSample: rtt, rtt: estimator,
                rate: nil, isRoundStart: false, roundCount: 0, delivered: 0, lost: 0, isAppLimited: false))
    }

    /// Grows a CUBIC window in slow start to `segments` datagrams.
    func grown(to segments: Int) -> Cubic {
        let cubic = Cubic(maxDatagramSize: Self.mss)
        while cubic.congestionWindow < segments * Self.mss {
            cubic.onPacketAcked(
                AckedPacketSample(
                    now: .zero, bytes: Self.mss, sentAt: .zero, deliveredAtSend: 0, isAppLimited: false))
        }
        return cubic
    }

    @Test("the curve W(t) = C (t − K)³ + W_max matches RFC 9438's numbers for a loss at 100 datagrams")
    func windowCurve() {
        let k = cbrt((100.0 - 70.0) / Cubic.c)
        #expect(abs(k - 4.217163) < 1e-6)
        #expect(abs(Cubic.window(at: 0, k: k, windowMax: 100) - 70) < 1e-9, "the epoch starts at β × W_max")
        #expect(abs(Cubic.window(at: 1, k: k, windowMax: 100) - 86.6808) < 1e-4)
        #expect(abs(Cubic.window(at: 2, k: k, windowMax: 100) - 95.6403) < 1e-4)
        #expect(abs(Cubic.window(at: k, k: k, windowMax: 100) - 100) < 1e-9, "the plateau at W_max")
        #expect(abs(Cubic.window(at: 5, k: k, windowMax: 100) - 100.1919) < 1e-4, "convex beyond it")
    }

    @Test("a loss cuts the window by β = 0.7 and the epoch aims back at the window where it happened")
    func multiplicativeDecrease() throws {
        let cubic = grown(to: 100)
        lose(cubic, now: .zero + .seconds(1))
        #expect(cubic.congestionWindow == 70 * Self.mss)
        #expect(cubic.slowStartThreshold == 70 * Self.mss)
        // The first ACK of a packet sent after the loss starts the epoch: K = cbrt(30 / 0.4).
        ack(cubic, bytes: Self.mss, now: .zero + .seconds(2), rtt: .milliseconds(100))
        let epoch = try #require(cubic.epoch)
        #expect(epoch.windowMax == 100 && abs(epoch.k - cbrt(75.0)) < 1e-9)
    }

    @Test("fast convergence: a second loss below the last W_max sets W_max to 0.85 × the window (K = cbrt(30))")
    func fastConvergence() throws {
        let cubic = grown(to: 100)
        lose(cubic, now: .zero + .seconds(1))
        // Grow back to 80 datagrams in congestion avoidance, then lose again.
        var now = STTInstant.zero + .seconds(2)
        while cubic.congestionWindow < 80 * Self.mss {
            now = now + .milliseconds(10)
            ack(cubic, bytes: Self.mss, now: now, rtt: .milliseconds(100))
        }
        let window = Double(cubic.congestionWindow) / Double(Self.mss)
        lose(cubic, now: now + .milliseconds(1))
        ack(cubic, bytes: Self.mss, now: now + .seconds(1), rtt: .milliseconds(100))
        let epoch = try #require(cubic.epoch)
        #expect(abs(epoch.windowMax - window * 0.85) < 1e-9, "W_max = window × (1 + β) / 2")
        let start = window * 0.7
        #expect(abs(epoch.k - cbrt((epoch.windowMax - start) / 0.4)) < 0.01, "K from W_max − cwnd_epoch (RFC 9438)")
    }

    @Test("with a small window and a short RTT the window follows the Reno-friendly estimate")
    func renoFriendlyRegion() {
        let cubic = grown(to: 10)
        lose(cubic, now: .zero)
        // 10 ms RTT: one second is 100 RTTs; Reno's estimate grows ~0.53 datagram per RTT, far
        // past the cubic curve (W_max 10: K ≈ 1.96 s, W(1 s) ≈ 9.6).
        var now = STTInstant.zero + .milliseconds(1)
        for _ in 0..<100 {
            for _ in 0..<(cubic.congestionWindow / Self.mss) {
                ack(cubic, bytes: Self.mss, now: now, rtt: .milliseconds(10))
            }
            now = now + .milliseconds(10)
        }
        let window = Double(cubic.congestionWindow) / Double(Self.mss)
        let cubicAlone = Cubic.window(at: 1, k: cbrt(7.5), windowMax: 10)
        #expect(window > cubicAlone + 20, "Reno-friendly: \(window) datagrams, the curve alone \(cubicAlone)")
    }

    @Test("a congestion event whose losses were all spurious is undone")
    func spuriousUndo() {
        let cubic = grown(to: 100)
        lose(cubic, now: .zero + .seconds(1))
        #expect(cubic.congestionWindow == 70 * Self.mss)
        cubic.onSpuriousCongestionEvent(now: .zero + .seconds(1))
        #expect(cubic.congestionWindow == 100 * Self.mss && cubic.slowStartThreshold == nil)
    }

    @Test("an application-limited sender does not grow its window")
    func appLimitedDoesNotGrow() {
        let cubic = Cubic(maxDatagramSize: Self.mss)
        let before = cubic.congestionWindow
        for _ in 0..<50 {
            cubic.onPacketAcked(
                AckedPacketSample(now: .zero, bytes: Self.mss, sentAt: .zero, deliveredAtSend: 0, isAppLimited: true))
        }
        #expect(cubic.congestionWindow == before)
    }
}
