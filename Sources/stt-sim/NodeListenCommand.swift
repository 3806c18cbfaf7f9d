import ArgumentParser
import Crypto
import Foundation
import STTCore
import STTUDP
import STTUnits

/// `stt-sim node listen`: accepts sessions and receives streams, each to a file (or just hashed).
struct NodeListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Accept STT sessions on a UDP port and receive their streams.",
        discussion: """
            Each received stream is hashed (SHA-256) and, with --receive-dir, written to \
            <dir>/<session>-<stream>.bin. Ctrl-C closes every session and exits 0.
              stt-sim node listen --port 7000 --shared-seed-file seed.txt --receive-dir in/
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "UDP port to listen on.")
    var port: Int = 7000

    @Option(name: .long, help: "Local address to bind.")
    var host: String = "0.0.0.0"

    @Option(name: .customLong("receive-dir"), help: "Write each received stream to a file in this directory.")
    var receiveDirectory: String?

    @Option(name: .customLong("exit-after"), help: "Exit after this many streams ended (for scripts).")
    var exitAfter: Int?

    @Option(
        name: .customLong("max-sessions"),
        help: "Most sessions held at once (default 16384); when full, the least recently active idle one is reclaimed.")
    var maxSessions: Int?

    @Flag(name: .long, help: "Print the endpoint's counters (drops by reason, cookie replies) each second they change.")
    var stats = false

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (got \(port))")
        }
        if let exitAfter, exitAfter < 1 { throw ValidationError("--exit-after must be at least 1") }
        if let maxSessions, !(1...1_000_000).contains(maxSessions) {
            throw ValidationError("--max-sessions must be between 1 and 1000000 (got \(maxSessions))")
        }
    }

    struct StreamResult: Codable {
        let session: String
        let stream: UInt32
        let bytes: Int
        let sha256: String
        let seconds: Double
        let goodputBitsPerSecond: Double
        let file: String?
        /// The stream's end marker arrived (false: it ended with its session, as live streams do).
        let complete: Bool
    }

    final class Incoming {
        var hash = SHA256()
        var bytes = 0
        let started = ContinuousClock.now
        var file: OutputFile?
        /// Where the stream is saved once complete; it is written to `path.partial` until then.
        var path: String?
    }

    func configuration() throws -> EndpointConfiguration {
        var c = try options.endpointConfiguration()
        if let maxSessions { c.maxSessions = maxSessions }
        return c
    }

    func run() async throws {
        if let dir = receiveDirectory {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
                do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw ScenarioInputError(
                        description: "\(dir): cannot create the receive directory: \(error.localizedDescription)")
                }
            } else if !isDirectory.boolValue {
                throw ScenarioInputError(description: "\(dir): not a directory")
            }
        }
        let (nodeSeed, sharedSeed) = try options.seeds()
        var (tap, capture) = try options.openTap()
        tap.sessionRefused = { address, failure in
            printError("refused a handshake from \(address): \(failure)")
        }
        let node = try STTNode(
            nodeSeed: nodeSeed, sharedSeed: sharedSeed, host: host, port: port,
            configuration: try configuration(), tap: tap, offload: try options.udpOffload())
        do { try await node.start(serverMode: true) } catch { throw ScenarioInputError(description: "error: \(error)") }
        if !options.json {
            let c = try configuration()
            let accepted = c.acceptedCipherSuites.map(\.name).joined(separator: ", ")
            printError(
                "listening on \(host):\(node.localPort ?? port) as node \(node.nodeID), accepting \(accepted); "
                    + "UDP: \(node.offloadInUse.map(\.description) ?? "?") (Ctrl-C stops)")
        }
        let counters = ListenerCounters()
        let sampler = Task { [stats] in
            while !Task.isCancelled {
                await counters.sample(node, print: stats)
                try? await Task.sleep(for: .seconds(1))
            }
        }
        let stopper = SignalStop {
            await counters.sample(node, print: false)
            await node.stop()
        }
        var streams: [String: Incoming] = [:]  // by "session/stream"; lookup only
        var results: [StreamResult] = []
        let progress = ProgressLine()
        var lastProgress = ContinuousClock.now
        func finish(_ key: String, _ incoming: Incoming, session: SessionID, stream: UInt32, ended: Bool) {
            progress.clear()
            var saved = incoming.path
            if let file = incoming.file, let path = incoming.path {
                if let failure = file.close() {
                    printError("error: \(failure); kept as \(file.path)")
                    saved = file.path
                } else if ended, rename(file.path, path) != 0 {
                    printError("error: cannot rename \(file.path) to \(path): \(String(cString: strerror(errno)))")
                    saved = file.path
                } else if !ended {
                    saved = file.path  // incomplete: it keeps its .partial name
                }
            }
            let seconds = (ContinuousClock.now - incoming.started).seconds
            let result = StreamResult(
                session: "\(session)", stream: stream, bytes: incoming.bytes,
                sha256: incoming.hash.finalize().hexString,
                seconds: seconds, goodputBitsPerSecond: Double(incoming.bytes * 8) / max(seconds, 1e-9),
                file: saved, complete: ended)
            streams[key] = nil
            order.removeAll { $0 == key }
            results.append(result)
            if !options.json {
                printLine(
                    "\(ended ? "received" : "session ended during") stream \(stream) of session \(result.session): "
                        + "\(result.bytes) bytes in \(UnitFormat.seconds(seconds)) (\(UnitFormat.rate(result.goodputBitsPerSecond)))"
                        + ", sha256 \(result.sha256)" + (result.file.map { " → \($0)" } ?? ""))
            }
        }
        var order: [String] = []  // open streams in arrival order
        var meta: [String: (SessionID, UInt32)] = [:]
        for await packet in node.receive() {
            guard let streamID = packet.streamID else {
                // The session ended: streams still open (live ones, or cut short) end with it.
                if packet.isEnd {
                    for key in order where meta[key]?.0 == packet.sessionID {
                        if let incoming = streams[key], let (s, id) = meta[key] {
                            finish(key, incoming, session: s, stream: id, ended: false)
                        }
                    }
                    if let exitAfter, results.count >= exitAfter { break }
                }
                continue
            }
            let key = "\(packet.sessionID)/\(streamID)"
            let incoming = streams[key] ?? Incoming()
            if streams[key] == nil {
                streams[key] = incoming
                order.append(key)
                meta[key] = (packet.sessionID, streamID)
                if let dir = receiveDirectory {
                    let path = (dir as NSString).appendingPathComponent("\(packet.sessionID)-\(streamID).bin")
                    do {
                        incoming.file = try OutputFile(path: path + ".partial", what: "stream \(streamID)")
                        incoming.path = path
                    } catch {
                        printError("error: \(error); the stream is hashed but not saved")
                    }
                }
            }
            if !packet.data.isEmpty {
                incoming.hash.update(data: packet.data)
                incoming.bytes += packet.data.count
                incoming.file?.append(packet.data)
                if ContinuousClock.now - lastProgress > .milliseconds(200) {
                    progress.show(incoming.bytes, of: nil, since: incoming.started)
                    lastProgress = .now
                }
            }
            guard packet.isEnd else { continue }
            finish(key, incoming, session: packet.sessionID, stream: streamID, ended: true)
            if let exitAfter, results.count >= exitAfter { break }
        }
        _ = stopper
        sampler.cancel()
        await counters.sample(node, print: false)
        await node.stop()
        for error in capture?.close() ?? [] { printError("error: \(error.description)") }
        if stats { printError("stats: " + ListenerCounters.line(await counters.drops, await counters.statistics)) }
        if options.json {
            struct Output: Encodable {
                let streams: [StreamResult]
                let endpoint: ListenerCounters.Summary
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let output = Output(streams: results, endpoint: await counters.summary)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        }
    }
}

/// Prints a line and flushes it at once: a listener's output reaches a pipe or a log file as it
/// happens, not when a buffer fills.
func printLine(_ line: String) {
    print(line)
    fflush(nil)
}
