import Foundation
import STTScenario
import STTTestSupport
import Testing

/// Bad scenario files: each problem names its JSON path and what was expected; all problems
/// are listed, not just the first.
@Suite("Scenario validation")
struct ScenarioValidationTests {
    static let base = """
        {"name": "t", "duration": "10s", "sharedSeed": "shared_secret_32bytes_minimum!",
         "nodes": [{"id": "a"}, {"id": "b", "server": true}],
         "links": [{"id": "l", "a": "a", "b": "b", "delay": "10ms"}],
         "traffic": [{"id": "f", "kind": "bounded", "from": "a", "to": "b", "size": "1MiB"}]}
        """

    func problems(_ text: String) -> [String] {
        do {
            _ = try Scenario.parse(text)
            return []
        } catch let e as ScenarioError {
            return e.problems.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("the base file is valid")
    func baseIsValid() { #expect(problems(Self.base).isEmpty) }

    @Test("a probability out of range names its path and value")
    func probabilityRange() {
        let p = problems(
            Self.base.replacingOccurrences(
                of: "\"delay\": \"10ms\"", with: "\"delay\": \"10ms\", \"loss\": {\"p\": 1.5}"))
        #expect(p == ["links[0].loss.p: must be between 0 and 1 (got 1.5)"])
    }

    @Test("every problem is listed, not just the first")
    func allProblemsListed() {
        let text = Self.base
            .replacingOccurrences(of: "\"delay\": \"10ms\"", with: "\"delay\": 10, \"mtu\": 20")
            .replacingOccurrences(of: "\"size\": \"1MiB\"", with: "\"size\": \"lots\", \"colour\": \"red\"")
        let p = problems(text)
        #expect(p.count == 4, "\(p)")
        #expect(p.contains { $0.hasPrefix("links[0].delay: must be a duration with a unit") })
        #expect(p.contains { $0.hasPrefix("links[0].mtu: must be between 96 and 65535 (got 20)") })
        #expect(p.contains { $0.hasPrefix("traffic[0].size: must be a size") })
        #expect(p.contains { $0.hasPrefix("traffic[0].colour: unknown field") })
    }

    @Test("transport settings out of range name their path: algorithm, windows, session limit")
    func transportSettings() {
        let text = Self.base.replacingOccurrences(
            of: "{\"id\": \"a\"}",
            with: """
                {"id": "a", "congestionControl": "fast", "receiveWindow": "512KiB", "maxSessions": 0,
                 "sessionReceiveWindow": "3GiB", "maxDatagramSize": 70000}
                """)
        let p = problems(text)
        #expect(p.count == 5, "\(p)")
        #expect(p.contains { $0.hasPrefix("nodes[0].congestionControl: must be \"bbr\", \"cubic\" or \"newreno\"") })
        #expect(p.contains { $0.hasPrefix("nodes[0].receiveWindow: must be between") })
        #expect(p.contains { $0.hasPrefix("nodes[0].maxSessions: must be between 1 and 1000000 (got 0)") })
        #expect(p.contains { $0.hasPrefix("nodes[0].sessionReceiveWindow: must be between") })
        #expect(p.contains { $0.hasPrefix("nodes[0].maxDatagramSize: must be between 128 and 65507") })
    }

    @Test("a typo in a field name is an error with a suggestion")
    func typoSuggestion() {
        let p = problems(Self.base.replacingOccurrences(of: "\"delay\"", with: "\"dealy\""))
        #expect(p.first?.contains("links[0].dealy: unknown field (did you mean \"delay\"?)") == true, "\(p)")
    }

    @Test("references to unknown nodes name the node and list the known ones")
    func unknownNode() {
        let p = problems(Self.base.replacingOccurrences(of: "\"to\": \"b\"", with: "\"to\": \"c\""))
        #expect(p == ["traffic[0].to: unknown node \"c\"; nodes are: a, b"])
    }

    @Test("JSON syntax errors give the line and column")
    func syntax() {
        let p = problems("{\n  \"name\": \"x\",\n  \"nodes\": [,]\n}")
        #expect(p.first?.contains("line 3, column 13") == true, "\(p)")
    }

    @Test("a delivery trace is read relative to the scenario file; a missing or bad one names the file and line")
    func deliveryTraceFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stt-traces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "1\n2\n3\n".write(to: directory.appendingPathComponent("good.trace"), atomically: true, encoding: .utf8)
        try "1\n3\n2\n".write(to: directory.appendingPathComponent("bad.trace"), atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("s.json").path
        func problems(_ link: String) -> [String] {
            let text = Self.base.replacingOccurrences(of: "\"delay\": \"10ms\"", with: "\"delay\": \"10ms\", " + link)
            do {
                _ = try Scenario.parse(text, file: file)
                return []
            } catch let e as ScenarioError {
                return e.problems.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems("\"deliveryTrace\": \"good.trace\"").isEmpty)
        #expect(
            problems("\"deliveryTrace\": \"missing.trace\"").first?.contains("cannot read a delivery trace") == true)
        #expect(problems("\"deliveryTrace\": \"bad.trace\"").first?.contains("bad.trace: line 3") == true)
        #expect(
            problems("\"deliveryTrace\": \"good.trace\", \"bandwidth\": \"1Mbps\"")
                == ["links[0].deliveryTrace: give either bandwidth or deliveryTrace, not both"])
    }
}
