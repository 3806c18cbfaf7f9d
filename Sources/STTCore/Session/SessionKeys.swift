import Crypto

/// What a session holds once its handshake produced keys: the packet protection (mutated by
/// every packet, hence a class), the keys for standalone stream segments and for export, and
/// the authenticated peer.
final class SessionKeys {
    var protection: PacketProtection
    /// Keys for standalone stream segments, exported from the handshake (one per direction),
    /// derived when first asked for: most sessions never use them.
    private(set) lazy var streamCrypto: StreamCrypto = SessionKeys.segmentKeys(
        chainingKey: finalChainingKey, role: role, suite: protection.suite)
    private let finalChainingKey: [UInt8]
    private let role: SessionRole
    /// The packet keys, kept only so that `STTEndpoint.trafficKeys(for:)` can export them.
    let trafficKeys: SessionTrafficKeys
    /// The peer, authenticated by its static key and the shared seed.
    let peer: NodeID

    init(
        protection: PacketProtection, finalChainingKey: [UInt8], role: SessionRole, trafficKeys: SessionTrafficKeys,
        peer: NodeID
    ) {
        self.protection = protection
        self.finalChainingKey = finalChainingKey
        self.role = role
        self.trafficKeys = trafficKeys
        self.peer = peer
    }

    /// Segment keys for `BinaryStreamEncoder`/`Decoder` on a session: derived from the final
    /// chaining key (both sides hold it), one per direction so that nonces never collide.
    static func segmentKeys(chainingKey: [UInt8], role: SessionRole, suite: CipherSuite) -> StreamCrypto {
        let out = noiseHKDF(
            chainingKey: chainingKey, inputKeyMaterial: Array("stt/v1 segment keys".utf8), outputs: 2)
        let (i2r, r2i) = (SymmetricKey(data: out[0]), SymmetricKey(data: out[1]))
        return role == .initiator
            ? StreamCrypto(sealKey: i2r, openKey: r2i, suite: suite)
            : StreamCrypto(sealKey: r2i, openKey: i2r, suite: suite)
    }
}
