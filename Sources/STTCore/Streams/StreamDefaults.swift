/// Stream-level constants shared by the endpoint and the standalone encoder/decoder.
public enum StreamDefaults {
    /// Segments a receiver lets a sender have outstanding before granting more (the seed's 100).
    public static let initialCredits = 100
    /// Default segment size in bytes (64 KiB).
    public static let segmentSize = 65_536
    /// Smallest and largest segment sizes, in bytes (1 KiB ... 1 MiB).
    public static let segmentSizes = 1_024...1_048_576
}
