import ArgumentParser
import STTScenario

/// `stt-sim generate`: writes generated scenario files (today: `many-nodes` at any size).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print a generated scenario file.",
        discussion: """
            many-nodes: clients behind edge routers (one per hundred nodes) and a core router, each
            uploading 16 KiB to one server. Scenarios/many-nodes.json is `generate many-nodes`.
              stt-sim generate many-nodes --nodes 10000 > big.json && stt-sim run big.json
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable { case manyNodes = "many-nodes" }

    @Argument(help: "What to generate: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Option(name: .long, help: "Total number of nodes (at least \(ManyNodesScenario.minimumNodes)).")
    var nodes: Int = 1_000

    func validate() throws {
        guard (ManyNodesScenario.minimumNodes...1_000_000).contains(nodes) else {
            throw ValidationError(
                "--nodes must be between \(ManyNodesScenario.minimumNodes) and 1000000 (got \(nodes))")
        }
    }

    func run() throws {
        switch kind {
        case .manyNodes: print(ManyNodesScenario.json(nodes: nodes), terminator: "")
        }
    }
}
