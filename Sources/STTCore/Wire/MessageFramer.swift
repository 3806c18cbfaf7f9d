/// Whole messages over a reliable byte stream: each message is a 4-byte big-endian length, then
/// its bytes (how `STTNode.send(toSessions:_:)` keeps message boundaries on a stream). Pure:
/// feed received bytes in, take whole messages out; nothing is copied twice.
public struct MessageFramer: Sendable {
    /// Bytes of the length prefix.
    public static let headerLength = 4

    /// A length prefix announced more than `maximumMessageSize` bytes.
    public struct TooLarge: Error, Equatable, Sendable, CustomStringConvertible {
        public let length: Int
        public let maximum: Int
        public var description: String { "message of \(length) bytes exceeds the \(maximum)-byte limit" }
    }

    /// The longest message accepted, in bytes (at most `UInt32.max`).
    public let maximumMessageSize: Int
    private var buffer: [UInt8] = []
    /// Where the next message starts in `buffer`.
    private var start = 0
    /// Set once a prefix was too large: the stream cannot be resynchronised, so nothing more is
    /// returned.
    public private(set) var failure: TooLarge?

    public init(maximumMessageSize: Int) {
        self.maximumMessageSize = min(max(0, maximumMessageSize), Int(UInt32.max))
    }

    /// The framed form of `message` (the caller keeps it within `UInt32.max` bytes).
    public static func frame(_ message: [UInt8]) -> [UInt8] {
        let n = UInt32(truncatingIfNeeded: message.count)
        var framed = [UInt8]()
        framed.reserveCapacity(headerLength + message.count)
        framed += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
        framed += message
        return framed
    }

    /// Bytes received of messages not yet whole.
    public var pendingBytes: Int { buffer.count - start }

    /// Appends received bytes; returns every message now whole, in order. After a too-large
    /// prefix (`failure`) it returns the messages before it, then nothing.
    public mutating func append(_ bytes: [UInt8]) -> [[UInt8]] {
        guard failure == nil else { return [] }
        buffer += bytes
        var out: [[UInt8]] = []
        while buffer.count - start >= Self.headerLength {
            let s = start
            let n = Int(buffer[s]) << 24 | Int(buffer[s + 1]) << 16 | Int(buffer[s + 2]) << 8 | Int(buffer[s + 3])
            guard n <= maximumMessageSize else {
                failure = TooLarge(length: n, maximum: maximumMessageSize)
                buffer = []
                start = 0
                return out
            }
            guard buffer.count - s - Self.headerLength >= n else { break }
            out.append(Array(buffer[(s + Self.headerLength)..<(s + Self.headerLength + n)]))
            start += Self.headerLength + n
        }
        // Compact once half is consumed: appends stay amortised O(1) per byte.
        if start > 0, start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return out
    }
}
