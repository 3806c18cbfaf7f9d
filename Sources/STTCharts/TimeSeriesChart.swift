/// Values over time: goodput, window and bytes in flight, RTT, queue occupancy, drops.
public struct TimeSeriesChart: Sendable {
    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [ChartSeries]

    /// A chart whose axes fit the series (time from `start`, values from zero).
    public init(title: String, yTitle: String, yUnit: Axis.Unit, series: [ChartSeries], start: Double = 0) {
        self.title = title
        self.series = series
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.flatMap { [$0.y, $0.y2] } }
        x = Axis(title: "time", unit: .seconds, min: min(start, xs.min() ?? start), max: xs.max() ?? start + 1)
        y = Axis.fitting(ys, title: yTitle, unit: yUnit)
    }

    /// The chart as an `<svg>` element, zoomable in the report.
    public func svg(kind: String) -> String {
        PlotFrame(x: x, y: y).render(kind: kind, title: title, series: series, zoomable: true)
    }
}
