import Crypto
import Foundation

/// Keys that seal and open standalone stream segments (`BinaryStreamEncoder`/`Decoder`).
///
/// Each segment is sealed with the suite's AEAD (AES-256-GCM or ChaCha20-Poly1305) under a nonce
/// made of its stream id and sequence, so one key must serve one sending direction of a
/// (session, stream) pair only.
/// `STTEndpoint.streamCrypto(for:)` gives per-direction keys exported from the handshake.
public struct StreamCrypto: Sendable {
    /// The AEAD of the segments.
    public let suite: CipherSuite
    let sealKey: [UInt8]
    let openKey: [UInt8]

    /// Seal and open with the same key (both ends hold it; one direction per stream).
    public init(key: SymmetricKey, suite: CipherSuite = .simulationDefault) {
        self.init(sealKey: key, openKey: key, suite: suite)
    }

    /// Seal with one key and open with another (one per direction).
    public init(sealKey: SymmetricKey, openKey: SymmetricKey, suite: CipherSuite = .simulationDefault) {
        self.suite = suite
        self.sealKey = sealKey.withUnsafeBytes { Array($0) }
        self.openKey = openKey.withUnsafeBytes { Array($0) }
    }

    /// A key derived from a shared seed (≥ 16 bytes), for streams outside any session.
    public init(sharedSeed: [UInt8], suite: CipherSuite = .simulationDefault) throws {
        guard sharedSeed.count >= minimumSeedLength else {
            throw SeedError.tooShort(name: "shared_seed", length: sharedSeed.count, minimum: minimumSeedLength)
        }
        self.init(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: sharedSeed),
                salt: Array("stt/v1 stream segments".utf8), info: [UInt8](),
                outputByteCount: 32),
            suite: suite)
    }
}
