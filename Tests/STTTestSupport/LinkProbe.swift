import STTCore
import STTSim
import Testing

/// Sends `count` raw datagrams of `size` bytes from node 0 to node 1, one every `interval`,
/// and records per-packet send and delivery times from the trace.
public final class LinkProbe {
    public var sentAt: [UInt64: Int64] = [:]
    public var deliveredAt: [UInt64: Int64] = [:]
    public var lostInOrder: [Bool] = []
    public var order: [UInt64] = []

    public init(_ sim: Simulation) {
        sim.traceSink = { [unowned self] r in
            switch r.fate {
            case .sent:
                self.sentAt[r.packet] = r.timeNanoseconds
                self.order.append(r.packet)
            case .delivered: self.deliveredAt[r.packet] = r.timeNanoseconds
            default: break
            }
        }
    }

    /// Delays of delivered packets in milliseconds, in send order.
    public var delaysMs: [Double] {
        order.compactMap { id in deliveredAt[id].map { Double($0 - sentAt[id]!) / 1e6 } }
    }

    /// For each sent packet in order, whether it was lost.
    public var lossSequence: [Bool] { order.map { deliveredAt[$0] == nil } }
}
