/// Disjoint half-open byte ranges, sorted ascending: which parts of a segment arrived (receiver)
/// or were acknowledged (sender). Overlapping inserts are merged, so bytes are counted once.
package struct IntervalSet: Equatable {
    package init() {}
    package private(set) var ranges: [Range<Int>] = []
    /// Bytes covered.
    package private(set) var covered = 0

    /// Adds `range`; returns how many of its bytes were not covered before.
    @discardableResult
    package mutating func insert(_ range: Range<Int>) -> Int {
        guard !range.isEmpty else { return 0 }
        // Fast path: appending at or past the end (in-order arrival).
        if let last = ranges.last, range.lowerBound >= last.lowerBound {
            if range.lowerBound > last.upperBound {
                ranges.append(range)
                covered += range.count
                return range.count
            }
            guard range.upperBound > last.upperBound else { return 0 }
            let added = range.upperBound - last.upperBound
            ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
            covered += added
            return added
        }
        var lower = range.lowerBound
        var upper = range.upperBound
        var first = 0
        while first < ranges.count, ranges[first].upperBound < lower { first += 1 }
        var last = first
        var overlap = 0
        while last < ranges.count, ranges[last].lowerBound <= upper {
            let r = ranges[last]
            overlap += max(0, min(r.upperBound, upper) - max(r.lowerBound, lower))
            lower = min(lower, r.lowerBound)
            upper = max(upper, r.upperBound)
            last += 1
        }
        ranges.replaceSubrange(first..<last, with: [lower..<upper])
        let added = range.count - overlap
        covered += added
        return added
    }

    /// The first sub-range of `range` not covered, if any.
    package func firstGap(in range: Range<Int>) -> Range<Int>? {
        var start = range.lowerBound
        for r in ranges {
            if r.upperBound <= start { continue }
            if r.lowerBound >= range.upperBound { break }
            if r.lowerBound > start { return start..<min(r.lowerBound, range.upperBound) }
            start = r.upperBound
            if start >= range.upperBound { return nil }
        }
        return start < range.upperBound ? start..<range.upperBound : nil
    }

    package func contains(_ range: Range<Int>) -> Bool { firstGap(in: range) == nil }
}
