import STTCore

/// Human units in scenario files and flags: `"20ms"`, `"1.5s"`, `"100Mbps"`, `"10MiB"`,
/// `"64KiB"`. A number is written in decimal digits with an optional fraction (no sign, no
/// exponent); spaces around it and the unit are allowed. The JSON Schema states the same
/// grammar (`pattern(_:)`), so an editor and the reader agree on what is valid.
public enum Units {
    /// Duration units and their length in nanoseconds, longest first where one ends another.
    public static let durationUnits: [(String, Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]
    /// Rate units, bits per second (decimal prefixes).
    public static let rateUnits: [(String, Double)] = [
        ("bps", 1), ("kbps", 1e3), ("Kbps", 1e3), ("Mbps", 1e6), ("Gbps", 1e9),
    ]
    /// Size units, bytes (binary and decimal prefixes); a bare number is bytes.
    public static let sizeUnits: [(String, Double)] = [
        ("B", 1), ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("KB", 1e3), ("kB", 1e3), ("MB", 1e6),
        ("GB", 1e9),
    ]

    /// The value of `text` in the base unit of `units` (nanoseconds, bits per second, bytes),
    /// unbounded: nil only when it is not a number with one of the units. Readers check the
    /// magnitude themselves and can say "too large" rather than "malformed".
    public static func magnitude(_ text: String, _ units: [(String, Double)], bareAllowed: Bool = false) -> Double? {
        guard let (number, scale) = split(text, units, bareAllowed: bareAllowed) else { return nil }
        return number * scale
    }

    /// `"250us"`, `"20ms"`, `"1.5s"`, `"2m"`, `"1h"` (the unit is required).
    public static func duration(_ text: String) -> STTDuration? {
        guard let (number, scale) = split(text, durationUnits, bareAllowed: false), number * scale < 9e18 else {
            return nil
        }
        return STTDuration(nanoseconds: Int64((number * scale).rounded()))
    }

    /// `"100Mbps"`, `"1.5Gbps"`, `"64kbps"`, `"800bps"` (bits per second), positive.
    public static func rate(_ text: String) -> Double? {
        guard let (number, scale) = split(text, rateUnits, bareAllowed: false), number > 0 else { return nil }
        return number * scale
    }

    /// `"1500B"`, `"64KiB"`, `"10MiB"`, `"1GiB"`, `"100KB"`, `"10MB"`, or a bare number of bytes.
    public static func size(_ text: String) -> Int? {
        guard let (number, scale) = split(text, sizeUnits, bareAllowed: true) else { return nil }
        let bytes = number * scale
        guard bytes == bytes.rounded(), bytes < 1e15 else { return nil }
        return Int(bytes)
    }

    /// The regular expression (JSON Schema `pattern`) of a value with one of `units`.
    public static func pattern(_ units: [(String, Double)], unitOptional: Bool = false) -> String {
        let alternatives = units.map(\.0).joined(separator: "|")
        return "^\\s*([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*(\(alternatives))\(unitOptional ? "?" : "")\\s*$"
    }

    private static func split(_ text: String, _ table: [(String, Double)], bareAllowed: Bool) -> (Double, Double)? {
        let trimmed = text.trimmingSpaces()
        // Longest suffix first so "ms" wins over "s" and "Mbps" over "bps".
        for (suffix, scale) in table.sorted(by: { $0.0.count > $1.0.count }) where trimmed.hasSuffix(suffix) {
            guard let value = decimal(String(trimmed.dropLast(suffix.count)).trimmingSpaces()) else { return nil }
            return (value, scale)
        }
        guard bareAllowed, let value = decimal(trimmed) else { return nil }
        return (value, 1)
    }

    /// Digits with at most one point and at least one digit: "12", "1.5", ".5", "5.".
    private static func decimal(_ text: String) -> Double? {
        var digits = 0
        var points = 0
        for c in text.utf8 {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                digits += 1
            } else if c == UInt8(ascii: ".") {
                points += 1
            } else {
                return nil
            }
        }
        guard digits > 0, points <= 1, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
