import Foundation

/// `stt-sim bench --filter swarm`: 300 seeds of the default size mix with one worker, then with
/// two, as a user runs them (this binary, whole processes). The row is the speed-up of `-j 2`
/// over `-j 1` (goal on a 2-core machine: ≥ 1.8×); the details give seeds per minute per worker.
/// Both runs must write the same rows (an ordered merge, not arrival order).
enum SwarmBenchmark {
    static let name = "swarm-j2-over-j1"
    static let seeds = "1..300"

    static let benchmark = Benchmark(name: name, rows: { _ in try run() })

    static func run() throws -> [BenchResult] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stt-bench-swarm-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let one = try swarm(workers: 1, out: directory.appendingPathComponent("j1").path)
        let two = try swarm(workers: 2, out: directory.appendingPathComponent("j2").path)
        let rowsOne = try String(
            contentsOfFile: directory.appendingPathComponent("j1/runs.jsonl").path, encoding: .utf8)
        let rowsTwo = try String(
            contentsOfFile: directory.appendingPathComponent("j2/runs.jsonl").path, encoding: .utf8)
        guard rowsOne == rowsTwo else { throw BenchFailure("swarm: -j 1 and -j 2 wrote different rows") }
        let count = Double(rowsOne.split(separator: "\n").count)
        return [
            BenchResult(
                name: name, value: count / two * 60, unit: "seeds/min with -j 2", baseline: "seeds/min with -j 1",
                baselineValue: count / one * 60, ratio: one / two,
                details: [
                    "  seeds": count, "  wall -j 1, s": one, "  wall -j 2, s": two,
                    "  seeds/min per core (-j 1)": count / one * 60,
                    "  cores": Double(ProcessInfo.processInfo.activeProcessorCount),
                ])
        ]
    }

    /// Wall seconds of one `stt-sim swarm` process.
    private static func swarm(workers: Int, out: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: WorkerPool.ownExecutable())
        process.arguments = ["swarm", "--seeds", seeds, "-j", "\(workers)", "--no-shrink", "--out", out, "--json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("swarm -j \(workers) exited \(process.terminationStatus): a seed failed (rerun it)")
        }
        return (clock.now - start).seconds
    }
}
