import ArgumentParser
import Foundation
import STTCore
import STTPcap
import STTUDP

/// Options both node commands share.
struct NodeOptions: ParsableArguments {
    @Option(
        name: .customLong("shared-seed-file"),
        help: "File holding the shared seed (≥ 16 bytes; a trailing newline is ignored).")
    var sharedSeedFile: String

    @Option(name: .customLong("node-seed-file"), help: "File holding this node's seed (default: a random identity).")
    var nodeSeedFile: String?

    @Option(name: .long, help: "Write a pcap capture of this node's datagrams.")
    var pcap: String?

    @Option(name: .long, help: "Write each session's packet keys (for `stt-sim analyze --keylog`).")
    var keylog: String?

    @Option(
        name: .customLong("datagram-size"),
        help:
            "Largest datagram this node sends, in bytes (128...65507; default 1472): path MTU discovery probes up to it."
    )
    var datagramSize: Int?

    @Option(
        name: .customLong("congestion-control"),
        help: "Congestion control of what this node sends: bbr (default), cubic or newreno.")
    var congestionControl: String?

    @Option(
        name: .long,
        help: "Cipher suite this node offers: aesgcm, chachapoly or auto (default: AES-GCM where the CPU has AES).")
    var cipher: String?

    @Option(
        name: .customLong("accept-ciphers"),
        help: "Suites this node accepts from initiators, comma-separated (default: aesgcm,chachapoly).")
    var acceptCiphers: String?

    @Option(
        name: .long,
        help: "UDP offload: auto (GSO, GRO and batched reads where the kernel accepts them) or off.")
    var offload: String = "auto"

    @Flag(name: .long, help: "Print a JSON summary instead of text.")
    var json = false

    func validate() throws {
        _ = try endpointConfiguration()
        _ = try udpOffload()
    }

    func udpOffload() throws -> UDPOffload {
        switch offload {
        case "auto": return .automatic
        case "off": return .off
        default: throw ValidationError("--offload must be auto or off (got \(offload))")
        }
    }

    func readSeed(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioInputError(description: "\(path): cannot read the \(what) file")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        guard bytes.count >= 16 else {
            throw ScenarioInputError(description: "\(path): the \(what) must be at least 16 bytes (got \(bytes.count))")
        }
        return bytes
    }

    func seeds() throws -> (node: [UInt8], shared: [UInt8]) {
        let shared = try readSeed(sharedSeedFile, what: "shared seed")
        if let nodeSeedFile { return (try readSeed(nodeSeedFile, what: "node seed"), shared) }
        var rng = SystemRandomNumberGenerator()
        return ((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }, shared)
    }

    func endpointConfiguration() throws -> EndpointConfiguration {
        var c = EndpointConfiguration()
        if let datagramSize {
            guard (STTWire.minimumDatagramSize...STTWire.maximumDatagramSize).contains(datagramSize) else {
                throw ValidationError(
                    "--datagram-size must be between \(STTWire.minimumDatagramSize) and \(STTWire.maximumDatagramSize) (got \(datagramSize))"
                )
            }
            c.maxDatagramSize = datagramSize
        }
        if let congestionControl {
            guard let algorithm = CongestionControlAlgorithm(rawValue: congestionControl) else {
                let known = CongestionControlAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--congestion-control must be one of \(known) (got \(congestionControl))")
            }
            c.congestionControl = algorithm
        }
        if let cipher, cipher != "auto" {
            guard let suite = CipherSuite(name: cipher) else {
                throw ValidationError("--cipher must be aesgcm, chachapoly or auto (got \(cipher))")
            }
            c.cipherSuite = suite
        }
        if let acceptCiphers {
            var suites: [CipherSuite] = []
            for name in acceptCiphers.split(separator: ",", omittingEmptySubsequences: false) {
                guard let suite = CipherSuite(name: String(name).trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError(
                        "--accept-ciphers lists aesgcm and/or chachapoly, comma-separated (got \"\(name)\")")
                }
                if !suites.contains(suite) { suites.append(suite) }
            }
            c.acceptedCipherSuites = suites
        }
        return c
    }

    /// Capture and key-log files, opened before the node starts (a bad path fails at once).
    func openTap() throws -> (STTNodeTap, CaptureWriter?) {
        guard pcap != nil || keylog != nil else { return (STTNodeTap(), nil) }
        var options = CaptureWriter.Options()
        options.pcapPath = pcap
        options.keyLogPath = keylog
        options.direction = .both
        let writer: CaptureWriter
        do { writer = try CaptureWriter(options) } catch { throw ScenarioInputError(description: "error: \(error)") }
        var tap = STTNodeTap()
        if writer.writesPackets { tap.datagram = { writer.record($0) } }
        tap.sessionKeys = { writer.logKeys($0, $1) }
        return (tap, writer)
    }
}
