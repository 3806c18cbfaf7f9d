import STTCore
import STTScenario
import STTSim
import Testing

@testable import STTCampaign

@Suite("swarm: drawn scenarios, the invariants, shrinking")
struct SwarmTests {
    @Test("the same seed draws the same scenario, another seed another one, and every drawn file is valid")
    func drawsAreReproducibleAndValid() throws {
        let generator = SwarmGenerator()
        #expect(generator.text(seed: 7) == generator.text(seed: 7))
        #expect(generator.text(seed: 7) != generator.text(seed: 8))
        for seed in UInt64(1)...60 {
            let scenario = try Scenario.parse(generator.text(seed: seed), file: "seed-\(seed).json")
            #expect(scenario.nodes.count >= 2)
            #expect(!scenario.traffic.isEmpty)
            // The duration leaves every flow owed completion its deadline.
            for flow in CompletionBudget(scenario).flows {
                if let d = flow.deadline { #expect(d <= scenario.duration) }
            }
        }
    }

    @Test("draws cover routers, faults, every traffic kind and impairment across a few hundred seeds")
    func drawsCoverTheSpace() {
        let texts = (UInt64(1)...300).map { SwarmGenerator().text(seed: $0) }
        for needle in [
            "\"router\"", "\"crash\"", "\"restart\"", "\"partition\"", "\"set-link\"", "\"link-down\"", "\"live\"",
            "\"messages\"", "\"hello-flood\"", "\"gilbert-elliott\"", "\"reverse\"", "\"pareto\"", "\"newreno\"",
            "\"cubic\"", "\"other_shared_seed_",
        ] {
            #expect(texts.contains { $0.contains(needle) }, "no seed drew \(needle)")
        }
        #expect(texts.contains { $0.components(separatedBy: "\"id\": \"e").count > 100 }, "no large scenario")
    }

    @Test("a flow on a clean link is owed completion; a wrong shared seed, an unhealed partition or a dead end is not")
    func budgetJudgesFromTheScenario() throws {
        let owed = try Scenario.parse(Self.pair())
        let verdict = try #require(CompletionBudget(owed).flows.first)
        #expect(verdict.deadline != nil, "\(verdict.reason)")

        let seeds = try Scenario.parse(Self.pair(serverFields: ", \"sharedSeed\": \"another_shared_seed_16\""))
        #expect(CompletionBudget(seeds).flows.first?.deadline == nil)

        let split = try Scenario.parse(
            Self.pair(events: "{\"at\": \"1s\", \"action\": \"partition\", \"groups\": [[\"a\"]]}"))
        #expect(CompletionBudget(split).flows.first?.reason.contains("no open path") == true)

        let crashed = try Scenario.parse(Self.pair(events: "{\"at\": \"1s\", \"action\": \"crash\", \"node\": \"b\"}"))
        #expect(CompletionBudget(crashed).flows.first?.reason.contains("crashed") == true)

        let healed = try Scenario.parse(
            Self.pair(
                events: "{\"at\": \"1s\", \"action\": \"crash\", \"node\": \"b\"}, "
                    + "{\"at\": \"2s\", \"action\": \"restart\", \"node\": \"b\"}"))
        let late = try #require(CompletionBudget(healed).flows.first?.deadline)
        #expect(late > verdict.deadline!, "the quiet period starts after the last fault")
    }

    @Test("a Gilbert-Elliott hop counts at its bad state's loss: a sparse sender can sit in it for minutes")
    func burstLossIsJudgedAtItsWorst() throws {
        // Swarm seeds 10 and 114 (first generator): 30 % mean loss, but 92.5 % in the bad state
        // whose state moves per packet; sessions down to a probe every few seconds idled out, and
        // the checker flagged transfers that could not have completed. Now they are not owed.
        let burst = #"{"model": "gilbert-elliott", "p": 0.0491, "r": 0.1065, "h": 0.0749, "k": 0.9955}"#
        let scenario = try Scenario.parse(
            Self.pair().replacingOccurrences(of: "\"queue\"", with: "\"loss\": \(burst), \"queue\""))
        let verdict = try #require(CompletionBudget(scenario).flows.first)
        #expect(verdict.deadline == nil)
        #expect(verdict.reason.contains("a path loses 92.5 %"), "\(verdict.reason)")
        let mild = #"{"model": "gilbert-elliott", "p": 0.01, "r": 0.5, "h": 0.9, "k": 0.999}"#
        let judged = try Scenario.parse(
            Self.pair().replacingOccurrences(of: "\"queue\"", with: "\"loss\": \(mild), \"queue\""))
        #expect(CompletionBudget(judged).flows.first?.deadline != nil)
    }

    @Test("a transfer whose session would likely idle out first is not owed: the flow starts over each time")
    func shortIdleOnALossyPathIsNotOwed() throws {
        // Swarm seed 1256 (10,000-seed run 1): 15 MB at 11 % loss behind a 2.5 s idle timeout;
        // three unanswered probe rounds end the session about once a minute and the bounded
        // flow starts over, so it could never finish.
        let lossy = Self.pair().replacingOccurrences(of: "\"queue\"", with: "\"loss\": 0.15, \"queue\"")
            .replacingOccurrences(of: "1MiB", with: "16MiB").replacingOccurrences(of: "1000s", with: "100000s")
        let short = lossy.replacingOccurrences(
            of: "\"server\": true", with: "\"server\": true, \"idleTimeout\": \"2500ms\", \"keepAlive\": \"1s\"")
        let verdict = try #require(CompletionBudget(try Scenario.parse(short)).flows.first)
        #expect(verdict.deadline == nil)
        #expect(verdict.reason.contains("idle out"), "\(verdict.reason)")
        let patient = try #require(CompletionBudget(try Scenario.parse(lossy)).flows.first)
        #expect(patient.deadline != nil, "\(patient.reason)")
    }

    @Test("a sender of small datagrams is given the time its per-packet overhead costs")
    func smallDatagramsGetMoreTime() throws {
        // Swarm seed 3256 (run 1): a 128-byte maxDatagramSize sender was judged as if it sent
        // 1,200-byte packets and flagged while still making progress.
        let normal = try #require(CompletionBudget(try Scenario.parse(Self.pair())).flows.first?.deadline)
        let tiny = Self.pair().replacingOccurrences(
            of: "{\"id\": \"a\"}", with: "{\"id\": \"a\", \"maxDatagramSize\": 128}")
        let small = try #require(CompletionBudget(try Scenario.parse(tiny)).flows.first?.deadline)
        #expect(small > normal)
    }

    @Test("a clean pair passes every invariant, with the same fingerprint twice")
    func cleanPairPasses() throws {
        let outcome = SwarmCheck(rerun: true).run(text: Self.pair())
        #expect(outcome.passed, "\(outcome.violations)")
        #expect(outcome.owed == 1 && outcome.completed == 1)
    }

    @Test("a run past the step bound is a livelock, and its owed flow is incomplete")
    func stepBoundIsALivelock() {
        let outcome = SwarmCheck(stepLimit: 500).run(text: Self.pair())
        #expect(outcome.violations.contains { $0.kind == .livelock })
        #expect(outcome.violations.contains { $0.kind == .incomplete })
    }

    @Test("an unreadable scenario is a run error naming the field")
    func badScenarioIsARunError() {
        let outcome = SwarmCheck().run(text: Self.pair().replacingOccurrences(of: "\"1MiB\"", with: "\"1 furlong\""))
        #expect(outcome.violations.first?.kind == .runError)
        #expect(outcome.violations.first?.detail.contains("traffic[0].size") == true)
    }

    @Test("stream bytes sent past the credit learned, or received past the credit granted, are flagged")
    func creditAuditFlagsBytesBeyondCredit() {
        let audit = CreditAudit(names: ["a", "b"], excluded: [])
        let session = SessionID(rawValue: 9)
        let at = STTInstant.zero
        audit.observe(
            node: 0,
            TransportEvent(
                time: at, session: session, kind: .flowControlUpdated(direction: .send, stream: 1, limit: 1000)))
        let inside = FrameSummary.stream(id: 1, sequence: 0, offset: 0, length: 1000, fin: false)
        audit.observe(
            node: 0,
            TransportEvent(time: at, session: session, kind: .packetSent(number: 1, bytes: 1100, frames: [inside])))
        #expect(audit.violations.isEmpty)
        let beyond = FrameSummary.stream(id: 1, sequence: 1, offset: 1000, length: 1, fin: false)
        audit.observe(
            node: 0,
            TransportEvent(time: at, session: session, kind: .packetSent(number: 2, bytes: 100, frames: [beyond])))
        #expect(audit.violations.map(\.kind) == [.creditExceeded])
        audit.observe(
            node: 1,
            TransportEvent(
                time: at, session: session, kind: .flowControlUpdated(direction: .receive, stream: 1, limit: 500)))
        audit.observe(
            node: 1,
            TransportEvent(time: at, session: session, kind: .packetReceived(number: 1, bytes: 1100, frames: [inside])))
        #expect(audit.violations.count == 2)
    }

    @Test("the shrinker keeps only what the failure needs")
    func shrinkerFindsTheSmallestFailure() throws {
        // A synthetic failure: "fails" while a live flow remains. Everything else must go.
        let start = try #require(
            (UInt64(1)...200).lazy.map { SwarmGenerator().scenario(seed: $0) }.first { s in
                let flows = ScenarioShrinker.items(s, "traffic")
                return flows.count >= 3 && flows.contains { $0["kind"] == .string("live") }
                    && !ScenarioShrinker.items(s, "events").isEmpty
            })
        let hasLive: (JSONValue) -> Bool = { s in
            ScenarioShrinker.items(s, "traffic").contains { $0["kind"] == .string("live") }
        }
        let (smallest, attempts) = ScenarioShrinker().shrink(start, stillFails: hasLive)
        #expect(hasLive(smallest))
        #expect(ScenarioShrinker.items(smallest, "traffic").count == 1)
        #expect(ScenarioShrinker.items(smallest, "events").isEmpty)
        #expect(ScenarioShrinker.items(smallest, "nodes").count == 2, "only the live flow's two ends stay")
        #expect(ScenarioShrinker.items(smallest, "links").isEmpty)
        #expect(attempts > 0)
    }

    @Test("removing a node removes its links, flows, events and its place in partitions")
    func removingANodeRemovesWhatNamesIt() throws {
        let s = try JSONValue.parse(
            Self.pair(
                events: "{\"at\": \"1s\", \"action\": \"partition\", \"groups\": [[\"a\", \"b\"]]}, "
                    + "{\"at\": \"2s\", \"action\": \"crash\", \"node\": \"b\"}"))
        let out = ScenarioShrinker.removingNode("b", from: s)
        #expect(ScenarioShrinker.items(out, "links").isEmpty)
        #expect(ScenarioShrinker.items(out, "traffic").isEmpty)
        let events = ScenarioShrinker.items(out, "events")
        #expect(events.count == 1)
        #expect(events.first?["groups"] == .array([.array([.string("a")])]))
    }

    /// Two endpoints on a clean 10 Mbit/s link, 1 MiB from a to b.
    static func pair(serverFields: String = "", events: String = "") -> String {
        """
        {"name": "pair", "duration": "1000s", "sharedSeed": "shared_secret_for_tests_16",
         "nodes": [{"id": "a"}, {"id": "b", "server": true\(serverFields)}],
         "links": [{"id": "l", "a": "a", "b": "b", "delay": "10ms", "bandwidth": "10Mbps", "queue": {"packets": 100}}],
         "traffic": [{"id": "up", "kind": "bounded", "from": "a", "to": "b", "size": "1MiB"}],
         "events": [\(events)]}
        """
    }
}
