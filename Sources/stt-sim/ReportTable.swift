import Foundation
import STTScenario
import STTUnits

/// The human-readable summary `stt-sim run` prints.
enum ReportTable {
    static func render(_ r: ScenarioReport) -> String {
        let simulated = UnitFormat.seconds(r.simulatedSeconds)
        var out =
            r.transport == "udp"
            ? "scenario \(r.scenario)  seed \(r.seed)  over real UDP sockets (loopback)  elapsed \(simulated)"
                + "  events \(r.events)\n"
            : "scenario \(r.scenario)  seed \(r.seed)  simulated \(simulated)  wall \(UnitFormat.seconds(r.wallSeconds))"
                + "  events \(r.events)\n"
        out += "fingerprint \(r.fingerprint)\n\n"
        out += table(
            [
                "flow", "kind", "from → to", "delivered", "complete", "intact", "time", "goodput", "retx seg",
                "retx frag", "p99", "size",
            ],
            r.flows.map { f in
                let s = f.statistics
                return [
                    f.id, f.kind, "\(f.from) → \(f.to)",
                    "\(UnitFormat.bytes(s.bytesDelivered))/\(UnitFormat.bytes(s.bytesOffered))",
                    s.complete ? "yes" : "NO", s.intact ? "yes" : "NO",
                    s.completion.map { UnitFormat.seconds($0.seconds) } ?? "-", UnitFormat.rate(s.goodputBitsPerSecond),
                    "\(s.retransmittedSegments)", "\(s.retransmittedFragments)",
                    s.latency.map { UnitFormat.milliseconds(Double($0.p99) / 1e9) } ?? "-",
                    s.datagramSize.map(String.init) ?? "-",
                ]
            })
        out += "\n\n"
        out += table(
            [
                "link", "direction", "packets", "delivered", "loss", "queue", "mtu", "down", "partition", "crash",
                "dup",
                "corrupt", "reord", "delay p50", "queue p99",
            ],
            r.links.filter { $0.statistics.packets > 0 }.map { l in
                let s = l.statistics
                return [
                    l.id, l.direction, "\(s.packets)", "\(s.delivered)", "\(s[.loss])", "\(s[.queue])", "\(s[.mtu])",
                    "\(s[.down])", "\(s[.partition])", "\(s[.crash])", "\(s.duplicated)", "\(s.corrupted)",
                    "\(s.reordered)", l.delayP50Seconds.map { UnitFormat.milliseconds($0) } ?? "-",
                    l.queueDelayP99Seconds.map { UnitFormat.milliseconds($0) } ?? "-",
                ]
            })
        if let noRoute = r.noRoute {
            out += "\n\n"
            out += table(["node", "dropped: no route to the destination"], noRoute.map { [$0.node, "\($0.packets)"] })
        }
        if !r.refusals.isEmpty {
            out += "\n\n"
            out += table(
                ["node", "refused: session limit", "refused: handshake backlog", "idle sessions reclaimed"],
                r.refusals.map {
                    ["\($0.node)", "\($0.sessionLimit)", "\($0.handshakeBacklogFull)", "\($0.reclaimed)"]
                })
        }
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
            for e in c.errors { out += "\nwrite FAILED: \(e)" }
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { TextWidth.of($0[c]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in TextWidth.padded(cell, to: widths[c]) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
