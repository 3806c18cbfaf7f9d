import CPcap
import STTCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a pcap file with libpcap itself (`pcap_open_dead_with_tstamp_precision`, `pcap_dump`):
/// nanosecond timestamps, link type RAW (each record an IPv4 or IPv6 packet). UDP datagrams are
/// wrapped in synthesized IP/UDP headers with valid checksums, so Wireshark and tcpdump read the
/// file as a capture of real traffic.
///
/// Errors: a file that cannot be created fails `init`; a write that fails later (disk full)
/// stops the writer, keeps the reason in `failure`, and is thrown again by `close()`.
public final class PcapWriter {
    public let path: String
    /// Bytes kept of each packet (IP header included); longer packets are cut, as tcpdump `-s`.
    public let snapLength: Int
    /// Records written so far.
    public private(set) var records = 0
    /// Set once a write failed; nothing is written after it.
    public private(set) var failure: PcapError?

    private var pcap: OpaquePointer?
    private var dumper: OpaquePointer?
    private var frame: [UInt8] = []

    /// The largest snap length libpcap accepts.
    public static let maximumSnapLength = 262_144
    /// The smallest useful one: IPv6 + UDP + the STT common header.
    public static let minimumSnapLength = 60

    /// The link types a writer can produce. Simulated captures are `.raw`; `.ethernet` exists
    /// for tools and tests that need tcpdump-like files.
    public enum LinkType: Sendable {
        case raw, ethernet
        var dlt: Int32 { self == .raw ? DLT_RAW : DLT_EN10MB }
    }

    public let linkType: LinkType

    public init(path: String, snapLength: Int = 65_535, linkType: LinkType = .raw) throws(PcapError) {
        self.path = path
        self.snapLength = snapLength
        self.linkType = linkType
        guard (Self.minimumSnapLength...Self.maximumSnapLength).contains(snapLength) else {
            throw .cannotCreate(
                path: path,
                reason: "snap length \(snapLength) is outside \(Self.minimumSnapLength)...\(Self.maximumSnapLength)")
        }
        guard
            let p = pcap_open_dead_with_tstamp_precision(
                linkType.dlt, Int32(snapLength), UInt32(PCAP_TSTAMP_PRECISION_NANO))
        else {
            throw .cannotCreate(path: path, reason: "libpcap could not create a capture handle")
        }
        // Our own FILE with a 1 MiB buffer (stdio's default 4 KiB would mean a write(2) every
        // three packets), handed to libpcap, which writes the file header and every record.
        guard let file = fopen(path, "w") else {
            let reason = String(cString: strerror(errno))
            pcap_close(p)
            throw .cannotCreate(path: path, reason: reason)
        }
        setvbuf(file, nil, _IOFBF, 1 << 20)
        guard let d = pcap_dump_fopen(p, file) else {
            let reason = String(cString: pcap_geterr(p))
            fclose(file)
            pcap_close(p)
            throw .cannotCreate(path: path, reason: reason)
        }
        pcap = p
        dumper = d
        frame.reserveCapacity(snapLength)
    }

    deinit { try? close() }

    /// Writes one UDP datagram at `unixNanoseconds` (nanoseconds since 1970-01-01 UTC).
    public func writeUDP(unixNanoseconds: Int64, source: STTAddress, destination: STTAddress, payload: [UInt8]) {
        guard dumper != nil, failure == nil else { return }
        payload.withUnsafeBytes { body in
            UDPPacket.emitHeaders(source: source, destination: destination, payload: body, into: &frame)
            if linkType == .ethernet {
                // Zero MAC addresses (as tcpdump shows loopback) and the IP version's EtherType.
                let etherType: [UInt8] = source.host.isIPv4 && destination.host.isIPv4 ? [0x08, 0x00] : [0x86, 0xDD]
                frame.insert(contentsOf: [UInt8](repeating: 0, count: 12) + etherType, at: 0)
            }
            let length = frame.count + body.count
            let kept = min(body.count, max(0, snapLength - frame.count))
            frame.append(contentsOf: body[..<kept])
            dump(unixNanoseconds: unixNanoseconds, originalLength: length)
        }
    }

    /// Writes one packet exactly as given (an IP packet for `.raw`, a frame for `.ethernet`).
    /// `originalLength` is the packet's length on the wire when `packet` was already cut short.
    public func writePacket<Bytes: Collection<UInt8>>(
        unixNanoseconds: Int64, _ packet: Bytes, originalLength: Int? = nil
    ) {
        guard dumper != nil, failure == nil else { return }
        frame.removeAll(keepingCapacity: true)
        frame.append(contentsOf: packet.prefix(snapLength))
        dump(unixNanoseconds: unixNanoseconds, originalLength: max(originalLength ?? packet.count, frame.count))
    }

    private func dump(unixNanoseconds: Int64, originalLength: Int) {
        var header = pcap_pkthdr()
        let (seconds, nanos) = unixNanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        header.ts.tv_sec = Int(seconds)
        header.ts.tv_usec = Int(nanos)  // nanoseconds: the handle was opened with nano precision
        header.caplen = UInt32(frame.count)
        header.len = UInt32(originalLength)
        frame.withUnsafeBufferPointer { bytes in
            pcap_dump(UnsafeMutableRawPointer(dumper!).assumingMemoryBound(to: UInt8.self), &header, bytes.baseAddress)
        }
        if ferror(pcap_dump_file(dumper)) != 0 {
            failure = .writeFailed(path: path, records: records, reason: String(cString: strerror(errno)))
            return
        }
        records += 1
    }

    /// Flushes and closes the file; throws the first write failure, if any. Idempotent.
    public func close() throws(PcapError) {
        if let d = dumper {
            if failure == nil, pcap_dump_flush(d) != 0 {
                failure = .writeFailed(path: path, records: records, reason: String(cString: strerror(errno)))
            }
            pcap_dump_close(d)
            dumper = nil
        }
        if let p = pcap {
            pcap_close(p)
            pcap = nil
        }
        if let failure { throw failure }
    }
}
