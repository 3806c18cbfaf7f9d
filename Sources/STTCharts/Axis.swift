import Foundation

/// An axis: its data range, the ticks a reader needs, and how to label a value.
public struct Axis: Sendable, Equatable {
    /// What the values mean, which decides their labels.
    public enum Unit: String, Sendable {
        case seconds, bytes, bitsPerSecond, milliseconds, count, fraction
    }

    public var title: String
    public var unit: Unit
    public var min: Double
    public var max: Double

    public init(title: String, unit: Unit, min: Double, max: Double) {
        self.title = title
        self.unit = unit
        self.min = min
        self.max = max > min ? max : min + 1
    }

    /// The range covering `values` (from 0 when all are positive, for rates and sizes).
    public static func fitting(
        _ values: [Double], title: String, unit: Unit, fromZero: Bool = true
    ) -> Axis {
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 1
        return Axis(title: title, unit: unit, min: fromZero ? Swift.min(0, low) : low, max: high)
    }

    /// About `count` round tick values inside the range (steps of 1, 2 or 5 times a power of 10).
    public func ticks(count: Int = 5) -> [Double] {
        let span = max - min
        let rough = span / Double(Swift.max(count, 1))
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
        var out: [Double] = []
        var v = (min / step).rounded(.up) * step
        while v <= max + step * 1e-9, out.count < 50 {
            out.append(v)
            v += step
        }
        return out
    }

    /// A short label for a tick value.
    public func label(_ v: Double) -> String {
        switch unit {
        case .seconds: return Self.compact(v) + " s"
        case .milliseconds: return Self.compact(v) + " ms"
        case .fraction: return Self.compact(v * 100) + "%"
        case .count: return Self.scaled(v, base: 1000, suffixes: ["", "k", "M", "G"])
        case .bytes: return Self.scaled(v, base: 1024, suffixes: [" B", " KiB", " MiB", " GiB", " TiB"])
        case .bitsPerSecond: return Self.scaled(v, base: 1000, suffixes: [" bit/s", " kbit/s", " Mbit/s", " Gbit/s"])
        }
    }

    private static func scaled(_ v: Double, base: Double, suffixes: [String]) -> String {
        var x = v
        var i = 0
        while abs(x) >= base, i < suffixes.count - 1 {
            x /= base
            i += 1
        }
        return compact(x) + suffixes[i]
    }

    /// A time in seconds as tables show it ("1.5 s").
    public static func compactSeconds(_ t: Double) -> String { compact(t) + " s" }

    /// At most three significant digits, no trailing zeros.
    static func compact(_ v: Double) -> String {
        guard v.isFinite else { return "–" }
        if v == 0 { return "0" }
        let digits = abs(v) >= 100 ? 0 : abs(v) >= 10 ? 1 : abs(v) >= 1 ? 2 : 3
        var s = String(format: "%.\(digits)f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
