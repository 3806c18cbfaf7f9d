import Crypto
import Foundation

extension ChaChaPoly.Nonce {
    /// The Noise / STT nonce for a 64-bit counter: 4 zero bytes, then the counter little-endian.
    @inlinable
    init(counter: UInt64) throws {
        var bytes = [UInt8](repeating: 0, count: 12)
        var c = counter
        for i in 4..<12 {
            bytes[i] = UInt8(truncatingIfNeeded: c)
            c >>= 8
        }
        try self.init(data: bytes)  // 12 bytes: never throws, but nothing traps if it did
    }
}

/// Noise `SymmetricState` over SHA-256 (Noise spec §5.2).
struct NoiseSymmetricState {
    var cipher: NoiseCipherState
    /// Chaining key `ck`.
    private(set) var chainingKey: [UInt8]
    /// Handshake hash `h`.
    private(set) var handshakeHash: [UInt8]

    init(protocolName: String, suite: CipherSuite) {
        cipher = NoiseCipherState(suite: suite)
        let name = Array(protocolName.utf8)
        if name.count <= 32 {
            handshakeHash = name + [UInt8](repeating: 0, count: 32 - name.count)
        } else {
            handshakeHash = Array(SHA256.hash(data: name))
        }
        chainingKey = handshakeHash
    }

    mutating func mixKey(_ inputKeyMaterial: [UInt8]) {
        let out = noiseHKDF(chainingKey: chainingKey, inputKeyMaterial: inputKeyMaterial, outputs: 2)
        chainingKey = out[0]
        cipher = NoiseCipherState(suite: cipher.suite, key: out[1])
    }

    mutating func mixHash(_ data: [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: handshakeHash)
        hasher.update(data: data)
        handshakeHash = Array(hasher.finalize())
    }

    mutating func mixKeyAndHash(_ inputKeyMaterial: [UInt8]) {
        let out = noiseHKDF(chainingKey: chainingKey, inputKeyMaterial: inputKeyMaterial, outputs: 3)
        chainingKey = out[0]
        mixHash(out[1])
        cipher = NoiseCipherState(suite: cipher.suite, key: out[2])
    }

    mutating func encryptAndHash(_ plaintext: [UInt8]) throws -> [UInt8] {
        let c = try cipher.encrypt(associatedData: handshakeHash, plaintext: plaintext)
        mixHash(c)
        return c
    }

    mutating func decryptAndHash(_ ciphertext: ArraySlice<UInt8>) throws -> [UInt8] {
        let p = try cipher.decrypt(associatedData: handshakeHash, ciphertext: ciphertext)
        mixHash(Array(ciphertext))
        return p
    }

    /// The two transport keys: initiator→responder, responder→initiator.
    func split() -> (SymmetricKey, SymmetricKey) {
        let out = noiseHKDF(chainingKey: chainingKey, inputKeyMaterial: [], outputs: 2)
        return (SymmetricKey(data: out[0]), SymmetricKey(data: out[1]))
    }
}

/// Noise's `HKDF(chaining_key, input_key_material, num_outputs)` (spec §4.3), on swift-crypto's
/// HMAC-SHA256. It equals RFC 5869 extract-then-expand with an empty `info`. The expand key is
/// set up once and copied for each output (an `HMAC` value carries its keyed inner state).
func noiseHKDF(chainingKey: [UInt8], inputKeyMaterial: [UInt8], outputs: Int) -> [[UInt8]] {
    let tempKey = SymmetricKey(
        data: HMAC<SHA256>.authenticationCode(for: inputKeyMaterial, using: SymmetricKey(data: chainingKey)))
    let keyed = HMAC<SHA256>(key: tempKey)
    var result: [[UInt8]] = []
    result.reserveCapacity(outputs)
    var previous: [UInt8] = []
    for i in 1...outputs {
        var mac = keyed
        mac.update(data: previous + [UInt8(truncatingIfNeeded: i)])
        previous = Array(mac.finalize())
        result.append(previous)
    }
    return result
}
