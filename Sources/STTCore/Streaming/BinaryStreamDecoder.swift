import Crypto
import Foundation

/// Opens sealed segments and releases their data in order (the seed chapter's
/// `BinaryStreamDecoder`). Segments ahead of a gap are buffered, at most `credits` of them;
/// tampered, foreign, stale, duplicate and over-credit segments throw and are never delivered.
/// Not thread-safe: feed it from one task.
public final class BinaryStreamDecoder {
    public let sessionID: SessionID
    public let streamID: UInt32
    /// How many segments past the next expected one the sender may run (its credits).
    public let credits: Int
    /// The segment key, set up once; nil only if libcrypto could not allocate (then every
    /// segment fails authentication).
    private let opener: AEADContext?

    private var expectedSequence: UInt64 = 0
    /// Opened segments waiting for a gap to fill; lookup only, never iterated.
    private var buffered: [UInt64: (data: Data, isFinal: Bool)] = [:]
    private var finalSequence: UInt64?
    private var totalBytesReceived = 0
    private var outOfOrderCount = 0

    /// The seed's `get_statistics()`.
    public struct Statistics: Equatable, Sendable {
        public let totalBytesReceived: Int
        public let expectedSequence: UInt64
        /// Segments that arrived ahead of a gap, each counted once.
        public let outOfOrderCount: Int
        public let complete: Bool
        /// Segments buffered now (never more than `credits`).
        public let bufferedSegments: Int
    }

    public init(
        crypto: StreamCrypto, sessionID: SessionID, streamID: UInt32,
        credits: Int = StreamDefaults.initialCredits
    ) {
        opener = AEADContext(suite: crypto.suite, key: crypto.openKey, sealing: false)
        self.sessionID = sessionID
        self.streamID = streamID
        self.credits = max(1, credits)
    }

    /// True once the final marker and all data before it have been released.
    public var isComplete: Bool { finalSequence.map { expectedSequence > $0 } ?? false }

    /// The encoder may send segments below this sequence: pass it to `grantCredits(upTo:)`.
    public var creditLimit: UInt64 { expectedSequence + UInt64(credits) }

    public var statistics: Statistics {
        Statistics(
            totalBytesReceived: totalBytesReceived, expectedSequence: expectedSequence,
            outOfOrderCount: outOfOrderCount, complete: isComplete, bufferedSegments: buffered.count)
    }

    /// Takes sealed segment bytes (a segment's `data`), returns in-order data released by it
    /// (several segments' worth when it fills a gap), or nil when nothing can be released yet.
    public func receive(_ sealed: Data) throws(StreamError) -> Data? {
        try receive(try StreamSegment(sealed: sealed, sessionID: sessionID))
    }

    public func receive(_ sealed: [UInt8]) throws(StreamError) -> Data? {
        try receive(Data(sealed))
    }

    public func receive(_ segment: StreamSegment) throws(StreamError) -> Data? {
        guard segment.sessionID == sessionID, segment.streamID == streamID else {
            throw .foreignSegment(sessionID: segment.sessionID, streamID: segment.streamID)
        }
        let seq = segment.sequence
        guard seq >= expectedSequence else { throw .staleSegment(sequence: seq) }
        guard seq < creditLimit else { throw .beyondCredits(sequence: seq, limit: creditLimit) }
        if let final = finalSequence, seq > final || (segment.isFinal && seq != final) {
            throw .afterFinal(sequence: seq)
        }
        guard buffered[seq] == nil else { throw .duplicateSegment(sequence: seq) }
        let plaintext = try segment.open(with: opener)  // authenticate before anything changes
        if segment.isFinal { finalSequence = seq }
        guard seq == expectedSequence else {
            buffered[seq] = (plaintext, segment.isFinal)
            outOfOrderCount += 1
            return nil
        }
        var released = plaintext
        expectedSequence += 1
        while let next = buffered.removeValue(forKey: expectedSequence) {
            released.append(contentsOf: next.data)
            expectedSequence += 1
        }
        totalBytesReceived += released.count
        return released.isEmpty ? nil : released
    }

    /// Consumes sealed segments from `source` and yields released data chunk by chunk, in
    /// constant memory; finishes after the final marker, throws on the first bad segment.
    public func receiveAll<Source: AsyncSequence & Sendable>(from source: Source) -> AsyncThrowingStream<Data, Error>
    where Source.Element == Data {
        let decoder = UnsafeTransfer(self)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await sealed in source {
                        if let chunk = try decoder.value.receive(sealed) { continuation.yield(chunk) }
                        if decoder.value.isComplete { break }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Hands a non-Sendable decoder to the one task that drives it.
private struct UnsafeTransfer<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
