import DequeModule

/// The receiving half of a stream: reassembles fragments into segments, releases segments in
/// order, and grants byte credit as the application reads, growing its window while the reader
/// keeps up (as QUIC stacks auto-tune theirs).
///
/// Bound: every byte it holds lies below `grantedOffset`, which is at most `consumedOffset +
/// window`; a segment's buffer may reach past the grant by less than one segment.
final class ReceiveStream {
    private struct Assembly {
        var buffer: [UInt8]
        var received = IntervalSet()
        var isFinal: Bool
        let streamOffset: UInt64
        var isComplete: Bool { received.covered == buffer.count }
    }

    enum Violation: Equatable {
        case beyondCredits(offset: UInt64, limit: UInt64)
        case segmentLengthChanged(sequence: UInt64)
        /// A segment's stream offset contradicts its neighbours' lengths or an earlier fragment.
        case offsetMismatch(sequence: UInt64)
        case afterFinal(sequence: UInt64)
        /// A segment arrived in more scattered pieces than reassembly tracks.
        case tooFragmented(sequence: UInt64)
    }

    /// Most disjoint byte ranges one segment may be in while reassembling (a 1 MiB segment in
    /// 1,140-byte fragments is 920 fragments; far more pieces is an attack on CPU and memory).
    static let maximumRangesPerSegment = 1_024

    let id: UInt32
    /// The byte credit granted to the sender, auto-tuned.
    private(set) var credit: ReceiveWindow

    /// Next segment to release in order, and where it starts in the stream.
    private(set) var expectedSequence: UInt64 = 0
    private(set) var expectedOffset: UInt64 = 0
    /// Lookup only (never iterated): the simulator must not depend on hash order.
    private var assemblies: [UInt64: Assembly] = [:]
    /// The keys of `assemblies`, ascending (what a SKIP drops is found here, not by walking).
    private var assembling = Deque<UInt64>()
    private var readable = Deque<[UInt8]>()
    private var readOffset = 0
    private(set) var readableBytes = 0
    /// One past the highest stream byte received or skipped (what the session's credit counts).
    private(set) var highestOffset: UInt64 = 0
    private(set) var finalSequence: UInt64?
    /// The edge-triggered events were reported and not re-armed since.
    var readableSignalled = false
    var finishedSignalled = false
    /// Listed in the session's queue of CREDIT frames to send.
    var creditQueued = false

    // Statistics.
    private(set) var totalBytesReceived = 0
    /// Distinct payload bytes that arrived, in any order (held ones included).
    private(set) var arrivedBytes = 0
    private(set) var outOfOrderCount = 0
    private(set) var duplicateFragments = 0
    private(set) var skippedSegments = 0

    init(id: UInt32, maximumWindow: Int) {
        self.id = id
        credit = ReceiveWindow(initial: StreamDefaults.initialStreamWindow, maximum: maximumWindow)
    }

    /// Stream bytes read by the application or skipped.
    var consumedOffset: UInt64 { credit.consumed }
    var grantedOffset: UInt64 { credit.grantedOffset }

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
        let end = frame.endOffset
        guard end <= grantedOffset else { return .beyondCredits(offset: end, limit: grantedOffset) }
        guard seq >= expectedSequence else {
            duplicateFragments += 1
            return nil
        }
        // Every segment but the final one holds a byte: a sequence ahead of the in-order point
        // by more than the granted bytes cannot be honest (and would cost lookups to skip).
        let room = grantedOffset > expectedOffset ? grantedOffset - expectedOffset : 0
        guard seq - expectedSequence <= room,
            seq != expectedSequence || frame.streamOffset == expectedOffset
        else { return .offsetMismatch(sequence: seq) }
        var assembly: Assembly
        if let existing = assemblies[seq] {
            guard existing.buffer.count == Int(frame.segmentLength) else { return .segmentLengthChanged(sequence: seq) }
            guard existing.streamOffset == frame.streamOffset else { return .offsetMismatch(sequence: seq) }
            assembly = existing
            assemblies[seq] = nil  // keep the buffer uniquely referenced while writing into it
        } else {
            if frame.isFinal, let highest = assembling.last, highest > seq { return .afterFinal(sequence: highest) }
            assembly = Assembly(
                buffer: [UInt8](repeating: 0, count: Int(frame.segmentLength)), isFinal: frame.isFinal,
                streamOffset: frame.streamOffset)
            heldBytes += Int(frame.segmentLength)
            if seq > expectedSequence { outOfOrderCount += 1 }
            insertAssembling(seq)
        }
        if frame.isFinal {
            finalSequence = seq
            assembly.isFinal = true
        }
        let range = Int(frame.offset)..<Int(frame.offset) + frame.data.count
        let inserted = assembly.received.insert(range)
        arrivedBytes += inserted
        if inserted == 0, !frame.data.isEmpty {
            duplicateFragments += 1
        } else if !frame.data.isEmpty {
            assembly.buffer.replaceSubrange(range, with: frame.data)
        }
        highestOffset = max(highestOffset, end)
        assemblies[seq] = assembly
        if assembly.received.ranges.count > Self.maximumRangesPerSegment { return .tooFragmented(sequence: seq) }
        return releaseInOrder()
    }

    /// The sender abandoned every segment below `sequence`, which starts at `streamOffset`
    /// (live deadline). Skipped bytes count as consumed; only held segments are visited, so a
    /// hostile huge sequence costs nothing.
    func skip(to sequence: UInt64, streamOffset: UInt64) -> Violation? {
        if let final = finalSequence, sequence > final + 1 { return .afterFinal(sequence: sequence) }
        guard sequence > expectedSequence else { return nil }
        guard streamOffset >= expectedOffset, streamOffset <= StreamFrame.maximumStreamOffset,
            sequence - expectedSequence <= streamOffset - expectedOffset
        else { return .offsetMismatch(sequence: sequence) }
        while let first = assembling.first, first < sequence {
            assembling.removeFirst()
            if let dropped = assemblies.removeValue(forKey: first) { heldBytes -= dropped.buffer.count }
        }
        let skipped = sequence - expectedSequence
        let (total, overflow) = skippedSegments.addingReportingOverflow(Int(clamping: skipped))
        skippedSegments = overflow ? .max : total  // a hostile skip saturates the counter
        credit.consume(to: streamOffset - UInt64(readableBytes))
        highestOffset = max(highestOffset, streamOffset)
        expectedSequence = sequence
        expectedOffset = streamOffset
        return releaseInOrder()
    }

    private func insertAssembling(_ seq: UInt64) {
        if assembling.last.map({ $0 < seq }) ?? true {
            assembling.append(seq)
            return
        }
        var low = 0
        var high = assembling.count
        while low < high {
            let mid = (low + high) / 2
            if assembling[mid] < seq { low = mid + 1 } else { high = mid }
        }
        assembling.insert(seq, at: low)
    }

    private func releaseInOrder() -> Violation? {
        while let next = assemblies[expectedSequence], next.isComplete {
            guard next.streamOffset == expectedOffset else { return .offsetMismatch(sequence: expectedSequence) }
            assemblies[expectedSequence] = nil
            if assembling.first == expectedSequence { assembling.removeFirst() }
            if !next.buffer.isEmpty {
                readable.append(next.buffer)
                readableBytes += next.buffer.count
                totalBytesReceived += next.buffer.count
            }
            expectedSequence += 1
            expectedOffset += UInt64(next.buffer.count)
        }
        return nil
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
            }
        }
        readableBytes -= out.count
        credit.consume(to: credit.consumed + UInt64(out.count))
        readableSignalled = false
        return out
    }

    /// A CREDIT frame is due (the grant moved by a quarter window since last advertised).
    var creditDue: Bool { credit.creditDue }

    /// The grant to put in a CREDIT frame now (the window may double first).
    func makeCredit(now: STTInstant, smoothedRTT: STTDuration?) -> UInt64 {
        credit.makeCredit(now: now, smoothedRTT: smoothedRTT)
    }

    var statistics: ReceiveStreamStatistics {
        ReceiveStreamStatistics(
            totalBytesReceived: totalBytesReceived, arrivedBytes: arrivedBytes, expectedSequence: expectedSequence,
            outOfOrderCount: outOfOrderCount, complete: isComplete, duplicateFragments: duplicateFragments,
            skippedSegments: skippedSegments, readableBytes: readableBytes, heldSegments: heldSegments,
            heldBytes: heldBytes, grantedOffset: grantedOffset, window: credit.window)
    }
}
