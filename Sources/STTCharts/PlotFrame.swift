/// The frame every x/y chart shares: size, margins, the data-to-pixel mapping, axes with ticks,
/// the legend, and a plot area the report's script can zoom (it rewrites the plot's `viewBox`
/// and the `data-view` attribute; lines keep their width through `non-scaling-stroke`).
struct PlotFrame {
    static let width = 760.0
    static let height = 280.0
    static let left = 72.0
    static let right = 16.0
    static let top = 28.0
    static let bottom = 40.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    let x: Axis
    let y: Axis

    func px(_ v: Double) -> Double { (v - x.min) / (x.max - x.min) * Self.plotWidth }
    func py(_ v: Double) -> Double { Self.plotHeight - (v - y.min) / (y.max - y.min) * Self.plotHeight }

    /// The chart: `<svg>` root with its data attributes, axes, legend and the series' marks.
    func render(kind: String, title: String, series: [ChartSeries], zoomable: Bool) -> String {
        let view = "\(SVG.value(x.min)) \(SVG.value(x.max)) \(SVG.value(y.min)) \(SVG.value(y.max))"
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\(zoomable ? " zoomable" : "")\""
        s += " data-chart=\"\(SVG.escape(kind))\" width=\"\(SVG.number(Self.width))\""
        s +=
            " height=\"\(SVG.number(Self.height))\" viewBox=\"0 0 \(SVG.number(Self.width)) \(SVG.number(Self.height))\""
        s += " data-x-unit=\"\(x.unit.rawValue)\" data-y-unit=\"\(y.unit.rawValue)\""
        s += " data-full=\"\(view)\" data-view=\"\(view)\">"
        s += "<title>\(SVG.escape(title))</title>"
        s += "<text class=\"chart-title\" x=\"\(SVG.number(Self.left))\" y=\"16\">\(SVG.escape(title))</text>"
        s += legend(series)
        s += axes()
        s += "<svg class=\"plot\" x=\"\(SVG.number(Self.left))\" y=\"\(SVG.number(Self.top))\""
        s += " width=\"\(SVG.number(Self.plotWidth))\" height=\"\(SVG.number(Self.plotHeight))\""
        s +=
            " viewBox=\"0 0 \(SVG.number(Self.plotWidth)) \(SVG.number(Self.plotHeight))\" preserveAspectRatio=\"none\">"
        s +=
            "<rect class=\"plot-bg\" width=\"\(SVG.number(Self.plotWidth))\" height=\"\(SVG.number(Self.plotHeight))\"/>"
        for one in series { s += marks(one) }
        s += "</svg></svg>"
        return s
    }

    private func legend(_ series: [ChartSeries]) -> String {
        var s = "<g class=\"legend\">"
        var at = Self.width - Self.right
        for one in series.reversed() {
            let w = Double(one.name.count) * 6.5 + 22
            at -= w
            let color = ChartSeries.palette[one.color % ChartSeries.palette.count]
            s += "<rect x=\"\(SVG.number(at))\" y=\"8\" width=\"12\" height=\"4\" fill=\"\(color)\"/>"
            s += "<text x=\"\(SVG.number(at + 16))\" y=\"14\">\(SVG.escape(one.name))</text>"
        }
        return s + "</g>"
    }

    /// Ticks and labels drawn here are the unzoomed view's; the script redraws them on zoom.
    private func axes() -> String {
        let bottom = Self.top + Self.plotHeight
        var s = "<g class=\"axis x-axis\" data-title=\"\(SVG.escape(x.title))\">"
        for t in x.ticks(count: 6) {
            let p = Self.left + px(t)
            s += "<line x1=\"\(SVG.number(p))\" x2=\"\(SVG.number(p))\" y1=\"\(SVG.number(bottom))\""
            s += " y2=\"\(SVG.number(bottom + 4))\"/>"
            s += "<text x=\"\(SVG.number(p))\" y=\"\(SVG.number(bottom + 16))\" text-anchor=\"middle\">"
            s += "\(SVG.escape(x.label(t)))</text>"
        }
        s += "<text class=\"axis-title\" x=\"\(SVG.number(Self.left + Self.plotWidth / 2))\""
        s += " y=\"\(SVG.number(Self.height - 4))\" text-anchor=\"middle\">\(SVG.escape(x.title))</text></g>"
        s += "<g class=\"axis y-axis\" data-title=\"\(SVG.escape(y.title))\">"
        for t in y.ticks(count: 5) {
            let p = Self.top + py(t)
            s += "<line class=\"grid\" x1=\"\(SVG.number(Self.left))\" x2=\"\(SVG.number(Self.left + Self.plotWidth))\""
            s += " y1=\"\(SVG.number(p))\" y2=\"\(SVG.number(p))\"/>"
            s += "<text x=\"\(SVG.number(Self.left - 6))\" y=\"\(SVG.number(p + 4))\" text-anchor=\"end\">"
            s += "\(SVG.escape(y.label(t)))</text>"
        }
        s +=
            "<text class=\"axis-title\" transform=\"translate(12 \(SVG.number(Self.top + Self.plotHeight / 2))) rotate(-90)\""
        s += " text-anchor=\"middle\">\(SVG.escape(y.title))</text></g>"
        return s
    }

    /// One series as a single path (a few kilobytes for a thousand points).
    private func marks(_ series: ChartSeries) -> String {
        let color = ChartSeries.palette[series.color % ChartSeries.palette.count]
        var d = ""
        d.reserveCapacity(series.points.count * 14)
        var previousY: Double?
        for (i, p) in series.points.enumerated() {
            let x = SVG.number(px(p.x))
            let y = SVG.number(py(p.y))
            switch series.style {
            case .line:
                d += (i == 0 ? "M" : "L") + x + " " + y
            case .step:
                if let previousY { d += "H" + x + "V" + y } else { d += "M" + x + " " + y }
                previousY = p.y
            case .dots:
                d += "M" + x + " " + y + "h0"
            case .ranges:
                d += "M" + x + " " + y + "V" + SVG.number(py(p.y2))
            }
        }
        let width = series.style == .dots ? 4 : series.style == .ranges ? 2 : 1.5
        var s = "<path class=\"series \(series.style.rawValue)\" data-series=\"\(SVG.escape(series.name))\""
        s += " data-points=\"\(series.points.count)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\""
        s += " stroke-linecap=\"round\" vector-effect=\"non-scaling-stroke\" d=\"\(d)\"/>"
        return s
    }
}
