import STTCore

/// Human units in scenario files: `"20ms"`, `"1.5s"`, `"100Mbps"`, `"10MiB"`, `"64KiB"`.
public enum Units {
    /// `"250us"`, `"20ms"`, `"1.5s"`, `"2m"`, `"1h"`, or a bare number of seconds.
    public static func duration(_ text: String) -> STTDuration? {
        let table: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        guard let (number, scale) = split(text, table, bare: 1e9), number >= 0, number * scale < 9e18 else {
            return nil
        }
        return STTDuration(nanoseconds: Int64((number * scale).rounded()))
    }

    /// `"100Mbps"`, `"1.5Gbps"`, `"64kbps"`, `"800bps"` (decimal prefixes, bits per second).
    public static func rate(_ text: String) -> Double? {
        let table: [(String, Double)] = [("bps", 1), ("kbps", 1e3), ("Kbps", 1e3), ("Mbps", 1e6), ("Gbps", 1e9)]
        guard let (number, scale) = split(text, table, bare: nil), number > 0 else { return nil }
        return number * scale
    }

    /// `"1500B"`, `"64KiB"`, `"10MiB"`, `"1GiB"`, `"100KB"`, `"10MB"`, or a bare number of bytes.
    public static func size(_ text: String) -> Int? {
        let table: [(String, Double)] = [
            ("B", 1), ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824),
            ("KB", 1e3), ("kB", 1e3), ("MB", 1e6), ("GB", 1e9),
        ]
        guard let (number, scale) = split(text, table, bare: 1), number >= 0 else { return nil }
        let bytes = number * scale
        guard bytes == bytes.rounded(), bytes < 1e15 else { return nil }
        return Int(bytes)
    }

    private static func split(_ text: String, _ table: [(String, Double)], bare: Double?) -> (Double, Double)? {
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        // Longest suffix first so "ms" wins over "s" and "Mbps" over "bps".
        for (suffix, scale) in table.sorted(by: { $0.0.count > $1.0.count }) where trimmed.hasSuffix(suffix) {
            let number = String(trimmed.dropLast(suffix.count).reversed().drop { $0 == " " }.reversed())
            guard let value = Double(number), value.isFinite else { return nil }
            return (value, scale)
        }
        guard let bare, let value = Double(trimmed), value.isFinite else { return nil }
        return (value, bare)
    }
}
