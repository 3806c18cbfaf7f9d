import STTCore

/// What the network does with one datagram.
public enum DatagramFate: Sendable {
    case deliver
    case drop
    /// Deliver with bit `bit` (counted from the first byte's most significant bit) flipped.
    case corrupt(bit: Int)
    /// Deliver twice.
    case duplicate
    /// Deliver after an extra delay (reordering).
    case delay(STTDuration)
}
