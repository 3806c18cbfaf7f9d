/// What a session holds once its handshake produced keys: the packet protection (mutated by
/// every packet, hence a class), the keys for standalone stream segments and for export, and
/// the authenticated peer.
final class SessionKeys {
    var protection: PacketProtection
    /// Keys for standalone stream segments, exported from the handshake (one per direction).
    let streamCrypto: StreamCrypto
    /// The packet keys, kept only so that `STTEndpoint.trafficKeys(for:)` can export them.
    let trafficKeys: SessionTrafficKeys
    /// The peer, authenticated by its static key and the shared seed.
    let peer: NodeID

    init(protection: PacketProtection, streamCrypto: StreamCrypto, trafficKeys: SessionTrafficKeys, peer: NodeID) {
        self.protection = protection
        self.streamCrypto = streamCrypto
        self.trafficKeys = trafficKeys
        self.peer = peer
    }
}
