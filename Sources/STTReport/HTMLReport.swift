import STTCharts
import STTCore

/// One self-contained HTML file (inline SVG, CSS and script; nothing fetched) that shows a run:
/// the scenario, per flow its goodput, time-sequence graphs, window, pacing and RTT, latency
/// CDFs, per link direction its queue and drops, and the expectations with the replay command.
public enum HTMLReport {
    /// Link directions drawn at most (the busiest first by drops, then queue).
    public static let maximumLinkDirections = 24

    public static func render(_ context: ReportContext, _ observer: RunObserver) -> String {
        var body = header(context)
        body += scenarioSection(context)
        body += flowSections(context, observer)
        body += linkSections(observer)
        body += expectationsSection(context)
        return page(title: context.title, body: body)
    }

    private static func page(title: String, body: String) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
            + " script-src 'unsafe-inline'; img-src data:\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(SVG.escape(title))</title><style>\(ReportAssets.css)</style></head><body>"
            + body + "<script>\(ReportAssets.script)</script></body></html>\n"
    }

    private static func header(_ c: ReportContext) -> String {
        var s = "<header><h1>\(SVG.escape(c.title))</h1><p class=\"source\">\(SVG.escape(c.source))</p>"
        s += "<dl class=\"facts\">"
        for (k, v) in c.facts { s += "<dt>\(SVG.escape(k))</dt><dd><code>\(SVG.escape(v))</code></dd>" }
        s += "</dl>"
        for note in c.notes { s += "<p class=\"note\">\(SVG.escape(note))</p>" }
        s += "<p class=\"hint\">Charts: drag a box to zoom, turn the wheel to zoom around the pointer,"
        s += " double-click to see everything again.</p></header>"
        return s
    }

    private static func scenarioSection(_ c: ReportContext) -> String {
        guard c.topology != nil || !c.timedEvents.isEmpty else { return "" }
        var s = "<section id=\"scenario\"><h2>Scenario</h2>"
        if let topology = c.topology { s += "<figure>\(topology.svg())</figure>" }
        if !c.timedEvents.isEmpty {
            s += "<h3>Timed events</h3><table class=\"events\"><tr><th>time</th><th>event</th></tr>"
            for (t, what) in c.timedEvents {
                s += "<tr><td>\(SVG.escape(Axis.compactSeconds(t)))</td><td>\(SVG.escape(what))</td></tr>"
            }
            s += "</table>"
        }
        return s + "</section>"
    }

    private static func expectationsSection(_ c: ReportContext) -> String {
        guard !c.expectations.isEmpty else { return "" }
        let passed = c.expectations.filter(\.passed).count
        var s = "<section id=\"expectations\"><h2>Expectations: \(passed) of \(c.expectations.count) held</h2>"
        s += "<table><tr><th></th><th>expectation</th><th>measured</th></tr>"
        for e in c.expectations {
            let mark = e.passed ? "<td class=\"pass\">pass</td>" : "<td class=\"fail\">FAIL</td>"
            s += "<tr data-passed=\"\(e.passed)\">\(mark)<td>\(SVG.escape(e.description))</td>"
            s += "<td>\(SVG.escape(e.detail))</td></tr>"
        }
        return s + "</table></section>"
    }
}
