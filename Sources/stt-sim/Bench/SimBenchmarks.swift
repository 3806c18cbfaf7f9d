import Foundation
import HeapModule
import STTCore
import STTSim

/// Benchmarks of the simulator, beside ns-3 3.37 when its anchor programs are built
/// (`../shared/anchors/ns3/build.sh`, into `$NS3_ANCHOR_OUT` or `/tmp/ns3-anchor`).
enum SimBenchmarks {
    static let all: [Benchmark] = [scheduler, simBulk]

    static var ns3Directory: String {
        ProcessInfo.processInfo.environment["NS3_ANCHOR_OUT"] ?? "/tmp/ns3-anchor"
    }

    /// Runs an ns-3 anchor program and returns its JSON output, or nil when it is not built.
    static func runNS3(_ program: String, _ arguments: [String]) -> [String: Any]? {
        let path = ns3Directory + "/" + program
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(data: data, encoding: .utf8)?
                .split(separator: "\n").last(where: { $0.hasPrefix("{") })
        else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    /// The hold model: 10,000 pending events; each step pops the earliest and schedules one at
    /// now + uniform[0, 2 ms). Against a bare swift-collections heap doing the same.
    static let scheduler = Benchmark(
        name: "scheduler-events-per-second",
        rows: { settings in
            let pending = 10_000
            var rng = SplitMix64(state: 1)
            var queue = EventQueue(radixThreshold: .max)
            for _ in 0..<pending { queue.scheduleBare(at: Int64(rng.next() % 2_000_000)) }
            var bare = Heap<Int64>()
            for _ in 0..<pending { bare.insert(Int64(rng.next() % 2_000_000)) }
            let rates = compareRates(
                settings,
                ours: { n in
                    _ = queue.holdModel(steps: n, maxDelay: 2_000_000, rng: &rng)
                },
                baseline: { n in
                    _ = bareHoldModel(&bare, steps: n, maxDelay: 2_000_000, rng: &rng)
                })
            var rows = [
                BenchResult(
                    name: "scheduler-events-per-second", value: rates.ours, unit: "events/s",
                    baseline: "bare Heap<Int64> hold model", baselineValue: rates.baseline,
                    ratio: rates.ours / rates.baseline)
            ]
            // The event-list candidates on the same hold model, at 10 k and 1 M pending events.
            for size in [10_000, 100_000, 1_000_000] {
                var heap = EventQueue(radixThreshold: .max)
                var radix = EventQueue(radixThreshold: 0)  // the radix heap from the first event
                var r1 = SplitMix64(state: 7)
                for _ in 0..<size {
                    let t = Int64(r1.next() % 2_000_000)
                    heap.scheduleBare(at: t)
                    radix.scheduleBare(at: t)
                }
                var r2 = SplitMix64(state: 8)
                let pair = compareRates(
                    settings,
                    ours: { n in _ = radix.holdModel(steps: n, maxDelay: 2_000_000, rng: &r2) },
                    baseline: { n in _ = heap.holdModel(steps: n, maxDelay: 2_000_000, rng: &r2) })
                rows.append(
                    BenchResult(
                        name: "scheduler-radix-heap-\(size >= 1_000_000 ? "1m" : "\(size / 1000)k")", value: pair.ours,
                        unit: "events/s", baseline: "4-ary heap, \(size) pending", baselineValue: pair.baseline,
                        ratio: pair.ours / pair.baseline))
            }
            for (row, scheduler, label) in [
                ("scheduler-vs-ns3", "MapScheduler", "ns-3 3.37 MapScheduler (default)"),
                ("scheduler-vs-ns3-fastest", "PriorityQueueScheduler", "ns-3 3.37 PriorityQueueScheduler"),
            ] {
                if let ns3 = runNS3(
                    "sched", ["--scheduler=ns3::\(scheduler)", "--k=10000", "--n=10000000", "--seed=1"]),
                    let events = ns3["events"] as? Double, let wall = ns3["wall_seconds"] as? Double
                {
                    rows.append(
                        BenchResult(
                            name: row, value: rates.ours, unit: "events/s", baseline: label,
                            baselineValue: events / wall, ratio: rates.ours / (events / wall)))
                }
            }
            return rows
        })

    /// 100 MB bounded STT transfer over a 100 Mbit/s, 20 ms link with 1 % loss on the data
    /// direction, 100-packet drop-tail queues, 1500-byte MTU, real encryption: wall seconds,
    /// simulated seconds, events and simulated bytes per wall second. Baseline: ns-3 TCP NewReno
    /// on the same case, run now, when built; else the crypto ceiling (seal + open of 100 MB).
    static let simBulk = Benchmark(
        name: "sim-bulk-100mb",
        rows: { settings in
            let bytes = 100_000_000
            var walls: [Double] = []
            var last: (sim: Simulation, flow: BulkFlow)!
            for round in 0..<min(settings.rounds, 3) {
                let clock = ContinuousClock()
                let elapsed = try clock.measure { last = try bulkCase(bytes: bytes, seed: UInt64(round + 1)) }
                walls.append(elapsed.seconds)
            }
            let wall = median(walls)
            var details: [String: Double] = [
                "  wall seconds": wall,
                "  simulated seconds": last.flow.completionTime!.seconds,
                "  events": Double(last.sim.eventsProcessed),
                "  peak RSS bytes (process)": peakResidentBytes(),
            ]
            let value = Double(bytes) / wall
            if let ns3 = runNS3(
                "bulk", ["--rate=100Mbps", "--delay=20ms", "--loss=0.01", "--bytes=100000000", "--seed=1"]),
                let ns3Wall = ns3["wall_seconds"] as? Double
            {
                details["  ns-3 wall seconds"] = ns3Wall
                details["  ns-3 simulated seconds"] = ns3["sim_seconds"] as? Double ?? 0
                details["  ns-3 events"] = ns3["events"] as? Double ?? 0
                return [
                    BenchResult(
                        name: "sim-bulk-100mb", value: value, unit: "sim bytes/wall s",
                        baseline: "ns-3 3.37 TCP, same case", baselineValue: Double(bytes) / ns3Wall,
                        ratio: value / (Double(bytes) / ns3Wall), details: details)
                ]
            }
            let packetPlaintext = 1_436
            let aead = try LibcryptoAEAD(
                suite: .simulationDefault, plaintextSize: packetPlaintext, aadSize: STTWire.protectedHeaderLength)
            let crypto = try ContinuousClock().measure {
                for _ in 0..<(bytes / packetPlaintext) { try aead.sealOpen() }
            }
            return [
                BenchResult(
                    name: "sim-bulk-100mb", value: value, unit: "sim bytes/wall s",
                    baseline: "crypto ceiling (ns-3 anchor not built)", baselineValue: Double(bytes) / crypto.seconds,
                    ratio: value / (Double(bytes) / crypto.seconds), details: details)
            ]
        })

    /// The same hold model on a bare heap of times (no payloads, no tie-break).
    static func bareHoldModel(_ heap: inout Heap<Int64>, steps: Int, maxDelay: UInt64, rng: inout SplitMix64) -> Int64 {
        var last: Int64 = 0
        for _ in 0..<steps {
            last = heap.removeMin()
            heap.insert(last + Int64(rng.next() % maxDelay))
        }
        return last
    }

    static func bulkCase(bytes: Int, seed: UInt64, configure: (Simulation) -> Void = { _ in }) throws -> (
        Simulation, BulkFlow
    ) {
        let sim = Simulation(seed: seed)
        var client = EndpointConfiguration()
        var server = EndpointConfiguration()
        client.maxDatagramSize = 1_472  // a 1500-byte MTU, like ns-3's 1448-byte TCP segments
        server.maxDatagramSize = 1_472
        server.acceptsIncomingSessions = true
        let shared = Array("bench shared seed, 32 bytes long".utf8)
        let a = try sim.addEndpoint(
            "client", nodeSeed: Array("sim-bench-client-seed".utf8), sharedSeed: shared, configuration: client)
        let b = try sim.addEndpoint(
            "server", nodeSeed: Array("sim-bench-server-seed".utf8), sharedSeed: shared, configuration: server)
        let data = LinkParameters(
            propagationDelay: .milliseconds(20), bandwidthBitsPerSecond: 100e6, queueLimitPackets: 100,
            loss: .bernoulli(p: 0.01))
        var acks = data
        acks.loss = .none  // as in the ns-3 case: the error model sits on the data receiver only
        sim.addLink(a, b, data, reverse: acks)
        let flow = sim.addBulkFlow(from: a, to: b, bytes: bytes)
        configure(sim)
        guard try sim.run(until: STTInstant.zero + .seconds(100_000), stopWhen: { flow.isComplete }), flow.isIntact
        else {
            throw BenchFailure("sim-bulk-100mb did not complete intact (seed \(seed))")
        }
        return (sim, flow)
    }
}
