import STTHarness
import STTTestSupport
import Testing

@testable import STTCore

/// Byte windows: the receive window's auto-tuning, and the session table's reclaim of idle sessions.
@Suite("Flow control in bytes and sessions at scale")
struct FlowControlTests {
    @Test("a receive window doubles while the reader uses each credit within an RTT, up to its maximum")
    func windowAutoTunes() {
        var window = ReceiveWindow(initial: 1 << 20, maximum: 8 << 20)
        var now = STTInstant.zero
        let rtt = STTDuration.milliseconds(100)
        for _ in 0..<20 {
            window.consume(to: window.consumed + UInt64(window.window / 4))
            #expect(window.creditDue)
            _ = window.makeCredit(now: now, smoothedRTT: rtt)
            now = now + .milliseconds(10)  // a quarter window per 10 ms: the reader keeps up
        }
        #expect(window.window == 8 << 20, "grew to the maximum")
        #expect(window.grantedOffset == window.consumed + UInt64(8 << 20))
    }

    @Test("a reader slower than the window's turnover keeps the initial window")
    func slowReaderKeepsWindow() {
        var window = ReceiveWindow(initial: 1 << 20, maximum: 64 << 20)
        var now = STTInstant.zero
        for _ in 0..<20 {
            window.consume(to: window.consumed + UInt64(window.window / 4))
            _ = window.makeCredit(now: now, smoothedRTT: .milliseconds(100))
            now = now + .milliseconds(250)
        }
        #expect(window.window == 1 << 20)
    }

    @Test("a full session table reclaims the least recently active idle session for a new peer")
    func idleSessionReclaimed() throws {
        var server = EndpointConfiguration()
        server.acceptsIncomingSessions = true
        server.maxSessions = 2
        let harness = EndpointHarness(seed: 11)
        for name in ["a", "b", "c"] {
            try harness.addEndpoint(nodeSeed: seed("client-\(name)"), sharedSeed: sharedSeed)
        }
        try harness.addEndpoint(nodeSeed: seed("server"), sharedSeed: sharedSeed, configuration: server)
        let first = harness.establish(0, to: 3)
        let second = harness.establish(1, to: 3)
        // The second session is the more recently active one.
        try harness.perform(1) { e, _ in try e.sendDatagram([1], on: second) }
        harness.advance(by: .milliseconds(100))
        let third = harness.establish(2, to: 3)
        #expect(harness.endpoint(3).sessionInfo(third)?.state == .established)
        #expect(harness.closes(0) == [.remote(.sessionReclaimed, "session table full: idle session reclaimed")])
        #expect(
            harness.endpoint(3).sessionInfo(first) == nil || harness.endpoint(3).sessionInfo(first)?.state == .closing)
        #expect(harness.endpoint(3).sessionInfo(second)?.state == .established, "the recently active one stays")
        #expect(harness.endpoint(3).statistics.sessionsReclaimed == 1)
    }

    @Test("a full table of busy sessions refuses a new peer and counts it")
    func busySessionsRefuse() throws {
        var server = EndpointConfiguration()
        server.acceptsIncomingSessions = true
        server.maxSessions = 1
        let harness = EndpointHarness(seed: 12)
        try harness.addEndpoint(nodeSeed: seed("client-a"), sharedSeed: sharedSeed)
        try harness.addEndpoint(nodeSeed: seed("client-b"), sharedSeed: sharedSeed)
        try harness.addEndpoint(nodeSeed: seed("server"), sharedSeed: sharedSeed, configuration: server)
        let busy = harness.establish(0, to: 2)
        // Unread data makes the session busy: the server's application does not read it.
        let stream = try harness.endpoint(0).openStream(on: busy)
        try harness.perform(0) { e, now in
            _ = try e.write([UInt8](repeating: 7, count: 4_096), to: stream, on: busy, now: now)
        }
        harness.advance(by: .milliseconds(200))
        let refused = harness.connect(1, to: 2)
        harness.advance(by: .seconds(11))  // the client's 10 s handshake timeout
        #expect(harness.endpoint(2).drops[.sessionLimit] >= 1)
        #expect(harness.failures(1) == [.handshakeTimeout] && harness.endpoint(1).sessionInfo(refused) == nil)
        #expect(harness.endpoint(2).sessionInfo(busy)?.state == .established)
    }
}
