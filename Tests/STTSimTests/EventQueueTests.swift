import STTCore
import Testing

@testable import STTSim

@Suite("The event list")
struct EventQueueTests {
    /// Drives two queues through the same random schedule and pop sequence (many equal times,
    /// and now and then an event before the last popped time) and returns both pop orders.
    static func popOrders(
        first: inout EventQueue, second: inout EventQueue, seed: UInt64, steps: Int
    ) -> ([UInt64], [UInt64]) {
        var rng = SplitMix64(state: seed)
        var now: Int64 = 0
        var a: [UInt64] = []
        var b: [UInt64] = []
        for step in 0..<steps {
            let burst = Int(rng.next() % 4)
            for _ in 0..<burst {
                // Coarse times make ties common; one event in 50 lands before `now`.
                var t = now + Int64(rng.next() % 8) * 1_000
                if rng.next() % 50 == 0 { t = max(0, now - Int64(rng.next() % 5_000)) }
                first.schedule(at: t, .action, target: Int32(step & 0xFFFF))
                second.schedule(at: t, .action, target: Int32(step & 0xFFFF))
            }
            if rng.next() % 3 != 0 {
                #expect(first.peekTime() == second.peekTime())
                if let x = first.pop(), let y = second.pop() {
                    a.append(x.sequence)
                    b.append(y.sequence)
                    now = max(now, x.time)
                }
            }
        }
        while let x = first.pop() { a.append(x.sequence) }
        while let y = second.pop() { b.append(y.sequence) }
        return (a, b)
    }

    @Test("the radix heap pops in exactly the heap's (time, insertion order), ties and late events included")
    func radixHeapKeepsTheHeapOrder() {
        for seed: UInt64 in 1...20 {
            var heap = EventQueue(radixThreshold: .max)
            var radix = EventQueue(radixThreshold: 0)  // radix from the first event
            let (a, b) = Self.popOrders(first: &heap, second: &radix, seed: seed, steps: 20_000)
            #expect(a == b, "seed \(seed): the orders differ")
            #expect(Set(a).count == a.count && !a.isEmpty)
        }
    }

    @Test("a queue that outgrows the heap mid-run switches to the radix heap without changing the order")
    func switchingMidRunChangesNothing() {
        var heap = EventQueue(radixThreshold: .max)
        var switching = EventQueue(radixThreshold: 500)
        let (a, b) = Self.popOrders(first: &heap, second: &switching, seed: 99, steps: 50_000)
        #expect(a == b)
    }

    @Test("pops come out sorted by time, and by insertion order among equal times")
    func orderIsTimeThenInsertion() {
        var queue = EventQueue(radixThreshold: 0)
        var rng = SplitMix64(state: 3)
        for _ in 0..<10_000 { queue.schedule(at: Int64(rng.next() % 100), .action, target: 0) }
        var previous: (Int64, UInt64)?
        while let e = queue.pop() {
            if let (t, s) = previous { #expect(t < e.time || (t == e.time && s < e.sequence)) }
            previous = (e.time, e.sequence)
        }
    }
}
