import Foundation
import STTCharts
import Testing

/// Each chart kind's SVG for fixed data, compared with the snapshot in Snapshots/. After a
/// deliberate change to the drawing: `STT_RECORD_SNAPSHOTS=1 swift test --filter ChartSnapshot`.
@Suite("Chart snapshots: the SVG each chart kind emits")
struct ChartSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    func assertSnapshot(_ svg: String, named name: String) throws {
        let file = Self.directory.appendingPathComponent(name + ".svg")
        if ProcessInfo.processInfo.environment["STT_RECORD_SNAPSHOTS"] != nil {
            try svg.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(svg == expected, "\(name).svg differs; record again with STT_RECORD_SNAPSHOTS=1 if the change is meant")
    }

    let ramp = (0..<20).map { ChartSeries.Point(x: Double($0) * 0.1, y: Double($0 * $0) * 1000) }

    @Test("a time series chart draws each series as one path with its point count and the axes' ticks")
    func timeSeries() throws {
        let chart = TimeSeriesChart(
            title: "Window", yTitle: "bytes", yUnit: .bytes,
            series: [
                ChartSeries(name: "cwnd", points: ramp, style: .step),
                ChartSeries(
                    name: "in flight", points: ramp.map { .init(x: $0.x, y: $0.y / 2) }, style: .line, color: 3),
            ])
        let svg = chart.svg(kind: "window")
        #expect(svg.contains("data-series=\"cwnd\" data-points=\"20\"") && svg.contains("data-chart=\"window\""))
        try assertSnapshot(svg, named: "time-series")
    }

    @Test("a time-sequence graph draws sent ranges, retransmissions, the acknowledged line and skips")
    func timeSequence() throws {
        let chart = TimeSequenceChart(
            title: "stream 1", sent: ramp.map { .init(x: $0.x, y: $0.y, y2: $0.y + 1400) },
            retransmitted: [.init(x: 0.5, y: 3000, y2: 4400)],
            acknowledged: ramp.map { .init(x: $0.x + 0.05, y: $0.y) },
            skipped: [.init(x: 1.2, y: 150_000)])
        let svg = chart.svg()
        for series in ["sent", "retransmitted", "acknowledged", "skipped"] {
            #expect(svg.contains("data-series=\"\(series)\""))
        }
        try assertSnapshot(svg, named: "time-sequence")
    }

    @Test("a latency CDF runs from 0 to 1 over the latencies")
    func cdf() throws {
        let points = (0...10).map { ChartSeries.Point(x: Double($0) * 2.5, y: Double($0) / 10) }
        let svg = CDFChart(title: "latency", curves: [ChartSeries(name: "latency", points: points)]).svg()
        #expect(svg.contains("data-full=\"0 25 0 1\""))
        try assertSnapshot(svg, named: "cdf")
    }

    @Test("a topology drawing shows every node and link with its parameters, escaped")
    func topology() throws {
        let diagram = TopologyDiagram(
            nodes: [
                .init(name: "client", isRouter: false), .init(name: "r<1>", isRouter: true),
                .init(name: "server", isRouter: false),
            ],
            links: [
                .init(a: 0, b: 1, label: "100 Mbit/s · 5ms"), .init(a: 1, b: 2, label: "10 Mbit/s · 20ms · loss 1%"),
            ])
        let svg = diagram.svg()
        #expect(svg.contains("r&lt;1&gt;") && !svg.contains("r<1>"))
        #expect(svg.contains("data-nodes=\"3\" data-links=\"2\""))
        try assertSnapshot(svg, named: "topology")
    }

    @Test("axes pick round ticks and label values in the unit's scale")
    func axisTicks() {
        let axis = Axis(title: "rate", unit: .bitsPerSecond, min: 0, max: 23e6)
        #expect(axis.ticks(count: 5) == [0, 5e6, 10e6, 15e6, 20e6])
        #expect(axis.label(15e6) == "15 Mbit/s")
        #expect(Axis(title: "b", unit: .bytes, min: 0, max: 1).label(3 * 1024 * 1024) == "3 MiB")
        #expect(SVG.number(.nan) == "0" && SVG.number(12.25) == "12.3" && SVG.number(-3) == "-3")
    }
}
