import ArgumentParser
import Foundation
import STTCampaign
import STTScenario

/// `stt-sim campaign worker MODE`: what `WorkerPool` runs. Reads one job per line on standard
/// input and writes one result line per job on standard output, until end of input or `exit`.
struct CampaignWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run campaign jobs from standard input (used by swarm and sweep).",
        shouldDisplay: false)

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        /// Lines `INDEX SEED`: draw and check that seed's scenario.
        case swarm
        /// Lines `INDEX`: run that run of the study.
        case sweep
        /// Lines holding a JSON string: check that scenario text.
        case check
    }

    @Argument(help: "swarm, sweep or check.")
    var mode: Mode

    @Option(name: .long, help: "The study file (sweep).")
    var study: String?

    @Option(name: .long, help: "Re-run seeds divisible by this and compare fingerprints (swarm; 0: never).")
    var rerunEvery: UInt64 = 0

    @Option(name: .long, help: "Events a run may take before it counts as a livelock.")
    var stepLimit = SwarmCheck().stepLimit

    @Option(name: .long, help: .hidden)
    var injectTrapSeed: UInt64?

    func run() throws {
        // Foundation puts a child in its own process group, so neither Ctrl-C nor a batch
        // system's kill of the group reaches it: die with the parent instead.
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { sleep(1) }
            _exit(1)
        }
        var loaded: Study?
        if mode == .sweep {
            guard let study else { throw ValidationError("worker sweep needs --study") }
            loaded = try Study(text: try String(contentsOfFile: study, encoding: .utf8), file: study)
        }
        while let line = readLine() {
            if line == "exit" { break }
            let result: String
            switch mode {
            case .swarm: result = swarm(line)
            case .sweep:
                guard let loaded, let index = Int(line), index >= 0, index < loaded.runCount else {
                    result = JSONValue.object([("error", .string("bad job \(line)"))]).compact
                    break
                }
                result = SweepRun.row(loaded, loaded.run(index), file: study ?? "study").compact
            case .check: result = check(line)
            }
            print(result)
            fflush(nil)
        }
    }

    private func swarm(_ line: String) -> String {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let index = Int(parts[0]), let seed = UInt64(parts[1]) else {
            return JSONValue.object([("error", .string("bad job \(line)"))]).compact
        }
        if seed == injectTrapSeed { fatalError("trap injected for seed \(seed) (a test of the campaign runner)") }
        let check = SwarmCheck(stepLimit: stepLimit, rerun: rerunEvery > 0 && seed % rerunEvery == 0)
        let outcome = check.run(text: SwarmGenerator().text(seed: seed), file: "seed-\(seed).json")
        return SwarmRow.value(index: index, seed: seed, outcome).compact
    }

    private func check(_ line: String) -> String {
        guard case .string(let text)? = try? JSONValue.parse(line) else {
            return JSONValue.object([("error", .string("bad job"))]).compact
        }
        return SwarmRow.value(index: 0, seed: nil, SwarmCheck(stepLimit: stepLimit).run(text: text)).compact
    }
}
