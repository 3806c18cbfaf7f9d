/// Deterministic bytes from a seed, produced chunk by chunk so that gigabytes need no memory.
public struct PatternSource {
    private var generator: Xoshiro256StarStar
    public private(set) var remaining: Int

    public init(seed: UInt64, length: Int) {
        generator = Xoshiro256StarStar(seed: seed)
        remaining = length
    }

    /// The next `count` bytes (fewer at the end).
    public mutating func next(_ count: Int) -> [UInt8] {
        let n = min(count, remaining)
        var out = [UInt8](repeating: 0, count: n)
        var i = 0
        while i < n {
            var word = generator.next()
            for _ in 0..<min(8, n - i) { out[i] = UInt8(truncatingIfNeeded: word); word >>= 8; i += 1 }
        }
        remaining -= n
        return out
    }
}
