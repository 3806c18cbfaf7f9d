import DequeModule
import Foundation
import STTCore

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
}

/// Counters of one link direction.
public struct LinkDirectionStatistics: Equatable, Sendable {
    /// Packets and bytes (IP size) offered to the link.
    public var packets = 0
    public var bytes = 0
    public var delivered = 0
    public var deliveredBytes = 0
    public var dropped = [Int](repeating: 0, count: NetworkDropReason.allCases.count)
    public var duplicated = 0
    public var corrupted = 0
    /// Packets delivered before one sent earlier on this direction.
    public var reordered = 0
    public var peakQueuePackets = 0
    public var peakQueueBytes = 0
    public subscript(reason: NetworkDropReason) -> Int { dropped[reason.rawValue] }
    public var totalDropped: Int { dropped.reduce(0, +) }
}

/// One direction of a link: a drop-tail queue in front of a serialiser, then the wire's
/// impairments (loss, corruption, duplication) and the propagation delay with jitter.
final class LinkDirection {
    let index: Int32
    let link: Int32
    let from: Int32
    let to: Int32
    var parameters: LinkParameters
    var rng: Xoshiro256StarStar
    /// Packets waiting; the head is being serialised while `busy`.
    var queue = Deque<Int32>()
    var queuedBytes = 0
    var busy = false
    var gilbertElliottBad = false
    var lastDeliveryTime: Int64 = .min
    var statistics = LinkDirectionStatistics()
    /// One-way delays of delivered packets.
    var latency = LatencyRecorder()

    init(index: Int32, link: Int32, from: Int32, to: Int32, parameters: LinkParameters, rng: Xoshiro256StarStar) {
        self.index = index
        self.link = link
        self.from = from
        self.to = to
        self.parameters = parameters
        self.rng = rng
    }

    func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }

    /// Whether the wire loses this packet (advances the Gilbert-Elliott chain).
    func drawLoss() -> Bool {
        switch parameters.loss {
        case .none:
            return false
        case .bernoulli(let p):
            return p > 0 && uniform() < p
        case .gilbertElliott(let p, let r, let h, let k):
            let lost = uniform() < (gilbertElliottBad ? 1 - h : 1 - k)
            if gilbertElliottBad {
                if uniform() < r { gilbertElliottBad = false }
            } else if uniform() < p {
                gilbertElliottBad = true
            }
            return lost
        }
    }

    /// Propagation delay plus jitter for one packet, in nanoseconds (never negative).
    func drawDelay() -> Int64 {
        let base = parameters.propagationDelay.nanoseconds
        guard let jitter = parameters.jitter else { return base }
        let extra: Double
        switch jitter {
        case .uniform(let w):
            extra = (uniform() * 2 - 1) * Double(w.nanoseconds)
        case .normal(let sigma):
            let u1 = max(uniform(), 0x1p-53)
            let u2 = uniform()
            extra = sqrt(-2 * log(u1)) * cos(2 * .pi * u2) * Double(sigma.nanoseconds)
        case .exponential(let mean):
            extra = -log(1 - uniform()) * Double(mean.nanoseconds)
        case .pareto(let mean, let shape):
            let scale = Double(mean.nanoseconds) * (shape - 1) / shape
            extra = scale / pow(1 - uniform(), 1 / shape)
        }
        return max(0, base + Int64(extra.rounded()))
    }

    /// Serialisation time of `bytes` at the link's bandwidth, in nanoseconds.
    func serialisation(bytes: Int) -> Int64 {
        guard let bw = parameters.bandwidthBitsPerSecond else { return 0 }
        return Int64((Double(bytes * 8) * 1e9 / bw).rounded(.up))
    }
}
