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
        self.init(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: sharedSeed),
                                              salt: Array("stt/v1 stream segments".utf8), info: [UInt8](),
                                              outputByteCount: 32))
    }
}

/// One segment of a binary stream, as the seed chapter describes it.
public struct StreamSegment: Equatable, Sendable {
    public let sequence: UInt64
    /// The sealed segment, self-describing: `flags(1) ‖ session id(8) ‖ stream id(4) ‖
    /// sequence(8) ‖ ciphertext ‖ tag(16)`. Send these bytes over any transport; the decoder
    /// takes them back. The 21 header bytes are authenticated; bytes 9..<21 are the nonce.
    public let data: [UInt8]
    public let sessionID: SessionID
    public let streamID: UInt32
    public let isFinal: Bool

    static let headerLength = 21
    static let finalFlag: UInt8 = 0x01
    /// Bytes sealing adds to a segment's plaintext.
    public static let overhead = headerLength + 16

    /// Parses the clear header of sealed segment bytes (the payload stays sealed).
    public init(sealed data: [UInt8]) throws(StreamError) {
        guard data.count >= Self.overhead else { throw .authenticationFailed(sequence: 0) }
        let flags = data[0]
        guard flags & ~Self.finalFlag == 0 else { throw .authenticationFailed(sequence: 0) }
        sessionID = SessionID(rawValue: data.readUInt64BE(at: 1))
        streamID = data.readUInt32BE(at: 9)
        sequence = data.readUInt64BE(at: 13)
        isFinal = flags & Self.finalFlag != 0
        self.data = data
    }

    init(sequence: UInt64, data: [UInt8], sessionID: SessionID, streamID: UInt32, isFinal: Bool) {
        self.sequence = sequence
        self.data = data
        self.sessionID = sessionID
        self.streamID = streamID
        self.isFinal = isFinal
    }

    /// Seals `plaintext` as segment `sequence`.
    static func seal(_ plaintext: ArraySlice<UInt8>, key: SymmetricKey, sessionID: SessionID, streamID: UInt32,
                     sequence: UInt64, isFinal: Bool) -> StreamSegment {
        var out = [UInt8]()
        out.reserveCapacity(overhead + plaintext.count)
        out.append(isFinal ? finalFlag : 0)
        out.appendUInt64BE(sessionID.rawValue)
        out.appendUInt32BE(streamID)
        out.appendUInt64BE(sequence)
        // A 12-byte nonce and a 32-byte key cannot fail.
        let nonce = try! ChaChaPoly.Nonce(data: out[9..<21])
        let box = try! ChaChaPoly.seal(plaintext, using: key, nonce: nonce, authenticating: out)
        out.removeLast(12)
        box.combined.withUnsafeBytes { out.append(contentsOf: $0) }
        return StreamSegment(sequence: sequence, data: out, sessionID: sessionID, streamID: streamID, isFinal: isFinal)
    }

    /// Authenticates and decrypts this segment.
    func open(key: SymmetricKey) throws(StreamError) -> Data {
        guard let box = try? ChaChaPoly.SealedBox(combined: data[9...]),
              let plain = try? ChaChaPoly.open(box, using: key, authenticating: data[0..<Self.headerLength])
        else { throw .authenticationFailed(sequence: sequence) }
        return plain
    }
}
