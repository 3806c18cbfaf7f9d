/// The time-sequence graph of one stream (Stevens, tcptrace): stream offsets against time.
/// `sent` shows the offsets first sent in each interval as a bar, `retransmitted` marks the
/// offsets sent again, `acknowledged` the highest offset acknowledged in order, `skipped` where
/// a live stream jumped. A flat stretch of `sent` is a stall; marks far below it, losses.
public struct TimeSequenceChart: Sendable {
    public var title: String
    public var sent: [ChartSeries.Point]
    public var retransmitted: [ChartSeries.Point]
    public var acknowledged: [ChartSeries.Point]
    public var skipped: [ChartSeries.Point]
    /// The vertical axis: stream offsets (bytes) or, from a capture without keys, packet numbers.
    public var yTitle: String
    public var yUnit: Axis.Unit

    public init(
        title: String, sent: [ChartSeries.Point], retransmitted: [ChartSeries.Point] = [],
        acknowledged: [ChartSeries.Point] = [], skipped: [ChartSeries.Point] = [],
        yTitle: String = "stream offset", yUnit: Axis.Unit = .bytes
    ) {
        self.title = title
        self.sent = sent
        self.retransmitted = retransmitted
        self.acknowledged = acknowledged
        self.skipped = skipped
        self.yTitle = yTitle
        self.yUnit = yUnit
    }

    public var series: [ChartSeries] {
        var out = [ChartSeries(name: "sent", points: sent, style: .ranges, color: 0)]
        if !retransmitted.isEmpty {
            out.append(.init(name: "retransmitted", points: retransmitted, style: .ranges, color: 1))
        }
        if !acknowledged.isEmpty {
            out.append(.init(name: "acknowledged", points: acknowledged, style: .step, color: 2))
        }
        if !skipped.isEmpty { out.append(.init(name: "skipped", points: skipped, style: .dots, color: 3)) }
        return out
    }

    /// The chart as an `<svg>` element: drag a box or turn the wheel over it to zoom in.
    public func svg() -> String {
        let all = series
        let xs = all.flatMap { $0.points.map(\.x) }
        let ys = all.flatMap { $0.points.flatMap { [$0.y, $0.y2] } }
        let x = Axis(title: "time", unit: .seconds, min: xs.min() ?? 0, max: xs.max() ?? 1)
        let y = Axis.fitting(ys, title: yTitle, unit: yUnit)
        return PlotFrame(x: x, y: y).render(kind: "time-sequence", title: title, series: all, zoomable: true)
    }
}
