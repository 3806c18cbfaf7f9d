import ArgumentParser
import Foundation
import STTScenario

/// `stt-sim generate`: writes generated files: scenarios (`many-nodes` at any size), the
/// scenario JSON Schema and the reference tables of docs/SCENARIOS.md.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print a generated scenario file, the scenario JSON Schema, or the scenario reference tables.",
        discussion: """
            many-nodes: clients behind edge routers (one per hundred nodes) and a core router, each
            uploading 16 KiB to one server. Scenarios/many-nodes.json is `generate many-nodes`.
              stt-sim generate many-nodes --nodes 10000 > big.json && stt-sim run big.json
            schema: the JSON Schema of scenario files, from the reader's own field tables.
              stt-sim generate schema > Scenarios/scenario.schema.json
            reference --update FILE: rewrites the tables marked `<!-- fields: NAME -->` in FILE.
              stt-sim generate reference --update docs/SCENARIOS.md
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case manyNodes = "many-nodes"
        case schema, reference
    }

    @Argument(help: "What to generate: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Option(name: .long, help: "many-nodes: total number of nodes (at least \(ManyNodesScenario.minimumNodes)).")
    var nodes: Int = 1_000

    @Option(name: .long, help: "reference: the Markdown file whose marked tables to rewrite in place.")
    var update: String?

    func validate() throws {
        guard (ManyNodesScenario.minimumNodes...1_000_000).contains(nodes) else {
            throw ValidationError(
                "--nodes must be between \(ManyNodesScenario.minimumNodes) and 1000000 (got \(nodes))")
        }
        if kind == .reference, update == nil {
            throw ValidationError(
                "reference needs --update FILE (the Markdown file with <!-- fields: NAME --> markers)")
        }
    }

    func run() throws {
        switch kind {
        case .manyNodes: print(ManyNodesScenario.json(nodes: nodes), terminator: "")
        case .schema: print(ScenarioSchema.json(), terminator: "")
        case .reference:
            guard let path = update, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read \(update ?? "")")
            }
            let updated: String
            do { updated = try ScenarioReference.update(text) } catch {
                throw ValidationError("\(path): \(error)")
            }
            do { try updated.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                printError("error: cannot write \(path): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
    }
}
