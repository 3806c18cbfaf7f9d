import Crypto
import Foundation
import STTCore
import STTTestSupport
import Testing

@Suite("Encoder cancellation")
struct EncoderCancellationTests {
    @Test("a send cancelled while waiting for credits leaves no gap: the next send continues the sequence")
    func cancelledSendLeavesNoGap() async throws {
        let crypto = StreamCrypto(key: SymmetricKey(size: .bits256))
        let enc = try BinaryStreamEncoder(
            crypto: crypto, sessionID: SessionID(rawValue: 1), streamID: 1, segmentSize: 1_024)
        _ = try enc.encode([UInt8](repeating: 0, count: 100 * 1_024))  // spend every credit
        let waiting = Task { () -> Int in
            var n = 0
            for try await _ in enc.send([UInt8](repeating: 1, count: 10 * 1_024)) { n += 1 }
            return n
        }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        let result = await waiting.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(enc.statistics.sequence == 100, "the cancelled send sealed nothing")
        enc.grantCredits(upTo: 200)
        var next: [StreamSegment] = []
        for try await s in enc.send([7]) { next.append(s) }
        #expect(next.map(\.sequence) == [100])
    }
}
