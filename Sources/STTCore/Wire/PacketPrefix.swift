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

    /// The 12-byte common header for `type` and `sessionID`, in an array with room for `capacity`.
    public static func encode(_ type: PacketType, _ sessionID: SessionID, capacity: Int = 64) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: max(capacity, STTWire.commonHeaderLength)) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            write(type, sessionID, to: base)
            count = STTWire.commonHeaderLength
        }
    }

    /// Writes the 12-byte common header at `base` (for packets built in place).
    static func write(_ type: PacketType, _ sessionID: SessionID, to base: UnsafeMutablePointer<UInt8>) {
        base[STTWire.Offset.magic] = STTWire.magic.0
        base[STTWire.Offset.magic + 1] = STTWire.magic.1
        base[STTWire.Offset.version] = STTWire.version
        base[STTWire.Offset.type] = type.rawValue
        for i in 0..<8 {
            base[STTWire.Offset.sessionID + i] = UInt8(truncatingIfNeeded: sessionID.rawValue >> UInt64(56 - 8 * i))
        }
    }
}
