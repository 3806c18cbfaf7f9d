/// Datagram packetization layer path MTU discovery (RFC 8899) for one session's send direction.
///
/// Sessions start at the base size (1,200 bytes of UDP payload, or the configured maximum if
/// smaller), which every path STT runs on must carry. Probes — a PING padded to the size under
/// test, one at a time — first try the configured maximum, then search between the largest
/// size confirmed and the smallest that failed (binary search; a size fails after 3 lost
/// probes). A lost probe leaves the flight without a congestion response. A black hole — packets
/// larger than the base keep being lost while small packets sent after them arrive, and no large
/// packet sent after them does — sends the session back to the base size, and the search resumes
/// after a cooldown.
struct PathMTUDiscovery: Equatable {
    static let base = STTWire.baseDatagramSize
    /// Probes of one size lost before the size counts as too large (RFC 8899 MAX_PROBES).
    static let maxProbes = 3
    /// The search stops when the interval left is narrower than this: it finds the exact size.
    static let minimumStep = 1
    /// A completed search starts again after this (RFC 8899 PMTU_RAISE_TIMER); after a black
    /// hole, after `blackHoleCooldown`.
    static let raiseInterval = STTDuration.seconds(600)
    static let blackHoleCooldown = STTDuration.seconds(60)
    /// Large packets lost without a later large one arriving before a black hole is declared
    /// (8 in a row is a black hole, not a 30 % random loss: 0.3^8 ≈ 7·10^-5).
    static let blackHoleLosses = 8

    enum State: Equatable {
        /// Searching (`low` confirmed, `high` the largest size not yet known to fail); `probe`
        /// is the size in flight, if any, after `failures` lost probes of it.
        case searching(low: Int, high: Int, probe: Int?, failures: Int)
        /// Done until `until`, then searching again up to the maximum.
        case complete(until: STTInstant)
        /// The maximum is not above the base: nothing to discover.
        case disabled
    }

    let maximum: Int
    /// The datagram size in use: the largest confirmed.
    private(set) var current: Int
    private(set) var state: State
    private(set) var probesSent = 0
    private(set) var blackHoles = 0
    /// When the newest large packet that arrived was sent.
    private var lastLargeDeliveredSentAt: STTInstant?
    /// Large packets lost (sent after the newest large one that arrived), and the oldest's send time.
    private var suspiciousLosses = 0
    private var firstSuspiciousSentAt: STTInstant?

    init(maximum: Int) {
        self.maximum = maximum
        current = min(Self.base, maximum)
        state = maximum > Self.base ? .searching(low: Self.base, high: maximum, probe: nil, failures: 0) : .disabled
    }

    /// The size to probe now, if a probe is due (none in flight, a search going on).
    mutating func probeSize(now: STTInstant) -> Int? {
        if case .complete(let until) = state, now >= until {
            state = .searching(low: current, high: maximum, probe: nil, failures: 0)
        }
        guard case .searching(let low, let high, nil, let failures) = state else { return nil }
        guard high - low >= Self.minimumStep else {
            state = .complete(until: now + Self.raiseInterval)
            return nil
        }
        // The maximum first (most paths carry it), then halves of what is left.
        let size = high == maximum ? high : (low + high + 1) / 2
        state = .searching(low: low, high: high, probe: size, failures: failures)
        probesSent += 1
        return size
    }

    /// A probe of `size` was acknowledged: the size is confirmed and used from now on.
    mutating func onProbeAcknowledged(size: Int, now: STTInstant) {
        guard case .searching(_, let high, size?, _) = state else { return }
        current = max(current, size)
        state = .searching(low: size, high: high, probe: nil, failures: 0)
        if size >= high { state = .complete(until: now + Self.raiseInterval) }
    }

    /// A probe of `size` was declared lost: after `maxProbes` losses the size is too large.
    mutating func onProbeLost(size: Int) {
        guard case .searching(let low, let high, size?, let failures) = state else { return }
        if failures + 1 >= Self.maxProbes {
            state = .searching(low: low, high: size - 1, probe: nil, failures: 0)
        } else {
            state = .searching(low: low, high: high, probe: nil, failures: failures + 1)
        }
    }

    /// A packet other than a probe was acknowledged. Returns true when this confirms a black
    /// hole: the session is back at the base size.
    mutating func onAcknowledged(size: Int, sentAt: STTInstant, now: STTInstant) -> Bool {
        if size > Self.base {
            lastLargeDeliveredSentAt = max(lastLargeDeliveredSentAt ?? sentAt, sentAt)
            suspiciousLosses = 0
            firstSuspiciousSentAt = nil
            return false
        }
        guard current > Self.base, suspiciousLosses >= Self.blackHoleLosses,
            let first = firstSuspiciousSentAt, sentAt > first
        else { return false }
        // A small packet sent after the large losses arrived; no large one did.
        blackHoles += 1
        current = Self.base
        suspiciousLosses = 0
        firstSuspiciousSentAt = nil
        state = .complete(until: now + Self.blackHoleCooldown)
        return true
    }

    /// A packet other than a probe was declared lost.
    mutating func onLost(size: Int, sentAt: STTInstant) {
        guard size > Self.base, lastLargeDeliveredSentAt.map({ sentAt > $0 }) ?? true else { return }
        suspiciousLosses += 1
        firstSuspiciousSentAt = min(firstSuspiciousSentAt ?? sentAt, sentAt)
    }

    /// Large losses are piling up unexplained: probe timeouts should send small packets, which
    /// get through a black hole and let it be recognised.
    var suspectsBlackHole: Bool { current > Self.base && suspiciousLosses > 0 }
}
