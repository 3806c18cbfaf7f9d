import ArgumentParser
import Foundation
import STTCampaign
import STTScenario
import STTUnits

/// `stt-sim sweep STUDY`: a scenario with `${name}` placeholders run at every combination of the
/// `sweep` values, each with several seeds; one row per run and a summary per parameter point
/// with means and 95 % confidence intervals.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter study: a scenario at every combination of values, times the seeds.",
        discussion: """
            Writes <out>/runs.jsonl (one row per run), runs.csv, summary.csv (per parameter point and \
            metric: n, mean, 95 % confidence interval, min, max) and campaign.json. Exit codes: 0 every \
            run ran, 1 a run could not run or results could not be written, 2 a bad study file or flag. \
            See docs/CAMPAIGNS.md.
            """)

    @Argument(help: "The study file: a scenario with ${name} placeholders and a \"sweep\" object.")
    var study: String

    @OptionGroup var campaign: CampaignOptions

    @Option(name: .long, help: "Write an HTML page charting --metric against --x to this file.")
    var report: String?

    @Option(name: .long, help: "The metric the report draws, e.g. upload.goodputBitsPerSecond (default: the first).")
    var metric: String?

    @Option(name: .long, help: "The parameter on the report's x axis (default: the first).")
    var x: String?

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: study, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(study): \(error.localizedDescription)")
        }
        let loaded: Study
        do {
            loaded = try Study(text: text, file: study)
        } catch {
            throw ValidationError(error.description)
        }
        if let x, !loaded.parameters.contains(where: { $0.name == x }) {
            throw ValidationError("--x \(x): the study sweeps \(loaded.parameters.map(\.name).joined(separator: ", "))")
        }
        let shard = try campaign.resolvedShard()
        let slice = shard.range(of: loaded.runCount)
        let out = campaign.out ?? "sweep-out"
        let start = Date()
        let path = URL(fileURLWithPath: study).path
        let pool = WorkerPool(arguments: ["campaign", "worker", "sweep", "--study", path], workers: campaign.workers)
        let results = pool.run(
            count: slice.count, deadline: try campaign.deadline(from: start), job: { i in "\(slice.lowerBound + i)" },
            progress: { done in campaignProgress("sweep", done: done, of: slice.count, since: start) })
        var lines: [String] = []
        for (i, result) in results.enumerated() {
            guard let result else { break }
            switch result {
            case .line(let line): lines.append(line)
            case .died(let how): lines.append(SweepRun.died(loaded, loaded.run(slice.lowerBound + i), how).compact)
            }
        }
        let rows = CampaignDirectory.rows(lines)
        let manifest = CampaignManifest(
            kind: "sweep", input: (study as NSString).lastPathComponent, inputDigest: CampaignManifest.digest(text),
            total: loaded.runCount, shard: shard, slice: slice, done: lines.count)
        try Self.finish(lines: lines, rows: rows, manifest: manifest, out: out, json: campaign.json)
        if let report {
            let page = SweepReport(
                rows: rows, metric: metric, x: x ?? loaded.parameters.first?.name ?? "", title: manifest.input)
            if let problem = OutputFile.write(page.html, to: report, what: "the sweep report") {
                throw CampaignFailure(problem)
            }
        }
        if rows.contains(where: { $0["error"] != nil }) { throw ExitCode(1) }
    }

    /// Writes a sweep directory from its rows and prints the summary (also `campaign merge`).
    /// `rows` are `lines` parsed (the caller has them already).
    static func finish(lines: [String], rows: [JSONValue], manifest: CampaignManifest, out: String, json: Bool)
        throws
    {
        let summary = SweepSummary(rows: rows)
        try CampaignDirectory.write(
            out,
            files: [
                ("runs.jsonl", lines.map { $0 + "\n" }.joined()), ("runs.csv", SweepSummary.runsCSV(rows)),
                ("summary.csv", summary.csv), ("campaign.json", manifest.json()),
            ])
        if json {
            print(
                JSONValue.array(
                    summary.lines.map { l in
                        .object([
                            ("point", .number(Double(l.point))), ("parameters", .object(l.parameters)),
                            ("metric", .string(l.metric)), ("n", .number(Double(l.count))), ("mean", .number(l.mean)),
                            ("ci95", .number(l.ci95)), ("min", .number(l.minimum)), ("max", .number(l.maximum)),
                        ])
                    }
                ).formatted(indent: 2))
            return
        }
        let head = summary.parameterNames + ["metric", "n", "mean", "± 95 %", "min", "max"]
        let body = summary.lines.map { l in
            l.parameters.map { Study.text($0.1) } + [
                l.metric, "\(l.count)", Self.figure(l.mean), Self.figure(l.ci95), Self.figure(l.minimum),
                Self.figure(l.maximum),
            ]
        }
        print(ReportTable.table(head, body))
        print(
            "sweep \(manifest.input) shard \(manifest.shard): \(manifest.done) of \(manifest.planned) runs"
                + (manifest.complete ? "" : "; not run (indices): \(manifest.missing.joined(separator: ", "))")
                + "; results in \(out)/")
    }

    static func figure(_ x: Double) -> String {
        if x == 0 { return "0" }
        if abs(x) >= 1e4 { return UnitFormat.si(x) }
        if abs(x) < 1e-3 { return String(format: "%.4g", x) }
        return String(format: "%.4f", x)
    }
}
