import STTCore

/// A flow's figures, as reports show them (`--json` embeds this value as it is).
public struct FlowStatistics: Sendable, Equatable, Codable {
    public var bytesOffered: Int
    public var bytesDelivered: Int
    public var complete: Bool
    public var intact: Bool
    /// From the flow's start to its completion.
    public var completion: STTDuration?
    /// Bytes delivered × 8 over the time the flow was active, in bits per second.
    public var goodputBitsPerSecond: Double
    public var retransmittedSegments: Int
    public var retransmittedBytes: Int
    /// STREAM frames that resent bytes (what `stt-sim analyze` counts as retransmitted).
    public var retransmittedFragments: Int
    public var outOfOrderSegments: Int
    /// Segments a live stream skipped because they passed the deadline.
    public var skippedSegments: Int
    /// Connection attempts (a bounded flow starts over on a new session after a failure).
    public var attempts: Int
    /// One-way latency of records (live chunks, messages), from write to read.
    public var latency: LatencySummary?
    /// SHA-256 of the bytes a bounded flow sent (hex), once it completed: compare with
    /// `stt-sim analyze --keylog` on a capture of the run.
    public var sha256: String?
    /// The UDP payload size the sender's session used (path MTU discovery's result), in bytes.
    public var datagramSize: Int?

    private enum CodingKeys: String, CodingKey {
        case bytesOffered, bytesDelivered, complete, intact, completionSeconds, goodputBitsPerSecond
        case retransmittedSegments, retransmittedBytes, retransmittedFragments, outOfOrderSegments, skippedSegments,
            attempts, latency
        case sha256, datagramSize
    }

    init(
        bytesOffered: Int, bytesDelivered: Int, complete: Bool, intact: Bool, completion: STTDuration?,
        goodputBitsPerSecond: Double, retransmittedSegments: Int,
        retransmittedBytes: Int, retransmittedFragments: Int = 0, outOfOrderSegments: Int,
        skippedSegments: Int, attempts: Int, latency: LatencySummary?, sha256: String? = nil,
        datagramSize: Int? = nil
    ) {
        self.bytesOffered = bytesOffered
        self.bytesDelivered = bytesDelivered
        self.complete = complete
        self.intact = intact
        self.completion = completion
        self.goodputBitsPerSecond = goodputBitsPerSecond
        self.retransmittedSegments = retransmittedSegments
        self.retransmittedBytes = retransmittedBytes
        self.retransmittedFragments = retransmittedFragments
        self.outOfOrderSegments = outOfOrderSegments
        self.skippedSegments = skippedSegments
        self.attempts = attempts
        self.latency = latency
        self.sha256 = sha256
        self.datagramSize = datagramSize
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bytesOffered = try c.decode(Int.self, forKey: .bytesOffered)
        bytesDelivered = try c.decode(Int.self, forKey: .bytesDelivered)
        complete = try c.decode(Bool.self, forKey: .complete)
        intact = try c.decode(Bool.self, forKey: .intact)
        completion = try c.decodeIfPresent(Double.self, forKey: .completionSeconds).map {
            STTDuration(nanoseconds: Int64(($0 * 1e9).rounded()))
        }
        goodputBitsPerSecond = try c.decode(Double.self, forKey: .goodputBitsPerSecond)
        retransmittedSegments = try c.decode(Int.self, forKey: .retransmittedSegments)
        retransmittedBytes = try c.decodeIfPresent(Int.self, forKey: .retransmittedBytes) ?? 0
        retransmittedFragments = try c.decodeIfPresent(Int.self, forKey: .retransmittedFragments) ?? 0
        outOfOrderSegments = try c.decode(Int.self, forKey: .outOfOrderSegments)
        skippedSegments = try c.decode(Int.self, forKey: .skippedSegments)
        attempts = try c.decode(Int.self, forKey: .attempts)
        latency = try c.decodeIfPresent(LatencySummary.self, forKey: .latency)
        sha256 = try c.decodeIfPresent(String.self, forKey: .sha256)
        datagramSize = try c.decodeIfPresent(Int.self, forKey: .datagramSize)
    }

    /// Durations are written as seconds (`completionSeconds`).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bytesOffered, forKey: .bytesOffered)
        try c.encode(bytesDelivered, forKey: .bytesDelivered)
        try c.encode(complete, forKey: .complete)
        try c.encode(intact, forKey: .intact)
        try c.encodeIfPresent(completion?.seconds, forKey: .completionSeconds)
        try c.encode(goodputBitsPerSecond, forKey: .goodputBitsPerSecond)
        try c.encode(retransmittedSegments, forKey: .retransmittedSegments)
        try c.encode(retransmittedBytes, forKey: .retransmittedBytes)
        try c.encode(retransmittedFragments, forKey: .retransmittedFragments)
        try c.encode(outOfOrderSegments, forKey: .outOfOrderSegments)
        try c.encode(skippedSegments, forKey: .skippedSegments)
        try c.encode(attempts, forKey: .attempts)
        try c.encodeIfPresent(latency, forKey: .latency)
        try c.encodeIfPresent(sha256, forKey: .sha256)
        try c.encodeIfPresent(datagramSize, forKey: .datagramSize)
    }
}
