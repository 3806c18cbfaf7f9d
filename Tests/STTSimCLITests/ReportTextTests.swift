import Foundation
import Testing

/// The text report as a user reads it: names in any script are printed whole and the columns
/// line up; packets with nowhere to go are not silent; `--verbose` tells events in order.
@Suite("stt-sim run's text report")
struct ReportTextTests {
    @Test("names in Hebrew, CJK and emoji are printed whole, and every row's columns line up")
    func nonASCIINames() throws {
        let file = NSTemporaryDirectory() + "stt-names-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let text = ScenarioCommandTests.valid
            .replacingOccurrences(of: "\"id\": \"b\"", with: "\"id\": \"שרת😀\"")
            .replacingOccurrences(of: "\"b\": \"b\"", with: "\"b\": \"שרת😀\"")
            .replacingOccurrences(of: "\"to\": \"b\"", with: "\"to\": \"שרת😀\"")
            .replacingOccurrences(of: "\"id\": \"f\"", with: "\"id\": \"上传🚀🚀\"")
            .replacingOccurrences(of: "\"flow\": \"f\"", with: "\"flow\": \"上传🚀🚀\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try runSTTSim(["run", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{FFFD}"), "no name is cut inside a character")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let flowRow = try #require(lines.first { $0.hasPrefix("上传🚀🚀") })
        let header = try #require(lines.first { $0.hasPrefix("flow ") })
        #expect(flowRow.contains("a → שרת😀"))
        // "kind" starts in the same terminal column in the header and the row (wide glyphs: 2).
        func column(_ line: String, _ word: String) -> Int? {
            guard let range = line.range(of: word) else { return nil }
            return String(line[..<range.lowerBound]).reduce(0) { n, c in
                n
                    + (c.unicodeScalars.first.map { $0.properties.isEmojiPresentation || $0.value >= 0x4E00 } == true
                        ? 2 : 1)
            }
        }
        #expect(column(header, "kind") == column(flowRow, "bounded"))
    }

    @Test("--verbose lists every node's session events in simulated-time order")
    func verboseInEventOrder() throws {
        let file = NSTemporaryDirectory() + "stt-verbose-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try ScenarioCommandTests.valid.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try runSTTSim(["run", file, "--verbose"])
        let events = r.stderr.split(separator: "\n").filter { $0.contains("session") || $0.contains("stream") }
        #expect(events.count >= 3, "\(r.stderr)")
        let times = events.compactMap { line -> Double? in
            guard let stamp = line.split(separator: " ").first, stamp.hasSuffix("s") else { return nil }
            return stamp.hasSuffix("ms") ? Double(stamp.dropLast(2)).map { $0 / 1e3 } : Double(stamp.dropLast())
        }
        #expect(times.count == events.count && times == times.sorted(), "\(events)")
        #expect(events.first?.contains("sessionEstablished") == true)
    }
}
