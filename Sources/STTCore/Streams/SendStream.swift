import DequeModule

/// The sending half of a stream inside a session: segments written by the application, kept
/// until acknowledged, sent within the peer's byte credit, retransmitted when lost.
///
/// The send buffer follows the peer's window: the application may buffer as much as the peer
/// would accept beyond what it acknowledged, plus a segment (at least two segments, at most
/// `maximumBuffer`), so a fast path gets a deep buffer and a slow one does not.
final class SendStream {
    struct Segment {
        let sequence: UInt64
        /// Where the segment's first byte sits in the stream.
        let streamOffset: UInt64
        let data: [UInt8]
        let isFinal: Bool
        let createdAt: STTInstant
        /// Bytes sent at least once (new data goes out in order).
        var sentOffset = 0
        var acked = IntervalSet()
        var emptyFinalAcked = false
        var everRetransmitted = false
        var isFullyAcked: Bool { data.isEmpty ? emptyFinalAcked : acked.covered == data.count }
    }

    /// The next fragment to send: where it comes from, and how many stream bytes it sends for
    /// the first time (they count against the session's credit).
    struct Fragment {
        let index: Int
        let range: Range<Int>
        let isRetransmission: Bool
        let newBytes: Int
    }

    let id: UInt32
    let mode: StreamMode
    let segmentSize: Int
    let maximumBuffer: Int

    /// Unacknowledged segments, oldest first; `segments[0].sequence == firstSequence`.
    private(set) var segments = Deque<Segment>()
    private(set) var firstSequence: UInt64 = 0
    private(set) var nextSequence: UInt64 = 0
    /// Where the next written segment starts in the stream.
    private(set) var nextStreamOffset: UInt64 = 0
    /// The peer accepts stream bytes below this offset.
    private(set) var creditOffset = UInt64(StreamDefaults.initialStreamWindow)
    /// One past the highest stream byte sent at least once or skipped (what the session's
    /// credit counts).
    private(set) var highestSentOffset: UInt64 = 0
    /// Index into `segments` of the first one not yet completely sent once.
    private var sendCursor = 0
    private var retransmissions = Deque<(sequence: UInt64, range: Range<Int>)>()
    private(set) var bufferedBytes = 0
    private(set) var ended = false
    /// Segments below this (starting at `skipOffset`) were abandoned (live deadline); a SKIP
    /// frame must tell the peer.
    private(set) var skipBoundary: UInt64 = 0
    private(set) var skipOffset: UInt64 = 0
    var skipPending = false
    /// The application was refused buffer space and wants a `streamWritable` event.
    var writeBlocked = false
    /// Listed in the session's round-robin of streams with data.
    var isScheduled = false

    // Statistics.
    private(set) var totalBytesWritten = 0
    /// Distinct bytes the peer acknowledged, in any order.
    private(set) var acknowledgedBytes = 0
    private(set) var retransmittedSegments = 0
    private(set) var retransmittedBytes = 0
    /// STREAM frames that carried bytes sent before (what a capture shows as retransmissions).
    private(set) var retransmittedFragments = 0
    private(set) var skippedSegments = 0

    init(id: UInt32, mode: StreamMode, segmentSize: Int, maximumBuffer: Int) {
        self.id = id
        self.mode = mode
        self.segmentSize = segmentSize
        self.maximumBuffer = max(maximumBuffer, 2 * segmentSize)
    }

    /// Stream bytes the peer still lets this stream send.
    var credit: Int { Int(clamping: creditOffset > nextNewOffset ? creditOffset - nextNewOffset : 0) }
    var isFinished: Bool { ended && segments.isEmpty }
    /// `streamAcknowledged` was reported (once per stream).
    var acknowledgedSignalled = false

    /// The stream offset of the oldest unacknowledged byte.
    var acknowledgedOffset: UInt64 { segments.first?.streamOffset ?? nextStreamOffset }
    /// The offset of the next byte to send for the first time.
    private var nextNewOffset: UInt64 {
        sendCursor < segments.count
            ? segments[sendCursor].streamOffset + UInt64(segments[sendCursor].sentOffset) : nextStreamOffset
    }

    /// How many bytes the application may have buffered now.
    var bufferLimit: Int {
        let peerWindow = Int(clamping: creditOffset > acknowledgedOffset ? creditOffset - acknowledgedOffset : 0)
        return min(maximumBuffer, max(2 * segmentSize, peerWindow + segmentSize))
    }
    var freeBufferSpace: Int { max(0, bufferLimit - bufferedBytes) }

    /// Accepts as much of `data` as the send buffer holds (whole segments unless it all fits)
    /// and cuts it into segments; returns the number of bytes accepted.
    func write(_ data: ArraySlice<UInt8>, now: STTInstant) -> Int {
        var accept = min(data.count, freeBufferSpace)
        if accept < data.count, accept >= segmentSize { accept -= accept % segmentSize }
        if accept < data.count, accept < segmentSize { accept = 0 }
        var start = data.startIndex
        let limit = data.startIndex + accept
        while start < limit {
            let end = min(start + segmentSize, limit)
            append(Array(data[start..<end]), isFinal: false, now: now)
            start = end
        }
        totalBytesWritten += accept
        if accept < data.count { writeBlocked = true }
        return accept
    }

    /// Queues the final marker (an empty final segment).
    func end(now: STTInstant) {
        append([], isFinal: true, now: now)
        ended = true
    }

    private func append(_ data: [UInt8], isFinal: Bool, now: STTInstant) {
        segments.append(
            Segment(
                sequence: nextSequence, streamOffset: nextStreamOffset, data: data, isFinal: isFinal, createdAt: now))
        nextSequence += 1
        nextStreamOffset += UInt64(data.count)
        bufferedBytes += data.count
    }

    func onCredit(maxOffset: UInt64) { creditOffset = max(creditOffset, maxOffset) }

    /// Abandons segments older than the live deadline (never for bounded streams); returns
    /// whether buffer space was freed.
    @discardableResult
    func dropStale(now: STTInstant) -> Bool {
        guard case .live(let deadline?) = mode else { return false }
        var dropped = 0
        while let head = segments.first, head.createdAt + deadline < now {
            bufferedBytes -= head.data.count
            segments.removeFirst()
            firstSequence += 1
            dropped += 1
        }
        guard dropped > 0 else { return false }
        sendCursor = max(0, sendCursor - dropped)
        skippedSegments += dropped
        skipBoundary = firstSequence
        skipOffset = acknowledgedOffset
        skipPending = true
        while let r = retransmissions.first, r.sequence < firstSequence { retransmissions.removeFirst() }
        return true
    }

    /// The SKIP frame went out: the skipped bytes count as sent. Returns how many stream bytes
    /// that adds to the session's count.
    func noteSkipSent() -> Int {
        skipPending = false
        guard skipOffset > highestSentOffset else { return 0 }
        defer { highestSentOffset = skipOffset }
        return Int(clamping: skipOffset - highestSentOffset)
    }

    /// Whether the stream can send something: a skip, a retransmission, or new bytes within
    /// its credit (and, unless it is only the end marker, within `sessionCredit`).
    func hasDataToSend(sessionCredit: Int) -> Bool {
        if skipPending || !retransmissions.isEmpty { return true }
        guard sendCursor < segments.count else { return false }
        let segment = segments[sendCursor]
        if segment.data.isEmpty { return segment.streamOffset <= creditOffset }
        return nextNewOffset < creditOffset && sessionCredit > 0
    }

    /// The next fragment to send in at most `maxData` bytes: retransmissions first, then new
    /// data in order, within the stream's and the session's credit.
    func nextFragment(maxData: Int, sessionCredit: Int) -> Fragment? {
        while let r = retransmissions.first {
            guard r.sequence >= firstSequence, let index = indexOf(r.sequence) else {
                retransmissions.removeFirst()
                continue
            }
            let segment = segments[index]
            if segment.data.isEmpty {
                retransmissions.removeFirst()
                if segment.emptyFinalAcked { continue }
                return Fragment(index: index, range: 0..<0, isRetransmission: true, newBytes: 0)
            }
            guard let gap = segment.acked.firstGap(in: r.range) else {
                retransmissions.removeFirst()
                continue
            }
            let piece = gap.lowerBound..<min(gap.upperBound, gap.lowerBound + maxData)
            if piece.upperBound >= r.range.upperBound {
                retransmissions.removeFirst()
            } else {
                retransmissions[0] = (r.sequence, piece.upperBound..<r.range.upperBound)
            }
            return Fragment(index: index, range: piece, isRetransmission: true, newBytes: 0)
        }
        guard sendCursor < segments.count else { return nil }
        let index = sendCursor
        let segment = segments[index]
        if segment.data.isEmpty {
            guard segment.streamOffset <= creditOffset else { return nil }
            sendCursor += 1
            return Fragment(index: index, range: 0..<0, isRetransmission: false, newBytes: 0)
        }
        let allowed = min(maxData, credit, sessionCredit)
        guard allowed > 0 else { return nil }
        let piece = segment.sentOffset..<min(segment.data.count, segment.sentOffset + allowed)
        segments[index].sentOffset = piece.upperBound
        if piece.upperBound == segment.data.count { sendCursor += 1 }
        let end = segment.streamOffset + UInt64(piece.upperBound)
        let fresh = end > highestSentOffset ? Int(end - highestSentOffset) : 0
        highestSentOffset = max(highestSentOffset, end)
        return Fragment(index: index, range: piece, isRetransmission: false, newBytes: fresh)
    }

    func segment(at index: Int) -> Segment { segments[index] }

    func noteRetransmitted(index: Int, bytes: Int) {
        if !segments[index].everRetransmitted {
            segments[index].everRetransmitted = true
            retransmittedSegments += 1
        }
        retransmittedBytes += bytes
        retransmittedFragments += 1
    }

    func onFragmentAcked(sequence: UInt64, range: Range<Int>) {
        guard let index = indexOf(sequence) else { return }
        if segments[index].data.isEmpty {
            segments[index].emptyFinalAcked = true
        } else {
            acknowledgedBytes += segments[index].acked.insert(range)
        }
        while let head = segments.first, head.isFullyAcked, sendCursor > 0 {
            bufferedBytes -= head.data.count
            segments.removeFirst()
            firstSequence += 1
            sendCursor -= 1
        }
    }

    func onFragmentLost(sequence: UInt64, range: Range<Int>) {
        guard let index = indexOf(sequence), !segments[index].isFullyAcked else { return }
        if case .live(_?) = mode, sequence < skipBoundary { return }
        retransmissions.append((sequence, range))
    }

    private func indexOf(_ sequence: UInt64) -> Int? {
        guard sequence >= firstSequence else { return nil }
        let index = Int(sequence - firstSequence)
        return index < segments.count ? index : nil
    }
}
