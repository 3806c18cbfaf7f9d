import Foundation
import STTCore
import STTUDP
import Testing

let shared = Array("shared_secret_32bytes_minimum!".utf8)
func seed(_ name: String) -> [UInt8] { Array(String(repeating: name, count: 8).utf8) }

/// A quick handshake timeout keeps the failure tests short.
func config(handshakeTimeout: STTDuration = .seconds(2)) -> EndpointConfiguration {
    var c = EndpointConfiguration()
    c.handshakeTimeout = handshakeTimeout
    return c
}

/// The STTNode API over real loopback sockets. Serialized: the tests bind ports.
@Suite("STTNode over UDP", .serialized)
struct STTNodeTests {
    @Test("the seed chapter's file transfer: encoder segments through send(toSessions:), decoder on receive()")
    func seedChapterFileTransfer() async throws {
        let server = try STTNode(nodeSeed: seed("server"), sharedSeed: shared, host: "127.0.0.1", port: 0)
        try await server.start(serverMode: true)
        let client = try STTNode(nodeSeed: seed("client"), sharedSeed: shared, host: "127.0.0.1", port: 0)
        try await client.start()
        let port = try #require(server.localPort)

        let session = try await client.connect(host: "localhost", port: port)
        #expect(session.peer == server.nodeID)

        // === SENDER (client) ===
        let encoder = try BinaryStreamEncoder(
            crypto: try #require(await client.streamCrypto(for: session.sessionID)),
            sessionID: session.sessionID, streamID: 1, segmentSize: 65_536)
        let fileData = Array(String(repeating: "FILE CONTENTS", count: 100_000).utf8)  // ~1.3 MB
        var segmentsSent = 0
        for try await segment in encoder.send(fileData) {
            try await client.send(toSessions: [session.sessionID], [UInt8](segment.data))
            segmentsSent += 1
        }
        for try await segment in encoder.end() {
            try await client.send(toSessions: [session.sessionID], [UInt8](segment.data))
        }
        #expect(segmentsSent == 20)

        // === RECEIVER (server) ===
        let decoder = BinaryStreamDecoder(
            crypto: try #require(await server.streamCrypto(for: session.sessionID)),
            sessionID: session.sessionID, streamID: 1)
        var received = [UInt8]()
        for await packet in server.receive() {
            #expect(packet.sessionID == session.sessionID && packet.streamID == STTNode.messageStreamID)
            if let chunk = try decoder.receive(packet.data) { received += chunk }
            if decoder.isComplete { break }
        }
        #expect(received.count == fileData.count && received == fileData)

        await client.stop()
        await server.stop()
    }

    @Test("a stream's bytes arrive in order, then its end; statistics count what was sent")
    func streamBytesAndEnd() async throws {
        let server = try STTNode(nodeSeed: seed("srv2"), sharedSeed: shared, host: "127.0.0.1")
        try await server.start(serverMode: true)
        let client = try STTNode(nodeSeed: seed("cli2"), sharedSeed: shared, host: "127.0.0.1")
        try await client.start()
        let session = try await client.connect(host: "127.0.0.1", port: try #require(server.localPort))
        let stream = try await client.createStream(session: session, streamID: 7, segmentSize: 16_384)
        var source = PatternSource(seed: 5, length: 4 << 20)
        let data = source.next(4 << 20)
        async let sending: Void = stream.sendAll(data)
        var got = [UInt8]()
        var ended = false
        for await packet in server.receive() where packet.streamID == 7 {
            if packet.isEnd {
                ended = true
                break
            }
            got += packet.data
        }
        try await sending
        #expect(ended && got == data)
        var second = 0
        for await _ in server.receive() { second += 1 }  // a second consumer: empty, not a trap
        #expect(second == 0)
        let stats = try #require(await stream.statistics())
        #expect(stats.totalBytesSent == data.count && stats.ended)
        let received = try #require(await server.receiveStatistics(sessionID: session.sessionID, streamID: 7))
        #expect(received.complete)
        await client.stop()
        await server.stop()
    }

    @Test(
        "bytes acknowledged before the sender closes reach a slow consumer whole, then the stream's end and the session's"
    )
    func acknowledgedBytesSurviveClose() async throws {
        let server = try STTNode(nodeSeed: seed("srv5"), sharedSeed: shared, host: "127.0.0.1")
        try await server.start(serverMode: true)
        let client = try STTNode(nodeSeed: seed("cli5"), sharedSeed: shared, host: "127.0.0.1")
        try await client.start()
        let session = try await client.connect(host: "127.0.0.1", port: try #require(server.localPort))
        let stream = try await client.createStream(session: session, segmentSize: 65_536)
        let data = [UInt8]((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try await stream.sendAll(data)
        try await stream.waitUntilAcknowledged()  // the server has not read a byte yet
        await client.stop()  // CLOSE right away
        try await Task.sleep(for: .milliseconds(200))
        var got = [UInt8]()
        var streamEnded = false
        var sessionEnded = false
        for await packet in server.receive() {
            if packet.streamID == nil && packet.isEnd {
                sessionEnded = true
                break
            }
            if packet.isEnd { streamEnded = true } else { got += packet.data }
        }
        #expect(got.count == data.count && got == data)
        #expect(streamEnded && sessionEnded)
        await server.stop()
    }

    @Test("messages sent from two tasks at once arrive whole, never interleaved")
    func concurrentMessagesStayWhole() async throws {
        let server = try STTNode(nodeSeed: seed("srv6"), sharedSeed: shared, host: "127.0.0.1")
        try await server.start(serverMode: true)
        let client = try STTNode(nodeSeed: seed("cli6"), sharedSeed: shared, host: "127.0.0.1")
        try await client.start()
        let session = try await client.connect(host: "127.0.0.1", port: try #require(server.localPort))
        let size = 1_500_000
        try await withThrowingTaskGroup(of: Void.self) { group in
            for fill in [UInt8(0xAA), 0x55] {
                group.addTask {
                    for _ in 0..<3 {
                        try await client.send(toSessions: [session.sessionID], [UInt8](repeating: fill, count: size))
                    }
                }
            }
            try await group.waitForAll()
        }
        var messages = 0
        for await packet in server.receive() where packet.streamID == STTNode.messageStreamID {
            #expect(packet.data.count == size && Set(packet.data).count == 1, "message \(messages) mixed or cut")
            messages += 1
            if messages == 6 { break }
        }
        #expect(messages == 6)
        await client.stop()
        await server.stop()
    }

    @Test("binding a port in use fails with addressInUse; after stop the port is free again")
    func portInUse() async throws {
        let first = try STTNode(nodeSeed: seed("one"), sharedSeed: shared, host: "127.0.0.1")
        try await first.start()
        let port = try #require(first.localPort)
        let second = try STTNode(nodeSeed: seed("two"), sharedSeed: shared, host: "127.0.0.1", port: port)
        await #expect(throws: STTNodeError.addressInUse(host: "127.0.0.1", port: port)) { try await second.start() }
        await first.stop()
        let third = try STTNode(nodeSeed: seed("three"), sharedSeed: shared, host: "127.0.0.1", port: port)
        try await third.start()
        #expect(third.localPort == port)
        await third.stop()
    }

    @Test("an unresolvable host, a silent peer and a peer with another shared seed each give their own error")
    func distinctConnectErrors() async throws {
        let client = try STTNode(nodeSeed: seed("cli3"), sharedSeed: shared, host: "127.0.0.1", configuration: config())
        try await client.start()
        await #expect {
            try await client.connect(host: "no-such-host.invalid", port: 7000)
        } throws: { error in
            guard case .cannotResolve(let host, _)? = error as? STTNodeError else { return false }
            return host == "no-such-host.invalid"
        }

        // A socket that reads and never answers.
        let silent = try STTNode(nodeSeed: seed("mute"), sharedSeed: shared, host: "127.0.0.1")
        try await silent.start(serverMode: false)
        let silentPort = try #require(silent.localPort)
        let started = ContinuousClock.now
        await #expect(throws: STTNodeError.handshakeTimeout(host: "127.0.0.1", port: silentPort)) {
            try await client.connect(host: "127.0.0.1", port: silentPort)
        }
        #expect(ContinuousClock.now - started >= .seconds(2))

        let stranger = try STTNode(
            nodeSeed: seed("strg"), sharedSeed: Array("another_shared_secret_32_bytes!".utf8), host: "127.0.0.1")
        try await stranger.start(serverMode: true)
        let strangerPort = try #require(stranger.localPort)
        await #expect(throws: STTNodeError.authenticationFailed(host: "127.0.0.1", port: strangerPort)) {
            try await client.connect(host: "127.0.0.1", port: strangerPort)
        }
        #expect(throws: STTNodeError.self) { _ = try STTNode(nodeSeed: [1, 2, 3], sharedSeed: shared) }
        await client.stop()
        await silent.stop()
        await stranger.stop()
        await #expect(throws: STTNodeError.notRunning) {
            try await client.connect(host: "127.0.0.1", port: strangerPort)
        }
    }

    @Test("stop sends CLOSE to every peer before releasing the port")
    func stopClosesSessions() async throws {
        let seen = Counter()
        let server = try STTNode(
            nodeSeed: seed("srv4"), sharedSeed: shared, host: "127.0.0.1",
            tap: STTNodeTap(datagram: { r in if r.direction == .rx { seen.add() } }))
        try await server.start(serverMode: true)
        let client = try STTNode(nodeSeed: seed("cli4"), sharedSeed: shared, host: "127.0.0.1")
        try await client.start()
        _ = try await client.connect(host: "127.0.0.1", port: try #require(server.localPort))
        try await Task.sleep(for: .milliseconds(100))
        let before = seen.value
        await client.stop()
        try await Task.sleep(for: .milliseconds(100))
        #expect(seen.value > before, "the server received the client's CLOSE")
        await server.stop()
    }
}
