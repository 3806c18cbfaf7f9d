import Foundation
import STTScenario

/// What a swarm found, from its rows: seeds run, passed and failed, the flows owed completion
/// and how many completed, violations by kind, and the pace.
public struct SwarmSummary: Sendable {
    public let manifest: CampaignManifest
    public let passed: Int
    /// Seeds of the rows that did not pass (a row without a seed counts in `failed` only).
    public let failedSeeds: [UInt64]
    public let failed: Int
    public let bounded: Int
    public let owed: Int
    public let completed: Int
    public let events: Int
    public let largestScenario: Int
    public let violationsByKind: [(Violation.Kind, Int)]
    public let wallSeconds: Double
    public let workers: Int

    public init(rows: [JSONValue], manifest: CampaignManifest, wallSeconds: Double, workers: Int) {
        self.manifest = manifest
        self.wallSeconds = wallSeconds
        self.workers = workers
        func int(_ row: JSONValue, _ key: String) -> Int {
            if case .number(let x)? = row[key], let i = Int(exactly: x) { return i }
            return 0
        }
        passed = rows.count { $0["passed"] == .bool(true) }
        failed = rows.count { $0["passed"] != .bool(true) }
        failedSeeds = rows.compactMap { $0["passed"] == .bool(true) ? nil : SwarmRow.seed(of: $0) }
        bounded = rows.reduce(0) { $0 + int($1, "bounded") }
        owed = rows.reduce(0) { $0 + int($1, "owed") }
        completed = rows.reduce(0) { $0 + int($1, "completed") }
        events = rows.reduce(0) { $0 + int($1, "events") }
        largestScenario = rows.map { int($0, "nodes") }.max() ?? 0
        let all = rows.flatMap(SwarmRow.violations)
        violationsByKind = Violation.Kind.allCases.compactMap { kind in
            let n = all.count { $0.kind == kind }
            return n > 0 ? (kind, n) : nil
        }
    }

    /// Seeds per minute over all workers, and per worker (a worker is a core's worth of work).
    public var seedsPerMinute: Double { wallSeconds > 0 ? Double(manifest.done) / wallSeconds * 60 : 0 }
    public var seedsPerMinutePerWorker: Double { seedsPerMinute / Double(max(1, workers)) }

    public var text: String {
        var lines = [
            "swarm \(manifest.input) shard \(manifest.shard): \(manifest.done) of \(manifest.planned) seeds run, "
                + "\(passed) passed, \(failed) failed",
            "bounded flows: \(bounded), owed completion: \(owed), completed: \(completed); "
                + "largest scenario \(largestScenario) nodes; \(events) simulator events",
            String(
                format: "wall %.1f s with %d workers: %.1f seeds/min, %.1f seeds/min per worker", wallSeconds, workers,
                seedsPerMinute, seedsPerMinutePerWorker),
        ]
        if !manifest.complete {
            lines.append("budget spent: seeds not run (indices): \(manifest.missing.joined(separator: ", "))")
        }
        for (kind, n) in violationsByKind { lines.append("  \(kind.rawValue): \(n)") }
        return lines.joined(separator: "\n")
    }

    public var json: String {
        var fields: [(String, JSONValue)] = [
            ("seeds", .string(manifest.input)), ("shard", .string(manifest.shard)),
            ("planned", .number(Double(manifest.planned))), ("done", .number(Double(manifest.done))),
            ("missing", .array(manifest.missing.map(JSONValue.string))), ("passed", .number(Double(passed))),
            ("failed", .number(Double(failed))), ("failedSeeds", .array(failedSeeds.map(SwarmRow.number))),
            ("bounded", .number(Double(bounded))), ("owed", .number(Double(owed))),
            ("completed", .number(Double(completed))), ("events", .number(Double(events))),
            ("wallSeconds", .number((wallSeconds * 1000).rounded() / 1000)), ("workers", .number(Double(workers))),
            ("seedsPerMinute", .number((seedsPerMinute * 10).rounded() / 10)),
        ]
        fields.append(
            ("violations", .object(violationsByKind.map { ($0.0.rawValue, .number(Double($0.1))) })))
        return JSONValue.object(fields).formatted(indent: 2)
    }
}
