import Foundation
import Testing

/// `stt-sim node listen` and `node send` as separate processes on loopback, and a tcpdump
/// capture of them analysed offline. Serialized: they bind ports.
@Suite("stt-sim node listen/send", .serialized)
struct NodeCommandTests {
    let dir = NSTemporaryDirectory() + "stt-node-\(UUID().uuidString)/"

    init() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "shared_secret_32bytes_minimum!\n".write(toFile: dir + "seed.txt", atomically: true, encoding: .utf8)
    }

    func binary() -> URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return products.appendingPathComponent("stt-sim")
    }

    func start(_ executable: URL, _ arguments: [String], stdout: Pipe? = nil, stderr: Pipe? = nil) throws -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.standardOutput = stdout ?? FileHandle.nullDevice
        p.standardError = stderr ?? FileHandle.nullDevice
        try p.run()
        return p
    }

    static func freePort() -> Int { Int.random(in: 20_000...40_000) }

    @Test(
        "a file sent by one process arrives intact in the other (renamed from .partial once complete); both report the same SHA-256"
    )
    func sendFileBetweenProcesses() throws {
        let port = Self.freePort()
        let file = dir + "payload.bin"
        try Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }).write(
            to: URL(fileURLWithPath: file))
        let listenOut = Pipe()
        let listener = try start(
            binary(),
            [
                "node", "listen", "--port", "\(port)", "--host", "127.0.0.1", "--shared-seed-file", dir + "seed.txt",
                "--receive-dir", dir + "in", "--exit-after", "1",
            ], stdout: listenOut)
        Thread.sleep(forTimeInterval: 0.5)
        let send = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:\(port)", "--shared-seed-file", dir + "seed.txt", "--file", file,
        ])
        listener.waitUntilExit()
        let listened = String(decoding: listenOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(send.status == 0, "\(send.stderr)")
        #expect(listener.terminationStatus == 0)
        let digest = try #require(send.stdout.split(separator: " ").last.map(String.init)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(listened.contains("3000000 bytes") && listened.contains(digest))
        let received = try FileManager.default.contentsOfDirectory(atPath: dir + "in")
        #expect(received.count == 1 && received[0].hasSuffix(".bin"), "complete: the .partial name is gone")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: dir + "in/" + received[0]))
                == Data(contentsOf: URL(fileURLWithPath: file)))
    }

    @Test("sending to a port where nobody listens fails with exit 1 and says so; bad flags exit 2")
    func sendFailures() throws {
        let file = dir + "small.bin"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: file))
        let r = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:\(Self.freePort())", "--shared-seed-file", dir + "seed.txt",
            "--file", file, "--datagram-size", "1200",
        ])
        #expect(r.status == 1 && r.stderr.contains("no answer"))
        let bad = try runSTTSim([
            "node", "send", "--to", "nowhere", "--shared-seed-file", dir + "seed.txt", "--file", file,
        ])
        #expect(bad.status == 2 && bad.stderr.contains("HOST:PORT"))
        let unresolvable = try runSTTSim([
            "node", "send", "--to", "no-such-host.invalid:7000", "--shared-seed-file", dir + "seed.txt", "--file", file,
        ])
        #expect(unresolvable.status == 2 && unresolvable.stderr.contains("cannot resolve"))
        try "short\n".write(toFile: dir + "short.txt", atomically: true, encoding: .utf8)
        let seed = try runSTTSim(["node", "listen", "--shared-seed-file", dir + "short.txt"])
        #expect(seed.status == 2 && seed.stderr.contains("at least 16 bytes"))
    }

    static let canCapture: Bool = {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpdump") && geteuid() == 0
    }()

    @Test(
        "a tcpdump capture of the real-UDP mode is analysed and the stream verifies with the senders' key log",
        .enabled(if: canCapture, "needs tcpdump and root"))
    func tcpdumpCaptureAnalyses() throws {
        let port = Self.freePort()
        let file = dir + "payload2.bin"
        try Data((0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }).write(to: URL(fileURLWithPath: file))
        let pcap = dir + "lo.pcap"
        let keys = dir + "keys.log"
        let dumpErr = Pipe()
        let tcpdump = try start(
            URL(fileURLWithPath: "/usr/bin/tcpdump"),
            ["-i", "lo", "-B", "16384", "-U", "-w", pcap, "udp", "port", "\(port)"], stderr: dumpErr)
        Thread.sleep(forTimeInterval: 1.0)  // until it listens
        let listener = try start(
            binary(),
            [
                "node", "listen", "--port", "\(port)", "--host", "127.0.0.1",
                "--shared-seed-file", dir + "seed.txt", "--exit-after", "1",
            ])
        Thread.sleep(forTimeInterval: 0.5)
        let send = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:\(port)", "--shared-seed-file", dir + "seed.txt",
            "--file", file, "--keylog", keys,
        ])
        listener.waitUntilExit()
        // libpcap hands packets over in blocks retired after up to a second: wait for the last.
        // tcpdump writes each packet as it gets it (-U); SIGKILL because the test runner's
        // blocked signal mask is inherited, so SIGINT and SIGTERM would not reach it.
        Thread.sleep(forTimeInterval: 2.0)
        kill(tcpdump.processIdentifier, SIGKILL)
        tcpdump.waitUntilExit()
        #expect(send.status == 0, "\(send.stderr)")
        let digest = try #require(send.stdout.split(separator: " ").last.map(String.init)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let analysis = try runSTTSim(["analyze", pcap, "--keylog", keys, "--json"])
        #expect(analysis.status == 0, "\(analysis.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(analysis.stdout.utf8)) as? [String: Any])
        #expect(json["linkType"] as? String == "EN10MB")
        let session = try #require((json["sessions"] as? [[String: Any]])?.first)
        let stream = try #require((session["streams"] as? [[String: Any]])?.first)
        #expect(stream["complete"] as? Bool == true && stream["sha256"] as? String == digest)
    }

    @Test("a sender whose listener stops mid-transfer says the peer closed the session, and the file stays .partial")
    func senderSaysWhyTheSessionEnded() throws {
        let port = Self.freePort()
        let file = dir + "payload3.bin"
        try Data(repeating: 0x42, count: 400_000_000).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let listener = try start(
            binary(),
            [
                "node", "listen", "--port", "\(port)", "--host", "127.0.0.1", "--shared-seed-file", dir + "seed.txt",
                "--receive-dir", dir + "in3",
            ])
        Thread.sleep(forTimeInterval: 0.5)
        let errors = Pipe()
        let sender = try start(
            binary(),
            ["node", "send", "--to", "127.0.0.1:\(port)", "--shared-seed-file", dir + "seed.txt", "--file", file],
            stderr: errors)
        Thread.sleep(forTimeInterval: 1.0)
        listener.terminate()  // SIGTERM: the listener closes every session (CLOSE) and exits
        listener.waitUntilExit()
        sender.waitUntilExit()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(sender.terminationStatus == 1)
        #expect(said.contains("ended: closed by peer"), "\(said)")
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: dir + "in3")) ?? []
        #expect(kept.allSatisfy { $0.hasSuffix(".partial") }, "\(kept)")
    }

    @Test("the listener logs a refused wrong-seed handshake and reports its counters with --stats and in --json")
    func listenerCountersAndRefusals() throws {
        let port = Self.freePort()
        try "another_shared_secret_32bytes!!\n".write(toFile: dir + "other.txt", atomically: true, encoding: .utf8)
        let file = dir + "small2.bin"
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: file))
        let (out, err) = (Pipe(), Pipe())
        let listener = try start(
            binary(),
            [
                "node", "listen", "--port", "\(port)", "--host", "127.0.0.1", "--shared-seed-file", dir + "seed.txt",
                "--exit-after", "1", "--stats", "--json",
            ], stdout: out, stderr: err)
        Thread.sleep(forTimeInterval: 0.5)
        let refused = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:\(port)", "--shared-seed-file", dir + "other.txt", "--file", file,
        ])
        #expect(refused.status == 1 && refused.stderr.contains("the shared seeds differ"), "\(refused.stderr)")
        let sent = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:\(port)", "--shared-seed-file", dir + "seed.txt", "--file", file,
        ])
        #expect(sent.status == 0)
        listener.waitUntilExit()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let json = out.fileHandleForReading.readDataToEndOfFile()
        #expect(said.contains("refused a handshake from 127.0.0.1:") && said.contains("stats: "), "\(said)")
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let endpoint = try #require(object["endpoint"] as? [String: Any])
        #expect(endpoint["wrongSeedRefusals"] as? Int == 1)
        #expect((endpoint["drops"] as? [String: Int]) != nil && (object["streams"] as? [Any])?.count == 1)
    }

    @Test(
        "a listener accepting only ChaChaPoly refuses an AES-GCM sender at once, both say why, and a ChaChaPoly sender gets through"
    )
    func cipherSuiteMismatchIsAClearError() throws {
        let port = Self.freePort()
        let file = dir + "small3.bin"
        try Data(repeating: 9, count: 20_000).write(to: URL(fileURLWithPath: file))
        let err = Pipe()
        let listener = try start(
            binary(),
            [
                "node", "listen", "--port", "\(port)", "--host", "127.0.0.1", "--shared-seed-file", dir + "seed.txt",
                "--accept-ciphers", "chachapoly", "--exit-after", "1",
            ], stderr: err)
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        let refused = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:\(port)", "--shared-seed-file", dir + "seed.txt", "--file", file,
            "--cipher", "aesgcm",
        ])
        #expect(Date().timeIntervalSince(started) < 5, "refused at once, not after the 10 s handshake timeout")
        #expect(
            refused.status == 1 && refused.stderr.contains("does not accept cipher suite aesgcm")
                && refused.stderr.contains("accepts chachapoly"), "\(refused.stderr)")
        let sent = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:\(port)", "--shared-seed-file", dir + "seed.txt", "--file", file,
            "--cipher", "chachapoly",
        ])
        #expect(sent.status == 0 && sent.stdout.contains("chachapoly"), "\(sent.stdout)")
        listener.waitUntilExit()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(
            said.contains("refused a handshake from 127.0.0.1:") && said.contains("unsupported cipher suite aesgcm"),
            "\(said)")
        let badFlag = try runSTTSim([
            "node", "send", "--to", "127.0.0.1:1", "--shared-seed-file", dir + "seed.txt",
            "--file", file, "--cipher", "rot13",
        ])
        #expect(badFlag.status == 2, "\(badFlag.status)")
        #expect(badFlag.stderr.contains("--cipher must be aesgcm, chachapoly or auto"), "\(badFlag.stderr)")
    }
}
