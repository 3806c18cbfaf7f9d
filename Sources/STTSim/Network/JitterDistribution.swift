import STTCore

/// How a link direction varies each packet's delay around `propagationDelay` (netem's
/// `delay TIME JITTER DISTRIBUTION`). Each packet draws independently, so jitter can reorder
/// packets, as with netem.
public enum JitterDistribution: Equatable, Sendable {
    /// Uniform in ±`width`.
    case uniform(width: STTDuration)
    /// Normal with standard deviation `sigma` (truncated so the total delay is never negative).
    case normal(sigma: STTDuration)
    /// Exponential with the given mean, added to the base delay.
    case exponential(mean: STTDuration)
    /// Pareto with the given mean and shape α > 1 (heavy tail), added to the base delay.
    case pareto(mean: STTDuration, shape: Double)
}
