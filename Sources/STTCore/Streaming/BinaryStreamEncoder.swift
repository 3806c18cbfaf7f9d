import Crypto
import Synchronization

/// Splits data into sealed, numbered segments (the seed chapter's `BinaryStreamEncoder`).
///
/// Credit-based flow control: the encoder starts with 100 credits; each segment spends one; a
/// sender without credits waits (`send(_:)` suspends) until the receiver's grant arrives
/// through `grantCredits(upTo:)`. Thread-safe.
public final class BinaryStreamEncoder: Sendable {
    public let sessionID: SessionID
    public let streamID: UInt32
    /// Bytes per segment (1 KiB ... 1 MiB).
    public let segmentSize: Int
    public let mode: StreamMode

    private struct State {
        /// The segment key, set up once; used only under the lock (it is not thread-safe).
        let sealer: AEADContext
        var sequence: UInt64 = 0
        var creditLimit = UInt64(StreamDefaults.initialCredits)
        var totalBytesSent = 0
        var ended = false
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiterID: UInt64 = 0
    }
    private let state: Mutex<State>

    /// The seed's `get_statistics()`.
    public struct Statistics: Equatable, Sendable {
        public let totalBytesSent: Int
        public let sequence: UInt64
        public let mode: StreamMode
        public let ended: Bool
        public let credits: Int

        public init(totalBytesSent: Int, sequence: UInt64, mode: StreamMode, ended: Bool, credits: Int) {
            self.totalBytesSent = totalBytesSent
            self.sequence = sequence
            self.mode = mode
            self.ended = ended
            self.credits = credits
        }
    }

    public init(
        crypto: StreamCrypto, sessionID: SessionID, streamID: UInt32,
        segmentSize: Int = StreamDefaults.segmentSize, mode: StreamMode = .bounded
    ) throws(StreamError) {
        guard StreamDefaults.segmentSizes.contains(segmentSize) else { throw .segmentSizeOutOfRange(segmentSize) }
        guard let sealer = AEADContext(suite: crypto.suite, key: crypto.sealKey, sealing: true) else {
            throw .keySetupFailed
        }
        state = Mutex(State(sealer: sealer))
        self.sessionID = sessionID
        self.streamID = streamID
        self.segmentSize = segmentSize
        self.mode = mode
    }

    public var statistics: Statistics {
        state.withLock {
            Statistics(
                totalBytesSent: $0.totalBytesSent, sequence: $0.sequence, mode: mode, ended: $0.ended,
                credits: Int(clamping: $0.creditLimit > $0.sequence ? $0.creditLimit - $0.sequence : 0))
        }
    }

    /// The receiver allows segments below `limit` (a decoder's `creditLimit`). Wakes senders.
    public func grantCredits(upTo limit: UInt64) {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.creditLimit = max(s.creditLimit, limit)
            defer { s.waiters.removeAll() }
            return s.waiters.map(\.continuation)
        }
        for w in waiters { w.resume() }
    }

    /// Segments `data` at once if enough credits remain for all of it; otherwise encodes
    /// nothing and throws `.noCredits` (the sans-IO form of waiting).
    public func encode(_ data: [UInt8]) throws(StreamError) -> [StreamSegment] {
        let count = max(1, (data.count + segmentSize - 1) / segmentSize)
        return try state.withLock { (s) throws(StreamError) -> [StreamSegment] in
            guard !s.ended else { throw .streamEnded }
            guard s.creditLimit >= s.sequence + UInt64(count) else { throw .noCredits }
            guard s.sequence + UInt64(count) < StreamSegment.finalBit else { throw .streamEnded }
            var out: [StreamSegment] = []
            out.reserveCapacity(count)
            var start = 0
            repeat {
                let end = min(start + segmentSize, data.count)
                out.append(sealNext(data[start..<end], isFinal: false, &s))
                start = end
            } while start < data.count
            return out
        }
    }

    /// The final marker, sans-IO: throws for a live stream or without a credit.
    public func encodeEnd() throws(StreamError) -> StreamSegment {
        guard mode == .bounded else { throw .liveStreamCannotEnd }
        return try state.withLock { (s) throws(StreamError) -> StreamSegment in
            guard !s.ended else { throw .streamEnded }
            guard s.creditLimit > s.sequence else { throw .noCredits }
            s.ended = true
            return sealNext([], isFinal: true, &s)
        }
    }

    /// Yields `data`'s segments, waiting for credits whenever they run out. Segments are sealed
    /// on demand, one per `next()`: a consumer that stops iterating (or is cancelled while
    /// waiting for credits) leaves no sealed-but-unsent segment behind, so the next `send`
    /// continues the sequence without a gap. Concurrent sends interleave their segments.
    public func send(_ data: [UInt8]) -> AsyncThrowingStream<StreamSegment, Error> {
        let cursor = Mutex((start: 0, first: true))
        return AsyncThrowingStream(unfolding: { [self] in
            let range: Range<Int>? = cursor.withLock { c in
                guard c.first || c.start < data.count else { return nil }
                return c.start..<min(c.start + segmentSize, data.count)
            }
            guard let range else { return nil }
            let segment = try await nextSegment(data[range], isFinal: false)
            cursor.withLock { $0 = (range.upperBound, false) }
            return segment
        })
    }

    /// Yields the final marker of a bounded stream. A live stream throws `liveStreamCannotEnd`.
    public func end() -> AsyncThrowingStream<StreamSegment, Error> {
        let done = Mutex(false)
        return AsyncThrowingStream(unfolding: { [self] in
            guard mode == .bounded else { throw StreamError.liveStreamCannotEnd }
            guard !done.withLock({ $0 }) else { return nil }
            let segment = try await nextSegment([], isFinal: true)
            done.withLock { $0 = true }
            return segment
        })
    }

    private func nextSegment(_ chunk: ArraySlice<UInt8>, isFinal: Bool) async throws -> StreamSegment {
        while true {
            // Cancelled senders seal nothing, so they never consume a sequence number.
            try Task.checkCancellation()
            let result: Result<StreamSegment, StreamError>? = state.withLock { s in
                if s.ended || s.sequence + 1 >= StreamSegment.finalBit { return .failure(.streamEnded) }
                guard s.creditLimit > s.sequence else { return nil }
                if isFinal { s.ended = true }
                return .success(sealNext(chunk, isFinal: isFinal, &s))
            }
            if let result { return try result.get() }
            let id = state.withLock { s -> UInt64 in
                defer { s.nextWaiterID += 1 }
                return s.nextWaiterID
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { s -> Bool in
                        if s.creditLimit > s.sequence || Task.isCancelled { return true }
                        s.waiters.append((id, c))
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                    guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return s.waiters.remove(at: i).continuation
                }
                waiter?.resume()
            }
        }
    }

    private func sealNext(_ chunk: ArraySlice<UInt8>, isFinal: Bool, _ s: inout State) -> StreamSegment {
        let segment = StreamSegment.seal(
            chunk, sealer: s.sealer, sessionID: sessionID, streamID: streamID,
            sequence: s.sequence, isFinal: isFinal)
        s.sequence += 1
        s.totalBytesSent += chunk.count
        return segment
    }
}
