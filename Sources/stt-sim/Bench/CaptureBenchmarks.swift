import Foundation
import STTCore
import STTPcap
import STTScenario
import STTSim

/// The cost of packet capture: libpcap writing synthesized IPv4/UDP records, and the slowdown of
/// the 100 MB simulation with every datagram captured.
enum CaptureBenchmarks {
    static let all: [Benchmark] = [pcapWrite, simBulkWithCapture]

    static func temporaryFile(_ name: String) -> String {
        NSTemporaryDirectory() + "stt-bench-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
    }

    /// 1200-byte datagrams through `PcapWriter.writeUDP` (IP/UDP headers, both checksums,
    /// `pcap_dump`) against writing the same bytes (record header + packet) with plain `fwrite`
    /// through the same 1 MiB stdio buffer.
    /// Both write to /dev/null: the figure is the CPU cost per packet, not the disk's speed.
    static let pcapWrite = Benchmark(name: "pcap-write") { settings in
        let payload = (0..<1_200).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let a = STTAddress(ipv4: 10, 0, 0, 1, port: 7000)
        let b = STTAddress(ipv4: 10, 0, 0, 2, port: 7000)
        let writer = try PcapWriter(path: "/dev/null")
        guard let raw = fopen("/dev/null", "w") else { throw BenchFailure("cannot open /dev/null") }
        setvbuf(raw, nil, _IOFBF, 1 << 20)  // as PcapWriter's
        defer { fclose(raw) }
        let record = [UInt8](repeating: 0x45, count: 16 + 28 + payload.count)
        var time: Int64 = 0
        let rates = compareRates(
            settings,
            ours: { n in
                for _ in 0..<n {
                    time += 1_000
                    writer.writeUDP(unixNanoseconds: time, source: a, destination: b, payload: payload)
                }
            },
            baseline: { n in
                record.withUnsafeBytes { bytes in for _ in 0..<n { fwrite(bytes.baseAddress, 1, bytes.count, raw) } }
            })
        try writer.close()
        return BenchResult(
            name: "pcap-write", value: rates.ours, unit: "packets/s",
            baseline: "fwrite of the same record bytes", baselineValue: rates.baseline,
            ratio: rates.ours / rates.baseline)
    }

    /// `sim-bulk-100mb` with every datagram captured (tx, both nodes, one file), against the same
    /// run without capture, alternating. Ratio: wall without / wall with (goal ≥ 1/1.3 ≈ 0.77).
    static let simBulkWithCapture = Benchmark(
        name: "sim-bulk-100mb-pcap",
        rows: { settings in
            let bytes = 100_000_000
            let path = temporaryFile("bulk.pcap")
            defer { try? FileManager.default.removeItem(atPath: path) }
            var plain: [Double] = []
            var captured: [Double] = []
            var records = 0
            var fileBytes = 0
            for round in 0..<min(settings.rounds, 3) {
                let clock = ContinuousClock()
                plain.append(
                    try clock.measure { _ = try SimBenchmarks.bulkCase(bytes: bytes, seed: UInt64(round + 1)) }.seconds)
                captured.append(
                    try clock.measure {
                        let writer = try PcapWriter(path: path)
                        _ = try SimBenchmarks.bulkCase(bytes: bytes, seed: UInt64(round + 1)) { sim in
                            let epoch = CaptureSettings.epochUnixSeconds * 1_000_000_000
                            sim.captureSink = { d in
                                guard d.direction == .tx else { return }
                                writer.writeUDP(
                                    unixNanoseconds: epoch + d.timeNanoseconds, source: d.source,
                                    destination: d.destination, payload: d.payload)
                            }
                        }
                        try writer.close()
                        records = writer.records
                    }.seconds)
                fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            }
            let without = median(plain)
            let with = median(captured)
            return [
                BenchResult(
                    name: "sim-bulk-100mb-pcap", value: Double(bytes) / with, unit: "sim bytes/wall s",
                    baseline: "sim-bulk-100mb without capture", baselineValue: Double(bytes) / without,
                    ratio: without / with,
                    details: [
                        "  slowdown (wall with / without)": with / without, "  wall seconds with capture": with,
                        "  wall seconds without": without, "  packets captured": Double(records),
                        "  capture file bytes": Double(fileBytes),
                    ])
            ]
        })
}
