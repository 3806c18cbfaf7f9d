import Foundation
import STTAnalysis
import STTCore
import STTPcap
import STTScenario
import STTSim
import STTTestSupport
import Testing

/// Captures of simulated runs: what is recorded, where, and that offline analysis with the key
/// log recovers exactly what the flow sent.
@Suite("Captures of simulated runs")
struct CaptureTests {
    static let scenarioText = """
        {
          "name": "capture-test", "seed": 3, "duration": "30s",
          "sharedSeed": "shared_secret_32bytes_minimum!",
          "nodes": [{"id": "client"}, {"id": "server", "server": true}],
          "links": [{"id": "wire", "a": "client", "b": "server", "delay": "10ms", "bandwidth": "20Mbps",
                     "loss": 0.03, "queue": {"packets": 50}}],
          "traffic": [{"id": "up", "kind": "bounded", "from": "client", "to": "server", "size": "300KiB",
                       "segmentSize": "16KiB"}],
          "expect": {"flows": [{"flow": "up", "completes": true, "intact": true}]}
        }
        """

    struct Run {
        let report: ScenarioReport
        let sent: Int
        let delivered: Int
        let dropped: Int
    }

    /// Runs the test scenario with `settings`, counting packet fates from the trace.
    static func run(_ settings: CaptureSettings) throws -> Run {
        let runner = try ScenarioRunner(try Scenario.parse(scenarioText, file: "capture-test"))
        var sent = 0
        var delivered = 0
        var dropped = 0
        runner.simulation.traceSink = { r in
            switch r.fate {
            case .sent: sent += 1
            case .delivered: delivered += 1
            case .dropped: dropped += 1
            default: break
            }
        }
        let writer = try attachCapture(settings, to: runner)
        try runner.run()
        var report = runner.report(wallSeconds: 0)
        writer.close()
        report.capture = writer.summary
        #expect(report.passed, "replay: stt-sim run <capture-test> --seed 3")
        return Run(report: report, sent: sent, delivered: delivered, dropped: dropped)
    }

    static func records(_ path: String) throws -> [UDPPacket] {
        let reader = try PcapReader(path: path)
        return try reader.readAll().compactMap { reader.udp(in: $0)?.packet }
    }

    @Test("tx captures every emitted datagram, rx every delivered one; the difference is what the network dropped")
    func txAndRx() throws {
        let tx = temporaryFile("tx.pcap")
        let rx = temporaryFile("rx.pcap")
        defer { remove(tx, rx) }
        var settings = CaptureSettings()
        settings.file = tx
        let a = try Self.run(settings)
        settings.file = rx
        settings.direction = .rx
        let b = try Self.run(settings)
        let txRecords = try Self.records(tx)
        let rxRecords = try Self.records(rx)
        #expect(txRecords.count == a.sent && a.report.capture?.files.first?.records == a.sent)
        #expect(rxRecords.count == b.delivered)
        // Every datagram the network dropped (or still carried when the run ended) is a tx
        // record with no rx twin; nothing arrives that was not sent.
        let received = Set(rxRecords.map(\.payload))
        let missing = txRecords.filter { !received.contains($0.payload) }.count
        #expect(a.dropped > 0 && missing == a.sent - a.delivered && missing >= a.dropped)
        #expect(received.isSubset(of: Set(txRecords.map(\.payload))))
    }

    @Test("the same seed writes a byte-identical capture")
    func deterministic() throws {
        let one = temporaryFile("one.pcap")
        let two = temporaryFile("two.pcap")
        defer { remove(one, two) }
        var settings = CaptureSettings()
        settings.file = one
        _ = try Self.run(settings)
        settings.file = two
        _ = try Self.run(settings)
        #expect(try Data(contentsOf: URL(fileURLWithPath: one)) == Data(contentsOf: URL(fileURLWithPath: two)))
    }

    @Test("per-node files and node selection capture only the chosen nodes' datagrams")
    func perNodeAndSelection() throws {
        let base = temporaryFile("nodes.pcap")
        let clientFile = CaptureWriter.perNodePath(base, node: "client")
        let serverFile = CaptureWriter.perNodePath(base, node: "server")
        defer { remove(base, clientFile, serverFile) }
        var settings = CaptureSettings()
        settings.file = base
        settings.perNode = true
        let run = try Self.run(settings)
        let fromClient = try Self.records(clientFile)
        let fromServer = try Self.records(serverFile)
        #expect(run.report.capture?.files.map(\.node) == ["client", "server"])
        #expect(fromClient.allSatisfy { $0.source.description.hasPrefix("10.0.0.1:") })
        #expect(fromServer.allSatisfy { $0.source.description.hasPrefix("10.0.0.2:") })
        #expect(fromClient.count + fromServer.count == run.sent)
        #expect(!FileManager.default.fileExists(atPath: base))

        settings = CaptureSettings()
        settings.file = base
        settings.nodes = [1]
        _ = try Self.run(settings)
        #expect(try Self.records(base).count == fromServer.count)
    }

    @Test("with the key log, analysis decrypts the capture and verifies the stream against the sender's SHA-256")
    func analyzeWithKeyLog() throws {
        let pcap = temporaryFile("a.pcap")
        let keys = temporaryFile("a.keys")
        defer { remove(pcap, keys) }
        var settings = CaptureSettings()
        settings.file = pcap
        settings.keylog = keys
        let run = try Self.run(settings)
        #expect(run.report.capture?.keylog?.sessions == 1)
        let sentDigest = try #require(run.report.flows[0].statistics.sha256)

        let plain = try CaptureAnalyzer.analyze(path: pcap, options: .init())
        let session = try #require(plain.sessions.first)
        #expect(plain.sessions.count == 1 && !session.decrypted && session.streams.isEmpty)
        #expect(session.initiator == "10.0.0.1:7000" && session.handshakeSeconds != nil)
        #expect(session.initiatorToResponder.undecryptedPackets == session.initiatorToResponder.protectedPackets)

        var options = CaptureAnalyzer.Options()
        options.keys = try KeyLog.parse(String(contentsOfFile: keys, encoding: .utf8), file: keys)
        options.extract = [(SessionID(rawValue: UInt64(session.id, radix: 16)!), 1, nil)]
        var extracted: [UInt8] = []
        let analysis = try CaptureAnalyzer.analyze(path: pcap, options: options) { a, _ in
            a.streamSink = { _, _, _, bytes in extracted += bytes }
        }
        let decrypted = try #require(analysis.sessions.first)
        #expect(decrypted.decrypted && decrypted.initiatorToResponder.undecryptedPackets == 0)
        let stream = try #require(decrypted.streams.first { $0.direction == "initiator>responder" })
        #expect(stream.complete && stream.bytes == 300 * 1_024 && stream.missingSegments == 0)
        #expect(stream.sha256 == sentDigest)
        #expect(stream.retransmittedFragments > 0, "3 % loss must show retransmissions in a tx capture")
        #expect(extracted.count == 300 * 1_024)
    }
}

/// Taps a runner's simulation with a capture writer for `settings`, as `stt-sim run` does.
func attachCapture(_ settings: CaptureSettings, to runner: ScenarioRunner) throws -> CaptureWriter {
    var options = CaptureWriter.Options()
    options.pcapPath = settings.file
    options.keyLogPath = settings.keylog
    options.direction = settings.direction
    options.snapLength = settings.snapLength
    options.perNode = settings.perNode
    options.nodes = settings.capturedNodes(in: runner.scenario)
    options.epochUnixNanoseconds = CaptureSettings.epochUnixSeconds * 1_000_000_000
    let writer = try CaptureWriter(options)
    if writer.writesPackets { runner.simulation.captureSink = { writer.record($0) } }
    runner.simulation.keyLogSink = { writer.logKeys($0, $1) }
    return writer
}
