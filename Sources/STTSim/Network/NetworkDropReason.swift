/// Why the network dropped a packet.
public enum NetworkDropReason: Int, CaseIterable, Sendable, CustomStringConvertible {
    case loss, queue, down, mtu, partition, crash, noRoute

    public var description: String {
        switch self {
        case .loss: return "loss"
        case .queue: return "queue"
        case .down: return "down"
        case .mtu: return "mtu"
        case .partition: return "partition"
        case .crash: return "crash"
        case .noRoute: return "no-route"
        }
    }

    /// The field name in JSON reports.
    public var reportKey: String { self == .noRoute ? "noRoute" : description }
}
