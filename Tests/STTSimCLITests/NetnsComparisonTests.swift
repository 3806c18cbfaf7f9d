import Foundation
import Testing

/// Tools/netns/compare.sh: the same transfer through a shaped veth pair between network
/// namespaces (kernel) and in the simulator must agree. Needs root and `ip netns`.
@Suite("Simulator against a real kernel network", .serialized)
struct NetnsComparisonTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let available: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft") else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        p.arguments = ["netns", "list"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// Goodput within this fraction of the simulator's prediction.
    static let tolerance = 0.2

    static func compare(_ arguments: [String]) throws -> [String: Any] {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "stt-sim")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments =
            [repository.appendingPathComponent("Tools/netns/compare.sh").path, "--json", "--bin", binary.path]
            + arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ComparisonFailure(description: "compare.sh \(arguments.joined(separator: " ")) failed: \(errors)")
        }
        return json
    }

    struct ComparisonFailure: Error, CustomStringConvertible { let description: String }

    @Test(
        "rate-limited with a queue, and rate-limited with random loss: kernel and simulator agree on goodput",
        .enabled(if: available, "needs root, ip netns and nftables"),
        arguments: ["rate-queue.json", "rate-loss.json"])
    func agreement(scenario: String) throws {
        let result = try Self.compare([
            "--scenario", Self.repository.appendingPathComponent("Tools/netns/\(scenario)").path,
        ])
        let kernel = try #require(result["kernel"] as? [String: Any])
        let simulator = try #require(result["simulator"] as? [String: Any])
        let ratio = try #require(result["goodputRatio"] as? Double)
        #expect(kernel["intact"] as? Bool == true && simulator["intact"] as? Bool == true)
        #expect((result["notApplied"] as? [String])?.isEmpty == true, "every impairment of \(scenario) must be applied")
        #expect(
            abs(ratio - 1) <= Self.tolerance,
            "kernel/simulator goodput \(ratio) outside ±\(Self.tolerance); applied: \(result["applied"] ?? "?")")
    }
}
