import Testing

@testable import STTCore

/// DPLPMTUD (RFC 8899) state machine: the search, probe loss, black holes.
@Suite("Path MTU discovery: search, probe loss and black holes")
struct PathMTUDiscoveryTests {
    /// Runs a search on a path that carries datagrams up to `pathLimit` bytes; returns the sizes probed.
    func search(_ pmtu: inout PathMTUDiscovery, pathLimit: Int) -> [Int] {
        var probed: [Int] = []
        var now = STTInstant.zero
        while let size = pmtu.probeSize(now: now), probed.count < 100 {
            probed.append(size)
            if size <= pathLimit {
                pmtu.onProbeAcknowledged(size: size, now: now)
            } else {
                pmtu.onProbeLost(size: size)
            }
            now = now + .milliseconds(20)
        }
        return probed
    }

    @Test("sessions start at 1200 bytes and find the exact size a link carries", arguments: [1_280, 1_400, 1_500])
    func findsTheLargestSizeThatFits(mtu: Int) {
        var pmtu = PathMTUDiscovery(maximum: 1_472)
        #expect(pmtu.current == 1_200)
        let limit = mtu - 28
        let probed = search(&pmtu, pathLimit: limit)
        #expect(pmtu.current == min(limit, 1_472), "probed \(probed)")
        #expect(probed.first == 1_472, "the maximum is tried first")
        if limit >= 1_472 { #expect(probed == [1_472], "one probe when the maximum fits") }
    }

    @Test("a jumbo path is found when the maximum allows it")
    func jumbo() {
        var pmtu = PathMTUDiscovery(maximum: 8_972)
        _ = search(&pmtu, pathLimit: 8_972)
        #expect(pmtu.current == 8_972)
    }

    @Test("a size fails only after three lost probes: one random loss does not shrink the search")
    func threeProbesPerSize() {
        var pmtu = PathMTUDiscovery(maximum: 1_472)
        let first = pmtu.probeSize(now: .zero)
        #expect(first == 1_472)
        pmtu.onProbeLost(size: 1_472)
        let retry = pmtu.probeSize(now: .zero)
        #expect(retry == 1_472, "tried again")
        pmtu.onProbeAcknowledged(size: 1_472, now: .zero)
        #expect(pmtu.current == 1_472)
    }

    @Test("no probing when the maximum is the base size or below")
    func disabled() {
        var pmtu = PathMTUDiscovery(maximum: 1_200)
        let none = pmtu.probeSize(now: .zero)
        #expect(none == nil && pmtu.current == 1_200)
        var small = PathMTUDiscovery(maximum: 600)
        let noneSmall = small.probeSize(now: .zero)
        #expect(noneSmall == nil && small.current == 600)
    }

    @Test("large packets lost while a later small one arrives is a black hole: back to 1200, search again later")
    func blackHole() {
        var pmtu = PathMTUDiscovery(maximum: 1_472)
        _ = search(&pmtu, pathLimit: 1_472)
        let t0 = STTInstant.zero + .seconds(1)
        for i in 0..<8 { pmtu.onLost(size: 1_472, sentAt: t0 + .milliseconds(Int64(i))) }
        let declared = pmtu.onAcknowledged(size: 1_200, sentAt: t0 + .milliseconds(20), now: t0 + .milliseconds(60))
        #expect(declared)
        #expect(pmtu.current == 1_200 && pmtu.blackHoles == 1)
        let cooling = pmtu.probeSize(now: t0 + .seconds(30))
        #expect(cooling == nil, "cooling down")
        let again = pmtu.probeSize(now: t0 + .seconds(61))
        #expect(again == 1_472, "searching again after 60 s")
    }

    @Test("losses followed by a large packet arriving are congestion, not a black hole")
    func congestionIsNotABlackHole() {
        var pmtu = PathMTUDiscovery(maximum: 1_472)
        _ = search(&pmtu, pathLimit: 1_472)
        let t0 = STTInstant.zero + .seconds(1)
        for i in 0..<20 { pmtu.onLost(size: 1_472, sentAt: t0 + .milliseconds(Int64(i))) }
        let afterLarge = pmtu.onAcknowledged(size: 1_472, sentAt: t0 + .milliseconds(30), now: t0 + .milliseconds(70))
        let afterSmall = pmtu.onAcknowledged(size: 1_200, sentAt: t0 + .milliseconds(40), now: t0 + .milliseconds(80))
        #expect(!afterLarge && !afterSmall)
        #expect(pmtu.current == 1_472 && pmtu.blackHoles == 0)
    }
}
