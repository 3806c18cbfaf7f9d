import STTCore
import STTSim

/// What one run of a congestion-matrix path measured.
struct CongestionMeasurement: Sendable {
    /// Aggregate goodput from a quarter of all bytes delivered to the last, and over the whole
    /// run, in bits per second.
    var steadyGoodput: Double
    var wholeGoodput: Double
    /// The payload ceiling: link rate × payload bytes per wire byte of the datagram size in use.
    var ceiling: Double
    /// Queueing delay at the bottleneck (data direction), seconds.
    var queueDelayP50: Double
    var queueDelayP99: Double
    /// Bytes sent again over bytes offered.
    var retransmittedFraction: Double
    /// Packets the bottleneck queue dropped over packets offered to it.
    var dropFraction: Double
    /// Each flow's whole-transfer goodput, bits per second.
    var flowGoodputs: [Double]
    /// For mixed rows: each algorithm's share of the aggregate goodput.
    var shares: [(String, Double)] = []
    var datagramSize: Int
    var completed: Bool

    var jain: Double? { flowGoodputs.count > 1 ? CongestionRun.jainIndex(flowGoodputs) : nil }
}

/// Runs a path of the matrix in the simulator.
enum CongestionRun {
    static let sharedSeed = Array("congestion bench shared seed, 32+ bytes".utf8)
    /// A run stops at this many times its ideal duration plus the slack (a loss-limited
    /// algorithm may not finish: it is reported incomplete, its goodput what it delivered).
    static let timeLimitFactor = 300.0
    static let timeLimitSlackSeconds = 120

    /// Jain's fairness index: (Σx)² / (n Σx²), 1 when all equal.
    static func jainIndex(_ values: [Double]) -> Double {
        let sum = values.reduce(0, +)
        let squares = values.reduce(0) { $0 + $1 * $1 }
        return squares > 0 ? sum * sum / (Double(values.count) * squares) : 0
    }

    /// The payload ceiling of `rate` for datagrams of `size` bytes carrying one STREAM frame.
    static func ceiling(rate: Double, datagramSize size: Int) -> Double {
        let payload = size - STTWire.protectedOverhead - StreamFrame.headerLength
        return rate * Double(payload) / Double(size + LinkParameters.ipUDPOverhead)
    }

    static func measure(_ path: CongestionPath, algorithm: CongestionControlAlgorithm, seed: UInt64) throws
        -> CongestionMeasurement
    {
        let sim = Simulation(seed: seed)
        var data = LinkParameters(
            propagationDelay: path.oneWayDelay, jitter: path.jitter, bandwidthBitsPerSecond: path.rateBitsPerSecond,
            queueLimitPackets: path.queuePackets, loss: path.loss, reorderProbability: path.reorder)
        data.mtu = 1_500
        var acks = data
        acks.loss = .none
        acks.jitter = nil
        acks.reorderProbability = 0
        acks.queueLimitPackets = nil
        var clients: [Int] = []
        var servers: [Int] = []
        func endpoint(_ name: String, server: Bool, _ cc: CongestionControlAlgorithm) throws -> Int {
            var config = EndpointConfiguration()
            config.acceptsIncomingSessions = server
            config.congestionControl = cc
            config.maxDatagramSize = 1_472
            return try sim.addEndpoint(
                name, nodeSeed: Array("cc-bench-\(name)-node-seed".utf8), sharedSeed: sharedSeed,
                configuration: config)
        }
        for i in 0..<path.flows {
            clients.append(try endpoint("client\(i)", server: false, path.mix?[i % path.mix!.count] ?? algorithm))
            servers.append(try endpoint("server\(i)", server: true, algorithm))
        }
        let bottleneck: Int
        if path.isDumbbell {
            let left = sim.addRouter("left")
            let right = sim.addRouter("right")
            let access = LinkParameters(
                propagationDelay: CongestionPath.accessDelay, bandwidthBitsPerSecond: CongestionPath.accessRate,
                queueLimitPackets: 10_000)
            for i in 0..<path.flows {
                sim.addLink(clients[i], left, access)
                sim.addLink(right, servers[i], access)
            }
            bottleneck = sim.addLink(left, right, data, reverse: acks, name: "bottleneck")
        } else {
            bottleneck = sim.addLink(clients[0], servers[0], data, reverse: acks, name: "bottleneck")
        }
        let flows = (0..<path.flows).map {
            sim.addBulkFlow(from: clients[$0], to: servers[$0], bytes: path.bytesPerFlow, segmentSize: path.segmentSize)
        }
        // The steady state starts when a quarter of all bytes had arrived at the receivers, in any
        // order: bytes held behind a hole being repaired have crossed the link.
        var quarterAt: STTInstant?
        let quarter = (path.totalBytes + 3) / 4
        func arrived(_ flow: BulkFlow, _ sim: Simulation) -> Int {
            guard let session = flow.session, let stream = flow.stream,
                let stats = sim.endpoint(flow.to)?.receiveStreamStatistics(stream, on: session)
            else { return flow.bytesDelivered }
            return max(stats.arrivedBytes, flow.bytesDelivered)
        }
        func probe(_ sim: Simulation) {
            guard quarterAt == nil else { return }
            if flows.reduce(0, { $0 + arrived($1, sim) }) >= quarter {
                quarterAt = sim.now
            } else {
                sim.schedule(at: sim.now + .milliseconds(1), probe)
            }
        }
        sim.schedule(at: .zero + .milliseconds(1), probe)
        let ideal = Double(path.totalBytes * 8) / path.rateBitsPerSecond
        let limit = STTInstant.zero + .seconds(Int64(ideal * timeLimitFactor) + Int64(timeLimitSlackSeconds))
        let completed = try sim.run(until: limit, stopWhen: { sim.allFlowsDone }) && flows.allSatisfy(\.isIntact)
        let end = completed ? flows.compactMap(\.completedAt).max() ?? sim.now : sim.now
        let goodputs = flows.map {
            Double($0.bytesDelivered * 8) / max(1e-9, (($0.completedAt ?? sim.now) - .zero).seconds)
        }
        let delivered = flows.reduce(0) { $0 + $1.bytesDelivered }
        var steady = 0.0
        if let quarterAt, end > quarterAt, delivered > quarter {
            steady = Double((delivered - quarter) * 8) / (end - quarterAt).seconds
        }
        let metrics = sim.metrics()
        let link = metrics.links[bottleneck].forward
        let retransmitted = sim.flowReports().reduce(0) { $0 + $1.statistics.retransmittedBytes }
        var measurement = CongestionMeasurement(
            steadyGoodput: steady, wholeGoodput: Double(delivered * 8) / max(1e-9, (end - .zero).seconds),
            ceiling: ceiling(rate: path.rateBitsPerSecond, datagramSize: 1_472),
            queueDelayP50: link.queueDelay.map { Double($0.p50) / 1e9 } ?? 0,
            queueDelayP99: link.queueDelay.map { Double($0.p99) / 1e9 } ?? 0,
            retransmittedFraction: Double(retransmitted) / Double(path.totalBytes),
            dropFraction: Double(link.statistics[.queue]) / Double(max(1, link.statistics.packets)),
            flowGoodputs: goodputs, datagramSize: 1_472, completed: completed)
        if let mix = path.mix {
            let total = goodputs.reduce(0, +)
            for algorithm in CongestionControlAlgorithm.allCases where mix.contains(algorithm) {
                let mine = goodputs.indices.filter { mix[$0 % mix.count] == algorithm }.map { goodputs[$0] }
                measurement.shares.append((algorithm.rawValue, total > 0 ? mine.reduce(0, +) / total : 0))
            }
        }
        return measurement
    }
}
