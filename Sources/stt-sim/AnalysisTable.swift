import Foundation
import STTAnalysis
import STTUnits

/// The human-readable form of `stt-sim analyze`.
enum AnalysisTable {
    /// What the key log did for a session, in words.
    static func keyState(_ s: CaptureAnalysis.Session, keyLogGiven: Bool) -> String {
        let undecrypted = s.initiatorToResponder.undecryptedPackets + s.responderToInitiator.undecryptedPackets
        let cut = s.initiatorToResponder.truncatedPackets + s.responderToInitiator.truncatedPackets
        if s.decrypted {
            guard undecrypted > 0 else { return "decrypted" }
            return "decrypted, except \(undecrypted) packets"
                + (cut > 0 ? " (\(cut) cut short by the capture's snap length)" : " (damaged, or not this session's)")
        }
        if s.keysInKeyLog {
            return cut > 0 && cut == undecrypted
                ? "NOT decrypted: every packet was cut short by the capture's snap length"
                : "NOT decrypted: the key log's keys for this session do not open its packets (wrong keys?)"
        }
        let protected = s.initiatorToResponder.protectedPackets + s.responderToInitiator.protectedPackets
        if s.rejected && protected == 0 { return "refused before any key existed" }
        return keyLogGiven
            ? "no keys in the key log (a session id no handshake made: damaged, or another capture's?)"
            : "encrypted (use --keylog)"
    }

    static func render(_ a: CaptureAnalysis, keyLogGiven: Bool) -> String {
        var out =
            "\(a.file): link type \(a.linkType), \(a.records) records, \(a.sttDatagrams) STT datagrams, "
            + "\(a.otherRecords) other, \(a.truncatedRecords) truncated, \(fmt(a.durationSeconds)) s, \(a.sessions.count) sessions"
            + (a.badChecksums > 0
                ? "\n(\(a.badChecksums) datagrams with a wrong UDP checksum: normal for packets captured on the sending Linux host, where checksum offload fills it in later)"
                : "")
            + (a.segmentedRecords > 0
                ? "\n(\(a.segmentedRecords) records held several datagrams sent with UDP segmentation offload, "
                    + "as captured on the sending host or loopback: each was split at its segment size)"
                : "")
        for s in a.sessions {
            out += "\n\nsession \(s.id)  \(s.initiator ?? "?") → \(s.responder ?? "?")"
            out += s.handshakeSeconds.map { "  handshake \(fmt($0 * 1000)) ms" } ?? "  handshake not captured"
            if let suite = s.suite { out += "  \(suite)" }
            if s.rejected { out += "  REJECTED (\(s.rejectReason ?? "wrong shared seed"))" }
            out += "  " + Self.keyState(s, keyLogGiven: keyLogGiven)
            out += "  \(fmt(s.firstSeconds))–\(fmt(s.lastSeconds)) s\n"
            // Without a packet that opened, numbers and duplicates come from cleartext headers that
            // a damaged or forged packet can change: say so in the column names.
            let unauthenticated = s.decrypted ? "" : " (unauthenticated)"
            out += ReportTable.table(
                [
                    "direction", "packets", "bytes", "protected", "duplicates" + unauthenticated,
                    "pn gaps" + unauthenticated, "undecrypted", "cut short",
                ],
                [("initiator>responder", s.initiatorToResponder), ("responder>initiator", s.responderToInitiator)].map {
                    name, d in
                    [
                        name, "\(d.packets)", "\(d.bytes)", "\(d.protectedPackets)", "\(d.duplicatePackets)",
                        "\(d.packetNumberGaps)", "\(d.undecryptedPackets)", "\(d.truncatedPackets)",
                    ]
                })
            if !s.streams.isEmpty {
                out +=
                    "\n"
                    + ReportTable.table(
                        [
                            "stream", "direction", "segments", "bytes", "retx frag (bytes)", "missing", "skipped",
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
                // Stream ids are inside the encryption: the filter works on a --decrypt-to copy.
                for t in s.streams {
                    out +=
                        "\nWireshark, stream \(t.streamID) (\(t.direction), in a --decrypt-to copy): "
                        + "sttp.session_id == \(s.id) && sttp.stream.id == \(t.streamID)"
                }
            }
            out += "\nWireshark, this session: sttp.session_id == \(s.id)"
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
