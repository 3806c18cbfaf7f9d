/// Thrown by wire decoders when a datagram or frame ends before a field it announces.
public struct TruncatedInput: Error, Equatable {
    /// What was being read when the input ran out.
    public let field: String
}
