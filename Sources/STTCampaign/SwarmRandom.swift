import Foundation
import STTCore

/// The swarm's draws, on its own generator so that a seed's scenario is the same in every
/// process and on every machine (the standard library's `random(in:)` algorithms are not a
/// stable contract; these are written out).
struct SwarmRandom {
    private var generator: Xoshiro256StarStar

    init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed, streamID: 0x5357_4152_4D) }

    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(generator.next() >> 11) * 0x1p-53 }

    /// A uniform whole number in `range` (modulo bias below 2^-40 for the ranges used here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(generator.next() % span)
    }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Log-uniform in [low, high]: every decade equally likely (delays, rates, sizes).
    mutating func logUniform(_ low: Double, _ high: Double) -> Double {
        exp(uniform(log(low), log(high)))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A choice by weight: `[(3, a), (1, b)]` gives `a` three times as often.
    mutating func weighted<T>(_ items: [(Double, T)]) -> T {
        let total = items.reduce(0) { $0 + $1.0 }
        var x = unit() * total
        for (weight, item) in items {
            if x < weight { return item }
            x -= weight
        }
        return items[items.count - 1].1
    }
}
