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
        // Whole little-endian words, then the tail byte by byte: the same bytes on every platform.
        let out = [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
            var i = 0
            while i + 8 <= n {
                let word = generator.next().littleEndian
                Swift.withUnsafeBytes(of: word) {
                    buffer.baseAddress!.advanced(by: i).initialize(
                        from: $0.bindMemory(to: UInt8.self).baseAddress!, count: 8)
                }
                i += 8
            }
            if i < n {
                var word = generator.next()
                while i < n {
                    buffer[i] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    i += 1
                }
            }
            initialized = n
        }
        remaining -= n
        return out
    }
}
