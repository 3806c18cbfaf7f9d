/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64: a small, fast, seedable generator.
///
/// `STTCore` never touches the system random generator; drivers inject a generator. The
/// simulator derives one of these per node and per link direction from (root seed, stable id), so
/// every byte on the simulated wire is reproducible. It is not a CSPRNG: the UDP driver injects
/// the operating system's cryptographic generator instead.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole state is expanded from `seed` with SplitMix64.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    /// A generator for the sub-stream named `streamID` of `seed`: independent of every other
    /// `streamID`, so adding a node or a link does not change what another one draws.
    public init(seed: UInt64, streamID: UInt64) {
        var sm = SplitMix64(state: seed ^ 0x5354_5453_494D_0000)  // "STTSIM"
        let a = sm.next()
        var mix = SplitMix64(state: a &+ streamID &* 0x9E37_79B9_7F4A_7C15)
        self.init(seed: mix.next() ^ streamID)
    }

    @inlinable
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }
}

extension RandomNumberGenerator {
    /// `count` bytes drawn from this generator (8 per draw, little-endian).
    package mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            var word = next()
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        out.removeLast(out.count - count)
        return out
    }
}
