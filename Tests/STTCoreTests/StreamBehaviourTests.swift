import STTCore
import STTHarness
import STTTestSupport
import Testing

@Suite("Stream behaviour: flow control, live deadlines, large transfers")
struct StreamBehaviourTests {
    @Test("a slow reader throttles the sender and the receiver never holds more than it granted")
    func slowReaderThrottlesSender() throws {
        let pair = try makePair(seed: 21)
        let session = pair.establish(0, to: 1)
        pair.recordsSentDatagrams = false
        let job = try BulkTransfer(
            harness: pair, from: 0, to: 1, session: session, length: 16 << 20,
            segmentSize: 65_536, seed: 21)
        job.readLimitPerTurn = 65_536
        job.readInterval = .milliseconds(20)  // 64 KiB per 20 ms: about 3.2 MB/s
        pair.application = { job.turn($0) }
        let started = pair.now
        #expect(pair.run(until: pair.now + .seconds(120)) { job.finished })
        let d = try #require(job.digests)
        #expect(d.sent == d.received)
        // The reader never keeps up, so the window stays at the protocol's initial 1 MiB.
        let window = try #require(pair.endpoint(1).receiveStreamStatistics(job.stream, on: session)?.window)
        #expect(window == StreamDefaults.initialStreamWindow, "a slow reader does not grow the window")
        #expect(job.peakHeldBytes <= window + 65_536, "held \(job.peakHeldBytes) bytes with \(window) granted")
        #expect(job.peakHeldBytes >= window * 9 / 10, "the sender did fill the window it was given")
        let elapsed = (pair.now - started).seconds
        #expect(elapsed >= 5 && elapsed < 8, "paced by the reader: 256 reads of 20 ms (took \(elapsed) s)")
        #expect(
            job.peakSenderBuffered <= 2 << 20,
            "the send buffer follows the peer's window (\(job.peakSenderBuffered) bytes), not its 64 MiB maximum")
    }

    @Test("a live stream with a deadline skips data that went stale during an outage and delivers fresh data")
    func liveDeadlineSkipsStaleData() throws {
        let pair = try makePair(seed: 31)
        let session = pair.establish(0, to: 1)
        let stream = try pair.endpoint(0).openStream(
            on: session, mode: .live(deadline: .milliseconds(200)), segmentSize: 1_024)
        var written = 0
        var received: [Int] = []
        let t0 = pair.now  // reading k is written at t0 + k × 10 ms
        let outageStart = pair.now + .seconds(1)
        let outageEnd = outageStart + .seconds(2)
        pair.fate = { d in d.sentAt >= outageStart && d.sentAt < outageEnd ? .drop : .deliver }
        var nextWrite = pair.now
        pair.application = { h in
            if h.now >= nextWrite, h.now < outageEnd + .seconds(3) {
                // One numbered 1 KiB reading every 10 ms.
                var reading = [UInt8](repeating: 0, count: 1_024)
                reading[0] = UInt8(written >> 8)
                reading[1] = UInt8(written & 0xFF)
                _ = try? h.endpoint(0).write(reading, to: stream, on: session, now: h.now)
                written += 1
                nextWrite = h.now + .milliseconds(10)
            }
            if h.now < outageEnd + .seconds(3) { h.wakeApplication(at: nextWrite) }
            while let data = h.endpoint(1).read(from: stream, on: session) {
                for i in stride(from: 0, to: data.count, by: 1_024) {
                    received.append(Int(data[i]) << 8 | Int(data[i + 1]))
                }
            }
        }
        pair.run(until: outageEnd + .seconds(4))
        let stats = try #require(pair.endpoint(1).receiveStreamStatistics(stream, on: session))
        #expect(received == received.sorted(), "delivered in order")
        #expect(
            stats.skippedSegments > 100,
            "most of the 200 readings from the outage were skipped (\(stats.skippedSegments))")
        #expect(received.contains(written - 1), "the freshest reading arrived")
        let firstFresh = Int(((outageEnd + .seconds(1)) - t0).nanoseconds / 10_000_000)
        #expect(firstFresh > 0 && firstFresh < written)
        #expect(
            received.filter { $0 >= firstFresh }.count == written - firstFresh,
            "everything written a second after recovery arrived")
        let sent = try #require(pair.endpoint(0).sendStreamStatistics(stream, on: session))
        // The sender may abandon a segment that in fact arrived (its ACK was still in flight).
        #expect(stats.skippedSegments <= sent.skippedSegments && sent.skippedSegments - stats.skippedSegments <= 5)
    }

    @Test("a live stream without a deadline is fully reliable through the same outage")
    func liveWithoutDeadlineIsReliable() throws {
        let pair = try makePair(seed: 32)
        let session = pair.establish(0, to: 1)
        let stream = try pair.endpoint(0).openStream(on: session, mode: .live(deadline: nil), segmentSize: 1_024)
        let outageStart = pair.now + .milliseconds(200)
        let outageEnd = outageStart + .seconds(1)
        pair.fate = { d in d.sentAt >= outageStart && d.sentAt < outageEnd ? .drop : .deliver }
        var written = 0
        var receivedBytes = 0
        pair.application = { h in
            if written < 150 {
                _ = try? h.endpoint(0).write([UInt8](repeating: 1, count: 1_024), to: stream, on: session, now: h.now)
                written += 1
                h.wakeApplication(at: h.now + .milliseconds(10))
            }
            while let data = h.endpoint(1).read(from: stream, on: session) { receivedBytes += data.count }
        }
        #expect(pair.run(until: pair.now + .seconds(30)) { receivedBytes == 150 * 1_024 })
        #expect(pair.endpoint(1).receiveStreamStatistics(stream, on: session)?.skippedSegments == 0)
        #expect(throws: EndpointError.stream(.liveStreamCannotEnd)) {
            try pair.endpoint(0).finish(stream, on: session, now: pair.now)
        }
    }

    @Test(
        "64 MiB bounded transfers arrive intact under loss, duplication and reordering",
        arguments: [0.0, 0.05, 0.30], [1_024, 65_536, 1_048_576])
    func largeTransfers(loss: Double, segmentSize: Int) throws {
        try transfer(
            length: 64 << 20, segmentSize: segmentSize, loss: loss, duplicate: 0.01, reorder: 0.02,
            seed: 0x64 &+ UInt64(segmentSize) &+ UInt64(loss * 1000), limit: .seconds(3_600))
    }

    @Test("a long-lived session can open and finish far more streams than the concurrent limit")
    func retiredStreamsDoNotCount() throws {
        var server = EndpointConfiguration()
        server.maxStreamsPerSession = 8
        let pair = try makePair(server: server)
        let id = pair.establish(0, to: 1)
        var finished = 0
        pair.application = { h in
            for sid in h.endpoint(1).receiveStreamIDs(on: id) {
                while h.endpoint(1).read(from: sid, on: id) != nil {}
            }
            finished += h.freshEvents[1].filter { if case .streamFinished = $0 { true } else { false } }.count
        }
        for _ in 0..<40 {
            try pair.perform(0) { e, now in
                let s = try e.openStream(on: id)
                try e.write([1, 2, 3], to: s, on: id, now: now)
                try e.finish(s, on: id, now: now)
            }
            pair.advance(by: .milliseconds(100))
        }
        #expect(finished == 40 && pair.closes(1).isEmpty)
        #expect(
            pair.endpoint(1).receiveStreamStatistics(1, on: id)?.complete == true,
            "retired streams keep their statistics")
    }
}
