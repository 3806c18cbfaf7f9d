/// One series of a chart: named points in data units, drawn in one style.
public struct ChartSeries: Sendable, Equatable {
    public enum Style: String, Sendable {
        /// Points joined by straight lines.
        case line
        /// A value holds until the next point (window, queue, counters per interval).
        case step
        /// Separate marks (retransmissions, losses).
        case dots
        /// Vertical bars from `y` to `y2` at each `x` (the range of offsets sent in an interval).
        case ranges
    }

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        /// The upper end, for `ranges`.
        public var y2: Double

        public init(x: Double, y: Double, y2: Double? = nil) {
            self.x = x
            self.y = y
            self.y2 = y2 ?? y
        }
    }

    /// The legend name and the `data-series` attribute.
    public var name: String
    public var points: [Point]
    public var style: Style
    /// Index into the palette (stable colours for the same meaning across charts).
    public var color: Int

    public init(name: String, points: [Point], style: Style = .line, color: Int = 0) {
        self.name = name
        self.points = points
        self.style = style
        self.color = color
    }

    /// The series' palette: distinguishable and readable on white.
    public static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    ]
}
