/// Which datagrams a capture keeps: those a node emits (`tx`), those delivered to it (`rx`),
/// or both. A datagram the network dropped has a `tx` record and no `rx` record.
public enum CaptureDirection: String, Sendable, CaseIterable, Codable {
    case tx, rx, both

    /// Whether a datagram seen in `direction` (`tx` or `rx`) is kept.
    public func keeps(_ direction: CaptureDirection) -> Bool { self == .both || self == direction }
}
