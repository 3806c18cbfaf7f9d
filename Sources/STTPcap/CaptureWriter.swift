import Foundation
import STTCore

/// Writes what a run or a node captures: datagrams into one pcap file (or one per node) and
/// session keys into a key log, as `CapturedDatagram`s and keys arrive. A thin tap, as
/// smoltcp's pcap writer: the simulator and real sockets only hand records over.
///
/// Files are created in `init` (a bad path fails before anything runs); a write that fails
/// later stops that file and is reported by `close()` and `summary`. Safe to call from any
/// thread (a node's event loop records while the main task closes).
public final class CaptureWriter: @unchecked Sendable {
    public struct Options: Sendable {
        /// The pcap file; nil writes no packets (a key log alone).
        public var pcapPath: String?
        public var keyLogPath: String?
        public var direction: CaptureDirection = .tx
        /// Bytes kept per packet, IP and UDP headers included.
        public var snapLength = 65_535
        /// The nodes to capture on, with their names (used in per-node file names).
        public var nodes: [(index: Int, name: String)] = [(0, "node")]
        /// One file per node: `<pcap path without .pcap>-<node name>.pcap`.
        public var perNode = false
        /// Added to each record's time: Unix nanoseconds of the capture's time zero.
        public var epochUnixNanoseconds: Int64 = 0

        public init() {}
    }

    public let options: Options
    private let lock = NSLock()
    private var writers: [PcapWriter] = []
    private var writerNodes: [String?] = []
    /// Per node index: index into `writers`, or -1 when the node is not captured.
    private var writerOfNode: [Int] = []
    private let keyLog: KeyLogWriter?
    private var closed = false
    private var errors: [PcapError] = []

    /// The per-node file name for `node`.
    public static func perNodePath(_ file: String, node: String) -> String {
        let stem = file.hasSuffix(".pcap") ? String(file.dropLast(5)) : file
        return "\(stem)-\(node).pcap"
    }

    /// Opens every file the options name. Throws on the first that cannot be created (the
    /// ones already opened are closed and left empty).
    public init(_ options: Options) throws(PcapError) {
        self.options = options
        writerOfNode = Array(repeating: -1, count: (options.nodes.map(\.index).max() ?? -1) + 1)
        var opened: [PcapWriter] = []
        do {
            if let file = options.pcapPath {
                if options.perNode {
                    for (index, name) in options.nodes {
                        writerOfNode[index] = opened.count
                        opened.append(
                            try PcapWriter(path: Self.perNodePath(file, node: name), snapLength: options.snapLength))
                        writerNodes.append(name)
                    }
                } else {
                    opened.append(try PcapWriter(path: file, snapLength: options.snapLength))
                    writerNodes.append(nil)
                    for (index, _) in options.nodes { writerOfNode[index] = 0 }
                }
            }
            keyLog = try options.keyLogPath.map { path throws(PcapError) in try KeyLogWriter(path: path) }
        } catch {
            for w in opened { try? w.close() }
            throw error
        }
        writers = opened
    }

    /// Whether datagrams are written at all (a key log alone needs no datagram tap).
    public var writesPackets: Bool { !writers.isEmpty }

    /// Writes one datagram, if its node and direction are captured.
    public func record(_ d: CapturedDatagram) {
        guard options.direction.keeps(d.direction), d.node >= 0, d.node < writerOfNode.count else { return }
        let w = writerOfNode[d.node]
        guard w >= 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        writers[w].writeUDP(
            unixNanoseconds: options.epochUnixNanoseconds + d.timeNanoseconds, source: d.source,
            destination: d.destination, payload: d.payload)
    }

    /// Logs a session's keys (each session once).
    public func logKeys(_ id: SessionID, _ keys: SessionTrafficKeys) {
        lock.lock()
        defer { lock.unlock() }
        keyLog?.log(id, keys)
    }

    /// Flushes and closes every file; returns the failures (empty when all went well). Later
    /// calls return the same failures.
    @discardableResult
    public func close() -> [PcapError] {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return errors }
        closed = true
        for w in writers {
            do { try w.close() } catch { errors.append(error) }
        }
        if let keyLog {
            do { try keyLog.close() } catch { errors.append(error) }
        }
        return errors
    }

    /// What was written, for reports.
    public var summary: CaptureSummary {
        lock.lock()
        defer { lock.unlock() }
        let failures = closed ? errors : writers.compactMap(\.failure) + (keyLog?.failure.map { [$0] } ?? [])
        return CaptureSummary(
            files: zip(writers, writerNodes).map { .init(path: $0.path, node: $1, records: $0.records) },
            keylog: keyLog.map { .init(path: $0.path, sessions: $0.sessions) },
            direction: options.direction.rawValue, snapLength: options.snapLength,
            errors: failures.map(\.description))
    }
}
