import STTCampaign
import STTCharts
import STTReport
import STTScenario
import STTUnits

/// `sweep --report`: one HTML page drawing a metric's mean (with its 95 % interval as a bar)
/// against one parameter, one line per combination of the other parameters, and the table.
struct SweepReport {
    let rows: [JSONValue]
    let metric: String?
    let x: String
    let title: String

    var html: String {
        let summary = SweepSummary(rows: rows)
        let chosen =
            metric ?? summary.lines.first { $0.metric.hasSuffix(".goodputBitsPerSecond") }?.metric
            ?? summary.lines.first?.metric ?? "passed"
        let lines = summary.lines.filter { $0.metric == chosen }
        var groups: [(name: String, points: [ChartSeries.Point], bars: [ChartSeries.Point])] = []
        for l in lines {
            let others = l.parameters.filter { $0.0 != x }.map { "\($0.0)=\(Study.text($0.1))" }.joined(separator: " ")
            guard let value = l.parameters.first(where: { $0.0 == x })?.1 else { continue }
            let position = Self.position(value)
            if groups.last?.name != others, !groups.contains(where: { $0.name == others }) {
                groups.append((others, [], []))
            }
            guard let g = groups.firstIndex(where: { $0.name == others }) else { continue }
            groups[g].points.append(.init(x: position, y: l.mean))
            groups[g].bars.append(.init(x: position, y: l.mean - l.ci95, y2: l.mean + l.ci95))
        }
        let series = groups.enumerated().flatMap { i, g in
            [
                ChartSeries(name: g.name.isEmpty ? chosen : g.name, points: g.points.sorted { $0.x < $1.x }, color: i),
                ChartSeries(
                    name: (g.name.isEmpty ? chosen : g.name) + " 95 %", points: g.bars, style: .ranges, color: i),
            ]
        }
        var chart = TimeSeriesChart(
            title: "", yTitle: chosen, yUnit: Self.unit(chosen), series: series)
        let xs = series.flatMap { $0.points.map(\.x) }
        chart.x = Axis(title: x, unit: .count, min: xs.min() ?? 0, max: max((xs.max() ?? 1), (xs.min() ?? 0) + 1e-9))
        var table =
            "<table><tr>"
            + (summary.parameterNames + ["n", "mean", "± 95 %"]).map { "<th>\(SVG.escape($0))</th>" }.joined()
            + "</tr>"
        for l in lines {
            let cells =
                l.parameters.map { Study.text($0.1) } + [
                    "\(l.count)", SweepCommand.figure(l.mean), SweepCommand.figure(l.ci95),
                ]
            table += "<tr>" + cells.map { "<td>\(SVG.escape($0))</td>" }.joined() + "</tr>"
        }
        table += "</table>"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>sweep \(SVG.escape(title))</title>
            <style>\(ReportAssets.css)</style>
            </head><body><h1>sweep \(SVG.escape(title))</h1>
            <h2>\(SVG.escape(chosen)) against \(SVG.escape(x))</h2>
            <p>The mean over seeds, bars the 95 % confidence interval (Student's t).</p>
            \(chart.svg(kind: "sweep"))
            \(table)
            </body></html>

            """
    }

    /// Where a parameter value sits on the axis: numbers as they are, rates, sizes and
    /// durations in bits per second, bytes and seconds.
    static func position(_ value: JSONValue) -> Double {
        switch value {
        case .number(let x): return x
        case .string(let s):
            for units in [Units.rateUnits, Units.sizeUnits] {
                if let v = Units.magnitude(s, units, bareAllowed: false) { return v }
            }
            if let ns = Units.magnitude(s, Units.durationUnits) { return ns / 1e9 }
            return 0
        case .bool(let b): return b ? 1 : 0
        default: return 0
        }
    }

    static func unit(_ metric: String) -> Axis.Unit {
        if metric.hasSuffix("BitsPerSecond") { return .bitsPerSecond }
        if metric.hasSuffix("Seconds") { return .seconds }
        if metric == "passed" || metric.hasSuffix(".complete") { return .fraction }
        return .count
    }
}
