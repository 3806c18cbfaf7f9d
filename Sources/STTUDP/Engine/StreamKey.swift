import STTCore

/// A stream of a session: the key of everything a node tracks per stream.
struct StreamKey: Hashable, Sendable {
    let session: SessionID
    let stream: UInt32
}
