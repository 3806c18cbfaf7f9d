/// Counters of a receive stream (the seed's decoder statistics, plus recovery figures).
public struct ReceiveStreamStatistics: Equatable, Sendable {
    /// Bytes released in order to the application.
    public let totalBytesReceived: Int
    /// Distinct payload bytes that arrived, in any order (those held behind a gap included).
    public let arrivedBytes: Int
    /// The next segment sequence expected in order.
    public let expectedSequence: UInt64
    /// Segments that arrived ahead of a gap (each counted once).
    public let outOfOrderCount: Int
    /// All data through the final marker has been released.
    public let complete: Bool
    public let duplicateFragments: Int
    public let skippedSegments: Int
    /// Bytes released but not yet read.
    public let readableBytes: Int
    /// Segments held (assembling or unread) and their bytes: within the credit granted (a
    /// segment's buffer may reach past it by less than one segment).
    public let heldSegments: Int
    public let heldBytes: Int
    /// The sender may send stream bytes below this offset.
    public let grantedOffset: UInt64
    /// The credit window now, in bytes (auto-tuned).
    public let window: Int
}
