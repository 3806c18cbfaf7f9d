import STTCore

/// The `packet` fuzz target: the wire codecs a datagram meets before and after decryption.
///
/// The whole input goes to `PacketPrefix.parse` (an accepted prefix must re-encode to the same
/// 12 bytes), to `Frame.parseAll` as a decrypted payload (accepted frames must re-encode to the
/// same bytes, and parse back to the same frames), to `PacketProtection.open(_:key:suite:)` under
/// both suites (the capture analyser's replay-free opener), and in pieces to `MessageFramer` (messages must
/// re-frame to exactly the bytes consumed).
private let analysisKey = [UInt8](repeating: 0x42, count: 32)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    checkPrefix(input)
    checkFrames(input)
    for suite in CipherSuite.allCases { _ = PacketProtection.open(input, key: analysisKey, suite: suite) }
    checkFramer(input)
    return 0
}

private func checkPrefix(_ input: [UInt8]) {
    guard case .success(let prefix) = PacketPrefix.parse(input) else { return }
    let header = PacketPrefix.encode(prefix.type, prefix.sessionID)
    precondition(header[...] == input.prefix(STTWire.commonHeaderLength), "a parsed prefix re-encodes differently")
    precondition(input.count >= prefix.type.minimumLength, "a prefix shorter than its type was accepted")
}

private func checkFrames(_ input: [UInt8]) {
    guard let frames = try? Frame.parseAll(input) else { return }
    var encoded: [UInt8] = []
    for frame in frames {
        let before = encoded.count
        frame.encode(into: &encoded)
        precondition(encoded.count - before == frame.encodedLength, "encodedLength disagrees with encode")
    }
    guard let again = try? Frame.parseAll(encoded) else {
        preconditionFailure("re-encoded frames do not parse")
    }
    // A CLOSE reason is decoded leniently (invalid UTF-8 becomes U+FFFD), so only frames without
    // one must come back byte for byte.
    let lossless = frames.allSatisfy {
        if case .close = $0 { return false }
        return true
    }
    if lossless {
        precondition(again == frames, "re-encoded frames parse to different frames")
        precondition(encoded[...] == input.prefix(encoded.count), "frames re-encode to different bytes")
    }
}

private func checkFramer(_ input: [UInt8]) {
    guard let first = input.first else { return }
    var framer = MessageFramer(maximumMessageSize: Int(first) * 16)
    var messages: [[UInt8]] = []
    var at = 1
    var chunk = 1 + Int(first % 7)
    while at < input.count {
        let end = min(at + chunk, input.count)
        messages += framer.append(Array(input[at..<end]))
        at = end
        chunk = chunk * 2 % 61 + 1
    }
    let reframed = messages.flatMap { MessageFramer.frame($0) }
    precondition(reframed[...] == input.dropFirst().prefix(reframed.count), "messages do not re-frame to the input")
    if framer.failure == nil {
        precondition(reframed.count + framer.pendingBytes == input.count - 1, "the framer lost bytes")
    }
}
