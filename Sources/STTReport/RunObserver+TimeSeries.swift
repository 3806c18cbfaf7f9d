import STTCharts

/// `--timeseries FILE.csv`: the sampled metrics in long form, one row per (time, entity,
/// metric, value), for pandas and R. Times are each interval's start in seconds from the run's
/// start; gauges are the interval's last value, queues its peak, rates its average.
extension RunObserver {
    public static let csvHeader = "time_s,entity,metric,value"

    /// Every row, entity by entity (sessions as `node/session`, streams as
    /// `node/session/stream N`, link directions as `link a->b`), each metric in time order.
    public func timeSeriesCSV(nodeName: (Int) -> String) -> String {
        var out = Self.csvHeader + "\n"
        let through = grid.index(lastTime) + 1
        func rows(_ entity: String, _ metric: String, _ points: [(Double, Double)]) {
            let quoted = Self.csvField(entity)
            for (t, v) in points { out += "\(Self.decimal(t)),\(quoted),\(metric),\(Self.decimal(v))\n" }
        }
        for s in sessions {
            let entity = "\(nodeName(s.node))/\(s.session)"
            rows(entity, "cwnd_bytes", s.congestionWindow.lastValues())
            rows(entity, "bytes_in_flight", s.bytesInFlight.lastValues())
            rows(entity, "pacing_rate_bps", s.pacingRate.lastValues())
            rows(entity, "delivery_rate_bps", s.deliveryRate.lastValues())
            rows(entity, "srtt_ms", s.smoothedRTT.lastValues())
            rows(entity, "min_rtt_ms", s.minimumRTT.lastValues())
            rows(entity, "latest_rtt_ms", s.latestRTT.lastValues())
            rows(entity, "estimated_rtt_ms", s.estimatedRTT.lastValues())
            if s.hasStreamData { rows(entity, "goodput_bps", s.goodput.rates(scale: 8, through: through)) }
            rows(entity, "lost_packets", s.losses.sums())
            for stream in s.streams {
                let name = "\(entity)/stream \(stream.id)"
                rows(name, "sent_offset_bytes", stream.sent.maxima())
                rows(name, "acked_offset_bytes", stream.acknowledged.lastValues())
            }
        }
        for link in links {
            let entity = "link \(link.name)"
            rows(entity, "queue_bytes", link.queueBytes.maxima())
            for (reason, series) in link.drops {
                rows(entity, "drops_\(reason)", series.sums())
            }
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A value as `SVG.value` writes it; a value that is not finite is an empty field.
    static func decimal(_ v: Double) -> String { v.isFinite ? SVG.value(v) : "" }
}
