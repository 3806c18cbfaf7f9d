import Testing

@testable import STTCore

/// Loss detection (RFC 9002 §6.1) with adaptive reordering, on hand-made ACKs.
@Suite("Loss detection: thresholds, spurious losses, undo and overtaking packets")
struct LossDetectionTests {
    let size = 1_200

    func ms(_ n: Int64) -> STTInstant { .zero + .milliseconds(n) }

    /// Sends packets `numbers`, one per millisecond from `start`.
    func send(_ numbers: ClosedRange<UInt64>, from start: Int64, _ ld: inout LossDetector, _ cc: CongestionController) {
        for pn in numbers {
            let at = ms(start + Int64(pn))
            let state = cc.onPacketSent(size: size, now: at, rtt: ld.rtt)
            ld.onPacketSent(
                SentPacket(
                    packetNumber: pn, sentAt: at, size: size, ackEliciting: true, inFlight: true, frames: [],
                    delivery: state))
        }
    }

    func ack(_ ranges: [ClosedRange<UInt64>]) -> AckFrame { AckFrame(ranges: ranges, ackDelayMicroseconds: 0) }

    @Test("three later packets acknowledged declare a packet lost; its late acknowledgement is a spurious loss")
    func packetThresholdAndSpuriousLoss() {
        let cc = CongestionController(algorithm: .newReno, maxDatagramSize: size)
        var ld = LossDetector(maxAckDelay: .milliseconds(25))
        send(0...9, from: 0, &ld, cc)
        let window = cc.window
        let (_, lost) = ld.onAck(ack([5...5]), now: ms(100), congestion: cc)
        #expect(lost.map(\.packetNumber) == [0, 1, 2], "5 is 3 past 2; 3 and 4 wait for the time threshold")
        #expect(cc.congestionEvents == 1 && cc.window < window, "NewReno halved its window")
        let (acked, _) = ld.onAck(ack([0...9]), now: ms(110), congestion: cc)
        #expect(acked.map(\.packetNumber).prefix(3) == [0, 1, 2], "the late ones count as delivered")
        #expect(ld.spuriousLosses == 3)
        #expect(cc.spuriousCongestionEvents == 1 && cc.window >= window, "every loss was spurious: undone")
        #expect(ld.packetThreshold == LossDetector.maximumPacketThreshold, "reordering seen: time threshold only")
    }

    @Test("after reordering fooled the packet threshold, only the time threshold declares losses")
    func timeThresholdAfterReordering() {
        let cc = CongestionController(algorithm: .newReno, maxDatagramSize: size)
        var ld = LossDetector(maxAckDelay: .milliseconds(25))
        send(0...9, from: 0, &ld, cc)
        _ = ld.onAck(ack([5...9]), now: ms(100), congestion: cc)
        _ = ld.onAck(ack([0...9]), now: ms(110), congestion: cc)
        send(10...19, from: 200, &ld, cc)
        let (_, early) = ld.onAck(ack([15...19]), now: ms(300), congestion: cc)
        #expect(early.isEmpty, "10…14 are not lost just because 15…19 overtook them")
        // 9/8 of the ~100 ms RTT after they were sent, they are.
        let deadline = try! #require(ld.timerDeadline())
        guard case .lost(let late) = ld.onTimeout(now: deadline, congestion: cc) else {
            Issue.record("the loss timer did not declare them lost")
            return
        }
        #expect(late.map(\.packetNumber).first == 10)
    }

    @Test("a packet declared lost by the time threshold and acknowledged later stretches the threshold")
    func timeThresholdGrows() {
        let cc = CongestionController(algorithm: .cubic, maxDatagramSize: size)
        var ld = LossDetector(maxAckDelay: .milliseconds(25))
        send(0...3, from: 0, &ld, cc)
        _ = ld.onAck(ack([3...3]), now: ms(100), congestion: cc)  // RTT ≈ 97 ms
        let deadline = try! #require(ld.timerDeadline())
        guard case .lost(let lost) = ld.onTimeout(now: deadline, congestion: cc), !lost.isEmpty else {
            Issue.record("nothing declared lost by time")
            return
        }
        _ = ld.onAck(ack([0...3]), now: ms(160), congestion: cc)
        #expect(ld.timeThresholdEighths > LossDetector.initialTimeThresholdEighths)
        #expect(ld.timeThresholdEighths <= LossDetector.maximumTimeThresholdEighths)
    }

    @Test("a packet that overtook its predecessors on a shorter path gives no RTT sample")
    func overtakingPacketIsNotAnRTTSample() {
        let cc = CongestionController(algorithm: .bbr, maxDatagramSize: size)
        var ld = LossDetector(maxAckDelay: .milliseconds(25))
        send(0...1, from: 0, &ld, cc)
        _ = ld.onAck(ack([0...1]), now: ms(101), congestion: cc)  // 100 ms
        send(2...9, from: 200, &ld, cc)
        _ = ld.onAck(ack([9...9]), now: ms(259), congestion: cc)  // 9 arrives after 50 ms, ahead of 2…8
        #expect(ld.rtt.latest >= .milliseconds(99), "the 50 ms sample was ignored (latest \(ld.rtt.latest))")
        #expect(ld.rtt.minimum >= .milliseconds(99))
        _ = ld.onAck(ack([2...9]), now: ms(310), congestion: cc)
        #expect(ld.rtt.latest >= .milliseconds(99), "in-order samples count")
    }

    @Test("probe timeouts back off, but never past a third of the idle timeout")
    func probeBackoffIsCapped() {
        let cc = CongestionController(algorithm: .newReno, maxDatagramSize: size)
        var ld = LossDetector(maxAckDelay: .milliseconds(25), maxProbeInterval: .seconds(10))
        send(0...0, from: 0, &ld, cc)
        var now = ms(0)
        for _ in 0..<20 {
            now = try! #require(ld.timerDeadline())
            _ = ld.onTimeout(now: now, congestion: cc)
        }
        let next = try! #require(ld.timerDeadline())
        #expect(next - ms(0) <= .seconds(10), "the deadline stays within 10 s of the last send")
    }
}
