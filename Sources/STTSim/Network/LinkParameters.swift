import STTCore

/// One direction of a link. Units are in the names; probabilities are in [0, 1].
public struct LinkParameters: Equatable, Sendable {
    public var propagationDelay: STTDuration
    public var jitter: JitterDistribution?
    /// How fast packets are serialised: a rate, or unlimited (no queue builds up).
    public var capacity: LinkCapacity
    /// Drop-tail queue limits (packets waiting to be serialised); nil is unlimited.
    public var queueLimitPackets: Int?
    public var queueLimitBytes: Int?
    public var loss: LossModel
    public var duplicateProbability: Double
    /// A packet chosen with this probability skips the propagation delay and jitter, so it
    /// overtakes those sent before it (netem `reorder`).
    public var reorderProbability: Double
    /// A packet chosen with this probability has one random bit flipped (the AEAD must reject it).
    public var corruptProbability: Double
    /// Largest IP packet, in bytes: an STT datagram travels with 28 bytes of IPv4 + UDP headers.
    public var mtu: Int
    public var isUp: Bool

    public init(
        propagationDelay: STTDuration = .milliseconds(10), jitter: JitterDistribution? = nil,
        bandwidthBitsPerSecond: Double? = nil, queueLimitPackets: Int? = nil, queueLimitBytes: Int? = nil,
        loss: LossModel = .none, duplicateProbability: Double = 0, reorderProbability: Double = 0,
        corruptProbability: Double = 0, mtu: Int = 1500, isUp: Bool = true
    ) {
        self.propagationDelay = propagationDelay
        self.jitter = jitter
        self.capacity = bandwidthBitsPerSecond.map(LinkCapacity.bitsPerSecond) ?? .unlimited
        self.queueLimitPackets = queueLimitPackets
        self.queueLimitBytes = queueLimitBytes
        self.loss = loss
        self.duplicateProbability = duplicateProbability
        self.reorderProbability = reorderProbability
        self.corruptProbability = corruptProbability
        self.mtu = mtu
        self.isUp = isUp
    }

    /// The constant serialisation rate in bits per second; nil when the capacity is not a
    /// constant rate. Setting it replaces the capacity (nil: unlimited).
    public var bandwidthBitsPerSecond: Double? {
        get {
            if case .bitsPerSecond(let bw) = capacity { return bw }
            return nil
        }
        set { capacity = newValue.map(LinkCapacity.bitsPerSecond) ?? .unlimited }
    }

    /// IPv4 (20) + UDP (8) header bytes counted against the MTU and the bandwidth.
    public static let ipUDPOverhead = 28

    /// The first invalid field, as a message; nil when all are valid.
    public func validate() -> String? {
        func probability(_ name: String, _ v: Double) -> String? {
            (0...1).contains(v) ? nil : "\(name) must be between 0 and 1 (got \(v))"
        }
        if propagationDelay < .zero { return "propagationDelay must not be negative" }
        if let problem = capacity.validate() { return problem }
        if let q = queueLimitPackets, q < 1 { return "queueLimitPackets must be at least 1 (got \(q))" }
        if let q = queueLimitBytes, q < 1 { return "queueLimitBytes must be at least 1 (got \(q))" }
        if mtu < 68 + Self.ipUDPOverhead || mtu > 65_535 { return "mtu must be between 96 and 65535 (got \(mtu))" }
        switch loss {
        case .none: break
        case .bernoulli(let p): if let e = probability("loss.p", p) { return e }
        case .gilbertElliott(let p, let r, let h, let k):
            for (n, v) in [("loss.p", p), ("loss.r", r), ("loss.h", h), ("loss.k", k)] {
                if let e = probability(n, v) { return e }
            }
            if p + r == 0 { return "loss.p and loss.r cannot both be 0" }
        }
        for (n, v) in [
            ("duplicate", duplicateProbability), ("reorder", reorderProbability), ("corrupt", corruptProbability),
        ] {
            if let e = probability(n, v) { return e }
        }
        if let jitter {
            switch jitter {
            case .uniform(let w): if w < .zero { return "jitter width must not be negative" }
            case .normal(let s): if s < .zero { return "jitter sigma must not be negative" }
            case .exponential(let m): if m < .zero { return "jitter mean must not be negative" }
            case .pareto(let m, let shape):
                if m < .zero { return "jitter mean must not be negative" }
                if !(shape > 1) { return "pareto shape must be greater than 1 (got \(shape))" }
            }
        }
        return nil
    }
}
