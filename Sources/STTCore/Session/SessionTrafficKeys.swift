import Crypto

/// A session's two packet keys (the Noise `Split()` output) as raw bytes, with their suite.
public struct SessionTrafficKeys: Equatable, Sendable {
    /// The AEAD the keys are for.
    public var suite: CipherSuite
    /// Protects packets the initiator sends (32 bytes).
    public var initiatorToResponder: [UInt8]
    /// Protects packets the responder sends (32 bytes).
    public var responderToInitiator: [UInt8]

    public init(suite: CipherSuite, initiatorToResponder: [UInt8], responderToInitiator: [UInt8]) {
        self.suite = suite
        self.initiatorToResponder = initiatorToResponder
        self.responderToInitiator = responderToInitiator
    }

    init(suite: CipherSuite, _ keys: (initiatorToResponder: SymmetricKey, responderToInitiator: SymmetricKey)) {
        self.suite = suite
        initiatorToResponder = keys.initiatorToResponder.withUnsafeBytes { Array($0) }
        responderToInitiator = keys.responderToInitiator.withUnsafeBytes { Array($0) }
    }
}

extension PacketProtection {
    /// Opens a protected datagram with `key` of `suite` alone, without a replay window: for
    /// offline analysis of captures, where the same packet may legitimately appear more than once.
    public static func open(_ datagram: [UInt8], key: [UInt8], suite: CipherSuite) -> Opened? {
        guard datagram.count >= PacketType.protected.minimumLength,
            datagram[STTWire.Offset.magic] == STTWire.magic.0, datagram[STTWire.Offset.magic + 1] == STTWire.magic.1,
            datagram[STTWire.Offset.type] == PacketType.protected.rawValue,
            let opener = AEADContext(suite: suite, key: key, sealing: false),
            let plaintext = open(datagram, with: opener)
        else { return nil }
        return Opened(
            packetNumber: datagram.readUInt64BE(at: STTWire.Offset.packetNumber), plaintext: plaintext, isNewest: false)
    }
}
