import STTCore

/// A UDP payload that is really several STT datagrams: what tcpdump records on a host that sends
/// with UDP segmentation offload (GSO), or on loopback, where the kernel never splits the
/// super-datagram. The segments are equal-size but for a shorter last one and each starts with a
/// protected packet's 12-byte header of the same session, which is how they are found: the size
/// is where that header appears again, and it must appear at every multiple of it. (Sixteen-byte
/// header bytes inside ciphertext by chance: about 2^-96.)
enum SegmentedDatagram {
    /// The segments of `payload`, or nil when it is one datagram.
    static func split(_ payload: [UInt8]) -> [ArraySlice<UInt8>]? {
        let header = STTWire.commonHeaderLength
        let minimum = PacketType.protected.minimumLength
        guard payload.count >= 2 * minimum, payload[STTWire.Offset.type] == PacketType.protected.rawValue
        else { return nil }
        let prefix = payload[0..<header]
        var size = minimum
        // The first place past one minimum-size packet where the same header starts again.
        while size + header <= payload.count, payload[size..<size + header] != prefix { size += 1 }
        guard size + header <= payload.count else { return nil }
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        while start < payload.count {
            let end = min(start + size, payload.count)
            let piece = payload[start..<end]
            guard piece.count >= minimum, piece.prefix(header).elementsEqual(prefix) else { return nil }
            pieces.append(piece)
            start = end
        }
        return pieces
    }
}
