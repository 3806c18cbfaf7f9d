/// How datagrams are grouped for UDP generic segmentation offload, and how a coalesced receive
/// buffer is taken apart: pure arithmetic, so that the rules are tested without sockets.
enum SegmentBatches {
    /// Index ranges of `datagrams` (destination, size in bytes, in send order) that may go out
    /// as one GSO send: consecutive, one destination, every datagram of the first one's size
    /// except a shorter last one, at most `maximumSegments` of them and `maximumBytes` in all.
    /// Order is kept; a range of one is a plain send.
    static func ranges<Destination: Equatable>(
        _ datagrams: [(destination: Destination, size: Int)], maximumSegments: Int,
        maximumBytes: Int = UDPOffload.maximumSuperDatagram
    ) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < datagrams.count {
            let first = datagrams[start]
            var end = start + 1
            var bytes = first.size
            while end < datagrams.count, end - start < maximumSegments {
                let next = datagrams[end]
                // Only the last segment may be shorter; once one is, the batch is closed.
                guard next.destination == first.destination, next.size <= first.size, next.size > 0,
                    bytes + next.size <= maximumBytes, datagrams[end - 1].size == first.size
                else { break }
                bytes += next.size
                end += 1
            }
            out.append(start..<end)
            start = end
        }
        return out
    }

    /// The byte ranges of the datagrams in a buffer of `count` bytes that the kernel coalesced
    /// at `segmentSize` (each that size, the last one possibly shorter). Nil or a non-positive
    /// size means one datagram.
    static func split(count: Int, segmentSize: Int?) -> [Range<Int>] {
        guard let size = segmentSize, size > 0, count > size else { return count > 0 ? [0..<count] : [] }
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }
}
