/// Counters of a send stream (the seed's encoder statistics, plus recovery figures).
public struct SendStreamStatistics: Equatable, Sendable {
    /// Bytes the application wrote and the stream accepted.
    public let totalBytesSent: Int
    /// The next segment sequence number.
    public let sequence: UInt64
    public let mode: StreamMode
    public let ended: Bool
    /// Stream bytes the receiver still lets this stream send.
    public let credit: Int
    /// Bytes written but not yet acknowledged (a segment is freed once all of it is).
    public let bufferedBytes: Int
    /// Distinct bytes the receiver acknowledged, in any order.
    public let acknowledgedBytes: Int
    /// Segments any byte of which was sent again, each counted once.
    public let retransmittedSegments: Int
    public let retransmittedBytes: Int
    /// STREAM frames that carried bytes sent before (a capture's view of retransmissions).
    public let retransmittedFragments: Int
    /// Segments abandoned because they passed the live deadline.
    public let skippedSegments: Int
    /// Every segment, the final marker included, has been acknowledged.
    public let finished: Bool
}
