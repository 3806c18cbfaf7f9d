import Crypto
import Foundation

/// Noise `CipherState` (Noise spec §5.1): a key and a 64-bit counter nonce, for either suite.
struct NoiseCipherState {
    let suite: CipherSuite
    private(set) var key: [UInt8]?
    var nonce: UInt64 = 0

    init(suite: CipherSuite, key: [UInt8]? = nil) {
        self.suite = suite
        self.key = key
    }

    var hasKey: Bool { key != nil }

    mutating func encrypt(associatedData: [UInt8], plaintext: [UInt8]) throws -> [UInt8] {
        guard let key else { return plaintext }
        guard let context = AEADContext(suite: suite, key: key, sealing: true),
            let sealed = context.seal(nonce: suite.noiseNonce(nonce), aad: associatedData, plaintext: plaintext)
        else { throw NoiseError.decryptionFailed }
        nonce += 1
        return sealed
    }

    mutating func decrypt(associatedData: [UInt8], ciphertext: ArraySlice<UInt8>) throws -> [UInt8] {
        guard let key else { return Array(ciphertext) }
        guard ciphertext.count >= AEADContext.tagLength else { throw NoiseError.messageTooShort }
        guard let context = AEADContext(suite: suite, key: key, sealing: false),
            let plain = context.open(nonce: suite.noiseNonce(nonce), aad: associatedData, sealed: ciphertext)
        else { throw NoiseError.decryptionFailed }
        nonce += 1
        return plain
    }
}
