/// Why an authenticated packet's frames could not be parsed.
public enum FrameError: Error, Equatable, Sendable {
    case unknownFrameType(UInt8, offset: Int)
    case truncated(field: String)
    /// A field holds a value the protocol forbids (named, with the reason).
    case invalid(field: String, reason: String)
}
