import STTCore

/// The event list, ordered by (time, insertion sequence): simultaneous events run in the order
/// they were scheduled.
///
/// Up to `radixThreshold` pending events it is a 4-ary min-heap of 16-byte keys (OMNeT++ style):
/// keys are (time, sequence << 24 | slot), the event itself waits in a side table at `slot`, so
/// each sift moves 16 bytes, and four children per node halve the depth. Past that it moves, once,
/// to a radix heap (`RadixEventQueue`), whose cost does not grow with the number of pending events:
/// on the hold model the heap is faster at 10 k pending events and the radix heap at 1 M
/// (`stt-sim bench --filter scheduler`). Both give the same order, so the switch changes no run.
public struct EventQueue {
    private struct Key {
        let time: Int64
        /// Insertion sequence in the high 40 bits, payload slot in the low 24.
        let order: UInt64
        /// One 128-bit comparison, no branch on equal times (flipping the sign bit maps signed
        /// times onto unsigned ones in the same order).
        @inline(__always) static func < (a: Key, b: Key) -> Bool {
            (UInt128(UInt64(bitPattern: a.time) ^ 1 << 63) << 64 | UInt128(a.order))
                < (UInt128(UInt64(bitPattern: b.time) ^ 1 << 63) << 64 | UInt128(b.order))
        }
    }

    private var keys: [Key] = []
    private var payloads: [ScheduledEvent] = []
    private var freeSlots: [Int] = []
    private var nextSequence: UInt64 = 0
    private static let slotBits: UInt64 = 24
    /// Set once the pending events outgrew the heap; from then on it holds every event.
    private var radix: RadixEventQueue?
    /// Pending events past which the heap hands over to the radix heap (by default).
    public static let radixThreshold = 131_072
    private let threshold: Int

    /// - Parameter radixThreshold: pending events past which the heap hands over to the radix
    ///   heap (`.max`: never, for benchmarks of the heap alone).
    public init(radixThreshold: Int = EventQueue.radixThreshold) {
        threshold = radixThreshold
    }

    public var count: Int { radix?.count ?? keys.count }
    public var isEmpty: Bool { count == 0 }

    /// Time of the earliest event, in nanoseconds.
    mutating func peekTime() -> Int64? {
        if radix != nil { return radix!.peekTime() }
        return keys.first?.time
    }

    mutating func schedule(at time: Int64, _ kind: EventKind, target: Int32, packet: Int32 = -1, via: Int32 = -1) {
        let event = ScheduledEvent(
            time: time, sequence: nextSequence, kind: kind, target: target, packet: packet, via: via)
        if radix != nil {
            radix!.push(event)
            nextSequence &+= 1
            return
        }
        if keys.count >= threshold {
            moveToRadixHeap()
            radix!.push(event)
            nextSequence &+= 1
            return
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            payloads[slot] = event
        } else {
            slot = payloads.count
            precondition(slot < 1 << Self.slotBits, "more than 16 million pending events")
            payloads.append(event)
        }
        push(Key(time: time, order: nextSequence << Self.slotBits | UInt64(slot)))
        nextSequence &+= 1
    }

    mutating func pop() -> ScheduledEvent? {
        if radix != nil { return radix!.pop() }
        guard let first = keys.first else { return nil }
        let last = keys.removeLast()
        if !keys.isEmpty { siftDown(last) }
        let slot = Int(first.order & (1 << Self.slotBits - 1))
        freeSlots.append(slot)
        return payloads[slot]
    }

    /// Hands every pending event to a radix heap and frees the heap's storage.
    private mutating func moveToRadixHeap() {
        var moved = RadixEventQueue()
        for key in keys { moved.push(payloads[Int(key.order & (1 << Self.slotBits - 1))]) }
        keys = []
        payloads = []
        freeSlots = []
        radix = moved
    }

    private mutating func push(_ k: Key) {
        keys.append(k)
        keys.withUnsafeMutableBufferPointer { a in
            var hole = a.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 2
                guard k < a[parent] else { break }
                a[hole] = a[parent]
                hole = parent
            }
            a[hole] = k
        }
    }

    /// Refills the root's hole with `k` (the former last key): the hole first sinks to a leaf
    /// along the smallest children, three comparisons per level and none against `k`, then `k`
    /// rises from there. A key taken from the bottom nearly always belongs near the bottom, so
    /// this does fewer comparisons than testing `k` at every level (Floyd's bottom-up heapsort).
    private mutating func siftDown(_ k: Key) {
        keys.withUnsafeMutableBufferPointer { a in
            let n = a.count
            var hole = 0
            while true {
                let first = 4 * hole + 1
                guard first < n else { break }
                var best = first
                if first + 3 < n {
                    let l = a[first + 1] < a[first] ? first + 1 : first
                    let r = a[first + 3] < a[first + 2] ? first + 3 : first + 2
                    best = a[r] < a[l] ? r : l
                } else {
                    var c = first + 1
                    while c < n {
                        if a[c] < a[best] { best = c }
                        c += 1
                    }
                }
                a[hole] = a[best]
                hole = best
            }
            while hole > 0 {
                let parent = (hole - 1) >> 2
                guard k < a[parent] else { break }
                a[hole] = a[parent]
                hole = parent
            }
            a[hole] = k
        }
    }
}

extension EventQueue {
    /// Benchmark hook: the hold model (pop one, push one at now + delay) on a bare queue.
    public mutating func holdStep(delay: Int64) -> Int64 {
        let e = pop()!
        schedule(at: e.time + delay, .action, target: 0)
        return e.time
    }

    /// Benchmark hook: `steps` rounds of the hold model with delays uniform in [0, `maxDelay`).
    public mutating func holdModel(steps: Int, maxDelay: UInt64, rng: inout SplitMix64) -> Int64 {
        var last: Int64 = 0
        for _ in 0..<steps { last = holdStep(delay: Int64(rng.next() % maxDelay)) }
        return last
    }

    /// Benchmark hook: schedules a bare event.
    public mutating func scheduleBare(at time: Int64) { schedule(at: time, .action, target: 0) }
}
