import Crypto
import Foundation

/// Keys that seal and open standalone stream segments (`BinaryStreamEncoder`/`Decoder`).
///
/// Each segment is sealed with ChaCha20-Poly1305 under a nonce made of its stream id and
/// sequence, so one key must serve one sending direction of a (session, stream) pair only.
/// `STTEndpoint.streamCrypto(for:)` gives per-direction keys exported from the handshake.
public struct StreamCrypto: Sendable {
    let sealKey: SymmetricKey
    let openKey: SymmetricKey

    /// Seal and open with the same key (both ends hold it; one direction per stream).
    public init(key: SymmetricKey) {
        sealKey = key
        openKey = key
    }

    /// Seal with one key and open with another (one per direction).
    public init(sealKey: SymmetricKey, openKey: SymmetricKey) {
        self.sealKey = sealKey
        self.openKey = openKey
    }

    /// A key derived from a shared seed (≥ 16 bytes), for streams outside any session.
    public init(sharedSeed: [UInt8]) throws {
        guard sharedSeed.count >= minimumSeedLength else {
            throw SeedError.tooShort(name: "shared_seed", length: sharedSeed.count, minimum: minimumSeedLength)
        }
        self.init(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: sharedSeed),
                salt: Array("stt/v1 stream segments".utf8), info: [UInt8](),
                outputByteCount: 32))
    }
}
