import STTScenario

/// The human-readable summary `stt-sim run` prints.
enum ReportTable {
    static func render(_ r: ScenarioReport) -> String {
        var out =
            r.transport == "udp"
            ? "scenario \(r.scenario)  seed \(r.seed)  over real UDP sockets (loopback)  elapsed \(fmt(r.simulatedSeconds))s  events \(r.events)\n"
            : "scenario \(r.scenario)  seed \(r.seed)  simulated \(fmt(r.simulatedSeconds))s  wall \(fmt(r.wallSeconds))s  events \(r.events)\n"
        out += "fingerprint \(r.fingerprint)\n\n"
        out += table(
            ["flow", "kind", "from → to", "delivered", "complete", "intact", "time", "goodput", "retx", "p99"],
            r.flows.map { f in
                [
                    f.id, f.kind, "\(f.from) → \(f.to)", "\(bytes(f.bytesDelivered))/\(bytes(f.bytesOffered))",
                    f.complete ? "yes" : "NO", f.intact ? "yes" : "NO",
                    f.completionSeconds.map { "\(fmt($0))s" } ?? "-", rate(f.goodputBitsPerSecond),
                    "\(f.retransmittedSegments)", f.latency.map { "\(fmt($0.p99 * 1000))ms" } ?? "-",
                ]
            })
        out += "\n\n"
        out += table(
            [
                "link", "direction", "packets", "delivered", "loss", "queue", "down", "partition", "crash", "dup",
                "corrupt", "reord", "delay p50",
            ],
            r.links.filter { $0.packets > 0 }.map { l in
                [
                    l.id, l.direction, "\(l.packets)", "\(l.delivered)", "\(l.dropped.loss)", "\(l.dropped.queue)",
                    "\(l.dropped.down)", "\(l.dropped.partition)", "\(l.dropped.crash)", "\(l.duplicated)",
                    "\(l.corrupted)", "\(l.reordered)", l.delayP50Seconds.map { "\(fmt($0 * 1000))ms" } ?? "-",
                ]
            })
        out += "\n\n"
        out += table(
            ["expectation", "result", "detail"],
            r.expectations.map { [$0.description, $0.passed ? "pass" : "FAIL", $0.detail] })
        let failed = r.expectations.filter { !$0.passed }.count
        out +=
            "\n\n"
            + (failed == 0
                ? "all \(r.expectations.count) expectations hold"
                : "\(failed) of \(r.expectations.count) expectations FAILED")
            + (r.transport == "udp"
                ? "  (real sockets: timing varies run to run)" : "  (replay: stt-sim run FILE --seed \(r.seed))")
        if let c = r.capture {
            for f in c.files { out += "\ncapture: \(f.path): \(f.records) packets (\(c.direction))" }
            if let k = c.keylog { out += "\nkey log: \(k.path): \(k.sessions) sessions" }
            for e in c.errors { out += "\ncapture FAILED: \(e)" }
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    static func fmt(_ x: Double) -> String {
        if x >= 100 { return String(Int(x.rounded())) }
        let r = (x * 1000).rounded() / 1000
        return "\(r)"
    }

    static func bytes(_ n: Int) -> String {
        if n >= 1 << 30 { return "\(fmt(Double(n) / Double(1 << 30)))GiB" }
        if n >= 1 << 20 { return "\(fmt(Double(n) / Double(1 << 20)))MiB" }
        if n >= 1 << 10 { return "\(fmt(Double(n) / 1024))KiB" }
        return "\(n)B"
    }

    static func rate(_ bps: Double) -> String {
        if bps >= 1e9 { return "\(fmt(bps / 1e9))Gbps" }
        if bps >= 1e6 { return "\(fmt(bps / 1e6))Mbps" }
        if bps >= 1e3 { return "\(fmt(bps / 1e3))kbps" }
        return "\(fmt(bps))bps"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
