import Crypto

/// What an endpoint keeps to defend its half-open handshake table (docs/PROTOCOL.md §3.6): as a
/// responder, the rotating cookie secret and each source address's hello budget; as an
/// initiator, the cookies responders gave it. Bounded: at most `trackedAddresses` entries each,
/// forgotten all at once when full (lookups only, never iterated).
struct HelloGuard {
    /// The responder's cookie secret changes this often; cookies under the previous one stay valid.
    static let secretLifetime = STTDuration.seconds(120)
    /// An initiator uses a cookie this long (less than the secret's lifetime).
    static let cookieLifetime = STTDuration.seconds(110)
    static let trackedAddresses = 4_096
    /// Under load, each source address may start this many handshakes per second (bursts of
    /// `helloBurst`), as WireGuard's per-address limiter.
    static let hellosPerSecond = 20.0
    static let helloBurst = 5.0

    private var secret: SymmetricKey?
    private var previousSecret: SymmetricKey?
    private var secretSince = STTInstant.zero
    private var budgets: [STTAddress.Host: (tokens: Double, at: STTInstant)] = [:]
    private var cookies: [STTAddress: (cookie: [UInt8], at: STTInstant)] = [:]

    /// The cookie `address` should echo now, rotating the secret when it is due.
    mutating func cookie(for address: STTAddress, now: STTInstant, random: inout any RandomNumberGenerator) -> [UInt8] {
        if secret == nil || now - secretSince >= Self.secretLifetime {
            previousSecret = secret
            secret = SymmetricKey(data: random.bytes(32))
            secretSince = now
        }
        return HelloProtection.cookie(for: address, secret: secret!)
    }

    /// Whether the hello's mac2 carries a cookie for `address` under the current or previous secret.
    func hasValidCookie(_ hello: [UInt8], from address: STTAddress) -> Bool {
        for key in [secret, previousSecret].compactMap({ $0 }) {
            if HelloProtection.hasValidMAC2(hello, cookie: HelloProtection.cookie(for: address, secret: key)) {
                return true
            }
        }
        return false
    }

    /// Takes one hello from `host`'s budget; false when it is spent.
    mutating func admitHello(from host: STTAddress.Host, now: STTInstant) -> Bool {
        if budgets.count >= Self.trackedAddresses, budgets[host] == nil { budgets.removeAll(keepingCapacity: true) }
        let tokens = remainingBudget(of: host, now: now)
        guard tokens >= 1 else {
            budgets[host] = (tokens, now)
            return false
        }
        budgets[host] = (tokens - 1, now)
        return true
    }

    /// How much of its budget `host` has left now (a full burst for an address never seen under
    /// load): a busy sender has little, an occasional client much.
    func remainingBudget(of host: STTAddress.Host, now: STTInstant) -> Double {
        guard let budget = budgets[host] else { return Self.helloBurst }
        return min(Self.helloBurst, budget.tokens + (now - budget.at).seconds * Self.hellosPerSecond)
    }

    /// Initiator: remembers the cookie `address` gave.
    mutating func store(cookie: [UInt8], from address: STTAddress, now: STTInstant) {
        if cookies.count >= Self.trackedAddresses, cookies[address] == nil { cookies.removeAll(keepingCapacity: true) }
        cookies[address] = (cookie, now)
    }

    /// Initiator: the cookie to put in a hello to `address`, while it is fresh.
    func storedCookie(for address: STTAddress, now: STTInstant) -> [UInt8]? {
        guard let entry = cookies[address], now - entry.at < Self.cookieLifetime else { return nil }
        return entry.cookie
    }
}
