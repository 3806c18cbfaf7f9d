import Crypto
import Foundation
import STTCore
import STTHarness
import STTTestSupport
import Testing

/// Every example of the seed chapter ("Chapter 24: Binary Streaming"), made to run.
@Suite("Seed chapter examples")
struct SeedChapterExampleTests {
    let crypto = try! StreamCrypto(sharedSeed: Array("shared_secret_32bytes_minimum!".utf8))
    let session = SessionID(rawValue: 0x5EED)

    func encoder(_ mode: StreamMode = .bounded, segmentSize: Int = 65_536, stream: UInt32 = 1) throws
        -> BinaryStreamEncoder
    {
        try BinaryStreamEncoder(
            crypto: crypto, sessionID: session, streamID: stream, segmentSize: segmentSize, mode: mode)
    }

    func collect(_ stream: AsyncThrowingStream<StreamSegment, Error>) async throws -> [StreamSegment] {
        var out: [StreamSegment] = []
        for try await s in stream { out.append(s) }
        return out
    }

    @Test("Live streaming: sensor data flows continuously and a live stream cannot be ended")
    func liveStreaming() async throws {
        let live = try encoder(.live(deadline: nil))
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        var received = [UInt8]()
        for reading in 0..<50 {
            for segment in try await collect(live.send(Array("sensor \(reading);".utf8))) {
                received += try decoder.receive(segment.data) ?? Data()
            }
        }
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("sensor 0;sensor 1;"))
        await #expect(throws: StreamError.liveStreamCannotEnd) { try await collect(live.end()) }
        #expect(throws: StreamError.liveStreamCannotEnd) { try live.encodeEnd() }
        #expect(!decoder.isComplete)
    }

    @Test("Bounded streaming: a file is sent, then end() signals completion")
    func boundedStreaming() async throws {
        let fileData = [UInt8]((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let enc = try encoder()
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        var received = [UInt8]()
        for segment in try await collect(enc.send(fileData)) + (try await collect(enc.end())) {
            received += try decoder.receive(segment.data) ?? Data()
        }
        #expect(received == fileData && decoder.isComplete)
        #expect(enc.statistics.ended)
    }

    @Test("Segmentation: 200 KB in 64 KB segments is 64, 64, 64 and 8 KB, each sealed and numbered")
    func segmentation() throws {
        let data = [UInt8](repeating: 0x58, count: 200 * 1024)  // b"X" * (200 * 1024)
        let segments = try encoder().encode(data)
        #expect(segments.map { $0.data.count - StreamSegment.overhead } == [65_536, 65_536, 65_536, 8_192])
        #expect(segments.map(\.sequence) == [0, 1, 2, 3])
        #expect(segments.allSatisfy { !$0.isFinal && $0.sessionID == session && $0.streamID == 1 })
        #expect(
            ![UInt8](segments[0].data).contains(subsequence: [UInt8](repeating: 0x58, count: 64)),
            "the data is encrypted")
    }

    @Test("Segment sizes from 1 KB to 1 MB all work; others are refused", arguments: [1_024, 65_536, 1_048_576])
    func segmentSizes(size: Int) throws {
        let enc = try encoder(segmentSize: size)
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        let data = [UInt8]((0..<(3 * size + 17)).map { UInt8(truncatingIfNeeded: $0) })
        var out = [UInt8]()
        for s in try enc.encode(data) + [try enc.encodeEnd()] { out += try decoder.receive(s) ?? Data() }
        #expect(out == data && decoder.isComplete)
        #expect(throws: StreamError.segmentSizeOutOfRange(1_023)) { try encoder(segmentSize: 1_023) }
        #expect(throws: StreamError.segmentSizeOutOfRange(1_048_577)) { try encoder(segmentSize: 1_048_577) }
    }

    @Test("Out-of-order delivery: segments 0, 2, 1 come out as 0, then nothing, then 1 and 2")
    func outOfOrder() throws {
        let s = try encoder(segmentSize: 1_024).encode(
            [UInt8](repeating: 1, count: 1_024) + [UInt8](repeating: 2, count: 1_024)
                + [UInt8](repeating: 3, count: 1_024))
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        #expect(try decoder.receive(s[0]) == Data(repeating: 1, count: 1_024))
        #expect(try decoder.receive(s[2]) == nil)
        #expect(try decoder.receive(s[1]) == Data(repeating: 2, count: 1_024) + Data(repeating: 3, count: 1_024))
        #expect(decoder.statistics.outOfOrderCount == 1)
    }

    @Test("Statistics: after 1 MiB in 64 KiB segments the encoder reports sequence 16 and 84 credits")
    func statistics() throws {
        let enc = try encoder()
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        let segments = try enc.encode([UInt8](repeating: 7, count: 1_048_576))
        #expect(
            enc.statistics == .init(totalBytesSent: 1_048_576, sequence: 16, mode: .bounded, ended: false, credits: 84))
        for s in segments.reversed().prefix(2) { _ = try decoder.receive(s) }  // 15 and 14 arrive first
        for s in segments.dropLast(2) { _ = try decoder.receive(s) }
        let stats = decoder.statistics
        #expect(stats.totalBytesReceived == 1_048_576 && stats.expectedSequence == 16)
        #expect(stats.outOfOrderCount == 2 && !stats.complete)
    }

    @Test("Flow control: a sender out of credits waits until the receiver grants more")
    func creditsMakeTheSenderWait() async throws {
        let enc = try encoder(segmentSize: 1_024)
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        #expect(throws: StreamError.noCredits) { try enc.encode([UInt8](repeating: 0, count: 101 * 1_024)) }
        let sending = Task { try await collect(enc.send([UInt8](repeating: 9, count: 150 * 1_024))) }
        for _ in 0..<500 where enc.statistics.sequence < 100 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(50))  // and it stays there: the sender waits
        #expect(enc.statistics.credits == 0 && enc.statistics.sequence == 100, "stopped at 100 segments")
        // The receiver consumes what arrived and grants credits back.
        var delivered = 0
        enc.grantCredits(upTo: 200)
        let all = try await sending.value
        #expect(all.count == 150)
        for s in all { delivered += try decoder.receive(s)?.count ?? 0 }
        #expect(delivered == 150 * 1_024 && decoder.creditLimit == 250)
    }

    @Test("Tampered, foreign-stream, replayed and stale segments throw typed errors and are never delivered")
    func hostileSegments() throws {
        let enc = try encoder(segmentSize: 1_024)
        let segments = try enc.encode([UInt8](repeating: 5, count: 3 * 1_024))
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        var tampered = segments[0].data
        tampered[30] ^= 1
        #expect(throws: StreamError.authenticationFailed(sequence: 0)) { try decoder.receive(tampered) }
        var flippedFinal = segments[0].data
        flippedFinal[4] ^= 0x80  // claim it is the final segment: the flag is part of the nonce
        #expect(throws: StreamError.authenticationFailed(sequence: 0)) { try decoder.receive(flippedFinal) }
        let otherSession = BinaryStreamDecoder(crypto: crypto, sessionID: SessionID(rawValue: 7), streamID: 1)
        #expect(throws: StreamError.authenticationFailed(sequence: 0)) { try otherSession.receive(segments[0].data) }
        let other = try BinaryStreamEncoder(crypto: crypto, sessionID: session, streamID: 3).encode([1])
        #expect(throws: StreamError.foreignSegment(sessionID: session, streamID: 3)) { try decoder.receive(other[0]) }
        #expect(try decoder.receive(segments[2]) == nil)
        #expect(throws: StreamError.duplicateSegment(sequence: 2)) { try decoder.receive(segments[2]) }
        #expect(decoder.statistics.outOfOrderCount == 1, "a duplicate is counted once")
        #expect(try decoder.receive(segments[0])?.count == 1_024)
        #expect(throws: StreamError.staleSegment(sequence: 0)) { try decoder.receive(segments[0]) }
        let wrongKey = BinaryStreamDecoder(
            crypto: StreamCrypto(key: SymmetricKey(size: .bits256)), sessionID: session, streamID: 1)
        #expect(throws: StreamError.authenticationFailed(sequence: 1)) { try wrongKey.receive(segments[1]) }
        let far = try BinaryStreamEncoder(crypto: crypto, sessionID: session, streamID: 9, segmentSize: 1_024)
        _ = try far.encode([UInt8](repeating: 0, count: 100 * 1_024))
        far.grantCredits(upTo: 1_000)
        let beyond = try far.encode([1])[0]
        let small = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 9, credits: 10)
        #expect(throws: StreamError.beyondCredits(sequence: 100, limit: 10)) { try small.receive(beyond) }
    }

    @Test("Troubleshooting: a missing segment leaves expected_sequence stuck while out_of_order grows")
    func missingSegmentStalls() throws {
        let segments = try encoder(segmentSize: 1_024).encode([UInt8](repeating: 0, count: 10 * 1_024))
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        for s in segments where s.sequence != 3 { _ = try decoder.receive(s) }
        #expect(decoder.statistics.expectedSequence == 3 && decoder.statistics.outOfOrderCount == 6)
        #expect(try decoder.receive(segments[3])?.count == 7 * 1_024, "the gap fills and the rest follows")
    }

    @Test("Streaming iterator and receive_all: a file streams chunk by chunk in constant memory")
    func streamingIteratorAndReceiveAll() async throws {
        let enc = try encoder()
        let file = PatternSourceChunks(total: 1_000_000, chunk: 65_536)
        let (segments, sink) = AsyncStream.makeStream(of: Data.self)
        let producer = Task {
            for chunk in file.all { for try await s in enc.send(chunk) { sink.yield(s.data) } }
            for try await s in enc.end() { sink.yield(s.data) }
            sink.finish()
        }
        let decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
        var hasher = SHA256()
        var largestChunk = 0
        var total = 0
        for try await chunk in decoder.receiveAll(from: segments) {  // process_chunk(chunk)
            hasher.update(data: chunk)
            largestChunk = max(largestChunk, chunk.count)
            total += chunk.count
        }
        try await producer.value
        #expect(total == 1_000_000 && decoder.isComplete)
        #expect(largestChunk <= 65_536, "chunks arrive one segment at a time")
        #expect(hasher.finalize() == SHA256.hash(data: file.all.flatMap { $0 }))
    }

    @Test("Reassembly with callback: a StreamReceiver hands each chunk to on_data until complete")
    func reassemblyWithCallback() throws {
        final class StreamReceiver {
            let decoder: BinaryStreamDecoder
            let onData: ([UInt8]) -> Void
            init(decoder: BinaryStreamDecoder, onData: @escaping ([UInt8]) -> Void) {
                self.decoder = decoder
                self.onData = onData
            }
            func handleSegment(_ segment: [UInt8]) throws -> Bool {
                if let chunk = try decoder.receive(segment) { onData([UInt8](chunk)) }
                return decoder.isComplete
            }
        }
        let enc = try encoder(segmentSize: 4_096)
        var saved = [UInt8]()
        let receiver = StreamReceiver(decoder: BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)) {
            saved += $0
        }
        let data = [UInt8]((0..<50_000).map { UInt8(truncatingIfNeeded: $0 / 7) })
        var done = false
        for s in try enc.encode(data) + [try enc.encodeEnd()] { done = try receiver.handleSegment([UInt8](s.data)) }
        #expect(done && saved == data)
    }

    @Test("File transfer: a client streams ~1.3 MB to a server over an STT session, and the bytes match")
    func fileTransferOverSession() throws {
        // The seed's example over this project's endpoints: the client's encoder uses the
        // session's exported keys, the server's decoder the matching ones; the server learns
        // the segments through its session, so each segment travels as a stream fragment.
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        let clientCrypto = try #require(pair.endpoint(0).streamCrypto(for: id))
        let serverCrypto = try #require(pair.endpoint(1).streamCrypto(for: id))
        let fileData = Array(String(repeating: "FILE CONTENTS", count: 100_000).utf8)  // ~1.3 MB
        let enc = try BinaryStreamEncoder(crypto: clientCrypto, sessionID: id, streamID: 1)
        let carrier = try pair.endpoint(0).openStream(on: id, mode: .bounded)
        var segmentsSent = 0
        var outgoing = [UInt8]()
        for segment in try enc.encode(fileData) + [try enc.encodeEnd()] {
            // Length-prefix each sealed segment on the carrier stream (a transport of our choice).
            outgoing.appendLength(segment.data.count)
            outgoing += segment.data
            segmentsSent += 1
        }
        var finished = false
        func writeWhatFits(_ h: EndpointHarness) {
            // write takes what the send buffer holds; the rest waits for room (.streamWritable).
            guard !finished, let taken = try? h.endpoint(0).write(outgoing, to: carrier, on: id, now: h.now) else {
                return
            }
            outgoing.removeFirst(taken)
            if outgoing.isEmpty {
                try? h.endpoint(0).finish(carrier, on: id, now: h.now)
                finished = true
            }
        }
        let decoder = BinaryStreamDecoder(crypto: serverCrypto, sessionID: id, streamID: 1)
        var inbox = [UInt8]()
        var received = [UInt8]()
        pair.application = { h in
            writeWhatFits(h)
            while let bytes = h.endpoint(1).read(from: carrier, on: id) { inbox += bytes }
            while inbox.count >= 4 {
                let n = Int(inbox[0]) << 24 | Int(inbox[1]) << 16 | Int(inbox[2]) << 8 | Int(inbox[3])
                guard inbox.count >= 4 + n else { break }
                if let chunk = try? decoder.receive(Array(inbox[4..<4 + n])) { received += chunk }
                inbox.removeFirst(4 + n)
            }
        }
        #expect(pair.run(until: pair.now + .seconds(30)) { decoder.isComplete })
        #expect(segmentsSent == 21 && received.count == fileData.count && received == fileData)
        let wrongDirection = BinaryStreamDecoder(crypto: clientCrypto, sessionID: id, streamID: 1)
        #expect(throws: StreamError.self) { try wrongDirection.receive(try enc.encode([1])[0]) }
    }
}

extension Array where Element == UInt8 {
    mutating func appendLength(_ n: Int) {
        append(UInt8(n >> 24 & 0xFF))
        append(UInt8(n >> 16 & 0xFF))
        append(UInt8(n >> 8 & 0xFF))
        append(UInt8(n & 0xFF))
    }
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<$0 + subsequence.count]) == subsequence }
    }
}
