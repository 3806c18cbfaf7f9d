import STTCore

/// A datagram in the harness network, as offered to the fate hook.
public struct HarnessDatagram: Sendable {
    /// Position among all datagrams sent in this harness, from 0.
    public let index: Int
    public let from: STTAddress
    public let to: STTAddress
    public let sentAt: STTInstant
    public var payload: [UInt8]
    /// The STT packet type, when the header parses.
    public var packetType: PacketType? {
        if case .success(let prefix) = PacketPrefix.parse(payload) { return prefix.type }
        return nil
    }
}
