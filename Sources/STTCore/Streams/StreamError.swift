/// Errors of stream commands and of the standalone decoder.
public enum StreamError: Error, Equatable, Sendable, CustomStringConvertible {
    case segmentSizeOutOfRange(Int)
    case liveStreamCannotEnd
    case streamEnded
    case unknownStream(UInt32)
    case streamIDInUse(UInt32)
    case noCredits
    /// Standalone decoder: the segment's tag did not verify (tampered or wrong key).
    case authenticationFailed(sequence: UInt64)
    /// Standalone decoder: the segment belongs to another session or stream.
    case foreignSegment(sessionID: SessionID, streamID: UInt32)
    /// Standalone decoder: this segment was already delivered.
    case staleSegment(sequence: UInt64)
    /// Standalone decoder: this segment is already buffered.
    case duplicateSegment(sequence: UInt64)
    /// Standalone decoder: the segment lies beyond the credits granted.
    case beyondCredits(sequence: UInt64, limit: UInt64)
    /// Standalone decoder: data after the final marker, or a second final marker.
    case afterFinal(sequence: UInt64)
    /// The segment key could not be set up (libcrypto could not allocate its context).
    case keySetupFailed

    public var description: String {
        switch self {
        case .segmentSizeOutOfRange(let n):
            return
                "segment size \(n) is outside \(StreamDefaults.segmentSizes.lowerBound)...\(StreamDefaults.segmentSizes.upperBound) bytes"
        case .liveStreamCannotEnd: return "a live stream is unbounded and cannot be ended; use a bounded stream"
        case .streamEnded: return "the stream has ended; nothing more can be sent on it"
        case .unknownStream(let id): return "no stream \(id)"
        case .streamIDInUse(let id): return "stream \(id) is already open"
        case .noCredits: return "no credits: the receiver has not granted more segments yet"
        case .authenticationFailed(let s): return "segment \(s) failed authentication (tampered or wrong key)"
        case .foreignSegment(let session, let stream): return "segment belongs to session \(session) stream \(stream)"
        case .staleSegment(let s): return "segment \(s) was already delivered"
        case .duplicateSegment(let s): return "segment \(s) is already buffered"
        case .beyondCredits(let s, let limit): return "segment \(s) is beyond the credits granted (limit \(limit))"
        case .afterFinal(let s): return "segment \(s) comes after the final marker"
        case .keySetupFailed: return "the segment key could not be set up (libcrypto refused its context)"
        }
    }
}
