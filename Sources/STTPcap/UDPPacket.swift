import STTCore

/// A UDP datagram inside an IPv4 or IPv6 packet: what captures carry. Emits packets with valid
/// header and UDP checksums; parses them back (from RAW link-type frames, or after a link
/// header is stripped), checking every length before it reads a field.
public struct UDPPacket: Equatable, Sendable {
    public var source: STTAddress
    public var destination: STTAddress
    public var payload: [UInt8]

    public init(source: STTAddress, destination: STTAddress, payload: [UInt8]) {
        self.source = source
        self.destination = destination
        self.payload = payload
    }

    enum IPv4Offset {
        static let versionIHL = 0, totalLength = 2, identification = 4, flagsFragment = 6
        static let ttl = 8, protocolNumber = 9, checksum = 10, source = 12, destination = 16
        static let headerLength = 20
    }
    enum IPv6Offset {
        static let payloadLength = 4, nextHeader = 6, hopLimit = 7, source = 8, destination = 24
        static let headerLength = 40
    }
    enum UDPOffset {
        static let sourcePort = 0, destinationPort = 2, length = 4, checksum = 6
        static let headerLength = 8
    }
    static let udpProtocol: UInt8 = 17

    /// Bytes of IP and UDP header in front of the payload (28 for IPv4, 48 for IPv6).
    public var headerLength: Int {
        (source.host.isIPv4 ? IPv4Offset.headerLength : IPv6Offset.headerLength) + UDPOffset.headerLength
    }

    /// Writes the IP and UDP headers (checksums included) for `payload` into `out`, which is
    /// cleared first; the payload itself is not copied (the caller appends it or writes it
    /// separately). Mixed address families are written as IPv6 with IPv4-mapped addresses.
    public static func emitHeaders(
        source: STTAddress, destination: STTAddress, payload: UnsafeRawBufferPointer,
        into out: inout [UInt8]
    ) {
        out.removeAll(keepingCapacity: true)
        let udpLength = UDPOffset.headerLength + payload.count
        var checksum = InternetChecksum()
        if case .ipv4(let s) = source.host, case .ipv4(let d) = destination.host {
            let total = IPv4Offset.headerLength + udpLength
            out.append(0x45)
            out.append(0)
            out.appendUInt16BE(UInt16(truncatingIfNeeded: total))
            out.appendUInt16BE(0)  // identification: unused without fragments
            out.appendUInt16BE(0x4000)  // don't fragment
            out.append(64)
            out.append(udpProtocol)
            out.appendUInt16BE(0)  // header checksum, filled below
            out.appendUInt32BE(s)
            out.appendUInt32BE(d)
            var header = InternetChecksum()
            header.add(out)
            let h = header.value
            out[IPv4Offset.checksum] = UInt8(h >> 8)
            out[IPv4Offset.checksum + 1] = UInt8(h & 0xFF)
            checksum.add(uint16: UInt16(s >> 16))
            checksum.add(uint16: UInt16(s & 0xFFFF))
            checksum.add(uint16: UInt16(d >> 16))
            checksum.add(uint16: UInt16(d & 0xFFFF))
            checksum.add(uint16: UInt16(udpProtocol))
            checksum.add(uint16: UInt16(truncatingIfNeeded: udpLength))
        } else {
            let s = source.host.ipv6Bytes
            let d = destination.host.ipv6Bytes
            out.append(contentsOf: [0x60, 0, 0, 0])
            out.appendUInt16BE(UInt16(truncatingIfNeeded: udpLength))
            out.append(udpProtocol)
            out.append(64)
            out.append(contentsOf: s)
            out.append(contentsOf: d)
            checksum.add(s)
            checksum.add(d)
            checksum.add(uint16: UInt16(truncatingIfNeeded: udpLength >> 16))
            checksum.add(uint16: UInt16(truncatingIfNeeded: udpLength))
            checksum.add(uint16: UInt16(udpProtocol))
        }
        let udpStart = out.count
        out.appendUInt16BE(source.port)
        out.appendUInt16BE(destination.port)
        out.appendUInt16BE(UInt16(truncatingIfNeeded: udpLength))
        out.appendUInt16BE(0)
        checksum.add(uint16: source.port)
        checksum.add(uint16: destination.port)
        checksum.add(uint16: UInt16(truncatingIfNeeded: udpLength))
        checksum.add(payload)
        let sum = checksum.value == 0 ? 0xFFFF : checksum.value  // 0 means "no checksum" in UDP
        out[udpStart + UDPOffset.checksum] = UInt8(sum >> 8)
        out[udpStart + UDPOffset.checksum + 1] = UInt8(sum & 0xFF)
    }

    /// The whole packet: IP header, UDP header, payload.
    public func emit() -> [UInt8] {
        var out: [UInt8] = []
        payload.withUnsafeBytes { Self.emitHeaders(source: source, destination: destination, payload: $0, into: &out) }
        out.append(contentsOf: payload)
        return out
    }

    /// What parsing found besides the datagram.
    public struct Parsed: Equatable, Sendable {
        public var packet: UDPPacket
        /// The capture holds fewer payload bytes than the UDP header announces (snap length).
        public var isTruncated: Bool
        /// The UDP checksum was present and verified (false: absent, wrong, or not checkable when truncated).
        public var checksumVerified: Bool
        /// The UDP checksum was present and wrong. Normal for packets a Linux host sends, as
        /// tcpdump sees them on that host (checksum offload leaves a partial sum); STT's AEAD,
        /// not the checksum, decides whether the bytes are intact.
        public var checksumBad: Bool
        /// The UDP payload's length on the wire (the UDP header's; more than `packet.payload`
        /// when truncated).
        public var payloadLength: Int
    }

    /// Parses an IPv4 or IPv6 packet carrying UDP. Nil when it is something else (not IP, not
    /// UDP, a fragment, a header that does not fit); `.some` with `isTruncated` when the capture
    /// cut the payload short, and `checksumBad` when the checksum does not match (the packet is
    /// still returned). Throws nothing: foreign packets in a capture are normal.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> Parsed? {
        guard let first = bytes.first else { return nil }
        let b = Array(bytes)
        var source: STTAddress.Host
        var destination: STTAddress.Host
        var udpStart: Int
        var pseudo = InternetChecksum()
        switch first >> 4 {
        case 4:
            guard b.count >= IPv4Offset.headerLength else { return nil }
            let ihl = Int(first & 0x0F) * 4
            guard ihl >= IPv4Offset.headerLength, b.count >= ihl + UDPOffset.headerLength,
                b[IPv4Offset.protocolNumber] == udpProtocol,
                b.readUInt16BE(at: IPv4Offset.flagsFragment) & 0x3FFF == 0  // not a fragment
            else { return nil }
            source = .ipv4(b.readUInt32BE(at: IPv4Offset.source))
            destination = .ipv4(b.readUInt32BE(at: IPv4Offset.destination))
            udpStart = ihl
            pseudo.add(Array(b[IPv4Offset.source..<IPv4Offset.headerLength]))
            pseudo.add(uint16: UInt16(udpProtocol))
        case 6:
            guard b.count >= IPv6Offset.headerLength + UDPOffset.headerLength,
                b[IPv6Offset.nextHeader] == udpProtocol  // extension headers: not ours
            else { return nil }
            source = STTAddress.Host(ipv6Bytes: b[IPv6Offset.source..<IPv6Offset.destination])
            destination = STTAddress.Host(ipv6Bytes: b[IPv6Offset.destination..<IPv6Offset.headerLength])
            udpStart = IPv6Offset.headerLength
            pseudo.add(Array(b[IPv6Offset.source..<IPv6Offset.headerLength]))
            pseudo.add(uint16: 0)
            pseudo.add(uint16: UInt16(udpProtocol))
        default:
            return nil
        }
        let udpLength = Int(b.readUInt16BE(at: udpStart + UDPOffset.length))
        guard udpLength >= UDPOffset.headerLength else { return nil }
        let available = b.count - udpStart
        let payloadStart = udpStart + UDPOffset.headerLength
        let payloadEnd = udpStart + min(udpLength, available)
        let truncated = available < udpLength
        let declared = b.readUInt16BE(at: udpStart + UDPOffset.checksum)
        var verified = false
        var bad = false
        if !truncated, declared != 0 {
            pseudo.add(uint16: UInt16(truncatingIfNeeded: udpLength))
            b[udpStart..<(udpStart + udpLength)].withUnsafeBytes { pseudo.add($0) }
            verified = pseudo.value == 0 || pseudo.value == 0xFFFF
            bad = !verified
        }
        let packet = UDPPacket(
            source: STTAddress(host: source, port: b.readUInt16BE(at: udpStart + UDPOffset.sourcePort)),
            destination: STTAddress(host: destination, port: b.readUInt16BE(at: udpStart + UDPOffset.destinationPort)),
            payload: Array(b[payloadStart..<payloadEnd]))
        return Parsed(
            packet: packet, isTruncated: truncated, checksumVerified: verified, checksumBad: bad,
            payloadLength: udpLength - UDPOffset.headerLength)
    }
}

extension STTAddress.Host {
    var isIPv4: Bool { if case .ipv4 = self { true } else { false } }

    /// Sixteen bytes; IPv4 as an IPv4-mapped IPv6 address.
    var ipv6Bytes: [UInt8] {
        var out: [UInt8] = []
        switch self {
        case .ipv4(let a):
            out.append(contentsOf: [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF])
            out.appendUInt32BE(a)
        case .ipv6(let hi, let lo):
            out.appendUInt64BE(hi)
            out.appendUInt64BE(lo)
        }
        return out
    }

    init(ipv6Bytes b: ArraySlice<UInt8>) {
        let a = Array(b)
        self = .ipv6(a.readUInt64BE(at: 0), a.readUInt64BE(at: 8))
    }
}
