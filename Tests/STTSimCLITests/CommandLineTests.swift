import Foundation
import Testing

func runSTTSim(_ arguments: [String]) throws -> StatusAndOutput {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var binary = products.appendingPathComponent("stt-sim")
    if !FileManager.default.fileExists(atPath: binary.path) {
        // macOS runs tests from inside an .xctest bundle.
        binary = products.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("stt-sim")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return StatusAndOutput(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

@Suite("stt-sim command line")
struct CommandLineTests {
    @Test("--version names the tool, the wire version, the handshake and libpcap")
    func version() throws {
        let r = try runSTTSim(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("stt-sim 0.1.0"))
        #expect(r.stdout.contains("STT wire v4") && r.stdout.contains("Noise_XXpsk3_25519_ChaChaPoly_SHA256"))
        #expect(r.stdout.contains("Noise_XXpsk3_25519_AESGCM_SHA256"))
        #expect(r.stdout.contains("libpcap version"))
    }

    @Test("--help lists the subcommands and the exit codes")
    func help() throws {
        let r = try runSTTSim(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("bench") && r.stdout.contains("Exit codes"))
    }

    @Test(
        "bad flags and subcommands are usage errors that exit 2 and name the problem",
        arguments: [
            (["--bogus"], "Unknown option '--bogus'"),
            (["frobnicate"], "Unexpected argument 'frobnicate'"),
            (["bench", "--rounds", "0"], "--rounds must be between 1 and 100 (got 0)"),
            (["bench", "--rounds", "many"], "rounds"),
            (["bench", "--filter", "no-such-benchmark"], "matches no benchmark"),
            (
                ["bench", "--filter", "cc/no-such-path"],
                "--filter cc/no-such-path matches no path; known: 1g-100ms-clean"
            ),
            (["bench", "--seeds", "0"], "--seeds must be between 1 and 20 (got 0)"),
            (
                ["node", "listen", "--shared-seed-file", "x", "--max-sessions", "0"],
                "--max-sessions must be between 1 and 1000000 (got 0)"
            ),
            (
                [
                    "node", "send", "--to", "127.0.0.1:9", "--shared-seed-file", "x", "--file", "y",
                    "--congestion-control",
                    "fast",
                ], "--congestion-control must be one of bbr, cubic, newreno (got fast)"
            ),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let r = try runSTTSim(arguments)
        #expect(r.status == 2, "stt-sim \(arguments.joined(separator: " ")) exited \(r.status)")
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
    }

    @Test("bench --json prints name, value, unit, baseline, baselineValue and ratio for each benchmark")
    func benchJSON() throws {
        let r = try runSTTSim([
            "bench", "--json", "--filter", "stream-encode-decode", "--rounds", "1", "--seconds", "0.02",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(
            results.compactMap { $0["name"] as? String }
                == [
                    "stream-encode-decode-1k", "stream-encode-decode-1k-chachapoly", "stream-encode-decode-64k",
                    "stream-encode-decode-64k-chachapoly", "stream-encode-decode-1m",
                    "stream-encode-decode-1m-chachapoly",
                ])
        for result in results {
            let value = try #require(result["value"] as? Double)
            let baselineValue = try #require(result["baselineValue"] as? Double)
            let ratio = try #require(result["ratio"] as? Double)
            #expect(value > 0 && baselineValue > 0)
            #expect(abs(ratio - value / baselineValue) < 1e-9)
            #expect(result["unit"] is String && result["baseline"] is String)
        }
    }

    @Test("bench --help names every benchmark")
    func benchHelpListsBenchmarks() throws {
        let r = try runSTTSim(["bench", "--help"])
        for name in ["handshakes-per-second", "packet-seal-open", "stream-encode-decode-64k", "pair-bulk-transfer"] {
            #expect(r.stdout.contains(name), "\(name) missing from bench --help")
        }
    }

    @Test("bench --filter runs only the matching benchmark and prints a table, a row per suite")
    func benchFilterTable() throws {
        let r = try runSTTSim(["bench", "--filter", "packet-seal", "--rounds", "1", "--seconds", "0.02"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4 && lines[0].contains("baseline"), "\(lines)")
        #expect(
            lines.dropFirst().map { $0.split(separator: " ")[0] } == [
                "packet-seal-open", "packet-seal-open-chachapoly", "swift-crypto-seal-open",
            ])
        #expect(lines[1].contains("libcrypto EVP aesgcm seal+open"))
    }
}
