import STTCore
import STTSim

extension Scenario {
    /// Parses and validates scenario JSON. Throws `ScenarioError` listing every problem with
    /// its JSON path, e.g. `links[0].loss.p: must be between 0 and 1 (got 1.5)`.
    public static func parse(_ text: String, file: String = "scenario") throws -> Scenario {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch let e as JSONSyntaxError {
            throw ScenarioError(file: file, problems: [ScenarioProblem(path: "", message: "not valid JSON: \(e)")])
        }
        let p = ScenarioParse()
        if let slash = file.lastIndex(of: "/") { p.baseDirectory = String(file[..<slash]) }
        // The seed and the shared seed are defaults other fields use: read them first.
        if let s = root["seed"], let seed = p.reader.unsigned(s, "seed", in: 0...UInt64.max, quiet: true) {
            p.seed = seed
        }
        if case .string(let shared)? = root["sharedSeed"] { p.sharedSeed = Array(shared.utf8) }
        var builder = ScenarioBuilder()
        guard ScenarioFields.top.read(root, "", into: &builder, p), p.reader.problems.isEmpty else {
            throw ScenarioError(file: file, problems: p.reader.problems)
        }
        return Scenario(
            name: builder.name, description: builder.description, seed: p.seed, duration: builder.duration,
            nodes: p.nodes, links: p.links, traffic: p.traffic, events: builder.events,
            flowExpectations: builder.expect.flows, everyFlowExpectation: builder.expect.everyFlow,
            sessionExpectations: builder.expect.sessions,
            noSessionFailed: builder.expect.noSessionFailed
                ?? builder.expect.sessions.allSatisfy { $0.outcome == .established },
            fingerprint: builder.expect.fingerprint, capture: builder.capture)
    }
}
