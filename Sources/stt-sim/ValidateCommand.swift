import ArgumentParser
import Foundation
import STTScenario

/// `stt-sim validate FILE...`: checks scenario files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them (same messages and exit codes as run).")

    @Argument(help: "Scenario files (JSON).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one scenario file") }
    }

    func run() throws {
        var invalid = 0
        for file in files {
            do {
                let s = try loadScenario(file)
                print("\(file): ok (\(s.nodes.count) nodes, \(s.links.count) links, \(s.traffic.count) flows)")
            } catch let e as ScenarioInputError {
                printError(e.description)
                invalid += 1
            }
        }
        if invalid > 0 { throw ExitCode(2) }
    }
}
