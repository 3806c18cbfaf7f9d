/// How a stream ends and what it does with late data.
public enum StreamMode: Equatable, Sendable, CustomStringConvertible {
    /// A finite stream: fully reliable, ended with a final marker.
    case bounded
    /// An unbounded stream (sensor data, video): it cannot be ended. With a `deadline`, data
    /// older than that is skipped instead of retransmitted; without one it is fully reliable.
    case live(deadline: STTDuration?)

    public var description: String {
        switch self {
        case .bounded: return "bounded"
        case .live(nil): return "live"
        case .live(let d?): return "live(deadline \(d))"
        }
    }
}

/// Stream-level constants shared by the endpoint and the standalone encoder/decoder.
public enum StreamDefaults {
    /// Segments a receiver lets a sender have outstanding before granting more (the seed's 100).
    public static let initialCredits = 100
    /// Default segment size in bytes (64 KiB).
    public static let segmentSize = 65_536
    /// Smallest and largest segment sizes, in bytes (1 KiB ... 1 MiB).
    public static let segmentSizes = 1_024...1_048_576
}

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
        }
    }
}
