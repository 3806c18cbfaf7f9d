import HeapModule
import STTCore

/// An event list as a radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) on the 128-bit key
/// (time in nanoseconds, insertion sequence).
///
/// A discrete-event simulation pops keys in increasing order and schedules new events at or
/// after the current time with a larger sequence, so every new key is above the last one popped:
/// exactly the monotone case a radix heap serves. Bucket `b` holds keys whose highest bit that
/// differs from the last popped key is bit `b - 1` (bucket 0: equal to it); taking the minimum
/// empties the lowest non-empty bucket into lower ones, so each event moves a few times at most
/// and the order is exactly (time, sequence), with no comparisons between bucket mates on push.
/// An event scheduled before the last popped time (never done by the simulator itself) waits in a
/// small heap that is always served first, which keeps the order identical to a plain heap's.
struct RadixEventQueue {
    private var buckets: [[ScheduledEvent]] = Array(repeating: [], count: 129)
    /// Bit `b` set: bucket `b` is not empty (buckets 0-63 in `low`, 64-127 in `high`, 128 in `top`).
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var top = false
    /// The key every bucket is relative to: the minimum last taken (or about to be taken).
    private var lastTime: Int64 = 0
    private var lastSequence: UInt64 = 0
    private var late = Heap<ScheduledEvent>()
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private func bucket(time: Int64, sequence: UInt64) -> Int {
        let t = UInt64(bitPattern: time) ^ UInt64(bitPattern: lastTime)
        if t != 0 { return 128 - t.leadingZeroBitCount }
        let s = sequence ^ lastSequence
        return s == 0 ? 0 : 64 - s.leadingZeroBitCount
    }

    @inline(__always)
    private mutating func mark(_ b: Int) {
        if b < 64 {
            low |= 1 << UInt64(b)
        } else if b < 128 {
            high |= 1 << UInt64(b - 64)
        } else {
            top = true
        }
    }

    @inline(__always)
    private mutating func unmark(_ b: Int) {
        if b < 64 {
            low &= ~(1 << UInt64(b))
        } else if b < 128 {
            high &= ~(1 << UInt64(b - 64))
        } else {
            top = false
        }
    }

    @inline(__always)
    private func lowestBucket() -> Int {
        if low != 0 { return low.trailingZeroBitCount }
        if high != 0 { return 64 + high.trailingZeroBitCount }
        return 128
    }

    mutating func push(_ event: ScheduledEvent) {
        count += 1
        guard event.time > lastTime || (event.time == lastTime && event.sequence >= lastSequence), event.time >= 0
        else {
            late.insert(event)
            return
        }
        let b = bucket(time: event.time, sequence: event.sequence)
        buckets[b].append(event)
        mark(b)
    }

    /// The earliest event's time, without removing it (it is moved to the front).
    mutating func peekTime() -> Int64? {
        guard count > 0 else { return nil }
        if let first = late.min { return first.time }
        settle()
        return lastTime
    }

    mutating func pop() -> ScheduledEvent? {
        guard count > 0 else { return nil }
        count -= 1
        if let first = late.popMin() { return first }
        settle()
        unmark(0)
        return buckets[0].removeLast()
    }

    /// Makes bucket 0 hold the minimum: the lowest non-empty bucket's smallest key becomes the
    /// reference and every key of that bucket moves to a lower bucket (the minimum to bucket 0).
    private mutating func settle() {
        if low & 1 != 0 { return }
        let b = lowestBucket()
        var items = buckets[b]
        buckets[b] = []
        unmark(b)
        var best = 0
        for i in 1..<items.count where items[i] < items[best] { best = i }
        lastTime = items[best].time
        lastSequence = items[best].sequence
        for e in items {
            let nb = bucket(time: e.time, sequence: e.sequence)
            buckets[nb].append(e)
            mark(nb)
        }
        // Hand the emptied array back so its capacity is reused.
        items.removeAll(keepingCapacity: true)
        buckets[b] = items
    }
}
