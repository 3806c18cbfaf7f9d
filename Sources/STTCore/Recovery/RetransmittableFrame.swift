/// A frame whose loss requires sending it (or its current value) again.
enum RetransmittableFrame: Equatable {
    case stream(streamID: UInt32, sequence: UInt64, offset: Int, length: Int)
    case credit(streamID: UInt32)
    case sessionCredit
    case skip(streamID: UInt32)
    case handshakeDone
}
