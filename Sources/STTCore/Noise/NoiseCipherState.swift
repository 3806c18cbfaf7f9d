import Crypto
import Foundation

/// Noise `CipherState` for ChaChaPoly (Noise spec §5.1): a key and a 64-bit counter nonce.
struct NoiseCipherState {
    var key: SymmetricKey?
    var nonce: UInt64 = 0

    var hasKey: Bool { key != nil }

    mutating func encrypt(associatedData: [UInt8], plaintext: [UInt8]) throws -> [UInt8] {
        guard let key else { return plaintext }
        let box = try ChaChaPoly.seal(
            plaintext, using: key, nonce: try ChaChaPoly.Nonce(counter: nonce), authenticating: associatedData)
        nonce += 1
        return Array(box.ciphertext) + Array(box.tag)
    }

    mutating func decrypt(associatedData: [UInt8], ciphertext: ArraySlice<UInt8>) throws -> [UInt8] {
        guard let key else { return Array(ciphertext) }
        guard ciphertext.count >= 16 else { throw NoiseError.messageTooShort }
        let box = try ChaChaPoly.SealedBox(
            nonce: try ChaChaPoly.Nonce(counter: nonce),
            ciphertext: ciphertext.dropLast(16),
            tag: ciphertext.suffix(16))
        let plain = try ChaChaPoly.open(box, using: key, authenticating: associatedData)
        nonce += 1
        return Array(plain)
    }
}
