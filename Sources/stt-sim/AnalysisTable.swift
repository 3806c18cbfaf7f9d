import Foundation
import STTAnalysis
import STTUnits

/// The human-readable form of `stt-sim analyze`.
enum AnalysisTable {
    static func render(_ a: CaptureAnalysis, keyLogGiven: Bool) -> String {
        var out =
            "\(a.file): link type \(a.linkType), \(a.records) records, \(a.sttDatagrams) STT datagrams, "
            + "\(a.otherRecords) other, \(a.truncatedRecords) truncated, \(fmt(a.durationSeconds)) s, \(a.sessions.count) sessions"
            + (a.badChecksums > 0
                ? "\n(\(a.badChecksums) datagrams with a wrong UDP checksum: normal for packets captured on the sending Linux host, where checksum offload fills it in later)"
                : "")
        for s in a.sessions {
            out += "\n\nsession \(s.id)  \(s.initiator ?? "?") → \(s.responder ?? "?")"
            out += s.handshakeSeconds.map { "  handshake \(fmt($0 * 1000)) ms" } ?? "  handshake not captured"
            if s.rejected { out += "  REJECTED (wrong shared seed)" }
            out +=
                s.decrypted ? "  decrypted" : (keyLogGiven ? "  no keys in the key log" : "  encrypted (use --keylog)")
            out += "  \(fmt(s.firstSeconds))–\(fmt(s.lastSeconds)) s\n"
            out += ReportTable.table(
                ["direction", "packets", "bytes", "protected", "duplicates", "pn gaps", "undecrypted"],
                [("initiator>responder", s.initiatorToResponder), ("responder>initiator", s.responderToInitiator)].map {
                    name, d in
                    [
                        name, "\(d.packets)", "\(d.bytes)", "\(d.protectedPackets)", "\(d.duplicatePackets)",
                        "\(d.packetNumberGaps)", "\(d.undecryptedPackets)",
                    ]
                })
            if !s.streams.isEmpty {
                out +=
                    "\n"
                    + ReportTable.table(
                        [
                            "stream", "direction", "segments", "bytes", "retransmitted", "missing", "skipped",
                            "verified", "sha256",
                        ],
                        s.streams.map { t in
                            [
                                "\(t.streamID)", t.direction, "\(t.segments)", "\(t.bytes)",
                                "\(t.retransmittedFragments) (\(t.retransmittedBytes) B)", "\(t.missingSegments)",
                                "\(t.skippedSegments)",
                                t.complete
                                    ? "complete"
                                    : (t.bufferLimitReached ? "TOO LARGE" : (t.finalSeen ? "GAPS" : "no end seen")),
                                t.sha256.map { String($0.prefix(16)) + "…" } ?? "-",
                            ]
                        })
            }
            if !s.goodput.isEmpty {
                let samples = s.goodput.prefix(12).map { "\(fmt($0.time))s \(rate($0.bitsPerSecond))" }
                out +=
                    "\ngoodput per \(fmt(a.goodputIntervalSeconds)) s\(s.decrypted ? "" : " (protected bytes)"): "
                    + samples.joined(separator: ", ")
                    + (s.goodput.count > 12 ? ", … (\(s.goodput.count) intervals; --json has all)" : "")
            }
        }
        return out
    }

    static func fmt(_ v: Double) -> String { UnitFormat.number(v) }

    static func rate(_ bps: Double) -> String { UnitFormat.rate(bps) }
}
