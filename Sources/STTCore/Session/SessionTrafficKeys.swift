import Crypto

/// A session's two ChaCha20-Poly1305 packet keys (the Noise `Split()` output), as raw bytes.
public struct SessionTrafficKeys: Equatable, Sendable {
    /// Protects packets the initiator sends (32 bytes).
    public var initiatorToResponder: [UInt8]
    /// Protects packets the responder sends (32 bytes).
    public var responderToInitiator: [UInt8]

    public init(initiatorToResponder: [UInt8], responderToInitiator: [UInt8]) {
        self.initiatorToResponder = initiatorToResponder
        self.responderToInitiator = responderToInitiator
    }

    init(_ keys: (initiatorToResponder: SymmetricKey, responderToInitiator: SymmetricKey)) {
        initiatorToResponder = keys.initiatorToResponder.withUnsafeBytes { Array($0) }
        responderToInitiator = keys.responderToInitiator.withUnsafeBytes { Array($0) }
    }
}

extension PacketProtection {
    /// Opens a protected datagram with `key` alone, without a replay window: for offline
    /// analysis of captures, where the same packet may legitimately appear more than once.
    public static func open(_ datagram: [UInt8], key: [UInt8]) -> Opened? {
        guard datagram.count >= PacketType.protected.minimumLength,
            datagram[STTWire.Offset.magic] == STTWire.magic.0, datagram[STTWire.Offset.magic + 1] == STTWire.magic.1,
            datagram[STTWire.Offset.type] == PacketType.protected.rawValue,
            let box = try? ChaChaPoly.SealedBox(combined: datagram[STTWire.Offset.nonce...]),
            let plaintext = try? ChaChaPoly.open(
                box, using: SymmetricKey(data: key),
                authenticating: datagram[0..<STTWire.protectedHeaderLength])
        else { return nil }
        return Opened(
            packetNumber: datagram.readUInt64BE(at: STTWire.Offset.packetNumber), plaintext: plaintext, isNewest: false)
    }
}
