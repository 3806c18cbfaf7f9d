import Foundation
import STTCore
import STTSim
import STTTestSupport
import Testing

/// The same seed gives the same fingerprint in separate processes, whose hash seeds differ: a
/// simulation path that iterated a Dictionary or Set would show up here.
@Suite("Determinism across processes", .serialized)
struct CrossProcessDeterminismTests {
    static let marker = "STT-FINGERPRINT:"

    /// A reference run: three hosts through a router, impairments on, two flows sharing a link.
    static func referenceFingerprint(seed: UInt64) throws -> String {
        let sim = Simulation(seed: seed)
        var serverConfig = EndpointConfiguration()
        serverConfig.acceptsIncomingSessions = true
        let a = try sim.addEndpoint("a", nodeSeed: seedBytes("a"), sharedSeed: shared)
        let b = try sim.addEndpoint("b", nodeSeed: seedBytes("b"), sharedSeed: shared)
        let r = sim.addRouter("r")
        let s = try sim.addEndpoint("s", nodeSeed: seedBytes("s"), sharedSeed: shared, configuration: serverConfig)
        let edge = LinkParameters(propagationDelay: .milliseconds(2), bandwidthBitsPerSecond: 50e6)
        sim.addLink(a, r, edge)
        sim.addLink(b, r, edge)
        sim.addLink(
            r, s,
            LinkParameters(
                propagationDelay: .milliseconds(15), jitter: .normal(sigma: .milliseconds(2)),
                bandwidthBitsPerSecond: 20e6, queueLimitPackets: 60,
                loss: .gilbertElliott(p: 0.01, r: 0.3, h: 0.2, k: 0.999),
                duplicateProbability: 0.005, corruptProbability: 0.002))
        let f1 = sim.addBulkFlow(from: a, to: s, bytes: 1 << 20)
        let f2 = sim.addBulkFlow(from: b, to: s, bytes: 1 << 20, start: .zero + .milliseconds(300))
        try sim.run(until: .s(120)) { f1.isComplete && f2.isComplete }
        #expect(f1.isIntact && f2.isIntact, "reference run incomplete (\(sim.replayHint))")
        return sim.fingerprint
    }

    @Test("the reference scenario's fingerprint (prints it when run as a child process)")
    func fingerprintOfReferenceScenario() throws {
        let fingerprint = try Self.referenceFingerprint(seed: 2026)
        if ProcessInfo.processInfo.environment["STT_FINGERPRINT_CHILD"] != nil {
            print("\(Self.marker) \(fingerprint)")
        }
        #expect(fingerprint.count == 64)
    }

    @Test("two separate processes, with and without deterministic hashing, agree with this one")
    func separateProcessesAgree() throws {
        let here = try Self.referenceFingerprint(seed: 2026)
        for deterministicHashing in [false, true] {
            let child = try Self.childFingerprint(deterministicHashing: deterministicHashing)
            #expect(
                child == here,
                "process with SWIFT_DETERMINISTIC_HASHING=\(deterministicHashing) got \(child ?? "nothing")")
        }
    }

    static func childFingerprint(deterministicHashing: Bool) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = [
            "--testing-library", "swift-testing", "--filter",
            "CrossProcessDeterminismTests/fingerprintOfReferenceScenario",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["STT_FINGERPRINT_CHILD"] = "1"
        environment["SWIFT_DETERMINISTIC_HASHING"] = deterministicHashing ? "1" : nil
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix(marker) }.map { String($0.dropFirst(marker.count + 1)) }
    }
}
