import DequeModule

/// The receiving half of a stream: reassembles fragments into segments, releases segments in
/// order, and grants credits as the application reads.
///
/// Bound: every segment it holds (assembling or readable) has a sequence below `grantedLimit`
/// and at or above `consumedSequence`, and `grantedLimit - consumedSequence <= max(window, 100)`.
final class ReceiveStream {
    private struct Assembly {
        var buffer: [UInt8]
        var received = IntervalSet()
        var isFinal: Bool
        var isComplete: Bool { received.covered == buffer.count }
    }

    enum Violation: Equatable {
        case beyondCredits(sequence: UInt64, limit: UInt64)
        case segmentLengthChanged(sequence: UInt64)
        case afterFinal(sequence: UInt64)
        /// A segment arrived in more scattered pieces than reassembly tracks.
        case tooFragmented(sequence: UInt64)
    }

    /// Most disjoint byte ranges one segment may be in while reassembling (a 1 MiB segment in
    /// 1,140-byte fragments is 920 fragments; far more pieces is an attack on CPU and memory).
    static let maximumRangesPerSegment = 1_024

    let id: UInt32
    let creditWindow: Int

    /// Next segment to release in order.
    private(set) var expectedSequence: UInt64 = 0
    /// Lookup only (never iterated): the simulator must not depend on hash order.
    private var assemblies: [UInt64: Assembly] = [:]
    private var readable = Deque<[UInt8]>()
    private var readOffset = 0
    private(set) var readableBytes = 0
    /// Segments fully read by the application (or skipped).
    private(set) var consumedSequence: UInt64 = 0
    private(set) var grantedLimit = UInt64(StreamDefaults.initialCredits)
    private(set) var advertisedLimit = UInt64(StreamDefaults.initialCredits)
    private(set) var finalSequence: UInt64?
    /// Highest sequence held in an assembly (a final marker below it is a violation).
    private var highestAssembling: UInt64 = 0
    /// The stream was reported readable and not read since (edge-triggered events).
    var readableSignalled = false
    var finishedSignalled = false
    /// Listed in the session's queue of CREDIT frames to send.
    var creditQueued = false

    // Statistics.
    private(set) var totalBytesReceived = 0
    private(set) var outOfOrderCount = 0
    private(set) var duplicateFragments = 0
    private(set) var skippedSegments = 0

    init(id: UInt32, creditWindow: Int) {
        self.id = id
        self.creditWindow = max(1, creditWindow)
    }

    /// All data up to and including the final marker has been released.
    var isComplete: Bool { finalSequence.map { expectedSequence > $0 } ?? false }
    /// Complete and read to the end.
    var isFinished: Bool { isComplete && readableBytes == 0 }
    /// Bytes held in assemblies and readable segments.
    private(set) var heldBytes = 0
    /// Segments held (assembling or readable but not fully read).
    var heldSegments: Int { assemblies.count + readable.count }

    /// Takes one fragment. Returns a violation for data the peer had no right to send.
    func receive(_ frame: StreamFrame) -> Violation? {
        let seq = frame.sequence
        if let final = finalSequence, seq > final || (frame.isFinal && seq != final) {
            return .afterFinal(sequence: seq)
        }
        guard seq < grantedLimit else { return .beyondCredits(sequence: seq, limit: grantedLimit) }
        guard seq >= expectedSequence else {
            duplicateFragments += 1
            return nil
        }
        var assembly: Assembly
        if let existing = assemblies[seq] {
            guard existing.buffer.count == Int(frame.segmentLength) else { return .segmentLengthChanged(sequence: seq) }
            assembly = existing
            assemblies[seq] = nil  // keep the buffer uniquely referenced while writing into it
        } else {
            assembly = Assembly(buffer: [UInt8](repeating: 0, count: Int(frame.segmentLength)), isFinal: frame.isFinal)
            heldBytes += Int(frame.segmentLength)
            if seq > expectedSequence { outOfOrderCount += 1 }
        }
        if frame.isFinal {
            if !assemblies.isEmpty, highestAssembling > seq { return .afterFinal(sequence: highestAssembling) }
            finalSequence = seq
            assembly.isFinal = true
        }
        let range = Int(frame.offset)..<Int(frame.offset) + frame.data.count
        if assembly.received.insert(range) == 0, !frame.data.isEmpty {
            duplicateFragments += 1
        } else if !frame.data.isEmpty {
            assembly.buffer.replaceSubrange(range, with: frame.data)
        }
        if assembly.received.ranges.count > Self.maximumRangesPerSegment { return .tooFragmented(sequence: seq) }
        highestAssembling = max(highestAssembling, seq)
        assemblies[seq] = assembly
        releaseInOrder()
        return nil
    }

    /// The sender abandoned every segment below `sequence` (live deadline). Skipping holds no
    /// data, so it may pass the credit limit; only the granted range is walked, so a hostile
    /// huge sequence costs nothing.
    func skip(to sequence: UInt64) -> Violation? {
        if let final = finalSequence, sequence > final + 1 { return .afterFinal(sequence: sequence) }
        guard sequence > expectedSequence else { return nil }
        var s = expectedSequence
        let walkEnd = min(sequence, grantedLimit)
        while s < walkEnd {
            if let dropped = assemblies.removeValue(forKey: s) { heldBytes -= dropped.buffer.count }
            s += 1
        }
        let skipped = sequence - expectedSequence
        let (total, overflow) = skippedSegments.addingReportingOverflow(Int(clamping: skipped))
        skippedSegments = overflow ? .max : total  // a hostile skip saturates the counter
        // Skipped segments count as consumed: they free credits like read ones.
        consumedSequence += skipped
        expectedSequence = sequence
        releaseInOrder()
        updateGrant()
        return nil
    }

    private func releaseInOrder() {
        while let next = assemblies[expectedSequence], next.isComplete {
            assemblies[expectedSequence] = nil
            if !next.buffer.isEmpty {
                readable.append(next.buffer)
                readableBytes += next.buffer.count
                totalBytesReceived += next.buffer.count
            } else {
                consumedSequence += 1  // an empty segment (the end marker) is consumed at once
            }
            expectedSequence += 1
        }
        updateGrant()
    }

    /// Reads up to `maxBytes` in order; nil when nothing is readable.
    func read(maxBytes: Int) -> [UInt8]? {
        guard readableBytes > 0, maxBytes > 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(min(maxBytes, readableBytes))
        while out.count < maxBytes, let head = readable.first {
            let take = min(maxBytes - out.count, head.count - readOffset)
            if readOffset == 0, take == head.count, out.isEmpty, maxBytes >= head.count {
                out = head  // hand over the whole segment without copying
            } else {
                out.append(contentsOf: head[readOffset..<readOffset + take])
            }
            readOffset += take
            if readOffset == head.count {
                readable.removeFirst()
                heldBytes -= head.count
                readOffset = 0
                consumedSequence += 1
            }
        }
        readableBytes -= out.count
        readableSignalled = false
        updateGrant()
        return out
    }

    private func updateGrant() {
        let (limit, overflow) = consumedSequence.addingReportingOverflow(UInt64(creditWindow))
        grantedLimit = max(grantedLimit, overflow ? .max : limit)
    }

    /// A CREDIT frame is due when the grant moved by a quarter window since last advertised.
    var creditDue: Bool {
        grantedLimit > advertisedLimit && grantedLimit - advertisedLimit >= UInt64(max(1, creditWindow / 4))
    }

    func noteCreditSent() { advertisedLimit = grantedLimit }

    var statistics: ReceiveStreamStatistics {
        ReceiveStreamStatistics(
            totalBytesReceived: totalBytesReceived, expectedSequence: expectedSequence,
            outOfOrderCount: outOfOrderCount, complete: isComplete, duplicateFragments: duplicateFragments,
            skippedSegments: skippedSegments, readableBytes: readableBytes, heldSegments: heldSegments,
            heldBytes: heldBytes, grantedLimit: grantedLimit)
    }
}
