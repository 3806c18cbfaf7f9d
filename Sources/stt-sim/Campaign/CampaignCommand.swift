import ArgumentParser
import Foundation
import STTCampaign
import STTScenario

/// `stt-sim campaign merge DIR...`: shard directories of one swarm or sweep into the result a
/// single run gives.
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Combine the outputs of campaign shards.",
        subcommands: [CampaignMergeCommand.self, CampaignWorkerCommand.self])
}

struct CampaignMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge shard directories of one swarm or sweep into one (rows in run order, summary recomputed).",
        discussion: """
            Exit codes: 0 merged (the result says which runs, if any, are still missing), 1 the output could \
            not be written or a merged swarm seed failed, 2 the directories are unreadable or belong to \
            different campaigns.
            """)

    @Argument(help: "Shard output directories (each with campaign.json and runs.jsonl).")
    var directories: [String]

    @Option(name: .long, help: "The merged directory.")
    var out: String

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        guard !directories.isEmpty else { throw ValidationError("give at least one directory") }
        var manifests: [CampaignManifest] = []
        var byIndex: [Int: (line: String, row: JSONValue)] = [:]
        for directory in directories {
            let (manifest, lines) = try CampaignDirectory.read(directory)
            if let first = manifests.first {
                guard manifest.kind == first.kind, manifest.inputDigest == first.inputDigest,
                    manifest.total == first.total
                else {
                    throw ValidationError(
                        "\(directory) holds a different campaign (\(manifest.kind) \(manifest.input)) than "
                            + "\(directories[0]) (\(first.kind) \(first.input))")
                }
            }
            manifests.append(manifest)
            for (n, (line, row)) in zip(lines, CampaignDirectory.rows(lines)).enumerated() {
                guard case .number(let x)? = row["index"], let index = Int(exactly: x), index >= 0,
                    index < manifest.total
                else { throw ValidationError("\(directory)/runs.jsonl line \(n + 1): no valid \"index\"") }
                if let seen = byIndex[index], seen.line != line {
                    throw ValidationError("run \(index) appears twice with different results (\(directory))")
                }
                byIndex[index] = (line, row)
            }
        }
        let first = manifests[0]
        let indices = byIndex.keys.sorted()
        let merged = indices.compactMap { byIndex[$0] }
        let (lines, rows) = (merged.map(\.line), merged.map(\.row))
        let manifest = CampaignManifest(
            kind: first.kind, input: first.input, inputDigest: first.inputDigest, total: first.total, shard: "merged",
            first: 0, planned: first.total, done: lines.count,
            missing: CampaignManifest.missing(from: 0..<first.total, present: indices))
        if first.kind == "sweep" {
            try SweepCommand.finish(lines: lines, rows: rows, manifest: manifest, out: out, json: json)
        } else {
            try mergeSwarm(lines: lines, rows: rows, manifest: manifest)
        }
    }

    private func mergeSwarm(lines: [String], rows: [JSONValue], manifest: CampaignManifest) throws {
        var files: [(name: String, text: String)] = [
            ("runs.jsonl", lines.map { $0 + "\n" }.joined()), ("campaign.json", manifest.json()),
        ]
        for directory in directories {
            let failures = (directory as NSString).appendingPathComponent("failures")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: failures)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") {
                if let data = FileManager.default.contents(atPath: failures + "/" + name) {
                    files.append(("failures/" + name, String(decoding: data, as: UTF8.self)))
                }
            }
        }
        try CampaignDirectory.write(out, files: files)
        let summary = SwarmSummary(rows: rows, manifest: manifest, wallSeconds: 0, workers: 1)
        print(
            json
                ? summary.json
                : summary.text.split(separator: "\n").filter { !$0.hasPrefix("wall") }.joined(separator: "\n"))
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
