/// A cumulative distribution: the fraction of records whose latency is at most x.
public struct CDFChart: Sendable {
    public var title: String
    /// Latencies in milliseconds with their cumulative fraction (0...1), ascending.
    public var curves: [ChartSeries]

    public init(title: String, curves: [ChartSeries]) {
        self.title = title
        self.curves = curves
    }

    public func svg() -> String {
        let xs = curves.flatMap { $0.points.map(\.x) }
        let x = Axis.fitting(xs, title: "latency", unit: .milliseconds)
        let y = Axis(title: "fraction of records", unit: .fraction, min: 0, max: 1)
        let stepped = curves.map { ChartSeries(name: $0.name, points: $0.points, style: .step, color: $0.color) }
        return PlotFrame(x: x, y: y).render(kind: "latency-cdf", title: title, series: stepped, zoomable: true)
    }
}
