import Foundation
import Testing

/// `stt-sim run --pcap/--keylog` and `stt-sim analyze`, as a user runs them.
@Suite("stt-sim captures and analyze", .serialized)
struct CaptureCommandTests {
    let scenario: String

    init() throws {
        scenario = NSTemporaryDirectory() + "stt-capture-cli-\(UUID().uuidString).json"
        try ScenarioCommandTests.valid.write(toFile: scenario, atomically: true, encoding: .utf8)
    }

    func temp(_ name: String) -> String { NSTemporaryDirectory() + "stt-cli-\(UUID().uuidString)-\(name)" }

    @Test(
        "run --pcap --keylog writes both and reports them; analyze with the key log verifies the stream and extracts it"
    )
    func captureThenAnalyze() throws {
        let pcap = temp("run.pcap")
        let keys = temp("run.keys")
        let out = temp("stream.bin")
        defer { for p in [pcap, keys, out] { try? FileManager.default.removeItem(atPath: p) } }
        let run = try runSTTSim(["run", scenario, "--pcap", pcap, "--keylog", keys, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let capture = try #require(report["capture"] as? [String: Any])
        let files = try #require(capture["files"] as? [[String: Any]])
        #expect((files.first?["records"] as? Int ?? 0) > 50)
        let flows = try #require(report["flows"] as? [[String: Any]])
        let digest = try #require(flows.first?["sha256"] as? String)

        let plain = try runSTTSim(["analyze", pcap])
        #expect(plain.status == 0 && plain.stdout.contains("encrypted (use --keylog)"))

        let json = try runSTTSim(["analyze", pcap, "--keylog", keys, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let analysis = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let session = try #require((analysis["sessions"] as? [[String: Any]])?.first)
        let stream = try #require((session["streams"] as? [[String: Any]])?.first)
        #expect(stream["complete"] as? Bool == true && stream["sha256"] as? String == digest)

        let id = try #require(session["id"] as? String)
        let streamID = try #require(stream["streamID"] as? Int)
        let extract = try runSTTSim([
            "analyze", pcap, "--keylog", keys, "--write-stream", "\(id):\(streamID)", "--output", out,
        ])
        #expect(extract.status == 0 && extract.stdout.contains("complete, sha256 \(digest)"))
        #expect((try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) == 64 * 1_024)
    }

    @Test(
        "an unwritable capture path fails before the run with exit 2; a full disk still prints the report, then fails with exit 1"
    )
    func unwritableCaptures() throws {
        let bad = try runSTTSim(["run", scenario, "--pcap", "/nonexistent-dir/x.pcap"])
        #expect(
            bad.status == 2 && bad.stderr.contains("/nonexistent-dir/x.pcap") && bad.stderr.contains("cannot create"))
        #expect(!bad.stdout.contains("expectations"))

        let full = try runSTTSim(["run", scenario, "--pcap", "/dev/full"])
        #expect(full.status == 1)
        #expect(full.stdout.contains("all 2 expectations hold") || full.stdout.contains("expectations hold"))
        #expect(full.stderr.contains("No space left on device"))
    }

    @Test("bad capture flags are named, with exit 2")
    func badFlags() throws {
        let unknown = try runSTTSim(["run", scenario, "--pcap", temp("x.pcap"), "--pcap-nodes", "a,zz"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown node \"zz\""))
        let orphan = try runSTTSim(["run", scenario, "--pcap-direction", "rx"])
        #expect(orphan.status == 2 && orphan.stderr.contains("need --pcap"))
        let snap = try runSTTSim(["run", scenario, "--pcap", temp("y.pcap"), "--snaplen", "5"])
        #expect(snap.status == 2 && snap.stderr.contains("--snaplen"))
    }

    @Test(
        "analyze refuses missing and foreign captures and malformed key logs with exit 2 and the reason; a capture cut short is analysed up to the cut, with a warning"
    )
    func badInputs() throws {
        let foreign = temp("foreign.pcap")
        let cut = temp("cut.pcap")
        let keys = temp("bad.keys")
        defer { for p in [foreign, cut, keys] { try? FileManager.default.removeItem(atPath: p) } }
        try "not a capture\n".write(toFile: foreign, atomically: true, encoding: .utf8)
        let f = try runSTTSim(["analyze", foreign])
        #expect(f.status == 2 && f.stderr.contains(foreign) && f.stderr.contains("not a readable capture"))
        let m = try runSTTSim(["analyze", foreign + ".missing"])
        #expect(m.status == 2)

        #expect(try runSTTSim(["run", scenario, "--pcap", cut, "--quiet"]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: cut))
        try data.prefix(data.count - 10).write(to: URL(fileURLWithPath: cut))
        let t = try runSTTSim(["analyze", cut])
        #expect(t.status == 0 && t.stderr.contains("warning:") && t.stderr.contains("truncated"), "\(t.stderr)")
        #expect(t.stdout.contains("1 sessions"), "the records before the cut are analysed")

        try "STT_SESSION_KEYS nothex\n".write(toFile: keys, atomically: true, encoding: .utf8)
        let k = try runSTTSim(["analyze", foreign, "--keylog", keys])
        #expect(k.status == 2 && k.stderr.contains("\(keys):1:"))
    }

    @Test("analyze says when a key log's keys do not open a session, and what a snap length kept from decryption")
    func honestDecryption() throws {
        let (pcap, keys, other, short) = (temp("h.pcap"), temp("h.keys"), temp("o.keys"), temp("s.pcap"))
        defer { for p in [pcap, keys, other, short] { try? FileManager.default.removeItem(atPath: p) } }
        #expect(try runSTTSim(["run", scenario, "--pcap", pcap, "--keylog", keys, "--quiet"]).status == 0)
        // The same session id with other keys: both key fields of each line (after the suite) changed.
        let log = try String(contentsOfFile: keys, encoding: .utf8)
        let wrong =
            log.split(separator: "\n").map { line -> String in
                guard line.hasPrefix("STT_SESSION_KEYS") else { return String(line) }
                var fields = line.split(separator: " ").map(String.init)
                if fields.count > 3 { fields[3] = String(repeating: "0", count: fields[3].count) }
                if fields.count > 4 { fields[4] = String(repeating: "1", count: fields[4].count) }
                return fields.joined(separator: " ")
            }.joined(separator: "\n") + "\n"
        try wrong.write(toFile: other, atomically: true, encoding: .utf8)
        let w = try runSTTSim(["analyze", pcap, "--keylog", other])
        #expect(
            w.stdout.contains("do not open its packets") && !w.stdout.contains("no keys in the key log"), "\(w.stdout)")
        #expect(w.stdout.contains("pn gaps (unauthenticated)"))
        #expect(try runSTTSim(["run", scenario, "--pcap", short, "--snaplen", "80", "--quiet"]).status == 0)
        let s = try runSTTSim(["analyze", short, "--keylog", keys])
        #expect(s.stdout.contains("cut short by the capture's snap length"), "\(s.stdout)")
        #expect(!s.stdout.contains("  decrypted  "), "nothing is called decrypted that was not")
    }
}
