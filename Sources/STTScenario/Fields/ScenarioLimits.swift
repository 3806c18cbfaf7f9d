import STTCore
import STTUnits

/// The magnitudes every duration and rate in a scenario file must stay within. The reader
/// enforces them, the JSON Schema and the reference tables state them (from `FieldType`), so a
/// file `validate` accepts never makes the simulator overflow its nanosecond clock.
public enum ScenarioLimits {
    /// Durations: at most 10⁶ s (11.6 days): sums of a few of them stay far below the clock's
    /// 292 years.
    public static let maximumDuration = STTDuration.seconds(1_000_000)
    /// Rates, bits per second: 1 bit/s to 10 Tbit/s. A 64 KiB datagram then serialises in at
    /// most 6 days, and the fastest link is still finite.
    public static let rates: ClosedRange<Double> = 1...1e13
    /// Live records: at most one per microsecond (a record every `chunk × 8 / rate`).
    public static let shortestRecordInterval = STTDuration.microseconds(1)

    public static var maximumDurationText: String { "1000000s" }
    public static var rateRangeText: String { "1bps … 10000Gbps" }
}
