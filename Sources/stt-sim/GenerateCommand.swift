import ArgumentParser
import Foundation
import STTScenario
import STTSim
import STTUnits

/// `stt-sim generate`: writes generated files: scenarios (`many-nodes` at any size), the
/// scenario JSON Schema, the reference tables of docs/SCENARIOS.md, and delivery traces.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print a generated scenario, the scenario JSON Schema, reference tables, or a delivery trace.",
        discussion: """
            many-nodes: clients behind edge routers (one per hundred nodes) and a core router, each
            uploading 16 KiB to one server. Scenarios/many-nodes.json is `generate many-nodes`.
              stt-sim generate many-nodes --nodes 10000 > big.json && stt-sim run big.json
            schema: the JSON Schema of scenario files, from the reader's own field tables.
              stt-sim generate schema > Scenarios/scenario.schema.json
            reference --update FILE: rewrites the tables marked `<!-- fields: NAME -->` in FILE.
              stt-sim generate reference --update docs/SCENARIOS.md
            delivery-trace: a Mahimahi delivery trace for a link's "deliveryTrace": --rate R for a
            constant rate, or --cellular [--seed N] for a rate wandering between 1 and 40 Mbit/s with
            short outages; --duration is how long one loop lasts (default 10s).
              stt-sim generate delivery-trace --rate 12Mbps --duration 10s > constant-12mbps.trace
              stt-sim generate delivery-trace --cellular --seed 2026 --duration 60s > cellular.trace
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case manyNodes = "many-nodes"
        case schema, reference
        case deliveryTrace = "delivery-trace"
    }

    @Argument(help: "What to generate: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Option(name: .long, help: "many-nodes: total number of nodes (at least \(ManyNodesScenario.minimumNodes)).")
    var nodes: Int = 1_000

    @Option(name: .long, help: "reference: the Markdown file whose marked tables to rewrite in place.")
    var update: String?

    @Option(name: .long, help: "delivery-trace: a constant rate, e.g. 12Mbps.")
    var rate: String?

    @Flag(name: .long, help: "delivery-trace: a cellular-like rate (1 to 40 Mbit/s, short outages).")
    var cellular = false

    @Option(name: .long, help: "delivery-trace: the cellular trace's seed.")
    var seed: UInt64 = 2026

    @Option(name: .long, help: "delivery-trace: how long one loop lasts, 1ms to 1h (default 10s).")
    var duration = "10s"

    func validate() throws {
        guard (ManyNodesScenario.minimumNodes...1_000_000).contains(nodes) else {
            throw ValidationError(
                "--nodes must be between \(ManyNodesScenario.minimumNodes) and 1000000 (got \(nodes))")
        }
        if kind == .reference, update == nil {
            throw ValidationError(
                "reference needs --update FILE (the Markdown file with <!-- fields: NAME --> markers)")
        }
        if kind == .deliveryTrace {
            guard (rate != nil) != cellular else {
                throw ValidationError("delivery-trace needs exactly one of --rate R and --cellular")
            }
            if let rate, Units.rate(rate).map({ $0 >= 12_000 && $0 <= 100e9 }) != true {
                throw ValidationError("--rate must be a rate from 12kbps to 100Gbps, like 12Mbps (got \"\(rate)\")")
            }
            guard let d = Units.duration(duration), d >= .milliseconds(1), d <= .seconds(3_600) else {
                throw ValidationError("--duration must be a duration from 1ms to 1h, like 60s (got \"\(duration)\")")
            }
            let opportunities = (Units.rate(rate ?? "") ?? 40e6) * d.seconds / 12_000
            guard opportunities <= 50_000_000 else {
                throw ValidationError("--rate × --duration makes \(Int(opportunities)) lines; at most 50 million")
            }
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
        case .deliveryTrace:
            let length = Units.duration(duration) ?? .seconds(10)
            let trace =
                cellular
                ? DeliveryTrace.cellular(seed: seed, duration: length)
                : DeliveryTrace.constant(bitsPerSecond: Units.rate(rate ?? "") ?? 12e6, duration: length)
            print(trace.mahimahiText, terminator: "")
        }
    }
}
