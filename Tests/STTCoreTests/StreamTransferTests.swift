import STTCore
import STTHarness
import STTTestSupport
import Testing

/// A seeded network: loss, duplication and reordering drawn from the harness seed.
func impair(_ harness: EndpointHarness, loss: Double, duplicate: Double = 0, reorder: Double = 0, seed: UInt64) {
    var rng = Xoshiro256StarStar(seed: seed)
    harness.fate = { _ in
        let roll = Double(rng.next() >> 11) / Double(1 << 53)
        if roll < loss { return .drop }
        if roll < loss + duplicate { return .duplicate }
        if roll < loss + duplicate + reorder { return .delay(.milliseconds(Int64(rng.next() % 15) + 1)) }
        return .deliver
    }
}

/// Runs one bounded transfer to completion and checks it arrived intact.
@discardableResult
func transfer(
    length: Int, segmentSize: Int, loss: Double, duplicate: Double = 0, reorder: Double = 0,
    seed: UInt64, limit: STTDuration = .seconds(600)
) throws -> (EndpointHarness, BulkTransfer) {
    let pair = try makePair(seed: seed)
    let session = pair.establish(0, to: 1)
    pair.recordsSentDatagrams = false
    pair.recordsEvents = false
    let job = try BulkTransfer(
        harness: pair, from: 0, to: 1, session: session, length: length,
        segmentSize: segmentSize, seed: seed)
    impair(pair, loss: loss, duplicate: duplicate, reorder: reorder, seed: seed ^ 0xABCD)
    pair.application = { job.turn($0) }
    let done = pair.run(until: pair.now + limit) { job.finished }
    let replay = "seed \(seed): swift test --filter StreamTransferTests"
    #expect(done, "transfer of \(length) bytes did not finish within \(limit) (\(replay))")
    if let d = job.digests { #expect(d.sent == d.received, "SHA-256 differs (\(replay))") }
    return (pair, job)
}

@Suite("Stream transfers over the pair harness")
struct StreamTransferTests {
    @Test("a 1 MiB bounded transfer arrives intact on a clean path, with no retransmission")
    func cleanTransfer() throws {
        let (pair, job) = try transfer(length: 1 << 20, segmentSize: 65_536, loss: 0, seed: 1)
        let sent = try #require(pair.endpoint(0).sendStreamStatistics(job.stream, on: job.session))
        #expect(sent.retransmittedSegments == 0 && sent.totalBytesSent == 1 << 20 && sent.ended)
        #expect(sent.sequence == 17, "16 data segments and the final marker")
        let got = try #require(pair.endpoint(1).receiveStreamStatistics(job.stream, on: job.session))
        #expect(got.complete && got.totalBytesReceived == 1 << 20 && got.outOfOrderCount == 0)
    }

    @Test(
        "bounded transfers arrive intact under loss, duplication and reordering",
        arguments: [0.0, 0.05, 0.30], [1_024, 65_536, 1_048_576])
    func lossyTransfers(loss: Double, segmentSize: Int) throws {
        let (pair, job) = try transfer(
            length: 1 << 20, segmentSize: segmentSize, loss: loss,
            duplicate: 0.02, reorder: 0.05, seed: UInt64(segmentSize) &+ UInt64(loss * 100))
        let sent = try #require(pair.endpoint(0).sendStreamStatistics(job.stream, on: job.session))
        if loss > 0 { #expect(sent.retransmittedBytes > 0, "loss was repaired by retransmission") }
        let got = try #require(pair.endpoint(1).receiveStreamStatistics(job.stream, on: job.session))
        #expect(got.arrivedBytes == 1 << 20, "duplicates and retransmissions count once")
        // The receiver finishes before the last acknowledgements reach the sender.
        #expect(
            sent.acknowledgedBytes <= 1 << 20 && sent.acknowledgedBytes >= (1 << 20) - sent.bufferedBytes,
            "each byte is acknowledged once, in whatever order")
    }
}
