import Crypto
import Foundation
import STTCore

/// The `stream-decoder` fuzz target: `BinaryStreamDecoder.receive` on any sequence of segments.
///
/// Input: a byte choosing the decoder's credits (`1 + b % 16`), then records. A control byte `c`
/// picks by its low two bits, then a u16 length and payload follow:
/// - 0 raw: the payload as sealed segment bytes (mostly fails authentication);
/// - 1 real: encoder segment `(c >> 2) % count` (the seed encoder's output), delivered as is;
/// - 2 mutated: that real segment with `(position, xor)` payload pairs applied;
/// - 3 sealed: the payload's first 8 bytes are the nonce's sequence field (top bit = final) and
///   the rest is plaintext, sealed under the decoder's key (bit 7 of `c` picks another stream
///   id), so authentic segments reach the sequencing logic in any order.
/// Checks: buffered segments never exceed the credits, released bytes add up to the statistics,
/// and nothing is released after completion.
private let sessionID = SessionID(rawValue: 0x0123_4567_89AB_CDEF)
private let streamID: UInt32 = 3
private let crypto: StreamCrypto = {
    guard let c = try? StreamCrypto(sharedSeed: Array("stream-decoder-fuzz-seed".utf8)) else {
        fatalError("a 24-byte seed derives a stream key")
    }
    return c
}()
private let key = HKDF<SHA256>.deriveKey(
    inputKeyMaterial: SymmetricKey(data: Array("stream-decoder-fuzz-seed".utf8)),
    salt: Array("stt/v1 stream segments".utf8), info: [UInt8](), outputByteCount: 32)

/// Real encoder output: five 1 KiB segments of a counting pattern and the final marker.
private let realSegments: [[UInt8]] = {
    guard
        let encoder = try? BinaryStreamEncoder(
            crypto: crypto, sessionID: sessionID, streamID: streamID, segmentSize: 1024),
        let segments = try? encoder.encode((0..<4500).map { UInt8(truncatingIfNeeded: $0) }),
        let end = try? encoder.encodeEnd()
    else { fatalError("the seed encoder failed") }
    return (segments + [end]).map { Array($0.data) }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let first = input.first else { return 0 }
    let decoder = BinaryStreamDecoder(
        crypto: crypto, sessionID: sessionID, streamID: streamID, credits: 1 + Int(first % 16))
    var released = 0
    var at = 1
    while at < input.count {
        let control = input[at]
        var length = 0
        if at + 3 <= input.count { length = Int(input[at + 1]) << 8 | Int(input[at + 2]) }
        at = min(at + 3, input.count)
        length = min(length, input.count - at)
        let payload = Array(input[at..<at + length])
        at += length
        let segment: [UInt8]
        switch control & 3 {
        case 0: segment = payload
        case 1: segment = realSegments[Int(control >> 2) % realSegments.count]
        case 2:
            var s = realSegments[Int(control >> 2) % realSegments.count]
            var pair = 0
            while pair + 1 < payload.count {
                s[Int(payload[pair]) % s.count] ^= payload[pair + 1]
                pair += 2
            }
            segment = s
        default: segment = seal(payload, streamID: control & 0x80 == 0 ? streamID : streamID + 2)
        }
        let wasComplete = decoder.isComplete
        if let chunk = try? decoder.receive(segment) {
            precondition(!wasComplete, "a complete stream released more data")
            released += chunk.count
        }
        let statistics = decoder.statistics
        precondition(statistics.bufferedSegments <= decoder.credits, "buffered segments exceed the credits")
        precondition(statistics.totalBytesReceived == released, "released bytes and statistics disagree")
    }
    return 0
}

/// Seals `payload` as the encoder would: nonce = stream id ‖ the payload's first 8 bytes.
private func seal(_ payload: [UInt8], streamID: UInt32) -> [UInt8] {
    var nonce: [UInt8] = [
        UInt8(streamID >> 24), UInt8(streamID >> 16 & 0xFF), UInt8(streamID >> 8 & 0xFF), UInt8(streamID & 0xFF),
    ]
    nonce += payload.prefix(8)
    nonce += [UInt8](repeating: 0, count: 12 - nonce.count)
    guard let n = try? ChaChaPoly.Nonce(data: nonce),
        let box = try? ChaChaPoly.seal(payload.dropFirst(8), using: key, nonce: n, authenticating: sessionID.bytes)
    else { return [] }
    return Array(box.combined)
}
