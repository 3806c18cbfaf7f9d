/// The one place numbers and units become text, for every report, table and message: rates in
/// bit/s with decimal prefixes ("1.779 Mbit/s"), sizes with binary prefixes ("8 MiB"), and
/// plain numbers rounded to three decimals.
public enum UnitFormat {
    /// `x` rounded to three decimals, without a fraction when whole ("37.714", "2", "0.001").
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let r = (x * 1000).rounded() / 1000
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
    }

    /// `x` exactly as given (for messages that quote a value back): "1.5", "2", "1e-300".
    public static func exact(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// A whole number.
    public static func integer(_ n: Int) -> String { String(n) }

    /// Bits per second with a decimal prefix: "800 bit/s", "512 kbit/s", "1.779 Mbit/s", "1 Gbit/s".
    public static func rate(_ bitsPerSecond: Double) -> String {
        let bps = bitsPerSecond
        if bps >= 1e9 { return "\(number(bps / 1e9)) Gbit/s" }
        if bps >= 1e6 { return "\(number(bps / 1e6)) Mbit/s" }
        if bps >= 1e3 { return "\(number(bps / 1e3)) kbit/s" }
        return "\(number(bps)) bit/s"
    }

    /// Bytes with a binary prefix: "512 B", "1.5 KiB", "8 MiB", "1.25 GiB".
    public static func bytes(_ n: Int) -> String {
        if n >= 1 << 30 { return "\(number(Double(n) / Double(1 << 30))) GiB" }
        if n >= 1 << 20 { return "\(number(Double(n) / Double(1 << 20))) MiB" }
        if n >= 1 << 10 { return "\(number(Double(n) / 1024)) KiB" }
        return "\(n) B"
    }

    /// Seconds, as scenario files write durations: "37.714s".
    public static func seconds(_ x: Double) -> String { "\(number(x))s" }

    /// Milliseconds: "12.5ms".
    public static func milliseconds(_ seconds: Double) -> String { "\(number(seconds * 1000))ms" }

    /// A quantity with an SI prefix and three decimals, for tables whose unit is elsewhere
    /// ("2.687M", "214.9k", "0.561").
    public static func si(_ v: Double) -> String {
        if v >= 1e9 { return fixed(v / 1e9, 3) + "G" }
        if v >= 1e6 { return fixed(v / 1e6, 3) + "M" }
        if v >= 1e4 { return fixed(v / 1e3, 1) + "k" }
        return fixed(v, 3)
    }

    /// A fraction as a percentage with one decimal, right-aligned in 6 columns ("  5.0%", "100.0%").
    public static func percent(_ fraction: Double) -> String {
        let text = fixed(fraction * 100, 1) + "%"
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }

    /// A fraction as a percentage with `decimals` digits, unpadded ("95.1%", "2%").
    public static func percent(_ fraction: Double, _ decimals: Int) -> String { fixed(fraction * 100, decimals) + "%" }

    /// `x` with exactly `decimals` digits after the point ("0.500", "12.0").
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let negative = x < 0
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e18 else { return "\(x)" }
        let whole = Int64(scaled) / Int64(scale)
        var fraction = String(Int64(scaled) % Int64(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        let text = decimals > 0 ? "\(whole).\(fraction)" : "\(whole)"
        return negative && scaled > 0 ? "-" + text : text
    }
}
