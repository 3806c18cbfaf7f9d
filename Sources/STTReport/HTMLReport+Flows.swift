import STTCharts
import STTCore

/// The per-flow and per-link sections.
extension HTMLReport {
    static func flowSections(_ c: ReportContext, _ observer: RunObserver) -> String {
        var s = ""
        var shown = Set<ObjectIdentifier>()  // membership only: timelines a flow already drew
        for (i, flow) in c.flows.enumerated() {
            let timelines = flow.sessions.compactMap { observer.existingTimeline(node: flow.node, session: $0) }
            for t in timelines { shown.insert(ObjectIdentifier(t)) }
            s += "<section class=\"flow\" id=\"flow-\(i)\" data-flow=\"\(SVG.escape(flow.label))\">"
            s += "<h2>\(SVG.escape(flow.label))</h2><p>\(SVG.escape(flow.summary))</p>"
            if timelines.isEmpty {
                s += "<p class=\"note\">No session of this flow was observed"
                s +=
                    observer.untrackedSessions > 0
                    ? " (the report draws the first \(RunObserver.maximumSessions) sessions).</p>" : ".</p>"
            }
            for t in timelines { s += sessionCharts(t, observer, c, showTitle: timelines.count > 1) }
            if !flow.latency.isEmpty {
                let points = flow.latency.map { ChartSeries.Point(x: Double($0.nanoseconds) / 1e6, y: $0.fraction) }
                let chart = CDFChart(
                    title: "Record latency, write to read", curves: [ChartSeries(name: "latency", points: points)])
                s += "<figure>\(chart.svg())</figure>"
            }
            s += "</section>"
        }
        // Sessions no flow claimed that carried stream data (captures, or flows' peers sending).
        for t in observer.sessions where t.hasStreamData && !shown.contains(ObjectIdentifier(t)) {
            s += "<section class=\"flow\" data-flow=\"session \(t.session)\">"
            s += "<h2>Session \(t.session) from \(SVG.escape(c.name(of: t.node)))</h2>"
            s += sessionCharts(t, observer, c, showTitle: false) + "</section>"
        }
        if observer.untrackedSessions > 0 {
            s += "<p class=\"note\">\(observer.untrackedSessions) more sessions were not drawn: the report keeps"
            s += " the first \(RunObserver.maximumSessions) (the trace and time series have them all).</p>"
        }
        return s
    }

    private static func points(_ values: [(Double, Double)]) -> [ChartSeries.Point] {
        values.map { ChartSeries.Point(x: $0.0, y: $0.1) }
    }

    private static func sessionCharts(
        _ t: SessionTimeline, _ observer: RunObserver, _ c: ReportContext, showTitle: Bool
    ) -> String {
        var s = showTitle ? "<h3>Session \(t.session)</h3>" : ""
        s += "<p class=\"figures\">\(t.packetsSent) packets sent, \(t.packetsLost) declared lost</p>"
        let through = observer.grid.index(observer.lastTime) + 1
        if t.hasStreamData {
            let goodput = points(t.goodput.rates(scale: 8, through: through, intervals: 100))
            let chart = TimeSeriesChart(
                title: t.packetNumbersOnly
                    ? "Throughput (protected payload bytes; no keys)" : "Goodput (stream bytes acknowledged in order)",
                yTitle: "goodput", yUnit: .bitsPerSecond,
                series: [ChartSeries(name: "goodput", points: goodput, style: .step)])
            s += "<figure>\(chart.svg(kind: "goodput"))</figure>"
        }
        for stream in t.streams {
            let chart = TimeSequenceChart(
                title: t.packetNumbersOnly
                    ? "Packet numbers over time (no keys)" : "Time-sequence graph, stream \(stream.id)",
                sent: stream.sent.extents().map { .init(x: $0.0, y: $0.1, y2: $0.2) },
                retransmitted: stream.retransmitted.extents().map { .init(x: $0.0, y: $0.1, y2: $0.2) },
                acknowledged: points(stream.acknowledged.lastValues()),
                skipped: stream.skips.map { .init(x: $0.0, y: $0.1) },
                yTitle: t.packetNumbersOnly ? "packet number" : "stream offset",
                yUnit: t.packetNumbersOnly ? .count : .bytes)
            s += "<figure>\(chart.svg())</figure>"
        }
        if t.hasMetrics {
            s += metricChart(
                "Window and bytes in flight", kind: "window", yTitle: "bytes", unit: .bytes,
                [
                    ChartSeries(
                        name: "congestion window", points: points(t.congestionWindow.lastValues()), style: .step),
                    ChartSeries(
                        name: "bytes in flight", points: points(t.bytesInFlight.maxima()), style: .step, color: 3),
                ])
            s += metricChart(
                "Pacing and delivery rate", kind: "pacing", yTitle: "rate", unit: .bitsPerSecond,
                [
                    ChartSeries(name: "pacing rate", points: points(t.pacingRate.lastValues()), style: .step, color: 4),
                    ChartSeries(
                        name: "delivery rate", points: points(t.deliveryRate.lastValues()), style: .step, color: 2),
                ])
            s += metricChart(
                "Round-trip time", kind: "rtt", yTitle: "RTT", unit: .milliseconds,
                [
                    ChartSeries(name: "smoothed", points: points(t.smoothedRTT.lastValues()), style: .step, color: 0),
                    ChartSeries(name: "latest", points: points(t.latestRTT.lastValues()), style: .step, color: 3),
                    ChartSeries(name: "minimum", points: points(t.minimumRTT.lastValues()), style: .step, color: 2),
                    ChartSeries(name: "estimated", points: points(t.estimatedRTT.lastValues()), style: .dots, color: 4),
                ])
        }
        if !t.congestionStates.isEmpty {
            let shown = t.congestionStates.prefix(40).map { "\(Axis.compactSeconds($0.0)) \($0.1)" }
            let more = t.congestionStates.count > 40 ? " … (\(t.congestionStates.count) changes)" : ""
            s += "<p class=\"states\">Congestion states: \(SVG.escape(shown.joined(separator: " → ")))\(more)</p>"
        }
        return s
    }

    /// A time series chart of the series that have points; nothing when none has.
    private static func metricChart(
        _ title: String, kind: String, yTitle: String, unit: Axis.Unit, _ series: [ChartSeries]
    ) -> String {
        let drawn = series.filter { !$0.points.isEmpty }
        guard !drawn.isEmpty else { return "" }
        let chart = TimeSeriesChart(title: title, yTitle: yTitle, yUnit: unit, series: drawn)
        return "<figure>\(chart.svg(kind: kind))</figure>"
    }

    static func linkSections(_ observer: RunObserver) -> String {
        let active = observer.links.filter { $0.totalDrops > 0 || $0.queueBytes.maxima().contains { $0.1 > 0 } }
        guard !active.isEmpty else { return "" }
        var s = "<section id=\"links\"><h2>Link directions</h2>"
        let ranked = active.sorted {
            $0.totalDrops != $1.totalDrops ? $0.totalDrops > $1.totalDrops : $0.direction < $1.direction
        }
        for link in ranked.prefix(maximumLinkDirections).sorted(by: { $0.direction < $1.direction }) {
            s += "<div class=\"link\" data-link=\"\(SVG.escape(link.name))\"><h3>\(SVG.escape(link.name))</h3>"
            let queue = TimeSeriesChart(
                title: "Queue occupancy (peak per interval)", yTitle: "queued", yUnit: .bytes,
                series: [ChartSeries(name: "queue", points: points(link.queueBytes.maxima()), style: .step)])
            s += "<figure>\(queue.svg(kind: "queue"))</figure>"
            if !link.drops.isEmpty {
                let series = link.drops.enumerated().map { i, d in
                    ChartSeries(name: d.reason, points: points(d.series.sums()), style: .dots, color: i + 1)
                }
                let chart = TimeSeriesChart(
                    title: "Drops by reason (per interval)", yTitle: "drops", yUnit: .count, series: series)
                s += "<figure>\(chart.svg(kind: "drops"))</figure>"
            }
            s += "</div>"
        }
        if active.count > maximumLinkDirections {
            s += "<p class=\"note\">\(active.count - maximumLinkDirections) quieter link directions are not drawn.</p>"
        }
        return s + "</section>"
    }
}
