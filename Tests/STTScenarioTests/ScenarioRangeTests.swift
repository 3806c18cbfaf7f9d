import Foundation
import STTScenario
import Testing

/// Values a JSON Schema accepts but a nanosecond clock cannot hold, and flows that could never
/// run: each is a problem at its path before anything runs (exit 2), never a trap later.
@Suite("Scenario ranges and reachable flows")
struct ScenarioRangeTests {
    static let base = ScenarioValidationTests.base

    func problems(_ text: String) -> [String] { ScenarioValidationTests().problems(text) }

    func withLink(_ extra: String) -> String {
        Self.base.replacingOccurrences(of: "\"delay\": \"10ms\"", with: "\"delay\": \"10ms\", \(extra)")
    }

    func withFlow(_ flow: String) -> String {
        Self.base.replacingOccurrences(
            of: "{\"id\": \"f\", \"kind\": \"bounded\", \"from\": \"a\", \"to\": \"b\", \"size\": \"1MiB\"}", with: flow
        )
    }

    @Test(
        "rates outside 1 bit/s … 10 Tbit/s are refused with their path",
        arguments: ["0.0000000000000000000000000001bps", "99999999999999999999999Gbps", "10001Gbps"])
    func rateRange(rate: String) {
        #expect(
            problems(withLink("\"bandwidth\": \"\(rate)\""))
                == ["links[0].bandwidth: must be between 1bps and 10000Gbps (got \"\(rate)\")"])
    }

    @Test("the slowest and fastest rates are accepted")
    func rateBounds() {
        #expect(problems(withLink("\"bandwidth\": \"1bps\"")).isEmpty)
        #expect(problems(withLink("\"bandwidth\": \"10000Gbps\"")).isEmpty)
    }

    @Test("a duration beyond 10⁶ s says it is too long, not malformed")
    func durationRange() {
        let p = problems(
            Self.base.replacingOccurrences(of: "\"delay\": \"10ms\"", with: "\"delay\": \"99999999999999s\""))
        #expect(p == ["links[0].delay: must be at most 1000000s (got \"99999999999999s\")"])
    }

    @Test("a Pareto shape beyond 1000 is refused")
    func paretoShape() {
        let p = problems(withLink("\"jitter\": {\"distribution\": \"pareto\", \"mean\": \"1ms\", \"shape\": 1e308}"))
        #expect(p == ["links[0].jitter.shape: must be greater than 1 and at most 1000 (got 1e+308)"])
    }

    @Test("a live flow faster than one record per microsecond names the rate and the chunk")
    func liveInterval() {
        let live = """
            {"id": "f", "kind": "live", "from": "a", "to": "b", "rate": "1000Gbps", "chunk": "16B", "duration": "1s"}
            """
        let p = problems(withFlow(live))
        #expect(p.count == 1 && p[0].hasPrefix("traffic[0].rate: one 16-byte record every 0.128 ns"), "\(p)")
    }

    @Test("a seed is read exactly up to 2^64 − 1; one more is refused")
    func seedRange() throws {
        let top = "{\"name\": \"t\", \"seed\": 18446744073709551615,"
        let scenario = try Scenario.parse(Self.base.replacingOccurrences(of: "{\"name\": \"t\",", with: top))
        #expect(scenario.seed == UInt64.max)
        let p = problems(
            Self.base.replacingOccurrences(
                of: "{\"name\": \"t\",", with: "{\"name\": \"t\", \"seed\": 18446744073709551616,"))
        #expect(p == ["seed: must be a whole number between 0 and 18446744073709551615 (got 18446744073709551616)"])
    }

    @Test("a flow to a node that does not accept sessions is refused before the run")
    func flowToNonServer() {
        let p = problems(
            Self.base.replacingOccurrences(of: "{\"id\": \"b\", \"server\": true}", with: "{\"id\": \"b\"}"))
        #expect(p == ["traffic[0].to: \"b\" does not accept sessions: give it \"server\": true to receive flows"])
    }

    @Test("a flow between parts of the topology that no link joins is refused before the run")
    func unreachableFlow() {
        let text = Self.base.replacingOccurrences(
            of: "{\"id\": \"b\", \"server\": true}",
            with: "{\"id\": \"b\", \"server\": true}, {\"id\": \"c\", \"server\": true}"
        ).replacingOccurrences(of: "\"to\": \"b\"", with: "\"to\": \"c\"")
        let p = problems(text)
        #expect(p.count == 1 && p[0].hasPrefix("traffic[0].to: \"c\" cannot be reached from \"a\""), "\(p)")
    }

    @Test("a link that starts down still joins its nodes: an event may bring it up")
    func downLinkStillJoins() {
        #expect(problems(withLink("\"up\": false")).isEmpty)
    }

    @Test("a reference to a traffic entry that has problems points at them, not at an unknown id")
    func referenceToInvalidTraffic() {
        let text = Self.base.replacingOccurrences(
            of: "\"size\": \"1MiB\"}]", with: "\"size\": \"1MiB\"}, {\"id\": \"t2\", \"kind\": \"bogus\"}]")
        let withExpect =
            String(text.dropLast()) + ", \"expect\": {\"flows\": [{\"flow\": \"t2\", \"completes\": true}]}}"
        let p = problems(withExpect)
        #expect(
            p.contains("expect.flows[0].flow: traffic \"t2\" is not usable: see the problems of traffic[1]"), "\(p)")
        #expect(!p.contains { $0.contains("unknown traffic") })
    }
}
