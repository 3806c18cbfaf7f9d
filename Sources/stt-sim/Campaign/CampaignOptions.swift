import ArgumentParser
import Foundation
import STTCampaign
import STTScenario
import STTUnits

/// The flags every campaign command shares: workers, shard, budget, output.
struct CampaignOptions: ParsableArguments {
    @Option(name: [.customShort("j"), .long], help: "Worker processes (default: every core).")
    var jobs: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only slice i of n (0-based) of the runs.",
            discussion: "Unset: read from a Slurm array task (SLURM_ARRAY_TASK_ID, _MIN, _STEP, _COUNT) or a "
                + "Kubernetes Indexed Job (JOB_COMPLETION_INDEX with STT_SHARD_COUNT); otherwise every run."))
    var shard: String?

    @Option(
        name: .long, help: "Stop handing out runs after this much wall time (e.g. 10m); the runs done are a prefix.")
    var budget: String?

    @Option(name: .long, help: "Directory for runs.jsonl, campaign.json and the rest (created if needed).")
    var out: String?

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if let jobs, !(1...1_024).contains(jobs) { throw ValidationError("-j must be from 1 to 1024 (got \(jobs))") }
        _ = try deadline()
        _ = try resolvedShard()
    }

    var workers: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func resolvedShard() throws -> Shard {
        do {
            if let shard { return try Shard(parsing: shard) }
            return try Shard.fromEnvironment(ProcessInfo.processInfo.environment) ?? .whole
        } catch {
            throw ValidationError(error.description)
        }
    }

    func deadline(from start: Date = Date()) throws -> Date? {
        guard let budget else { return nil }
        guard let ns = Units.magnitude(budget, Units.durationUnits), ns > 0, ns <= 1e15 else {
            throw ValidationError("--budget must be a duration like \"90s\", \"10m\" or \"2h\" (got \"\(budget)\")")
        }
        return start.addingTimeInterval(ns / 1e9)
    }
}

/// A campaign's output directory: `campaign.json`, `runs.jsonl`, and whatever else the kind writes.
enum CampaignDirectory {
    /// Creates the directory and writes each file; the first failure is thrown with its path.
    static func write(_ directory: String, files: [(name: String, text: String)]) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CampaignFailure("cannot create \(directory): \(error.localizedDescription)")
        }
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            let parent = (path as NSString).deletingLastPathComponent
            if parent != directory {
                try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            if let failure = OutputFile.write(file.text, to: path, what: file.name) { throw CampaignFailure(failure) }
        }
    }

    /// Result lines as JSON values (an unreadable line is `null`: it counts as neither passed nor
    /// indexed).
    static func rows(_ lines: [String]) -> [JSONValue] { lines.map { (try? JSONValue.parse($0)) ?? .null } }

    /// The manifest and rows of a directory `campaign merge` reads.
    static func read(_ directory: String) throws -> (CampaignManifest, [String]) {
        let manifestPath = (directory as NSString).appendingPathComponent("campaign.json")
        let runsPath = (directory as NSString).appendingPathComponent("runs.jsonl")
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw ValidationError("\(manifestPath): cannot read it (is \(directory) a swarm or sweep --out directory?)")
        }
        let manifest: CampaignManifest
        do {
            manifest = try JSONDecoder().decode(CampaignManifest.self, from: manifestData)
        } catch {
            throw ValidationError("\(manifestPath): not a campaign manifest (\(error))")
        }
        guard let runs = FileManager.default.contents(atPath: runsPath) else {
            throw ValidationError("\(runsPath): cannot read it")
        }
        let lines = String(decoding: runs, as: UTF8.self).split(separator: "\n").map(String.init)
        return (manifest, lines)
    }
}

/// A campaign that ran but could not write its results: exit 1 with this message.
struct CampaignFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Progress on standard error, at most every two seconds (the pool calls it).
func campaignProgress(_ what: String, done: Int, of total: Int, since start: Date) {
    let elapsed = Date().timeIntervalSince(start)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    printError("\(what): \(done) of \(total) done, " + String(format: "%.1f per second", rate))
}
