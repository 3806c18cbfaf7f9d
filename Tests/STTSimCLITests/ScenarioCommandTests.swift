import Foundation
import Testing

/// `stt-sim validate` and `run` on malformed files: the right JSON path, exit code 2.
@Suite("stt-sim run and validate", .serialized)
struct ScenarioCommandTests {
    static let valid = """
        {"name": "t", "duration": "10s", "sharedSeed": "shared_secret_32bytes_minimum!",
         "nodes": [{"id": "a"}, {"id": "b", "server": true}, {"id": "r", "kind": "router"}],
         "links": [{"id": "l", "a": "a", "b": "r", "delay": "10ms"}, {"id": "m", "a": "r", "b": "b", "delay": "10ms"}],
         "traffic": [{"id": "f", "kind": "bounded", "from": "a", "to": "b", "size": "64KiB"}],
         "expect": {"flows": [{"flow": "f", "completes": true}]}}
        """

    /// (what to replace, replacement, the path the error must name)
    static let malformed: [(String, String, String)] = [
        ("\"name\": \"t\", ", "", "name: is required"),
        ("\"duration\": \"10s\"", "\"duration\": \"soon\"", "duration: must be a duration"),
        ("\"duration\": \"10s\"", "\"duration\": 10", "duration: must be a duration with a unit"),
        (
            "\"sharedSeed\": \"shared_secret_32bytes_minimum!\"", "\"sharedSeed\": \"short\"",
            "sharedSeed: must be at least 16 bytes"
        ),
        (
            "{\"id\": \"a\"}", "{\"id\": \"a\", \"kind\": \"switch\"}",
            "nodes[0].kind: must be \"endpoint\" or \"router\""
        ),
        ("{\"id\": \"a\"}", "{\"id\": \"a\", \"nodeSeed\": \"tiny\"}", "nodes[0].nodeSeed: must be at least 16 bytes"),
        (
            "{\"id\": \"a\"}", "{\"id\": \"a\", \"address\": \"10.0.0.300:1\"}",
            "nodes[0].address: must be an IPv4 address"
        ),
        (
            "{\"id\": \"a\"}", "{\"id\": \"a\", \"maxDatagramSize\": 70000}",
            "nodes[0].maxDatagramSize: must be between 128 and 65507"
        ),
        (
            "{\"id\": \"a\"}", "{\"id\": \"a\", \"keepAlive\": \"40s\"}",
            "nodes[0]: keepAliveInterval must be positive and shorter than idleTimeout"
        ),
        (
            "{\"id\": \"b\", \"server\": true}", "{\"id\": \"a\", \"server\": true}",
            "nodes[1].id: duplicate node id \"a\""
        ),
        ("\"a\": \"a\", \"b\": \"r\"", "\"a\": \"a\", \"b\": \"x\"", "links[0].b: unknown node \"x\""),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"", "\"delay\": \"-5ms\"}, {\"id\": \"m\"",
            "links[0].delay: must be a duration"
        ),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"", "\"delay\": \"10ms\", \"loss\": {\"p\": 1.5}}, {\"id\": \"m\"",
            "links[0].loss.p: must be between 0 and 1 (got 1.5)"
        ),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"",
            "\"delay\": \"10ms\", \"loss\": {\"model\": \"gilbert\", \"p\": 0.1}}, {\"id\": \"m\"",
            "links[0].loss.model: must be \"bernoulli\" or \"gilbert-elliott\""
        ),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"", "\"delay\": \"10ms\", \"bandwidth\": \"fast\"}, {\"id\": \"m\"",
            "links[0].bandwidth: must be a rate like"
        ),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"",
            "\"delay\": \"10ms\", \"jitter\": {\"distribution\": \"gaussian\"}}, {\"id\": \"m\"",
            "links[0].jitter.distribution: must be \"uniform\", \"normal\", \"exponential\" or \"pareto\""
        ),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"", "\"delay\": \"10ms\", \"queue\": {\"packets\": 0}}, {\"id\": \"m\"",
            "links[0].queue.packets: must be between 1 and"
        ),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"",
            "\"delay\": \"10ms\", \"reverse\": {\"duplicate\": 2}}, {\"id\": \"m\"",
            "links[0].reverse.duplicate: must be between 0 and 1 (got 2)"
        ),
        (
            "\"delay\": \"10ms\"}, {\"id\": \"m\"", "\"dealy\": \"10ms\"}, {\"id\": \"m\"",
            "links[0].dealy: unknown field (did you mean \"delay\"?)"
        ),
        (
            "\"kind\": \"bounded\"", "\"kind\": \"bulk\"",
            "traffic[0].kind: must be bounded, live, messages or hello-flood"
        ),
        (
            "\"size\": \"64KiB\"", "\"size\": \"64KiB\", \"segmentSize\": \"2MiB\"",
            "traffic[0].segmentSize: must be between 1024 and 1048576 bytes"
        ),
        ("\"to\": \"b\"", "\"to\": \"r\"", "traffic[0].to: \"r\" is a router"),
        ("\"flow\": \"f\"", "\"flow\": \"g\"", "expect.flows[0].flow: unknown traffic \"g\""),
        ("\"completes\": true", "\"completes\": \"yes\"", "expect.flows[0].completes: must be true or false"),
        (
            "\"expect\"", "\"events\": [{\"at\": \"1s\", \"action\": \"explode\"}], \"expect\"",
            "events[0].action: must be link-down"
        ),
        (
            "\"expect\"", "\"events\": [{\"at\": \"1s\", \"action\": \"crash\", \"node\": \"zz\"}], \"expect\"",
            "events[0].node: unknown node \"zz\""
        ),
        ("\"name\": \"t\"", "\"name\": \"t\", \"colour\": \"red\"", "colour: unknown field"),
        ("\"nodes\": [", "\"nodes\": [,", "not valid JSON: line 2, column"),
        (
            "\"expect\"", "\"capture\": {\"direction\": \"sideways\"}, \"expect\"",
            "capture.direction: must be \"tx\", \"rx\" or \"both\""
        ),
        ("\"expect\"", "\"capture\": {\"nodes\": [\"q\"]}, \"expect\"", "capture.nodes[0]: unknown node \"q\""),
        (
            "\"expect\"", "\"capture\": {\"snapLength\": 10}, \"expect\"",
            "capture.snapLength: must be between 60 and 262144 bytes"
        ),
        (
            "\"expect\"", "\"capture\": {\"fiel\": \"x.pcap\"}, \"expect\"",
            "capture.fiel: unknown field (did you mean \"file\"?)"
        ),
    ]

    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "stt-scenario-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("each malformed file gives its JSON path and exit code 2, from validate and from run")
    func malformedFiles() throws {
        #expect(Self.malformed.count >= 20)
        for (old, new, message) in Self.malformed {
            #expect(Self.valid.contains(old), "test case does not apply: \(old)")
            let path = try write(Self.valid.replacingOccurrences(of: old, with: new))
            defer { try? FileManager.default.removeItem(atPath: path) }
            for command in ["validate", "run"] {
                let r = try runSTTSim([command, path])
                #expect(r.status == 2, "\(command) exited \(r.status) for \(message)")
                #expect(r.stderr.contains(message), "\(command): expected \"\(message)\" in:\n\(r.stderr)")
            }
        }
    }

    @Test("a valid file validates, runs, and exits 0; a failing expectation exits 1")
    func exitCodes() throws {
        let good = try write(Self.valid)
        defer { try? FileManager.default.removeItem(atPath: good) }
        #expect(try runSTTSim(["validate", good]).status == 0)
        let run = try runSTTSim(["run", good])
        #expect(run.status == 0 && run.stdout.contains("all 2 expectations hold"), "\(run.stdout)")
        let failing = try write(
            Self.valid.replacingOccurrences(of: "\"completes\": true", with: "\"completes\": true, \"within\": \"1ms\"")
        )
        defer { try? FileManager.default.removeItem(atPath: failing) }
        let r = try runSTTSim(["run", failing])
        #expect(r.status == 1 && r.stdout.contains("FAIL"))
        #expect(try runSTTSim(["run", "/nonexistent/x.json"]).status == 2)
    }

    @Test("--json prints the report with the documented field names; --check-determinism compares two runs")
    func jsonReport() throws {
        let good = try write(Self.valid)
        defer { try? FileManager.default.removeItem(atPath: good) }
        let r = try runSTTSim(["run", good, "--json", "--check-determinism", "--seed", "9"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in [
            "scenario", "seed", "fingerprint", "simulatedSeconds", "wallSeconds", "events", "flows", "links",
            "sessions", "expectations",
        ] {
            #expect(report[key] != nil, "missing \(key)")
        }
        #expect(report["seed"] as? Int == 9)
        let flow = try #require((report["flows"] as? [[String: Any]])?.first)
        for key in [
            "id", "kind", "from", "to", "bytesOffered", "bytesDelivered", "complete", "intact", "completionSeconds",
            "goodputBitsPerSecond", "retransmittedSegments", "outOfOrderSegments",
        ] {
            #expect(flow[key] != nil, "flow is missing \(key)")
        }
        let link = try #require((report["links"] as? [[String: Any]])?.first)
        let dropped = try #require(link["dropped"] as? [String: Any])
        for key in ["loss", "queue", "down", "mtu", "partition"] { #expect(dropped[key] != nil) }
    }

    @Test("--trace writes one JSON object per line")
    func traceFile() throws {
        let good = try write(Self.valid)
        let trace = NSTemporaryDirectory() + "stt-trace-\(UUID().uuidString).jsonl"
        defer {
            try? FileManager.default.removeItem(atPath: good)
            try? FileManager.default.removeItem(atPath: trace)
        }
        #expect(try runSTTSim(["run", good, "--quiet", "--trace", trace]).status == 0)
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 50)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
        #expect(try runSTTSim(["run", good, "--trace", "/nonexistent-dir/t.jsonl"]).status == 2)
    }
}
