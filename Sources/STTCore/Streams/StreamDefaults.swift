/// Stream-level constants shared by the endpoint and the standalone encoder/decoder.
public enum StreamDefaults {
    /// Segments a `BinaryStreamDecoder` lets its encoder have outstanding before granting more
    /// (the seed chapter's 100 credits).
    public static let initialCredits = 100
    /// Stream bytes a session's receiver accepts before its first CREDIT frame (1 MiB): the
    /// protocol's initial window, which both ends know without negotiating.
    public static let initialStreamWindow = 1 << 20
    /// Stream bytes a session accepts over all its streams before its first SESSION_CREDIT
    /// frame (2 MiB).
    public static let initialSessionWindow = 2 << 20
    /// Default segment size in bytes (64 KiB).
    public static let segmentSize = 65_536
    /// Smallest and largest segment sizes, in bytes (1 KiB ... 1 MiB).
    public static let segmentSizes = 1_024...1_048_576
}
