import Foundation
import STTCore
import STTPcap
import STTTestSupport
import Testing

@Suite("Key logs")
struct KeyLogTests {
    @Test("a key log line parses back to the same session and keys; comments and blank lines are skipped")
    func roundTrip() throws {
        let id = SessionID(rawValue: 0x0123_4567_89AB_CDEF)
        let keys = SessionTrafficKeys(initiatorToResponder: Array(0..<32), responderToInitiator: Array(32..<64))
        let text = KeyLog.header + "\n\n" + KeyLog.line(id, keys) + "\n"
        #expect(try KeyLog.parse(text, file: "k.log") == [id: keys])
    }

    @Test("a malformed key log line is reported with its file and line number")
    func malformed() {
        let bad = "# header\nSTT_SESSION_KEYS 0123 00 11\n"
        #expect(throws: KeyLog.ParseError.self) { _ = try KeyLog.parse(bad, file: "k.log") }
        do { _ = try KeyLog.parse(bad, file: "k.log") } catch { #expect(error.description.hasPrefix("k.log:2: ")) }
        do { _ = try KeyLog.parse("CLIENT_RANDOM aa bb\n", file: "k.log") } catch {
            #expect(error.description.hasPrefix("k.log:1: "))
        }
    }
}
