import ArgumentParser
import Foundation
import STTAnalysis
import STTCore
import STTPcap
import STTReport

/// `stt-sim analyze FILE.pcap`: per-session and per-stream statistics of a capture; with a key
/// log, decryption, stream reassembly and verification.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Summarise the STT sessions and streams in a pcap capture; decrypt and verify them with a key log.",
        discussion: """
            Reads captures written by `stt-sim run --pcap` and by tcpdump (pcap or pcapng; RAW, \
            Ethernet, Linux cooked and loopback link types). Exit codes: 0 done, 1 a stream to \
            extract was not found, 2 the capture or key log is unreadable or invalid.
            """)

    @Argument(help: "The capture file (pcap or pcapng).")
    var file: String

    @Option(name: .long, help: "Key log written by `stt-sim run --keylog` (decrypts the sessions it lists).")
    var keylog: String?

    @Flag(name: .long, help: "Print the analysis as JSON.")
    var json = false

    @Option(name: .long, help: "Goodput interval in seconds.")
    var interval: Double = 1.0

    @Option(
        name: .customLong("write-stream"),
        help:
            "Write one stream's bytes, in order, to --output: SESSION:STREAM[:i2r|r2i] (session id in hex; the direction is needed when both sides used that stream id)."
    )
    var writeStream: String?

    @Option(name: .long, help: "The file --write-stream writes.")
    var output: String?

    @Option(
        name: .customLong("decrypt-to"),
        help: "Write a copy of the capture with protected packets decrypted (for Wireshark's sttp dissector).")
    var decryptTo: String?

    @Option(
        name: .long,
        help:
            "Write a self-contained HTML report of the capture: goodput, time-sequence graphs and (with --keylog) RTT."
    )
    var report: String?

    func validate() throws {
        guard interval >= 1e-6, interval <= 3600 else {
            throw ValidationError("--interval must be between 0.000001 and 3600 seconds (got \(interval))")
        }
        if (writeStream == nil) != (output == nil) { throw ValidationError("--write-stream and --output go together") }
        if writeStream != nil || decryptTo != nil, keylog == nil {
            throw ValidationError("--write-stream and --decrypt-to need --keylog (the packets are encrypted)")
        }
        for (flag, target) in [("--output", output), ("--decrypt-to", decryptTo), ("--report", report)] {
            guard let target else { continue }
            for (what, input) in [("the capture being read", file), ("the key log", keylog)] {
                if let input, OutputPaths.same(target, input) {
                    throw ValidationError(
                        "\(flag) \(target) is \(what): writing it would destroy it; choose another file")
                }
            }
        }
        if let output, let decryptTo, OutputPaths.same(output, decryptTo) {
            throw ValidationError("--output and --decrypt-to name the same file (\(output))")
        }
        if let writeStream, parseStream(writeStream) == nil {
            throw ValidationError(
                "--write-stream must be SESSION:STREAM[:i2r|r2i], e.g. 3c53a4fa7d66cfa7:1 (got \"\(writeStream)\")")
        }
    }

    private func parseStream(_ text: String) -> (SessionID, UInt32, String?)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2 || parts.count == 3, let id = UInt64(parts[0], radix: 16), let stream = UInt32(parts[1])
        else { return nil }
        var direction: String?
        if parts.count == 3 {
            switch parts[2] {
            case "i2r", "initiator>responder": direction = "initiator>responder"
            case "r2i", "responder>initiator": direction = "responder>initiator"
            default: return nil
            }
        }
        return (SessionID(rawValue: id), stream, direction)
    }

    func run() throws {
        var options = CaptureAnalyzer.Options()
        options.goodputIntervalSeconds = interval
        if let keylog {
            guard let data = FileManager.default.contents(atPath: keylog) else {
                throw ScenarioInputError(description: "\(keylog): cannot read the key log (does it exist?)")
            }
            do { options.keys = try KeyLog.parse(String(decoding: data, as: UTF8.self), file: keylog) } catch {
                throw ScenarioInputError(description: error.description)
            }
        }
        var extracted: OutputFile?
        var extractedBytes = 0
        if let writeStream, let output, let target = parseStream(writeStream) {
            options.extract = [target]
            do { extracted = try OutputFile(path: output, what: "stream \(target.1)") } catch {
                throw ScenarioInputError(description: "\(error)")
            }
        }
        var decryptedCopy: PcapWriter?
        if let decryptTo {
            do { decryptedCopy = try PcapWriter(path: decryptTo, snapLength: PcapWriter.maximumSnapLength) } catch {
                throw ScenarioInputError(description: error.description)
            }
        }
        let captureReport = report.map { _ in CaptureReport() }
        let analysis: CaptureAnalysis
        do {
            analysis = try CaptureAnalyzer.analyze(path: file, options: options) { analyzer, reader in
                if let captureReport {
                    analyzer.recordSink = { record, udp, decrypted in
                        captureReport.add(record, udp: udp, decrypted: decrypted)
                    }
                }
                if let extracted {
                    analyzer.streamSink = { _, _, _, bytes in
                        extracted.append(bytes)
                        extractedBytes += bytes.count
                    }
                }
                if let decryptedCopy {
                    let reporting = analyzer.recordSink
                    analyzer.recordSink = { record, udp, decrypted in
                        reporting?(record, udp, decrypted)
                        if let udp, let decrypted {
                            decryptedCopy.writeUDP(
                                unixNanoseconds: record.unixNanoseconds, source: udp.packet.source,
                                destination: udp.packet.destination, payload: decrypted)
                        } else if let ip = reader.ipPacket(in: record) {
                            // Everything else as captured (truncated packets keep their length).
                            decryptedCopy.writePacket(
                                unixNanoseconds: record.unixNanoseconds, ip.bytes, originalLength: ip.originalLength)
                        }
                    }
                }
            }
        } catch {
            throw ScenarioInputError(description: error.description)
        }
        // Write failures are reported after the analysis, which is complete regardless.
        var writeErrors: [String] = extracted?.close().map { [$0] } ?? []
        if let decryptedCopy {
            do { try decryptedCopy.close() } catch { writeErrors.append(error.description) }
        }
        if let report, let captureReport {
            let html = HTMLReport.render(
                Self.reportContext(analysis, captureReport, file: file, keylog: keylog), captureReport.observer)
            if let e = OutputFile.write(html, to: report, what: "the report") { writeErrors.append(e) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(analysis), as: UTF8.self))
        } else {
            print(AnalysisTable.render(analysis, keyLogGiven: keylog != nil))
        }
        if let truncation = analysis.truncation {
            printError("warning: \(truncation); analysed the records before the cut")
        }
        defer { for e in writeErrors { printError("error: \(e)") } }
        if !writeErrors.isEmpty, writeStream == nil { throw ExitCode(1) }
        if let writeStream, let output, let (session, stream, direction) = parseStream(writeStream) {
            let candidates =
                analysis.sessions.first { $0.id == session.description }?.streams
                .filter { $0.streamID == stream && (direction == nil || $0.direction == direction) } ?? []
            guard let found = candidates.first else {
                printError("--write-stream: no stream \(stream) in session \(session) in \(file)")
                throw ExitCode(1)
            }
            if candidates.count > 1 {
                try? FileManager.default.removeItem(atPath: output)
                printError(
                    "--write-stream: both directions of session \(session) carry stream \(stream); add :i2r or :r2i")
                throw ExitCode(2)
            }
            if !json, writeErrors.isEmpty {
                print(
                    "wrote \(extractedBytes) bytes of stream \(stream) (\(found.direction)) to \(output)"
                        + (found.complete ? ", complete, sha256 \(found.sha256 ?? "")" : ", INCOMPLETE"))
            }
            if !writeErrors.isEmpty { throw ExitCode(1) }
        }
    }
}
