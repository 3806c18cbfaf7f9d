import Foundation
import STTCore

/// The wire's decisions for one link direction, as smoltcp's fault injector makes them: loss,
/// corruption, duplication, delay and reordering, each drawn from the direction's own
/// generator in a fixed order, so that a run replays exactly.
struct FaultInjector {
    /// What happens to a packet as it leaves the serialiser.
    struct WireFate {
        var lost = false
        /// The bit to flip (counted from the first payload byte's high bit), when corrupted.
        var corruptedBit: Int?
        /// A second copy travels independently.
        var duplicated = false
    }

    private var rng: Xoshiro256StarStar
    private var gilbertElliottBad = false
    /// Latest arrival time scheduled so far, to tell when a packet overtakes an earlier one.
    private var latestArrival: Int64 = .min

    init(rng: Xoshiro256StarStar) { self.rng = rng }

    /// Draws, in this order: loss (advancing the Gilbert-Elliott chain); then, for a packet not
    /// lost, corruption and the bit it flips, then duplication.
    mutating func wireFate(_ parameters: LinkParameters, payloadBytes: Int) -> WireFate {
        var fate = WireFate()
        if drawLoss(parameters.loss) {
            fate.lost = true
            return fate
        }
        if parameters.corruptProbability > 0, uniform() < parameters.corruptProbability, payloadBytes > 0 {
            fate.corruptedBit = Int(rng.next() % UInt64(payloadBytes * 8))
        }
        if parameters.duplicateProbability > 0, uniform() < parameters.duplicateProbability {
            fate.duplicated = true
        }
        return fate
    }

    /// When one copy leaving at `now` arrives, and whether it overtakes a packet sent before it
    /// on this direction. A copy chosen by `reorderProbability` skips the delay (netem `reorder`).
    mutating func arrival(_ parameters: LinkParameters, now: Int64) -> (time: Int64, overtakes: Bool) {
        let delay: Int64
        if parameters.reorderProbability > 0, uniform() < parameters.reorderProbability {
            delay = 0
        } else {
            delay = drawDelay(parameters)
        }
        let time = now + delay
        let overtakes = time < latestArrival
        latestArrival = max(latestArrival, time)
        return (time, overtakes)
    }

    private mutating func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }

    private mutating func drawLoss(_ model: LossModel) -> Bool {
        switch model {
        case .none:
            return false
        case .bernoulli(let p):
            return p > 0 && uniform() < p
        case .gilbertElliott(let p, let r, let h, let k):
            let lost = uniform() < (gilbertElliottBad ? 1 - h : 1 - k)
            if gilbertElliottBad {
                if uniform() < r { gilbertElliottBad = false }
            } else if uniform() < p {
                gilbertElliottBad = true
            }
            return lost
        }
    }

    /// Propagation delay plus jitter for one packet, in nanoseconds (never negative).
    private mutating func drawDelay(_ parameters: LinkParameters) -> Int64 {
        let base = parameters.propagationDelay.nanoseconds
        guard let jitter = parameters.jitter else { return base }
        let extra: Double
        switch jitter {
        case .uniform(let w):
            extra = (uniform() * 2 - 1) * Double(w.nanoseconds)
        case .normal(let sigma):
            let u1 = max(uniform(), 0x1p-53)
            let u2 = uniform()
            extra = sqrt(-2 * log(u1)) * cos(2 * .pi * u2) * Double(sigma.nanoseconds)
        case .exponential(let mean):
            extra = -log(1 - uniform()) * Double(mean.nanoseconds)
        case .pareto(let mean, let shape):
            let scale = Double(mean.nanoseconds) * ((shape - 1) / shape)
            extra = scale / pow(1 - uniform(), 1 / shape)
        }
        // A heavy tail can draw beyond any clock; a draw is clamped, never trapped on.
        return max(0, base &+ STTDuration(saturatingNanoseconds: extra).nanoseconds)
    }
}
