import DequeModule

/// The sending half of a stream inside a session: segments written by the application, kept
/// until acknowledged, sent within the peer's credits, retransmitted when lost.
final class SendStream {
    struct Segment {
        let sequence: UInt64
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

    let id: UInt32
    let mode: StreamMode
    let segmentSize: Int
    let bufferLimit: Int

    /// Unacknowledged segments, oldest first; `segments[0].sequence == firstSequence`.
    private(set) var segments = Deque<Segment>()
    private(set) var firstSequence: UInt64 = 0
    private(set) var nextSequence: UInt64 = 0
    /// The peer accepts sequences below this.
    private(set) var creditLimit = UInt64(StreamDefaults.initialCredits)
    /// Index into `segments` of the first one not yet completely sent once.
    private var sendCursor = 0
    private var retransmissions = Deque<(sequence: UInt64, range: Range<Int>)>()
    private(set) var bufferedBytes = 0
    private(set) var ended = false
    /// Segments below this were abandoned (live deadline); a SKIP frame must tell the peer.
    private(set) var skipBoundary: UInt64 = 0
    var skipPending = false
    /// The application was refused buffer space and wants a `streamWritable` event.
    var writeBlocked = false
    /// Listed in the session's round-robin of streams with data.
    var isScheduled = false

    // Statistics.
    private(set) var totalBytesWritten = 0
    private(set) var retransmittedSegments = 0
    private(set) var retransmittedBytes = 0
    private(set) var skippedSegments = 0

    init(id: UInt32, mode: StreamMode, segmentSize: Int, bufferLimit: Int) {
        self.id = id
        self.mode = mode
        self.segmentSize = segmentSize
        self.bufferLimit = max(bufferLimit, segmentSize)
    }

    var credits: Int { Int(clamping: creditLimit > nextSequence ? creditLimit - nextSequence : 0) }
    var isFinished: Bool { ended && segments.isEmpty }
    /// `streamAcknowledged` was reported (once per stream).
    var acknowledgedSignalled = false
    var freeBufferSpace: Int { max(0, bufferLimit - bufferedBytes) }

    /// Accepts as much of `data` as the send buffer holds (whole segments unless it all fits)
    /// and cuts it into segments; returns the number of bytes accepted.
    func write(_ data: [UInt8], now: STTInstant) -> Int {
        var accept = min(data.count, freeBufferSpace)
        if accept < data.count, accept >= segmentSize { accept -= accept % segmentSize }
        if accept < data.count, accept < segmentSize { accept = 0 }
        var start = 0
        while start < accept {
            let end = min(start + segmentSize, accept)
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
        segments.append(Segment(sequence: nextSequence, data: data, isFinal: isFinal, createdAt: now))
        nextSequence += 1
        bufferedBytes += data.count
    }

    func onCredit(maxSequence: UInt64) { creditLimit = max(creditLimit, maxSequence) }

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
        skipPending = true
        while let r = retransmissions.first, r.sequence < firstSequence { retransmissions.removeFirst() }
        return true
    }

    var hasDataToSend: Bool {
        if skipPending { return true }
        if !retransmissions.isEmpty { return true }
        guard sendCursor < segments.count else { return false }
        return segments[sendCursor].sequence < creditLimit
    }

    /// The next fragment to send in at most `maxData` bytes: retransmissions first, then new
    /// data in order. Returns (segment index, byte range, isRetransmission).
    func nextFragment(maxData: Int) -> (index: Int, range: Range<Int>, isRetransmission: Bool)? {
        while let r = retransmissions.first {
            guard r.sequence >= firstSequence, let index = indexOf(r.sequence) else {
                retransmissions.removeFirst()
                continue
            }
            let segment = segments[index]
            if segment.data.isEmpty {
                retransmissions.removeFirst()
                if segment.emptyFinalAcked { continue }
                return (index, 0..<0, true)
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
            return (index, piece, true)
        }
        guard sendCursor < segments.count, segments[sendCursor].sequence < creditLimit else { return nil }
        let index = sendCursor
        let segment = segments[index]
        let piece = segment.sentOffset..<min(segment.data.count, segment.sentOffset + maxData)
        segments[index].sentOffset = piece.upperBound
        if piece.upperBound == segment.data.count { sendCursor += 1 }
        return (index, piece, false)
    }

    func segment(at index: Int) -> Segment { segments[index] }

    func noteRetransmitted(index: Int, bytes: Int) {
        if !segments[index].everRetransmitted {
            segments[index].everRetransmitted = true
            retransmittedSegments += 1
        }
        retransmittedBytes += bytes
    }

    func onFragmentAcked(sequence: UInt64, range: Range<Int>) {
        guard let index = indexOf(sequence) else { return }
        if segments[index].data.isEmpty {
            segments[index].emptyFinalAcked = true
        } else {
            segments[index].acked.insert(range)
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
