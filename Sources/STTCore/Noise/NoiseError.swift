import Foundation

/// Why a Noise handshake message was refused.
public enum NoiseError: Error, Equatable {
    /// The message is shorter than its tokens require.
    case messageTooShort
    /// An AEAD tag did not verify: tampering, or the peers hold different keys (wrong psk).
    case decryptionFailed
    /// A received public key is not a valid X25519 point.
    case invalidPublicKey
    /// A message arrived out of turn for this pattern.
    case outOfTurn
}
