import Foundation
import Testing

/// Scenario files at the extremes of every field's range (drawn from the committed JSON Schema
/// by `Tools/extremes/check.py`), each run by the built `stt-sim` in a child process with a
/// wall-time cap: every run ends with exit 0, 1 or 2 and a message, never a trap.
@Suite("Scenario files at the extremes of every field")
struct ExtremeScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("schema-valid files at the extremes of every field end with exit 0, 1 or 2 and a message, never a signal")
    func extremesNeverTrap() throws {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let count = ProcessInfo.processInfo.environment["STT_EXTREMES_COUNT"] ?? "30"
        let seed = ProcessInfo.processInfo.environment["STT_EXTREMES_SEED"] ?? "1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.root.appendingPathComponent("Tools/extremes/check.py").path,
            "--bin", products.appendingPathComponent("stt-sim").path, "--count", count, "--seed", seed, "--cap", "5",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0,
            "\(output)\nreplay the draws: python3 Tools/extremes/check.py --count \(count) --seed \(seed)")
        #expect(output.contains("extremes: \(count) draws"))
    }
}
