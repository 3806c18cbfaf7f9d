import ArgumentParser
import Foundation
import STTAnalysis
import STTCore
import STTPcap

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

    @Option(name: .customLong("write-stream"), help: "Write one stream's bytes, in order, to --output: SESSION:STREAM (session id in hex).")
    var writeStream: String?

    @Option(name: .long, help: "The file --write-stream writes.")
    var output: String?

    @Option(name: .customLong("decrypt-to"), help: "Write a copy of the capture with protected packets decrypted (for Wireshark's sttp dissector).")
    var decryptTo: String?

    func validate() throws {
        guard interval > 0, interval <= 3600 else { throw ValidationError("--interval must be in (0, 3600] seconds (got \(interval))") }
        if (writeStream == nil) != (output == nil) { throw ValidationError("--write-stream and --output go together") }
        if writeStream != nil || decryptTo != nil, keylog == nil {
            throw ValidationError("--write-stream and --decrypt-to need --keylog (the packets are encrypted)")
        }
        if let writeStream, parseStream(writeStream) == nil {
            throw ValidationError("--write-stream must be SESSION:STREAM, e.g. 3c53a4fa7d66cfa7:1 (got \"\(writeStream)\")")
        }
    }

    private func parseStream(_ text: String) -> (SessionID, UInt32)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let id = UInt64(parts[0], radix: 16), let stream = UInt32(parts[1]) else { return nil }
        return (SessionID(rawValue: id), stream)
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
        var extracted: FileHandle?
        var extractedBytes = 0
        if let writeStream, let output, let target = parseStream(writeStream) {
            options.extract = [target]
            guard FileManager.default.createFile(atPath: output, contents: nil), let h = FileHandle(forWritingAtPath: output) else {
                throw ScenarioInputError(description: "\(output): cannot create the output file")
            }
            extracted = h
        }
        var decryptedCopy: PcapWriter?
        if let decryptTo {
            do { decryptedCopy = try PcapWriter(path: decryptTo, snapLength: PcapWriter.maximumSnapLength) } catch {
                throw ScenarioInputError(description: error.description)
            }
        }
        let analysis: CaptureAnalysis
        do {
            analysis = try CaptureAnalyzer.analyze(path: file, options: options) { analyzer in
                if let extracted {
                    analyzer.streamSink = { _, _, bytes in extracted.write(Data(bytes)); extractedBytes += bytes.count }
                }
                if let decryptedCopy {
                    analyzer.recordSink = { record, udp, decrypted in
                        guard let udp else { return }
                        var packet = udp.packet
                        if let decrypted { packet.payload = decrypted }
                        decryptedCopy.writeUDP(unixNanoseconds: record.unixNanoseconds, source: packet.source,
                                               destination: packet.destination, payload: packet.payload)
                    }
                }
            }
        } catch {
            throw ScenarioInputError(description: error.description)
        }
        try? extracted?.close()
        if let decryptedCopy {
            do { try decryptedCopy.close() } catch { throw ScenarioInputError(description: error.description) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(analysis), as: UTF8.self))
        } else {
            print(AnalysisTable.render(analysis, keyLogGiven: keylog != nil))
        }
        if let writeStream, let output, let (session, stream) = parseStream(writeStream) {
            let found = analysis.sessions.first { $0.id == session.description }?.streams.first { $0.streamID == stream }
            guard let found else {
                printError("--write-stream: no stream \(stream) in session \(session) in \(file)")
                throw ExitCode(1)
            }
            if !json {
                print("wrote \(extractedBytes) bytes of stream \(stream) (\(found.direction)) to \(output)"
                      + (found.complete ? ", complete, sha256 \(found.sha256 ?? "")" : ", INCOMPLETE"))
            }
        }
    }
}
