import STTCore
import STTHarness
import STTTestSupport
import Testing

@Suite("Session lifecycle: keep-alive, idle timeout, close, many sessions")
struct SessionLifecycleTests {
    @Test("an idle session stays open past the idle timeout because both sides send PINGs")
    func keepAliveHoldsIdleSession() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        pair.advance(by: .seconds(120))  // four idle timeouts with nothing to say
        #expect(pair.closes(0).isEmpty && pair.closes(1).isEmpty)
        #expect(pair.endpoint(0).sessionInfo(id)?.state == .established)
        let pings = pair.endpoint(0).sessionInfo(id)!.statistics.keepAlivesSent
        #expect((10...13).contains(pings), "one PING per 10 s keep-alive interval (got \(pings))")
    }

    @Test("a session whose peer vanishes ends with an idle timeout")
    func idleTimeoutWhenPeerVanishes() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        let vanishedAt = pair.now
        pair.fate = { _ in .drop }  // the path dies
        pair.advance(by: .seconds(40))
        #expect(pair.closes(0) == [.idleTimeout] && pair.closes(1) == [.idleTimeout])
        #expect(pair.endpoint(0).sessionInfo(id) == nil)
        _ = vanishedAt
    }

    @Test("with keep-alive disabled an idle session times out after the idle timeout")
    func idleTimeoutWithoutKeepAlive() throws {
        var config = EndpointConfiguration()
        config.keepAliveInterval = nil
        config.idleTimeout = .seconds(5)
        let pair = try makePair(client: config, server: config)
        _ = pair.establish(0, to: 1)
        let establishedAt = pair.now
        let closed = pair.run(until: pair.now + .seconds(10)) { !pair.closes(0).isEmpty }
        #expect(closed && pair.closes(0) == [.idleTimeout])
        let elapsed = pair.now - establishedAt
        #expect(elapsed >= .seconds(4) && elapsed <= .seconds(5), "closed at the idle timeout (after \(elapsed))")
    }

    @Test("CLOSE carries its code and reason to the peer, and both sides drop the session")
    func closeWithCodeAndReason() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        let code = CloseCode(rawValue: 0x0123)
        pair.perform(0) { e, now in e.close(id, code: code, reason: "done for today", now: now) }
        pair.advance(by: .milliseconds(100))
        #expect(pair.closes(0) == [.local(code, "done for today")])
        #expect(pair.closes(1) == [.remote(code, "done for today")])
        #expect(pair.endpoint(1).sessionInfo(id) == nil)
        #expect(throws: EndpointError.sessionNotOpen(id)) { try pair.endpoint(0).sendDatagram([1], on: id) }
        pair.advance(by: .seconds(3))
        #expect(pair.endpoint(0).sessionInfo(id) == nil, "the closing session lingers only briefly")
    }

    @Test("a lost CLOSE is sent again when the peer's next packet arrives")
    func lostCloseIsRepeated() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        let firstCloseIndex = pair.sent.count
        pair.fate = { $0.index == firstCloseIndex ? .drop : .deliver }
        pair.perform(0) { e, now in e.close(id, code: .normal, reason: "bye", now: now) }
        try pair.perform(1) { e, _ in try e.sendDatagram([42], on: id) }  // the server did not hear it
        pair.advance(by: .milliseconds(200))
        #expect(pair.closes(1) == [.remote(.normal, "bye")])
        #expect(pair.endpoint(0).drops[.sessionClosed] >= 1, "the stray packet was dropped and answered")
    }

    @Test("one server endpoint holds sessions with fifty clients and keeps their traffic apart")
    func manySessionsOnOneEndpoint() throws {
        let harness = EndpointHarness(seed: 7)
        var serverConfig = EndpointConfiguration()
        serverConfig.acceptsIncomingSessions = true
        let server = try harness.addEndpoint(
            nodeSeed: seed("server"), sharedSeed: sharedSeed, configuration: serverConfig)
        let clients = try (0..<50).map {
            try harness.addEndpoint(nodeSeed: seed("client-\($0)"), sharedSeed: sharedSeed)
        }
        let ids = clients.map { harness.connect($0, to: server) }
        let all = harness.run(until: .s(5)) { harness.established(server).count == 50 }
        #expect(all)
        #expect(Set(ids).count == 50)
        for (i, client) in clients.enumerated() {
            try harness.perform(client) { e, _ in try e.sendDatagram([UInt8(i)], on: ids[i]) }
            try harness.perform(server) { e, _ in try e.sendDatagram([UInt8(i), 0xEE], on: ids[i]) }
        }
        harness.advance(by: .milliseconds(100))
        for (i, client) in clients.enumerated() {
            #expect(harness.datagrams(client) == [[UInt8(i), 0xEE]], "client \(i) got only its own reply")
        }
        let received = harness.events(server).compactMap { event -> (SessionID, [UInt8])? in
            if case .datagramReceived(let id, let data) = event { return (id, data) }
            return nil
        }
        #expect(received.count == 50)
        #expect(received.allSatisfy { id, data in ids[Int(data[0])] == id }, "each datagram arrived on its own session")
        #expect(harness.endpoint(server).sessionIDs.count == 50)
    }

    @Test("one client endpoint holds sessions with several servers at once")
    func clientWithManyServers() throws {
        let harness = EndpointHarness(seed: 9)
        var serverConfig = EndpointConfiguration()
        serverConfig.acceptsIncomingSessions = true
        let client = try harness.addEndpoint(nodeSeed: seed("client"), sharedSeed: sharedSeed)
        let servers = try (0..<5).map {
            try harness.addEndpoint(nodeSeed: seed("server-\($0)"), sharedSeed: sharedSeed, configuration: serverConfig)
        }
        for s in servers { harness.connect(client, to: s) }
        #expect(harness.run(until: .s(5)) { harness.established(client).count == 5 })
        let peers = harness.events(client).compactMap { e -> NodeID? in
            if case .sessionEstablished(_, let peer, _, _) = e { return peer }
            return nil
        }
        #expect(Set(peers) == Set(servers.map { harness.endpoint($0).nodeID }))
    }

    @Test("when both sides close at once no CLOSE ping-pong follows, even on a zero-delay path")
    func simultaneousClose() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        pair.oneWayDelay = .zero
        let before = pair.sent.count
        pair.perform(0) { e, now in e.close(id, now: now) }
        pair.perform(1) { e, now in e.close(id, now: now) }
        pair.advance(by: .seconds(3))
        #expect(pair.sent.count - before <= 4, "two CLOSEs and at most one answer each")
        #expect(pair.endpoint(0).sessionIDs.isEmpty && pair.endpoint(1).sessionIDs.isEmpty)
    }
}
