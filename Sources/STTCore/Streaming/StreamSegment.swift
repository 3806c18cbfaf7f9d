import Crypto
import Foundation

/// One segment of a binary stream, as the seed chapter describes it.
public struct StreamSegment: Equatable, Sendable {
    public let sequence: UInt64
    /// The sealed segment, exactly ChaCha20-Poly1305's combined form:
    /// `nonce(12) ‖ ciphertext ‖ tag(16)`, where the nonce is `stream id (u32) ‖ sequence (u64,
    /// top bit = final)`. Send these bytes over any transport; the decoder takes them back. The
    /// session id is the associated data, so a segment opens only in its own session, and the
    /// nonce binds stream, sequence and final flag: changing any of them fails authentication.
    public let data: Data
    public let sessionID: SessionID
    public let streamID: UInt32
    public let isFinal: Bool

    static let nonceLength = 12
    static let finalBit: UInt64 = 1 << 63
    /// Bytes sealing adds to a segment's plaintext.
    public static let overhead = nonceLength + 16

    /// Reads the clear nonce of sealed segment bytes received in `sessionID` (the payload stays
    /// sealed until a decoder opens it).
    public init(sealed data: Data, sessionID: SessionID) throws(StreamError) {
        guard data.count >= Self.overhead else { throw .authenticationFailed(sequence: 0) }
        let header = [UInt8](data.prefix(Self.nonceLength))
        streamID = header.readUInt32BE(at: 0)
        let raw = header.readUInt64BE(at: 4)
        sequence = raw & ~Self.finalBit
        isFinal = raw & Self.finalBit != 0
        self.sessionID = sessionID
        self.data = data
    }

    init(sequence: UInt64, data: Data, sessionID: SessionID, streamID: UInt32, isFinal: Bool) {
        self.sequence = sequence
        self.data = data
        self.sessionID = sessionID
        self.streamID = streamID
        self.isFinal = isFinal
    }

    /// Seals `plaintext` as segment `sequence` (below 2^63).
    static func seal(
        _ plaintext: ArraySlice<UInt8>, key: SymmetricKey, sessionID: SessionID, streamID: UInt32,
        sequence: UInt64, isFinal: Bool
    ) -> StreamSegment {
        var nonce = [UInt8]()
        nonce.reserveCapacity(nonceLength)
        nonce.appendUInt32BE(streamID)
        nonce.appendUInt64BE(sequence | (isFinal ? finalBit : 0))
        // A 12-byte nonce and a 32-byte key cannot fail.
        let box = try! ChaChaPoly.seal(
            plaintext, using: key, nonce: try! ChaChaPoly.Nonce(data: nonce),
            authenticating: sessionID.bytes)
        return StreamSegment(
            sequence: sequence, data: box.combined, sessionID: sessionID, streamID: streamID,
            isFinal: isFinal)
    }

    /// Authenticates and decrypts this segment.
    func open(key: SymmetricKey) throws(StreamError) -> Data {
        guard let box = try? ChaChaPoly.SealedBox(combined: data),
            let plain = try? ChaChaPoly.open(box, using: key, authenticating: sessionID.bytes)
        else { throw .authenticationFailed(sequence: sequence) }
        return plain
    }
}
