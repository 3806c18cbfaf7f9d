import Foundation
import STTCore
import STTPcap
import STTTestSupport
import Testing

@Suite("Key logs")
struct KeyLogTests {
    @Test(
        "a key log line names its suite and parses back to the same session and keys; comments and blank lines are skipped",
        arguments: CipherSuite.allCases)
    func roundTrip(suite: CipherSuite) throws {
        let id = SessionID(rawValue: 0x0123_4567_89AB_CDEF)
        let keys = SessionTrafficKeys(
            suite: suite, initiatorToResponder: Array(0..<32), responderToInitiator: Array(32..<64))
        let line = KeyLog.line(id, keys)
        #expect(line.split(separator: " ")[2] == Substring(suite.name))
        let text = KeyLog.header + "\n\n" + line + "\n"
        #expect(try KeyLog.parse(text, file: "k.log") == [id: keys])
    }

    @Test("a line without a suite (wire version 3's form) means ChaChaPoly; an unknown suite is an error")
    func suiteDefaultsAndErrors() throws {
        let hex32 = String(repeating: "ab", count: 32)
        let old = "STT_SESSION_KEYS 0123456789abcdef \(hex32) \(hex32)\n"
        #expect(try KeyLog.parse(old, file: "k.log").values.first?.suite == .chaChaPoly)
        do {
            _ = try KeyLog.parse("STT_SESSION_KEYS 0123456789abcdef rot13 \(hex32) \(hex32)\n", file: "k.log")
            Issue.record("an unknown suite parsed")
        } catch {
            #expect(error.description.hasPrefix("k.log:1: unknown cipher suite \"rot13\""))
        }
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
