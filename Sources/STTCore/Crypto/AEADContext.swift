import CLibCrypto
import Foundation

/// One AEAD key of a cipher suite, set up once and used for every message under that key.
///
/// The key schedule (AES round keys and GHASH table, or the ChaCha20 key) lives in an OpenSSL
/// EVP context for the key's lifetime; each message only sets its nonce. Sealing writes the
/// ciphertext and then the 16-byte tag; in-place operation (output = input) is allowed. Not
/// thread-safe: one owner at a time (a session's packet path, a stream coder under its lock).
final class AEADContext {
    /// Bytes in a nonce, a tag and a key, for both suites.
    static let nonceLength = 12
    static let tagLength = 16
    static let keyLength = 32

    let suite: CipherSuite
    /// Whether this context seals (else it opens).
    let isSealing: Bool
    private let context: OpaquePointer

    /// The two ciphers, fetched from the default provider once: passing `EVP_aes_256_gcm()`
    /// makes every context set-up look the algorithm up again (a lock and a name search).
    /// Fetched ciphers are immutable and may be shared between threads.
    nonisolated(unsafe) private static let aesGCMCipher = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil)
    nonisolated(unsafe) private static let chaChaPolyCipher = EVP_CIPHER_fetch(nil, "ChaCha20-Poly1305", nil)

    /// Nil if `key` is not 32 bytes or libcrypto refuses the context (out of memory).
    init?(suite: CipherSuite, key: [UInt8], sealing: Bool) {
        let fetched = suite == .aesGCM ? Self.aesGCMCipher : Self.chaChaPolyCipher
        guard key.count == Self.keyLength, let cipher = fetched, let context = EVP_CIPHER_CTX_new() else {
            return nil
        }
        let status = key.withUnsafeBufferPointer { key in
            sealing
                ? EVP_EncryptInit_ex(context, cipher, nil, key.baseAddress, nil)
                : EVP_DecryptInit_ex(context, cipher, nil, key.baseAddress, nil)
        }
        guard status == 1 else {
            EVP_CIPHER_CTX_free(context)
            return nil
        }
        self.suite = suite
        self.isSealing = sealing
        self.context = context
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Seals `plaintextCount` bytes at `plaintext` into `output` (room for `plaintextCount + 16`).
    /// - Returns: false if libcrypto failed (it does not for valid lengths) or lengths overflow.
    func seal(
        nonce: UnsafePointer<UInt8>, aad: UnsafeRawBufferPointer, plaintext: UnsafePointer<UInt8>?,
        plaintextCount: Int, output: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        guard isSealing, let aadLength = Int32(exactly: aad.count), let length = Int32(exactly: plaintextCount)
        else { return false }
        var written: Int32 = 0
        guard EVP_EncryptInit_ex(context, nil, nil, nil, nonce) == 1 else { return false }
        if aadLength > 0 {
            let aadBytes = aad.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard EVP_EncryptUpdate(context, nil, &written, aadBytes, aadLength) == 1 else { return false }
        }
        var produced = 0
        if length > 0 {
            guard EVP_EncryptUpdate(context, output, &written, plaintext, length) == 1 else { return false }
            produced = Int(written)
        }
        guard EVP_EncryptFinal_ex(context, output + produced, &written) == 1 else { return false }
        return EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagLength), output + plaintextCount)
            == 1
    }

    /// Authenticates and decrypts `ciphertextCount` bytes at `ciphertext` followed by their tag
    /// at `tag`, into `output` (room for `ciphertextCount`). False if authentication fails.
    func open(
        nonce: UnsafePointer<UInt8>, aad: UnsafeRawBufferPointer, ciphertext: UnsafePointer<UInt8>?,
        ciphertextCount: Int, tag: UnsafePointer<UInt8>, output: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        guard !isSealing, let aadLength = Int32(exactly: aad.count), let length = Int32(exactly: ciphertextCount)
        else { return false }
        var written: Int32 = 0
        guard EVP_DecryptInit_ex(context, nil, nil, nil, nonce) == 1 else { return false }
        if aadLength > 0 {
            let aadBytes = aad.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard EVP_DecryptUpdate(context, nil, &written, aadBytes, aadLength) == 1 else { return false }
        }
        var produced = 0
        if length > 0 {
            guard EVP_DecryptUpdate(context, output, &written, ciphertext, length) == 1 else { return false }
            produced = Int(written)
        }
        let tagPointer = UnsafeMutableRawPointer(mutating: tag)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagLength), tagPointer) == 1 else {
            return false
        }
        return EVP_DecryptFinal_ex(context, output + produced, &written) == 1
    }
}

extension AEADContext {
    /// Seals `plaintext` under `nonce` (12 bytes): `ciphertext ‖ tag`, or nil on a bad nonce.
    func seal(nonce: [UInt8], aad: [UInt8], plaintext: [UInt8]) -> [UInt8]? {
        guard nonce.count == Self.nonceLength else { return nil }
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: plaintext.count + Self.tagLength) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            ok = nonce.withUnsafeBufferPointer { n in
                aad.withUnsafeBytes { a in
                    plaintext.withUnsafeBufferPointer { p in
                        seal(
                            nonce: n.baseAddress!, aad: a, plaintext: p.baseAddress, plaintextCount: p.count,
                            output: base)
                    }
                }
            }
            count = ok ? buffer.count : 0
        }
        return ok ? out : nil
    }

    /// Opens `ciphertext ‖ tag` under `nonce`: the plaintext, or nil if it does not authenticate.
    func open<Sealed: ContiguousBytes, AAD: ContiguousBytes>(nonce: [UInt8], aad: AAD, sealed: Sealed) -> [UInt8]? {
        guard nonce.count == Self.nonceLength else { return nil }
        return sealed.withUnsafeBytes { sealed -> [UInt8]? in
            guard sealed.count >= Self.tagLength, let base = sealed.baseAddress else { return nil }
            let count = sealed.count - Self.tagLength
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            var ok = false
            let out = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
                ok = nonce.withUnsafeBufferPointer { n in
                    aad.withUnsafeBytes { a in
                        open(
                            nonce: n.baseAddress!, aad: a, ciphertext: bytes, ciphertextCount: count,
                            tag: bytes + count, output: buffer.baseAddress!)
                    }
                }
                initialized = ok ? count : 0
            }
            return ok ? out : nil
        }
    }
}
