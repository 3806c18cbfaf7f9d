/// Counters of one link direction, as reports show them. Sizes are IP packet sizes (the
/// datagram plus 28 bytes of IPv4 and UDP headers).
public struct LinkDirectionStatistics: Equatable, Sendable, Codable {
    /// Packets and bytes offered to the link (dropped ones included).
    public var packets = 0
    public var bytes = 0
    /// Packets and bytes that reached the far end.
    public var delivered = 0
    public var deliveredBytes = 0
    public var dropped = NetworkDropCounts()
    public var duplicated = 0
    public var corrupted = 0
    /// Packets delivered before one sent earlier on this direction.
    public var reordered = 0
    /// Most packets and bytes waiting behind the one being serialised.
    public var peakQueuePackets = 0
    public var peakQueueBytes = 0

    public init() {}

    public subscript(reason: NetworkDropReason) -> Int { dropped[reason] }
    public var totalDropped: Int { dropped.total }
}
