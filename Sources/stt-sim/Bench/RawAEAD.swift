import Crypto
import Foundation

/// The baseline of every crypto benchmark: swift-crypto's ChaCha20-Poly1305 seal then open of
/// one plaintext under a counter nonce, and nothing else.
struct RawAEAD {
    private let key = SymmetricKey(size: .bits256)
    private let plaintext: [UInt8]
    private let aad: [UInt8]
    private var counter: UInt64 = 0

    init(plaintextSize: Int, aadSize: Int) {
        plaintext = [UInt8](repeating: 0x5A, count: plaintextSize)
        aad = [UInt8](repeating: 0, count: aadSize)
    }

    mutating func sealOpen() throws {
        counter += 1
        var nonceBytes = [UInt8](repeating: 0, count: 12)
        Swift.withUnsafeBytes(of: counter.littleEndian) { nonceBytes.replaceSubrange(4..<12, with: $0) }
        let box = try ChaChaPoly.seal(
            plaintext, using: key, nonce: try ChaChaPoly.Nonce(data: nonceBytes), authenticating: aad)
        guard try ChaChaPoly.open(box, using: key, authenticating: aad).count == plaintext.count else {
            throw BenchFailure("raw AEAD round trip failed")
        }
    }
}
