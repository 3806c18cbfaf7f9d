import ArgumentParser
import Foundation
import STTCore

/// `stt-sim`: run STT nodes in a deterministic simulator or over UDP, and measure them.
@main
struct STTSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stt-sim",
        abstract: "Run STT encrypted-transport nodes in a deterministic simulator or over real UDP.",
        discussion: """
            Exit codes: 0 success, 1 a check failed, 2 invalid input (bad flags, bad files).
            Protocol: \(STTVersion.protocolSummary)
            """,
        version: STTVersion.full,
        subcommands: [
            RunCommand.self, ValidateCommand.self, AnalyzeCommand.self, NodeCommand.self, GenerateCommand.self,
            BenchCommand.self, SwarmCommand.self, SweepCommand.self, CampaignCommand.self,
        ]
    )

    /// Parses and runs; usage errors exit with code 2 (not ArgumentParser's 64) so that scripts
    /// can tell invalid input (2) from a failed check (1).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let input = error as? ScenarioInputError {
                FileHandle.standardError.write(Data((input.description + "\n").utf8))
                Foundation.exit(2)
            }
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Writes a line to standard error, after whatever standard output holds (a report printed
/// before an error reaches a shared terminal or file first).
func printError(_ message: String) {
    fflush(nil)
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
