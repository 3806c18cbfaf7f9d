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
