import Crypto
import STTCore

/// Reassembly of one direction of one stream from captured STREAM and SKIP frames.
///
/// Hostile or damaged input must not crash it or exhaust memory: only bytes that arrived are
/// stored (never a buffer sized by a claimed segment length), at most `maximumBuffered` bytes
/// wait ahead of the in-order point, a fragment that contradicts its segment's length is
/// ignored, and all sequence arithmetic saturates.
final class StreamState {
    /// Bytes held ahead of the in-order point before the stream gives up verifying.
    static let maximumBuffered = 64 << 20

    private struct Segment {
        var length: Int
        var covered = IntervalSet()
        var fragments: [(offset: Int, bytes: [UInt8])] = []
        var isComplete: Bool { covered.covered == length }
        /// Bytes held for this segment (what counts against `maximumBuffered`).
        var storedBytes: Int { fragments.reduce(0) { $0 + $1.bytes.count } }

        func assembled() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: length)
            for f in fragments { out.replaceSubrange(f.offset..<(f.offset + f.bytes.count), with: f.bytes) }
            return out
        }
    }

    private var segments: [UInt64: Segment] = [:]  // lookup only; drained in sequence order
    private var nextToDrain: UInt64 = 0
    private var finalSequence: UInt64?
    private var highestSeen: UInt64?
    private var skipBelow: UInt64 = 0
    private var buffered = 0
    private var hash = SHA256()
    private var broken = false  // a skip or an overflow: the bytes are not the whole stream
    var summary: CaptureAnalysis.Stream

    init(direction: String, streamID: UInt32) {
        summary = CaptureAnalysis.Stream(direction: direction, streamID: streamID)
    }

    /// Adds a fragment; returns how many of its bytes were new and the whole segments that are
    /// now in order.
    func add(_ frame: StreamFrame) -> (fresh: Int, drained: [[UInt8]]) {
        if frame.isFinal, finalSequence == nil {
            finalSequence = frame.sequence
            summary.finalSeen = true
        }
        highestSeen = max(highestSeen ?? 0, frame.sequence)
        guard frame.sequence >= nextToDrain else {
            if frame.sequence < skipBelow {
                summary.lateFragments += 1  // arrived after the sender skipped past it
            } else {
                summary.retransmittedFragments += 1
                summary.retransmittedBytes += frame.data.count
            }
            return (0, [])
        }
        let length = Int(frame.segmentLength)
        var segment = segments[frame.sequence] ?? Segment(length: length)
        guard segment.length == length else {
            summary.inconsistentFragments += 1  // the endpoint would call this a flow-control error
            return (0, [])
        }
        if segments[frame.sequence] == nil { summary.segments += 1 }
        let range = Int(frame.offset)..<(Int(frame.offset) + frame.data.count)
        let fresh = segment.covered.insert(range)
        if fresh < frame.data.count {
            summary.retransmittedFragments += 1
            summary.retransmittedBytes += frame.data.count - fresh
        }
        if fresh > 0 {
            if buffered + frame.data.count > Self.maximumBuffered {
                broken = true
                summary.bufferLimitReached = true
            } else {
                segment.fragments.append((Int(frame.offset), frame.data))
                buffered += frame.data.count
            }
        }
        segments[frame.sequence] = segment
        summary.bytes += fresh
        return (fresh, drain())
    }

    /// The sender skipped every segment below `sequence` (live deadline). As the receiving
    /// endpoint does, everything still held below it is dropped (complete segments waiting
    /// behind a gap included); returns the segments at or above it that are now in order.
    func skip(below sequence: UInt64) -> [[UInt8]] {
        guard sequence > skipBelow else { return [] }
        skipBelow = sequence
        guard sequence > nextToDrain else { return drain() }
        for key in segments.keys.filter({ $0 < sequence }) {
            buffered -= segments[key]!.storedBytes
            segments[key] = nil
        }
        let (total, overflow) = summary.skippedSegments.addingReportingOverflow(Int(clamping: sequence - nextToDrain))
        summary.skippedSegments = overflow ? .max : total
        broken = true
        nextToDrain = sequence
        return drain()
    }

    private func drain() -> [[UInt8]] {
        var out: [[UInt8]] = []
        while let segment = segments[nextToDrain], segment.isComplete {
            let bytes = segment.assembled()
            buffered -= segment.storedBytes
            hash.update(data: bytes)
            out.append(bytes)
            segments[nextToDrain] = nil
            guard nextToDrain < .max else { break }
            nextToDrain += 1
        }
        return out
    }

    func finish() -> CaptureAnalysis.Stream {
        var s = summary
        let end = finalSequence ?? highestSeen  // the last sequence the capture knows of
        if let end, end >= nextToDrain {
            let span = end - nextToDrain
            let known = UInt64(segments.values.filter(\.isComplete).count)
            s.missingSegments = span == .max ? Int.max : Int(clamping: span + 1 - min(known, span + 1))
        }
        s.complete = finalSequence.map { nextToDrain > $0 } == true && !broken
        if s.complete { s.sha256 = hash.finalize().hexString }
        return s
    }
}
