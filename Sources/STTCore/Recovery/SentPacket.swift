/// A protected packet this side sent and still tracks.
struct SentPacket {
    let packetNumber: UInt64
    let sentAt: STTInstant
    let size: Int
    /// Contains a frame other than ACK and PADDING: the peer will acknowledge it.
    let ackEliciting: Bool
    /// Counts toward the congestion window.
    let inFlight: Bool
    /// A path MTU probe: its loss says the size does not fit, not that the path is congested.
    let isPathProbe: Bool
    var frames: [RetransmittableFrame]
    /// What rate sampling recorded when it left.
    let delivery: DeliveryState
    /// The Largest Acknowledged of the ACK frame it carried: once this packet is acknowledged,
    /// the peer knows of every packet up to it, so they need not be reported again.
    var ackLargest: UInt64?
    var isOutstanding = true
    /// Settled by an acknowledgement (not by being declared lost).
    var isAcknowledged = false
    /// Once acknowledged or lost: the next packet number that may still be outstanding (a
    /// skip list over settled packets, so each ACK visits only what it newly settles).
    var nextCandidate: UInt64 = 0

    init(
        packetNumber: UInt64, sentAt: STTInstant, size: Int, ackEliciting: Bool, inFlight: Bool,
        isPathProbe: Bool = false, frames: [RetransmittableFrame], delivery: DeliveryState = .none
    ) {
        self.packetNumber = packetNumber
        self.sentAt = sentAt
        self.size = size
        self.ackEliciting = ackEliciting
        self.inFlight = inFlight
        self.isPathProbe = isPathProbe
        self.frames = frames
        self.delivery = delivery
    }
}

/// An in-flight packet declared lost, remembered for a while in case its acknowledgement
/// arrives after all (a spurious loss: reordering, not congestion).
struct LostPacket {
    let packet: SentPacket
    let declaredAt: STTInstant
    /// The largest acknowledged packet number when it was declared lost.
    let largestAckedThen: UInt64
    /// Declared by the time threshold (otherwise by the packet threshold).
    let byTime: Bool
    /// The congestion event it counted toward.
    let congestionEvent: Int
    var acknowledged = false
}
