import Foundation
import STTHarness
import STTTestSupport
import Testing

@testable import STTCore

/// The stream layer's limits hold against an authenticated peer that forges frames with the
/// real session keys: no trap, no unbounded memory, a protocol error where the peer cheats.
@Suite("Stream limits against a hostile authenticated peer")
struct StreamLimitsTests {
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

    @Test("a SKIP near the top of the sequence space is refused as a flow-control error, without trapping")
    func skipNearTopOfSequenceSpace() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        // Every skipped segment but the last holds a byte, so 2^64 - 50 segments cannot fit below
        // stream offset 2^62: the receiver must refuse it rather than walk or overflow.
        pair.inject(
            try forge(pair, id, [.skip(streamID: 9, sequence: UInt64.max - 50, streamOffset: 1 << 62)]), to: 1,
            from: pair.address(0))
        pair.advance(by: .milliseconds(50))
        guard case .local(let code, let reason)? = pair.closes(1).first else {
            Issue.record("not closed")
            return
        }
        #expect(code == .flowControlError && reason.contains("stream 9"))
        #expect(pair.endpoint(1).read(from: 9, on: id) == nil)
    }

    @Test("a SKIP far ahead within the stream's offsets finishes at once and later frames are stale")
    func skipFarAhead() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        pair.inject(
            try forge(pair, id, [.skip(streamID: 9, sequence: 1 << 40, streamOffset: 1 << 41)]), to: 1,
            from: pair.address(0))
        pair.advance(by: .milliseconds(50))
        pair.inject(
            try forge(
                pair, id,
                [
                    .stream(
                        StreamFrame(
                            streamID: 9, sequence: 5, streamOffset: 10, segmentLength: 1, offset: 0,
                            isFinal: false, data: [1]))
                ]), to: 1, from: pair.address(0))
        #expect(pair.endpoint(1).read(from: 9, on: id) == nil)
        #expect(pair.endpoint(1).sessionInfo(id)?.state == .established)
        #expect(pair.endpoint(1).receiveStreamStatistics(9, on: id)?.skippedSegments == 1 << 40)
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

}
