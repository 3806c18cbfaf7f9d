/// Which congestion control algorithm an endpoint's sessions use.
public enum CongestionControlAlgorithm: String, CaseIterable, Sendable, Codable {
    /// BBR version 3 (draft-ietf-ccwg-bbr): a model of bottleneck bandwidth and round-trip
    /// propagation time; random loss below 2 % per round does not cut the rate. The default.
    case bbr
    /// CUBIC (RFC 9438) with HyStart++ (RFC 9406) slow start.
    case cubic
    /// NewReno as in RFC 9002 §7.
    case newReno = "newreno"

    /// A new instance of the algorithm for one session.
    ///
    /// - Parameters:
    ///   - maxDatagramSize: the datagram size in use, in bytes (the window's unit).
    ///   - randomSeed: seeds the algorithm's own randomness (BBR's probing schedule), so runs
    ///     reproduce.
    func make(maxDatagramSize: Int, randomSeed: UInt64) -> any CongestionAlgorithm {
        switch self {
        case .newReno: return NewReno(maxDatagramSize: maxDatagramSize)
        case .cubic: return Cubic(maxDatagramSize: maxDatagramSize)
        case .bbr: return BBR(maxDatagramSize: maxDatagramSize, randomSeed: randomSeed)
        }
    }
}
