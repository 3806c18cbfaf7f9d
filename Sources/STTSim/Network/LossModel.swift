/// Which packets a link direction loses on the wire.
public enum LossModel: Equatable, Sendable {
    case none
    /// Each packet independently with probability `p`.
    case bernoulli(p: Double)
    /// Gilbert-Elliott (netem `gemodel p r 1-h 1-k`): good→bad with `p`, bad→good with `r`;
    /// loss `1-h` in the bad state and `1-k` in the good state. Mean loss
    /// `[r(1-k) + p(1-h)] / (p + r)`; mean burst length `1/r` when h = 0 and k = 1.
    case gilbertElliott(p: Double, r: Double, h: Double, k: Double)
}
