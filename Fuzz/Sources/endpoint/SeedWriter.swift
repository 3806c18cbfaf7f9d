import Foundation
import STTCore

/// Writes the `endpoint` seed corpus (run the target with `STT_FUZZ_WRITE_SEEDS=DIR`): inputs
/// built from real datagrams and real frames, so the fuzzer starts past every early check
/// instead of guessing MACs and AEAD tags.
enum SeedWriter {
    static func write(recorded r: RecordedHandshake, to directory: String) {
        var seeds: [String: [UInt8]] = [:]
        // Mode 0: the real hello as raw bytes, and re-MACed through the mutate record.
        seeds["raw-hello"] = [0] + raw(r.hello)
        seeds["mutate-hello"] = [0] + mutate(index: 0, pairs: [12, 0x01])
        seeds["raw-garbage"] = [0] + raw(Array(repeating: 0x53, count: 40)) + raw([0x53, 0x54, 3, 0x10])
        // Mode 1: the responder waits for the finish; deliver it, then a mutated copy.
        seeds["finish"] = [1] + mutate(index: 1, pairs: [])
        seeds["finish-mutated"] = [1] + mutate(index: 1, pairs: [20, 0x80]) + mutate(index: 1, pairs: [])
        // Mode 2: frames from the real initiator's first packets, one sealed record each.
        let plaintexts = realPlaintexts(r)
        var transfer: [UInt8] = [2]
        for plaintext in plaintexts { transfer += frames(plaintext) }
        seeds["real-transfer"] = transfer + [3 << 2 | 3]
        seeds["frames-each-type"] = [2] + frames(handmadeFrames()) + [0xFF]
        seeds["close"] = [2] + frames(encode([.close(code: .normal, reason: "bye")])) + [0x7F]
        seeds["replay"] = [2] + frames(encode([.ping])) + mutate(index: 2, pairs: []) + [1 << 2 | 3]
        save(seeds, to: directory)
        // The `packet` target's seeds: real datagrams of each kind and real frame payloads.
        var packets: [String: [UInt8]] = ["hello": r.hello, "finish": r.finish, "frames-each-type": handmadeFrames()]
        var protection = r.clientProtection()
        packets["protected"] = protection.seal(encode([.ping]))
        for (i, plaintext) in plaintexts.prefix(3).enumerated() { packets["real-frames-\(i)"] = plaintext }
        packets["framed-messages"] = [16] + [0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 9, 1]
        save(packets, to: directory + "/../packet")
    }

    private static func save(_ files: [String: [UInt8]], to directory: String) {
        let fm = FileManager.default
        try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, bytes) in files {
            _ = fm.createFile(atPath: directory + "/" + name, contents: Data(bytes))
        }
    }

    private static func lengthPrefixed(_ control: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [control, UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF)] + payload
    }
    private static func raw(_ datagram: [UInt8]) -> [UInt8] { lengthPrefixed(1, datagram) }
    private static func frames(_ plaintext: [UInt8]) -> [UInt8] { lengthPrefixed(0, plaintext) }
    private static func mutate(index: UInt8, pairs: [UInt8]) -> [UInt8] { lengthPrefixed(index << 2 | 2, pairs) }

    private static func encode(_ list: [Frame]) -> [UInt8] {
        var out: [UInt8] = []
        for f in list { f.encode(into: &out) }
        return out
    }

    /// One frame of every type the protocol has.
    private static func handmadeFrames() -> [UInt8] {
        encode([
            .ping,
            .ack(AckFrame(ranges: [3...5, 0...1], ackDelayMicroseconds: 1000)),
            .stream(
                StreamFrame(streamID: 2, sequence: 0, segmentLength: 5, offset: 0, isFinal: false, data: [1, 2, 3])),
            .stream(StreamFrame(streamID: 2, sequence: 0, segmentLength: 5, offset: 3, isFinal: false, data: [4, 5])),
            .stream(
                StreamFrame(
                    streamID: 2, sequence: 1, streamOffset: 5, segmentLength: 0, offset: 0, isFinal: true, data: [])),
            .credit(streamID: 1, maxOffset: 1 << 20),
            .skip(streamID: 4, sequence: 2, streamOffset: 100),
            .sessionCredit(maxBytes: 1 << 24),
            .datagram(Array("hello".utf8)),
            .handshakeDone,
            .padding,
        ])
    }

    /// The plaintexts of the initiator's packets as it opens a stream, writes, finishes it and
    /// sends a datagram, decrypted with its own key.
    private static func realPlaintexts(_ r: RecordedHandshake) -> [[UInt8]] {
        let client = r.client
        let now = RecordedHandshake.finishTime + .milliseconds(10)
        // The responder's answer to the finish (HANDSHAKE_DONE) confirms the session to the client.
        let server = r.makeServer()
        server.handle(datagram: r.hello, from: RecordedHandshake.clientAddress, now: RecordedHandshake.helloTime)
        while server.pollTransmit(now: RecordedHandshake.helloTime) != nil {}
        server.handle(datagram: r.finish, from: RecordedHandshake.clientAddress, now: RecordedHandshake.finishTime)
        while let t = server.pollTransmit(now: RecordedHandshake.finishTime) {
            client.handle(datagram: t.payload, from: RecordedHandshake.serverAddress, now: now)
        }
        guard let stream = try? client.openStream(on: r.sessionID) else { return [] }
        _ = try? client.write(Array(repeating: 0x61, count: 3000), to: stream, on: r.sessionID, now: now)
        try? client.finish(stream, on: r.sessionID, now: now)
        try? client.sendDatagram(Array("datagram".utf8), on: r.sessionID)
        var out: [[UInt8]] = []
        for step in Int64(0)..<50 {  // pacing spreads the packets over a few milliseconds
            while let t = client.pollTransmit(now: now + .milliseconds(step)) {
                if let opened = PacketProtection.open(t.payload, key: r.keys.initiatorToResponder, suite: r.keys.suite) {
                    out.append(Array(opened.plaintext))
                }
            }
        }
        return out
    }
}
