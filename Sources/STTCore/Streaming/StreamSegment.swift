import Crypto
import Foundation

/// One segment of a binary stream, as the seed chapter describes it.
public struct StreamSegment: Equatable, Sendable {
    public let sequence: UInt64
    /// The sealed segment, in the AEAD's combined form:
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

    /// Seals `plaintext` as segment `sequence` (below 2^63), in one buffer with no other copy.
    static func seal(
        _ plaintext: ArraySlice<UInt8>, sealer: AEADContext, sessionID: SessionID, streamID: UInt32,
        sequence: UInt64, isFinal: Bool
    ) -> StreamSegment {
        let count = nonceLength + plaintext.count + AEADContext.tagLength
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        let aad = sessionID.bytes
        let sealed: Bool = {
            let word = sequence | (isFinal ? finalBit : 0)
            for i in 0..<4 { base[i] = UInt8(truncatingIfNeeded: streamID >> UInt32(24 - 8 * i)) }
            for i in 0..<8 { base[4 + i] = UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * i)) }
            return aad.withUnsafeBytes { aad in
                plaintext.withUnsafeBufferPointer { p in
                    sealer.seal(
                        nonce: base, aad: aad, plaintext: p.baseAddress, plaintextCount: p.count,
                        output: base + nonceLength)
                }
            }
        }()
        // Sealing fails only for lengths past 2 GiB; segments are at most 1 MiB.
        guard sealed else { preconditionFailure("AEAD seal of a \(plaintext.count)-byte segment failed") }
        // The buffer becomes the segment's bytes without a copy or a zero fill.
        let data = Data(bytesNoCopy: base, count: count, deallocator: .custom { pointer, _ in pointer.deallocate() })
        return StreamSegment(sequence: sequence, data: data, sessionID: sessionID, streamID: streamID, isFinal: isFinal)
    }

    /// Authenticates and decrypts this segment (always fails without an `opener`).
    func open(with opener: AEADContext?) throws(StreamError) -> Data {
        let count = data.count - Self.overhead
        guard let opener, count >= 0 else { throw .authenticationFailed(sequence: sequence) }
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count, 1))
        let aad = sessionID.bytes
        let opened = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return false }
            return aad.withUnsafeBytes { aad in
                opener.open(
                    nonce: base, aad: aad, ciphertext: base + Self.nonceLength, ciphertextCount: count,
                    tag: base + Self.nonceLength + count, output: output)
            }
        }
        guard opened else {
            output.deallocate()
            throw .authenticationFailed(sequence: sequence)
        }
        return Data(bytesNoCopy: output, count: count, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }
}
