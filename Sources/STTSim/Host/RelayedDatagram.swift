/// A datagram that crossed the simulated links and leaves them for another transport (a real
/// socket) before it reaches its endpoint.
public struct RelayedDatagram: Sendable {
    /// The simulator's packet id, so that the final delivery is traced as the same packet.
    public let packet: UInt64
    /// The link direction it arrived over (raw `LinkDirectionID`).
    public let via: Int32
    /// The node that sent it.
    public let source: Int
    public let payload: [UInt8]

    public init(packet: UInt64, via: Int32, source: Int, payload: [UInt8]) {
        self.packet = packet
        self.via = via
        self.source = source
        self.payload = payload
    }
}
