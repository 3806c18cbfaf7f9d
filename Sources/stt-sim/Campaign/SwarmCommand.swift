import ArgumentParser
import Foundation
import STTCampaign
import STTScenario

/// `stt-sim swarm --seeds A..B`: draws a random scenario per seed, runs it and checks the
/// invariants (docs/CAMPAIGNS.md); a failing seed's scenario is written, with the command that
/// replays it, and shrunk to the smallest scenario that still fails.
struct SwarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm",
        abstract: "Run random scenarios, one per seed, and check the transport's invariants.",
        discussion: """
            Exit codes: 0 every seed passed, 1 a seed failed (its scenario and a shrunk one are in \
            <out>/failures, with the replay command printed) or results could not be written, 2 bad flags. \
            See docs/CAMPAIGNS.md.
            """)

    @Option(name: .long, help: "The seeds, A..B (inclusive) or one seed.")
    var seeds: String?

    @OptionGroup var campaign: CampaignOptions

    @Option(name: .long, help: "Also run each seed divisible by this twice and compare fingerprints (0: never).")
    var rerunEvery: UInt64 = 16

    @Option(name: .long, help: "Shrink at most this many failing seeds.")
    var shrinkLimit = 3

    @Flag(name: .long, help: "Do not shrink failing seeds.")
    var noShrink = false

    @Option(name: .long, help: "Events a run may process before it counts as a livelock.")
    var stepLimit = SwarmCheck().stepLimit

    /// Test hook: the worker running this seed traps, so that the runner's handling of a dead
    /// worker is tested end to end.
    @Option(name: .long, help: .hidden)
    var injectTrapSeed: UInt64?

    @Flag(name: .long, help: "Print the scenario of the first seed and stop (to edit or run it).")
    var printScenario = false

    @Option(name: .long, parsing: .upToNextOption, help: "Check these scenario files (e.g. a failure) instead.")
    var check: [String] = []

    func validate() throws {
        if check.isEmpty, seeds == nil { throw ValidationError("give --seeds A..B, or --check FILE") }
        if let seeds { _ = try Self.range(seeds) }
        guard stepLimit >= 1 else { throw ValidationError("--step-limit must be at least 1") }
    }

    /// `A..B` or `A`, at most 10^12 seeds.
    static func range(_ text: String) throws -> ClosedRange<UInt64> {
        let parts = text.components(separatedBy: "..")
        guard (1...2).contains(parts.count), let low = UInt64(parts[0]), let high = UInt64(parts[parts.count - 1])
        else { throw ValidationError("--seeds must be A..B or A, whole numbers (got \"\(text)\")") }
        guard low <= high else { throw ValidationError("--seeds \(text): A must not be above B") }
        guard high - low < 1_000_000_000_000 else { throw ValidationError("--seeds \(text): at most 10^12 seeds") }
        return low...high
    }

    func run() throws {
        if !check.isEmpty { return try checkFiles() }
        let seeds = try Self.range(seeds ?? "")
        if printScenario { return print(SwarmGenerator().text(seed: seeds.lowerBound), terminator: "") }
        let shard = try campaign.resolvedShard()
        let total = Int(seeds.upperBound - seeds.lowerBound) + 1
        let slice = shard.range(of: total)
        let out = campaign.out ?? "swarm-out"
        let start = Date()
        let pool = WorkerPool(
            arguments: [
                "campaign", "worker", "swarm", "--rerun-every", "\(rerunEvery)", "--step-limit", "\(stepLimit)",
            ]
                + (injectTrapSeed.map { ["--inject-trap-seed", "\($0)"] } ?? []),
            workers: campaign.workers)
        let first = seeds.lowerBound
        let deadline = try campaign.deadline(from: start)
        let results = pool.run(
            count: slice.count, deadline: deadline,
            job: { i in "\(slice.lowerBound + i) \(first + UInt64(slice.lowerBound + i))" },
            progress: { done in campaignProgress("swarm", done: done, of: slice.count, since: start) })
        var lines: [String] = []
        var rows: [JSONValue] = []
        for (i, result) in results.enumerated() {
            guard let result else { break }
            let seed = first + UInt64(slice.lowerBound + i)
            let index = slice.lowerBound + i
            var row: JSONValue
            var line: String
            switch result {
            case .line(let answer):
                // A stray line from a worker must not shift the rows: each answer names its job.
                (row, line) = ((try? JSONValue.parse(answer)) ?? .null, answer)
                if SwarmRow.seed(of: row) != seed || row["index"] != .number(Double(index)) {
                    row = SwarmRow.died(index: index, seed: seed, "it answered for another job")
                    line = row.compact
                }
            case .died(let how):
                row = SwarmRow.died(index: index, seed: seed, how)
                line = row.compact
            }
            rows.append(row)
            lines.append(line)
        }
        let wall = Date().timeIntervalSince(start)
        let manifest = CampaignManifest(
            kind: "swarm", input: "\(seeds.lowerBound)..\(seeds.upperBound)",
            inputDigest: CampaignManifest.digest(
                "swarm \(seeds) \(SwarmGenerator.version) step-limit \(stepLimit) rerun-every \(rerunEvery) "
                    + "trap \(injectTrapSeed.map(String.init) ?? "-")"),
            total: total, shard: shard, slice: slice, done: lines.count)
        var failures: [(seed: UInt64, violations: [Violation])] = []
        for row in rows where row["passed"] != .bool(true) {
            guard let seed = SwarmRow.seed(of: row) else { continue }
            failures.append((seed, SwarmRow.violations(of: row)))
        }
        try CampaignDirectory.write(
            out,
            files: [("runs.jsonl", lines.map { $0 + "\n" }.joined()), ("campaign.json", manifest.json())]
                + failures.map { ("failures/seed-\($0.seed).json", SwarmGenerator().text(seed: $0.seed)) })
        let summary = SwarmSummary(rows: rows, manifest: manifest, wallSeconds: wall, workers: pool.workers)
        if campaign.json {
            print(summary.json)
        } else {
            print(summary.text)
        }
        for (n, failure) in failures.enumerated() {
            // Shrinking is part of the budget: past it, failures are reported, not shrunk.
            let inBudget = deadline.map { Date() < $0 } ?? true
            report(failure, out: out, shrink: !noShrink && n < shrinkLimit && inBudget, until: deadline)
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }

    /// Prints a failure and its replay commands; shrinks it when asked.
    private func report(
        _ failure: (seed: UInt64, violations: [Violation]), out: String, shrink: Bool, until deadline: Date?
    ) {
        let file = "\(out)/failures/seed-\(failure.seed).json"
        printError("FAIL seed \(failure.seed):")
        for v in failure.violations { printError("  \(v.kind.rawValue): \(v.detail)") }
        let flags = (stepLimit == SwarmCheck().stepLimit ? "" : " --step-limit \(stepLimit)")
        printError(
            "  replay: stt-sim swarm --seeds \(failure.seed)\(flags)   (or: stt-sim swarm --check \(file)\(flags))")
        guard shrink else { return }
        let kinds = Set(failure.violations.map(\.kind))
        let checker = WorkerPool(
            arguments: ["campaign", "worker", "check", "--step-limit", "\(stepLimit)"], workers: 1)
        let (smallest, attempts) = ScenarioShrinker().shrink(SwarmGenerator().scenario(seed: failure.seed)) {
            candidate in
            if let deadline, Date() >= deadline { return false }  // the budget is spent: keep what we have
            let text = candidate.formatted(indent: 1) + "\n"
            let job = JSONValue.string(text).compact
            switch checker.run(count: 1, deadline: nil, job: { _ in job }).first ?? nil {
            case .line(let line)?:
                let row = (try? JSONValue.parse(line)) ?? .null
                return !kinds.isDisjoint(with: SwarmRow.violations(of: row).map(\.kind))
            case .died?: return kinds.contains(.trap)
            case nil: return false
            }
        }
        let minimal = "\(out)/failures/seed-\(failure.seed)-min.json"
        if let problem = OutputFile.write(
            smallest.formatted(indent: 1) + "\n", to: minimal, what: "the shrunk scenario")
        {
            printError("  shrinking: \(problem)")
            return
        }
        let nodes = ScenarioShrinker.items(smallest, "nodes").count
        let flows = ScenarioShrinker.items(smallest, "traffic").count
        let events = ScenarioShrinker.items(smallest, "events").count
        printError("  shrunk in \(attempts) runs to \(nodes) nodes, \(flows) flows, \(events) events: \(minimal)")
        printError("  replay: stt-sim swarm --check \(minimal)")
    }

    /// `--check FILE...`: the invariants on given files, in this process.
    private func checkFiles() throws {
        var failed = false
        for file in check {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let outcome = SwarmCheck(stepLimit: stepLimit, rerun: true).run(text: text, file: file)
            if campaign.json {
                print(SwarmRow.value(index: 0, seed: nil, outcome).compact)
            } else {
                print(
                    "\(file): \(outcome.passed ? "passed" : "FAILED") (\(outcome.nodes) nodes, \(outcome.flows) flows, "
                        + "\(outcome.owed) owed completion, \(outcome.completed) completed, "
                        + "fingerprint \(outcome.fingerprint ?? "-"))"
                )
                for v in outcome.violations { print("  \(v.kind.rawValue): \(v.detail)") }
                if let scenario = try? Scenario.parse(text, file: file) {
                    for f in CompletionBudget(scenario).flows {
                        let id = scenario.traffic[f.flow].id
                        print(
                            "  flow \(id): "
                                + (f.deadline.map { "owed completion by \($0) (\(f.reason))" }
                                    ?? "not owed: \(f.reason)"))
                    }
                }
            }
            failed = failed || !outcome.passed
        }
        if failed { throw ExitCode(1) }
    }
}
