/// What happened to a packet (or a session) at one instant: the unit of the trace and of the
/// fingerprint.
public enum PacketFate: UInt8, Sendable, CustomStringConvertible {
    case sent, queued, dropped, corrupted, duplicated, reordered, delivered
    /// Real-socket runs: the packet left the simulated links for a real socket (its
    /// `delivered` follows when the socket hands it to the endpoint).
    case relayed
    public var description: String {
        switch self {
        case .sent: return "sent"
        case .queued: return "queued"
        case .dropped: return "dropped"
        case .corrupted: return "corrupted"
        case .duplicated: return "duplicated"
        case .reordered: return "reordered"
        case .delivered: return "delivered"
        case .relayed: return "relayed"
        }
    }
}
