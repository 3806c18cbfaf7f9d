/// A protected packet this side sent and still tracks.
struct SentPacket {
    let packetNumber: UInt64
    let sentAt: STTInstant
    let size: Int
    /// Contains a frame other than ACK and PADDING: the peer will acknowledge it.
    let ackEliciting: Bool
    /// Counts toward the congestion window.
    let inFlight: Bool
    var frames: [RetransmittableFrame]
    var isOutstanding = true
}
