import Foundation
import STTScenario
import Testing

@testable import STTCampaign

@Suite("sweep: study files, rows, summaries, shards")
struct SweepTests {
    static let study = """
        {"name": "s", "duration": "30s", "sharedSeed": "shared_secret_for_tests_16",
         "nodes": [{"id": "a"}, {"id": "b", "server": true}],
         "links": [{"a": "a", "b": "b", "delay": "${delay}", "bandwidth": "${bw}", "loss": "${loss}"}],
         "traffic": [{"id": "up", "kind": "bounded", "from": "a", "to": "b", "size": "256KiB"}],
         "sweep": {"loss": [0, 0.02], "bw": ["5Mbps", "20Mbps"], "delay": ["${bw}-is-not-a-delay"], "seeds": 3}}
        """

    @Test("the runs are the cartesian product in file order, seeds fastest, and placeholders take typed values")
    func runsAreTheCartesianProduct() throws {
        let text = Self.study.replacingOccurrences(of: "[\"${bw}-is-not-a-delay\"]", with: "[\"10ms\", \"40ms\"]")
        let study = try Study(text: text)
        #expect(study.parameters.map(\.name) == ["loss", "bw", "delay"])
        #expect(study.runCount == 2 * 2 * 2 * 3)
        let run = study.run(4)  // point 1 (loss 0, bw 5Mbps, delay 40ms), seed 2
        #expect(run.point == 1 && run.seed == 2)
        #expect(run.values == [.number(0), .string("5Mbps"), .string("40ms")])
        let scenario = try Scenario.parse(study.scenarioText(study.run(23)))
        #expect(scenario.links[0].forward.bandwidthBitsPerSecond == 20e6)
        #expect(scenario.links[0].forward.propagationDelay == .milliseconds(40))
        #expect(scenario.links[0].forward.loss == .bernoulli(p: 0.02), "a whole-string placeholder becomes a number")
    }

    @Test("a study names what is wrong: no sweep, an unused parameter, a placeholder without values, bad seeds")
    func badStudiesAreClearErrors() {
        func message(_ text: String) -> String {
            do {
                _ = try Study(text: text, file: "x.json")
                return ""
            } catch { return error.description }
        }
        #expect(message("{\"name\": \"s\"}").contains("sweep: is required"))
        #expect(message("{\"a\": \"${x}\", \"sweep\": {\"x\": [1], \"y\": [2]}}").contains("sweep.y: no \"${y}\""))
        #expect(message("{\"a\": \"${x}\", \"sweep\": {}}").contains("\"${x}\" has no values"))
        #expect(message("{\"a\": \"${x}\", \"sweep\": {\"x\": [1], \"seeds\": 0}}").contains("sweep.seeds"))
        #expect(message("{\"a\": \"${x}\", \"sweep\": {\"x\": []}}").contains("non-empty"))
        #expect(message("{\"a\": ").contains("not valid JSON"))
        #expect(message("{\"${x}\": 1, \"sweep\": {\"x\": [1]}}").contains("not a field name"))
    }

    @Test("each run's row carries parameters, seed, fingerprint and flow figures; equal runs give equal bytes")
    func rowsAreCompleteAndReproducible() throws {
        let text = Self.study.replacingOccurrences(of: "[\"${bw}-is-not-a-delay\"]", with: "[\"10ms\"]")
        let study = try Study(text: text)
        let row = SweepRun.row(study, study.run(5))
        #expect(row.compact == SweepRun.row(study, study.run(5)).compact)
        #expect(row["parameters"]?["bw"] == .string("20Mbps"))
        #expect(row["seed"] == .number(3))
        guard case .string(let fingerprint)? = row["fingerprint"] else {
            Issue.record("no fingerprint: \(row.compact)")
            return
        }
        #expect(fingerprint.count >= 16)
        let metrics = SweepSummary.metrics(of: row).map(\.0)
        #expect(metrics.contains("up.goodputBitsPerSecond") && metrics.contains("up.completionSeconds"))
    }

    @Test("a point's mean and 95 % interval follow Student's t")
    func summaryUsesStudentT() throws {
        let rows = [1.0, 2, 3].enumerated().map { i, g in
            JSONValue.object([
                ("index", .number(Double(i))), ("point", .number(0)), ("parameters", .object([("loss", .number(0))])),
                ("passed", .bool(true)),
                ("flows", .array([.object([("id", .string("up")), ("goodputBitsPerSecond", .number(g))])])),
            ])
        }
        let summary = SweepSummary(rows: rows)
        let line = try #require(summary.lines.first { $0.metric == "up.goodputBitsPerSecond" })
        #expect(line.count == 3 && line.mean == 2)
        #expect(abs(line.ci95 - 4.303 / 3.0.squareRoot()) < 1e-9)
        #expect(summary.csv.hasPrefix("point,loss,metric,n,mean,ci95,min,max\n"))
        #expect(SweepSummary.studentT975(1_000) > 1.96 && SweepSummary.studentT975(1_000) < 1.97)
    }

    @Test("shards cover every run once; Slurm arrays starting at 1 and Indexed Jobs map to 0-based shards")
    func shardsCoverEveryRunOnce() throws {
        for total in [0, 1, 7, 18, 1_000] {
            for count in [1, 3, 4, 7] {
                let ranges = (0..<count).map { Shard(index: $0, count: count).range(of: total) }
                #expect(ranges.flatMap { Array($0) } == Array(0..<total))
            }
        }
        let slurm = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(try Shard.fromEnvironment(slurm) == Shard(index: 2, count: 4))
        let stepped = [
            "SLURM_ARRAY_TASK_ID": "10", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "5",
            "SLURM_ARRAY_TASK_COUNT": "3",
        ]
        #expect(try Shard.fromEnvironment(stepped) == Shard(index: 2, count: 3))
        #expect(
            try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0", "STT_SHARD_COUNT": "2"])
                == Shard(index: 0, count: 2))
        #expect(try Shard.fromEnvironment([:]) == nil)
        let huge = ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "9223372036854775807"]
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(huge) }
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0"]) }
        #expect(throws: ShardError.self) { try Shard(parsing: "4/4") }
        #expect(throws: ShardError.self) { try Shard(parsing: "x") }
    }

    @Test("a manifest lists the runs a directory lacks as ranges")
    func manifestListsMissingRuns() {
        #expect(CampaignManifest.missing(from: 0..<10, present: [0, 1, 2, 5, 9]) == ["3..4", "6..8"])
        #expect(CampaignManifest.missing(from: 4..<6, present: []) == ["4..5"])
        #expect(CampaignManifest.missing(from: 0..<3, present: [2, 0, 1]).isEmpty)
    }
}
