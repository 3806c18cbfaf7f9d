import CPcap
import STTCore

/// Reads pcap and pcapng files with libpcap (`pcap_open_offline_with_tstamp_precision`), at
/// nanosecond precision whatever the file's own precision, and takes UDP datagrams out of the
/// link types tcpdump and stt-sim write.
public final class PcapReader {
    public let path: String
    /// The capture's data link type (`DLT_*`).
    public let linkType: Int32
    /// The link type's libpcap name (`RAW`, `EN10MB`, `LINUX_SLL`, ...).
    public var linkTypeName: String {
        pcap_datalink_val_to_name(linkType).map { String(cString: $0) } ?? "\(linkType)"
    }
    /// Records read so far.
    public private(set) var records = 0
    private var pcap: OpaquePointer?

    public init(path: String) throws(PcapError) {
        self.path = path
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let p = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errbuf) else {
            throw .cannotOpen(
                path: path,
                reason: String(decoding: errbuf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        pcap = p
        linkType = pcap_datalink(p)
        guard Self.linkHeader(linkType) != nil else {
            let name = pcap_datalink_val_to_name(linkType).map { String(cString: $0) } ?? "unknown"
            pcap_close(p)
            pcap = nil
            throw .unsupportedLinkType(path: path, linkType: linkType, name: name)
        }
    }

    deinit { if let pcap { pcap_close(pcap) } }

    /// The next record, or nil at the end of the file; throws when the file is truncated or damaged.
    public func next() throws(PcapError) -> PcapRecord? {
        guard let p = pcap else { return nil }
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        switch pcap_next_ex(p, &header, &data) {
        case 1:
            guard let h = header?.pointee, let data else { return nil }
            let (scaled, overflow1) = Int64(h.ts.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
            let (time, overflow2) = scaled.addingReportingOverflow(Int64(h.ts.tv_usec))
            guard !overflow1, !overflow2 else {
                throw .truncated(
                    path: path, records: records, reason: "record \(records + 1) has a timestamp beyond the year 2262")
            }
            // A pcapng timestamp past 2^63 units reaches libpcap's signed seconds as a negative
            // number. Refused, so every timestamp lies in 0...Int64.max and differences between
            // two records (the analyser's and the report's times) cannot overflow.
            guard time >= 0 else {
                throw .truncated(
                    path: path, records: records, reason: "record \(records + 1) has a timestamp before 1970")
            }
            records += 1
            return PcapRecord(
                unixNanoseconds: time,
                originalLength: Int(h.len),
                data: Array(UnsafeBufferPointer(start: data, count: Int(h.caplen))))
        case PCAP_ERROR_BREAK:  // -2: end of file
            return nil
        default:
            throw .truncated(path: path, records: records, reason: String(cString: pcap_geterr(p)))
        }
    }

    /// Every record, or the first error.
    public func readAll() throws(PcapError) -> [PcapRecord] {
        var out: [PcapRecord] = []
        while let r = try next() { out.append(r) }
        return out
    }

    /// The IP packet in a record (the link-layer header removed), or nil if it is not IP.
    public func ipPacket(in record: PcapRecord) -> (bytes: ArraySlice<UInt8>, originalLength: Int)? {
        guard let (skip, ethertypeAt) = Self.linkHeader(linkType), record.data.count >= skip else { return nil }
        var start = skip
        if let at = ethertypeAt {
            guard record.data.count >= at + 2 else { return nil }
            var type = record.data.readUInt16BE(at: at)
            if type == 0x8100, linkType == DLT_EN10MB, record.data.count >= start + 4 {  // one 802.1Q tag
                start += 4
                type = record.data.readUInt16BE(at: at + 4)
            }
            guard type == 0x0800 || type == 0x86DD else { return nil }
        }
        return (record.data[start...], max(0, record.originalLength - start))
    }

    /// The UDP datagram in a record of this capture, or nil if it holds something else.
    public func udp(in record: PcapRecord) -> UDPPacket.Parsed? {
        ipPacket(in: record).flatMap { UDPPacket.parse($0.bytes) }
    }

    /// Link-layer header length and where its EtherType-like protocol field is (nil: the
    /// version nibble of the IP header decides).
    static func linkHeader(_ linkType: Int32) -> (Int, Int?)? {
        switch linkType {
        case DLT_RAW, 101, DLT_IPV4, DLT_IPV6: return (0, nil)
        case DLT_EN10MB: return (14, 12)
        case DLT_LINUX_SLL: return (16, 14)
        case DLT_LINUX_SLL2: return (20, 0)
        case DLT_NULL, DLT_LOOP: return (4, nil)
        default: return nil
        }
    }
}
