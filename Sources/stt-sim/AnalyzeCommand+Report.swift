import STTAnalysis
import STTReport
import STTUnits

extension AnalyzeCommand {
    /// What a capture's report says besides its charts: the file, the sessions found, and what a
    /// capture cannot show.
    static func reportContext(_ a: CaptureAnalysis, _ r: CaptureReport, file: String, keylog: String?) -> ReportContext
    {
        var c = ReportContext(
            title: "Capture \(file)", source: "From a packet capture (\(a.linkType)): what crossed the wire",
            nodeNames: r.addresses)
        c.facts = [
            ("capture", file), ("key log", keylog ?? "none (packets stay encrypted)"),
            ("records", "\(a.records) (\(a.sttDatagrams) STT datagrams)"),
            ("duration", UnitFormat.seconds(a.durationSeconds)),
            ("sessions", "\(a.sessions.count), \(a.sessions.filter(\.decrypted).count) decrypted"),
        ]
        c.notes = r.notes
        if let truncation = a.truncation { c.notes.append("The capture is cut short: \(truncation).") }
        return c
    }
}
