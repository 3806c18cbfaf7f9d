/// Constants of STT wire format version 1. Byte layouts are documented in `docs/PROTOCOL.md`.
public enum STTWire {
    /// The two magic bytes every STT datagram starts with: ASCII `S`, `T`.
    public static let magic: (UInt8, UInt8) = (0x53, 0x54)
    /// The wire format version this implementation speaks.
    public static let version: UInt8 = 1

    /// Byte offsets shared by every packet type.
    public enum Offset {
        public static let magic = 0
        public static let version = 2
        public static let type = 3
        public static let sessionID = 4
        /// Handshake and reject packets: where the Noise message (or reject code) starts.
        public static let handshakeBody = 12
        /// Protected packets: the 12-byte AEAD nonce is bytes 8..<20 (session id's low half, packet number).
        public static let nonce = 8
        /// Protected packets: the 8-byte packet number.
        public static let packetNumber = 12
        /// Protected packets: where the AEAD ciphertext starts; bytes before it are the AAD.
        public static let ciphertext = 20
    }

    /// Length of the header common to every packet (magic, version, type, session id).
    public static let commonHeaderLength = 12
    /// Length of a protected packet's header (the AEAD's associated data).
    public static let protectedHeaderLength = 20
    /// Length of a ChaCha20-Poly1305 tag.
    public static let tagLength = 16
    /// Bytes a protected packet adds around its frames.
    public static let protectedOverhead = protectedHeaderLength + tagLength

    /// The default UDP payload budget, in bytes: safe on any path that carries IPv6's minimum MTU.
    public static let defaultMaxDatagramSize = 1200
    /// The largest UDP payload over IPv4 (65,535 − 20 − 8), in bytes.
    public static let maximumDatagramSize = 65_507
    /// The smallest payload budget a node can be configured with, in bytes.
    public static let minimumDatagramSize = 128
}

/// The packet types of STT v1 (byte 3 of every datagram).
public enum PacketType: UInt8, Sendable, CaseIterable {
    /// Noise message 1 (`-> e`), initiator to responder.
    case handshakeInitiation = 0x01
    /// Noise message 2 (`<- e, ee, s, es`).
    case handshakeResponse = 0x02
    /// Noise message 3 (`-> s, se, psk`).
    case handshakeFinish = 0x03
    /// The responder's authenticated refusal of message 3 (wrong shared seed).
    case handshakeReject = 0x04
    /// An AEAD-protected packet carrying frames.
    case protected = 0x10

    /// The exact length of this handshake datagram in v1 (payloads are empty), or nil for
    /// types whose length varies.
    public var exactLength: Int? {
        switch self {
        case .handshakeInitiation, .handshakeResponse, .handshakeFinish, .handshakeReject: return minimumLength
        case .protected: return nil
        }
    }

    /// The smallest valid datagram of this type, in bytes.
    public var minimumLength: Int {
        switch self {
        case .handshakeInitiation: return STTWire.commonHeaderLength + 32 + 16
        case .handshakeResponse: return STTWire.commonHeaderLength + 32 + 48 + 16
        case .handshakeFinish: return STTWire.commonHeaderLength + 48 + 16
        case .handshakeReject: return STTWire.commonHeaderLength + 1 + STTWire.tagLength
        case .protected: return STTWire.protectedOverhead + 1
        }
    }
}

/// A session's 8-byte id, chosen at random by the initiator. Big-endian on the wire.
public struct SessionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }
    /// The 8 bytes as they appear on the wire.
    public var bytes: [UInt8] {
        var b = [UInt8]()
        b.appendUInt64BE(rawValue)
        return b
    }
    /// 16 hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The fields every STT datagram starts with, parsed with length and version checks.
public struct PacketPrefix: Equatable, Sendable {
    public let type: PacketType
    public let sessionID: SessionID

    package init(type: PacketType, sessionID: SessionID) {
        self.type = type
        self.sessionID = sessionID
    }

    /// Parses the common header. Checks, in order: length, magic, version, type, and the type's
    /// minimum length; each failure is a distinct `DropReason`.
    public static func parse(_ datagram: [UInt8]) -> Result<PacketPrefix, DropReason> {
        guard datagram.count >= STTWire.commonHeaderLength else { return .failure(.truncated) }
        guard datagram[0] == STTWire.magic.0, datagram[1] == STTWire.magic.1 else { return .failure(.badMagic) }
        guard datagram[STTWire.Offset.version] == STTWire.version else { return .failure(.unsupportedVersion) }
        guard let type = PacketType(rawValue: datagram[STTWire.Offset.type]) else {
            return .failure(.unknownPacketType)
        }
        guard datagram.count >= type.minimumLength else { return .failure(.truncated) }
        // Handshake payloads are empty in v1: anything longer is refused before it costs state.
        if let exact = type.exactLength, datagram.count != exact { return .failure(.handshakeInvalid) }
        let id = SessionID(rawValue: datagram.readUInt64BE(at: STTWire.Offset.sessionID))
        return .success(PacketPrefix(type: type, sessionID: id))
    }

    /// The 12-byte common header for `type` and `sessionID`.
    public static func encode(_ type: PacketType, _ sessionID: SessionID, capacity: Int = 64) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(capacity)
        out.append(STTWire.magic.0)
        out.append(STTWire.magic.1)
        out.append(STTWire.version)
        out.append(type.rawValue)
        out.appendUInt64BE(sessionID.rawValue)
        return out
    }
}
