import Foundation
import STTHarness
import Testing

@testable import STTCore

/// Defects a review of the stream layer found, each pinned by the input that exposed it.
/// Frames are forged with the real session keys: a hostile but authenticated peer.
@Suite("Stream review regressions")
struct StreamReviewRegressionTests {
    func forge(_ pair: EndpointHarness, _ id: SessionID, _ frames: [Frame]) throws -> [UInt8] {
        var plaintext = [UInt8]()
        for f in frames { f.encode(into: &plaintext) }
        return try #require(pair.endpoint(0).sessions[id]?.seal(plaintext, now: pair.now))
    }

    @Test("packet number UInt64.max is refused, so nothing computes max + 1")
    func packetNumberMaxRefused() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        var packet = try forge(pair, id, [.ping])
        packet.replaceSubrange(12..<20, with: [UInt8](repeating: 0xFF, count: 8))  // tag now fails, but…
        pair.inject(packet, to: 1, from: pair.address(0))
        #expect(pair.endpoint(1).drops[.outsideReplayWindow] == 1, "…max is refused before decryption")
    }

    @Test("a SKIP near the top of the sequence space does not trap later frames or reads")
    func skipNearTopOfSequenceSpace() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        pair.inject(try forge(pair, id, [.skip(streamID: 9, sequence: UInt64.max - 50)]), to: 1, from: pair.address(0))
        pair.advance(by: .milliseconds(50))
        pair.inject(try forge(pair, id, [.skip(streamID: 9, sequence: UInt64.max - 40)]), to: 1, from: pair.address(0))
        pair.inject(
            try forge(
                pair, id,
                [
                    .stream(
                        StreamFrame(
                            streamID: 9, sequence: 5, segmentLength: 1, offset: 0,
                            isFinal: false, data: [1]))
                ]), to: 1, from: pair.address(0))
        #expect(pair.endpoint(1).read(from: 9, on: id) == nil)
        #expect(pair.endpoint(1).sessionInfo(id)?.state == .established)
    }

    @Test("empty fragments announcing 1 MiB segments cannot make a session hold more than its budget")
    func reassemblyBudget() throws {
        var server = EndpointConfiguration()
        server.maxReceiveBufferPerSession = 8 << 20
        let pair = try makePair(server: server)
        let id = pair.establish(0, to: 1)
        var frames: [Frame] = []
        for seq in 1...20 {
            frames.append(
                .stream(
                    StreamFrame(
                        streamID: 1, sequence: UInt64(seq), segmentLength: 1 << 20, offset: 0,
                        isFinal: false, data: [])))
        }
        pair.inject(try forge(pair, id, frames), to: 1, from: pair.address(0))
        pair.advance(by: .milliseconds(50))
        guard case .local(let code, let reason)? = pair.closes(1).first else {
            Issue.record("not closed")
            return
        }
        #expect(code == .flowControlError && reason.contains("hold"))
    }

    @Test("a segment scattered into more pieces than reassembly tracks closes the session")
    func tooFragmented() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        var frames: [Frame] = []
        for i in stride(from: 2_100, through: 0, by: -2) {  // 1-byte pieces with gaps, high to low
            frames.append(
                .stream(
                    StreamFrame(
                        streamID: 1, sequence: 1, segmentLength: 4_400, offset: UInt32(i),
                        isFinal: false, data: [7])))
            if frames.count == 40 {
                pair.inject(try forge(pair, id, frames), to: 1, from: pair.address(0))
                frames = []
            }
        }
        pair.inject(try forge(pair, id, frames), to: 1, from: pair.address(0))
        pair.advance(by: .milliseconds(50))
        guard case .local(let code, let reason)? = pair.closes(1).first else {
            Issue.record("not closed")
            return
        }
        #expect(code == .flowControlError && reason.contains("tooFragmented"))
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
