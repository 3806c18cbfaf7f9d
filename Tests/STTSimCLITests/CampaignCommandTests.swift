import Foundation
import Testing

/// `stt-sim swarm`, `sweep` and `campaign merge`, as a user runs them: worker processes, shards,
/// budgets, merges, a dead worker, bad flags.
@Suite("stt-sim campaigns", .serialized)
struct CampaignCommandTests {
    let root = NSTemporaryDirectory() + "stt-campaign-\(UUID().uuidString)"

    func path(_ name: String) -> String { root + "/" + name }

    func file(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(missing \(path))"
    }

    static let study = """
        {"name": "mini", "duration": "30s", "sharedSeed": "shared_secret_for_tests_16",
         "nodes": [{"id": "a"}, {"id": "b", "server": true}],
         "links": [{"a": "a", "b": "b", "delay": "5ms", "bandwidth": "${bw}", "loss": "${loss}"}],
         "traffic": [{"id": "up", "kind": "bounded", "from": "a", "to": "b", "size": "64KiB"}],
         "expect": {"flows": [{"flow": "up", "completes": true}]},
         "sweep": {"loss": [0, 0.05], "bw": ["5Mbps", "20Mbps"], "seeds": 2}}
        """

    @Test("a swarm gives the same rows with one worker and with two, and shards merge into the same result")
    func swarmIsTheSameWhateverTheWorkers() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let one = try runSTTSim(["swarm", "--seeds", "1..6", "-j", "1", "--out", path("one")])
        #expect(one.status == 0, "\(one.stdout)\(one.stderr)")
        #expect(one.stdout.contains("6 of 6 seeds run, 6 passed, 0 failed"))
        let two = try runSTTSim(["swarm", "--seeds", "1..6", "-j", "2", "--out", path("two")])
        #expect(two.status == 0)
        #expect(file(path("one/runs.jsonl")) == file(path("two/runs.jsonl")))
        #expect(file(path("one/runs.jsonl")).split(separator: "\n").count == 6)
        for i in 0..<3 {
            let shard = try runSTTSim([
                "swarm", "--seeds", "1..6", "-j", "1", "--shard", "\(i)/3", "--out", path("s\(i)"),
            ])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merged = try runSTTSim(["campaign", "merge", path("s0"), path("s1"), path("s2"), "--out", path("merged")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(file(path("merged/runs.jsonl")) == file(path("one/runs.jsonl")))
        let manifest =
            try JSONSerialization.jsonObject(with: Data(file(path("merged/campaign.json")).utf8)) as? [String: Any]
        #expect(manifest?["done"] as? Int == 6 && (manifest?["missing"] as? [String])?.isEmpty == true)
    }

    @Test("a budget stops the hand-out: the seeds done are a prefix and the output says which were not run")
    func budgetLeavesAPrefix() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try runSTTSim(["swarm", "--seeds", "1..500", "-j", "2", "--budget", "1ms", "--out", path("b")])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = file(path("b/runs.jsonl")).split(separator: "\n")
        #expect(rows.count < 500)
        for (i, row) in rows.enumerated() { #expect(row.hasPrefix("{\"index\":\(i),")) }
        #expect(r.stdout.contains("budget spent: seeds not run (indices): \(rows.count)..499"))
    }

    @Test("a worker that traps costs only its seed: the row says how it died, the scenario and replay are given")
    func deadWorkerIsAFailureNotACrash() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try runSTTSim([
            "swarm", "--seeds", "1..6", "-j", "2", "--inject-trap-seed", "3", "--no-shrink", "--out", path("t"),
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("6 of 6 seeds run, 5 passed, 1 failed"))
        #expect(
            r.stderr.contains("FAIL seed 3:") && r.stderr.contains("trap: the worker running the seed died: signal"))
        #expect(r.stderr.contains("replay: stt-sim swarm --seeds 3"))
        #expect(FileManager.default.fileExists(atPath: path("t/failures/seed-3.json")))
    }

    @Test("a sweep writes rows, CSVs and a summary with intervals; shards merge into the whole; --report draws it")
    func sweepShardsMergeIntoTheWhole() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Self.study.write(toFile: path("study.json"), atomically: true, encoding: .utf8)
        let whole = try runSTTSim(["sweep", path("study.json"), "--out", path("whole"), "--report", path("sweep.html")])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("up.goodputBitsPerSecond"))
        #expect(file(path("whole/runs.jsonl")).split(separator: "\n").count == 8)
        #expect(file(path("whole/summary.csv")).hasPrefix("point,loss,bw,metric,n,mean,ci95,min,max\n"))
        #expect(file(path("whole/runs.csv")).hasPrefix("index,point,loss,bw,seed,fingerprint,passed,"))
        #expect(file(path("sweep.html")).contains("<svg") && file(path("sweep.html")).contains("data-series"))
        for i in 0..<2 {
            let shard = try runSTTSim([
                "sweep", path("study.json"), "-j", "1", "--shard", "\(i)/2", "--out", path("p\(i)"),
            ])
            #expect(shard.status == 0)
        }
        let merged = try runSTTSim(["campaign", "merge", path("p1"), path("p0"), "--out", path("m")])
        #expect(merged.status == 0, "\(merged.stderr)")
        for name in ["runs.jsonl", "summary.csv", "runs.csv"] {
            #expect(file(path("m/" + name)) == file(path("whole/" + name)), "\(name) differs")
        }
        let half = try runSTTSim(["campaign", "merge", path("p0"), "--out", path("h")])
        #expect(half.status == 0)
        #expect(half.stdout.contains("not run (indices): 4..7"))
    }

    @Test("bad flags and files exit 2 and say what is wrong")
    func badInputIsAClearError() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cases: [([String], String)] = [
            (["swarm", "--seeds", "9..3"], "A must not be above B"),
            (["swarm", "--seeds", "x"], "--seeds must be A..B"),
            (["swarm", "--seeds", "1..2", "--shard", "2/2"], "--shard 2/2"),
            (["swarm", "--seeds", "1..2", "--budget", "soon"], "--budget must be a duration"),
            (["swarm", "--seeds", "1..2", "-j", "0"], "-j must be from 1"),
            (["swarm"], "give --seeds"),
            (["sweep", path("absent.json")], "cannot read"),
            (["campaign", "merge", path("absent"), "--out", path("x")], "cannot read it"),
        ]
        for (arguments, message) in cases {
            let r = try runSTTSim(arguments)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}
