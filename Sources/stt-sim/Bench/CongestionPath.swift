import STTCore
import STTSim

/// One path of the congestion-control matrix (`stt-sim bench --filter cc`): a bottleneck link,
/// its impairments on the data direction only (as in the ns-3 programs, whose error model sits
/// on the receiver), the transfer, and the goals the default algorithm must meet on it.
struct CongestionPath: Sendable {
    /// What the default algorithm must achieve on the path (the goals).
    enum Goal: Sendable {
        /// Steady-state goodput at least this fraction of the payload ceiling (aggregate for
        /// several flows).
        case steadyFraction(Double)
        /// Steady-state goodput at least this fraction of the named clean path's.
        case ofClean(String, Double)
        /// Jain's index over the flows' goodputs at least this.
        case jain(Double)
        /// Queueing delay p50 at most this fraction of the base RTT.
        case queueDelayP50(ofBaseRTT: Double)
        /// Packets dropped by the bottleneck queue at most this fraction of packets sent.
        case drops(Double)
    }

    /// How ns-3 runs the same path, or why it cannot.
    enum NS3: Sendable {
        case same
        case notAvailable(String)
    }

    let name: String
    let rateBitsPerSecond: Double
    let oneWayDelay: STTDuration
    var loss: LossModel = .none
    var reorder = 0.0
    var jitter: JitterDistribution? = nil
    /// The bottleneck's drop-tail queue, in bandwidth-delay products (of 1500-byte packets).
    var queueBDP = 1.0
    var bytesPerFlow: Int
    var flows = 1
    var segmentSize = 65_536
    /// The algorithm of each flow in a mixed row (nil: every flow runs the row's algorithm).
    var mix: [CongestionControlAlgorithm]? = nil
    var goals: [Goal] = []
    var ns3 = NS3.same

    /// Several flows cross a dumbbell: 1 Gbit/s, 1 ms access links on each side (as ns-3's
    /// `PointToPointDumbbellHelper` in the anchor programs).
    static let accessDelay = STTDuration.milliseconds(1)
    static let accessRate = 1e9

    var isDumbbell: Bool { flows > 1 }

    /// The round-trip propagation time.
    var baseRTT: STTDuration {
        (oneWayDelay + (isDumbbell ? Self.accessDelay * 2 : .zero)) * 2
    }

    /// The bottleneck queue in 1500-byte packets.
    var queuePackets: Int {
        let bdp = rateBitsPerSecond / 8 * baseRTT.seconds
        return max(2, Int((queueBDP * bdp / 1_500).rounded()))
    }

    var totalBytes: Int { bytesPerFlow * flows }
}
