import STTCore
import STTUDP

/// The listener's view of its endpoint's counters: sampled every second while it runs (so the
/// last sample survives Ctrl-C), printed with `--stats`, and put in `--json`.
actor ListenerCounters {
    private(set) var drops = DropCounters()
    private(set) var statistics = EndpointStatistics()
    private var printed: (DropCounters, EndpointStatistics)?

    func sample(_ node: STTNode, print: Bool) async {
        guard let (drops, statistics) = await node.counters() else { return }
        self.drops = drops
        self.statistics = statistics
        if print, printed.map({ $0.0 != drops || $0.1 != statistics }) ?? true {
            printed = (drops, statistics)
            printError("stats: " + Self.line(drops, statistics))
        }
    }

    /// One line: traffic, drops by reason, the handshake defences.
    static func line(_ drops: DropCounters, _ s: EndpointStatistics) -> String {
        let reasons = drops.nonZero.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        return "\(s.datagramsReceived) datagrams in, \(s.datagramsSent) out; dropped \(drops.total)"
            + (reasons.isEmpty ? "" : " (\(reasons))")
            + "; cookie replies \(s.cookieRepliesSent), half-open peak \(s.pendingHandshakesPeak), "
            + "evicted \(s.pendingHandshakesEvicted), expired \(s.pendingHandshakesExpired), "
            + "wrong-seed refusals \(s.wrongSeedRefusals)"
    }

    /// The `--json` form: drops by reason name and the handshake figures.
    struct Summary: Encodable {
        let datagramsReceived: Int
        let datagramsSent: Int
        let drops: [String: Int]
        let cookieRepliesSent: Int
        let pendingHandshakesPeak: Int
        let pendingHandshakesEvicted: Int
        let pendingHandshakesExpired: Int
        let wrongSeedRefusals: Int
    }

    var summary: Summary {
        Summary(
            datagramsReceived: statistics.datagramsReceived, datagramsSent: statistics.datagramsSent,
            drops: Dictionary(uniqueKeysWithValues: drops.nonZero.map { ($0.0.description, $0.1) }),
            cookieRepliesSent: statistics.cookieRepliesSent, pendingHandshakesPeak: statistics.pendingHandshakesPeak,
            pendingHandshakesEvicted: statistics.pendingHandshakesEvicted,
            pendingHandshakesExpired: statistics.pendingHandshakesExpired,
            wrongSeedRefusals: statistics.wrongSeedRefusals)
    }
}
