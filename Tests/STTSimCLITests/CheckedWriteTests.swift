import Foundation
import Testing

/// Output files that cannot be written: the command still prints its report, then names the
/// file and the reason and exits 1; nothing replaces a device, and no command writes over the
/// file it reads.
@Suite("stt-sim output writes are checked", .serialized)
struct CheckedWriteTests {
    let scenario: String
    static let fullDevice = "/dev/full"

    init() throws {
        scenario = NSTemporaryDirectory() + "stt-write-cli-\(UUID().uuidString).json"
        try ScenarioCommandTests.valid.write(toFile: scenario, atomically: true, encoding: .utf8)
    }

    func temp(_ name: String) -> String { NSTemporaryDirectory() + "stt-cli-\(UUID().uuidString)-\(name)" }

    func isCharacterDevice(_ path: String) -> Bool {
        let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type]) as? FileAttributeType
        return type == .typeCharacterSpecial
    }

    @Test(
        "a trace, capture or key log on a full disk: the report first, then the file and the reason, exit 1",
        .enabled(if: FileManager.default.fileExists(atPath: fullDevice)),
        arguments: [
            (["--trace", fullDevice], "writing the trace to /dev/full failed"),
            (["--pcap", fullDevice], "/dev/full: writing the capture failed"),
            (["--keylog", fullDevice], "/dev/full: writing the key log failed"),
        ])
    func fullDisk(flags: [String], message: String) throws {
        var arguments = ["run", scenario] + flags
        let pcap = temp("k.pcap")
        defer { try? FileManager.default.removeItem(atPath: pcap) }
        if flags.first == "--keylog" { arguments += ["--pcap", pcap] }
        let r = try runSTTSim(arguments)
        #expect(r.status == 1)
        #expect(r.stdout.contains("expectations hold"), "the report is printed before the error")
        #expect(r.stderr.contains(message) && r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(isCharacterDevice(Self.fullDevice), "the device was written to, not replaced by a file")
    }

    @Test(
        "analyze reports a stream it cannot write after the analysis, with exit 1",
        .enabled(if: FileManager.default.fileExists(atPath: fullDevice)))
    func analyzeOutputFull() throws {
        let (pcap, keys) = (temp("a.pcap"), temp("a.keys"))
        defer { for p in [pcap, keys] { try? FileManager.default.removeItem(atPath: p) } }
        #expect(try runSTTSim(["run", scenario, "--pcap", pcap, "--keylog", keys]).status == 0)
        let json = try runSTTSim(["analyze", pcap, "--keylog", keys, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let session = try #require((object?["sessions"] as? [[String: Any]])?.first)
        let id = try #require(session["id"] as? String)
        let r = try runSTTSim([
            "analyze", pcap, "--keylog", keys, "--write-stream", "\(id):1", "--output", Self.fullDevice,
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("goodput per"), "the analysis is printed")
        #expect(r.stderr.contains("writing stream 1 to /dev/full failed") && r.stderr.contains("No space left"))
        let copy = try runSTTSim(["analyze", pcap, "--keylog", keys, "--decrypt-to", Self.fullDevice])
        #expect(copy.status == 1 && copy.stderr.contains("/dev/full: writing the capture failed"), "\(copy.stderr)")
    }

    @Test("analyze refuses to write over its capture or key log, by any name, and leaves it intact")
    func analyzeNeverOverwritesInput() throws {
        let (pcap, keys, link) = (temp("b.pcap"), temp("b.keys"), temp("link.pcap"))
        defer { for p in [pcap, keys, link] { try? FileManager.default.removeItem(atPath: p) } }
        #expect(try runSTTSim(["run", scenario, "--pcap", pcap, "--keylog", keys]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: pcap))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: pcap)
        for flags in [["--decrypt-to", pcap], ["--decrypt-to", link], ["--decrypt-to", keys]] {
            let r = try runSTTSim(["analyze", pcap, "--keylog", keys] + flags)
            #expect(r.status == 2 && r.stderr.contains("writing it would destroy it"), "\(flags): \(r.stderr)")
        }
        let r = try runSTTSim(["analyze", pcap, "--keylog", keys, "--write-stream", "00:1", "--output", link])
        #expect(r.status == 2 && r.stderr.contains("--output \(link) is the capture being read"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: pcap)) == before)
    }
}
