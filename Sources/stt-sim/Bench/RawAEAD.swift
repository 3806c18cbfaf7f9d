import CLibCrypto
import Crypto
import Foundation
import STTCore

/// The ceiling of every crypto benchmark: libcrypto's EVP seal then open of one plaintext, with
/// one context per direction set up once (what `openssl speed -evp` measures) and buffers
/// allocated once: only the AEAD work itself remains.
final class LibcryptoAEAD {
    let suite: CipherSuite
    private let sealer: OpaquePointer
    private let opener: OpaquePointer
    private var plaintext: [UInt8]
    private var sealed: [UInt8]
    private var opened: [UInt8]
    private let aad: [UInt8]
    private var nonce = [UInt8](repeating: 0, count: 12)
    private var counter: UInt64 = 0

    init(suite: CipherSuite, plaintextSize: Int, aadSize: Int) throws {
        let key = (0..<32).map { UInt8($0) }
        let cipher = suite == .aesGCM ? EVP_aes_256_gcm() : EVP_chacha20_poly1305()
        guard let sealer = EVP_CIPHER_CTX_new(), let opener = EVP_CIPHER_CTX_new(),
            EVP_EncryptInit_ex(sealer, cipher, nil, key, nil) == 1,
            EVP_DecryptInit_ex(opener, cipher, nil, key, nil) == 1
        else { throw BenchFailure("libcrypto refused a \(suite) context") }
        self.suite = suite
        self.sealer = sealer
        self.opener = opener
        plaintext = [UInt8](repeating: 0x5A, count: plaintextSize)
        sealed = [UInt8](repeating: 0, count: plaintextSize + 16)
        opened = [UInt8](repeating: 0, count: max(plaintextSize, 1))
        aad = [UInt8](repeating: 0, count: aadSize)
    }

    deinit {
        EVP_CIPHER_CTX_free(sealer)
        EVP_CIPHER_CTX_free(opener)
    }

    func sealOpen() throws {
        counter += 1
        withUnsafeBytes(of: counter.littleEndian) { nonce.replaceSubrange(4..<12, with: $0) }
        let length = plaintext.count
        let ok = sealed.withUnsafeMutableBufferPointer { s in
            opened.withUnsafeMutableBufferPointer { o in
                roundTrip(sealed: s.baseAddress!, opened: o.baseAddress!, length: length)
            }
        }
        guard ok else { throw BenchFailure("libcrypto \(suite) round trip failed") }
    }

    private func roundTrip(sealed: UnsafeMutablePointer<UInt8>, opened: UnsafeMutablePointer<UInt8>, length: Int)
        -> Bool
    {
        var n: Int32 = 0
        let count = Int32(length)
        var ok = EVP_EncryptInit_ex(sealer, nil, nil, nil, nonce) == 1
        ok = ok && EVP_EncryptUpdate(sealer, nil, &n, aad, Int32(aad.count)) == 1
        ok = ok && EVP_EncryptUpdate(sealer, sealed, &n, plaintext, count) == 1
        ok = ok && EVP_EncryptFinal_ex(sealer, sealed + Int(n), &n) == 1
        ok = ok && EVP_CIPHER_CTX_ctrl(sealer, EVP_CTRL_AEAD_GET_TAG, 16, sealed + length) == 1
        ok = ok && EVP_DecryptInit_ex(opener, nil, nil, nil, nonce) == 1
        ok = ok && EVP_DecryptUpdate(opener, nil, &n, aad, Int32(aad.count)) == 1
        ok = ok && EVP_DecryptUpdate(opener, opened, &n, sealed, count) == 1
        ok = ok && EVP_CIPHER_CTX_ctrl(opener, EVP_CTRL_AEAD_SET_TAG, 16, sealed + length) == 1
        return ok && EVP_DecryptFinal_ex(opener, opened + Int(n), &n) == 1
    }
}

/// For reference: swift-crypto's ChaCha20-Poly1305 seal then open through its public API, which
/// sets the key up again for every call.
struct SwiftCryptoAEAD {
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
            throw BenchFailure("swift-crypto round trip failed")
        }
    }
}
