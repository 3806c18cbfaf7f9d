import Foundation
import STTAnalysis
import STTCore
import STTPcap
import STTTestSupport
import Testing

/// Captures of senders that use UDP segmentation offload: tcpdump on the sending host (or on
/// loopback) records one UDP payload holding several STT datagrams.
@Suite("Analysis of segmentation-offload captures")
struct SegmentedCaptureTests {
    let id = SessionID(rawValue: 0x0102_0304_0506_0708)
    let keys = SessionTrafficKeys(
        suite: .aesGCM, initiatorToResponder: Array(repeating: 3, count: 32),
        responderToInitiator: Array(repeating: 4, count: 32))
    let client = STTAddress(ipv4: 10, 0, 0, 1, port: 7000)
    let server = STTAddress(ipv4: 10, 0, 0, 2, port: 7000)

    func analyze(_ payloads: [[UInt8]]) throws -> CaptureAnalysis {
        let path = temporaryFile("gso.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapWriter(path: path)
        for (i, payload) in payloads.enumerated() {
            writer.writeUDP(
                unixNanoseconds: Int64(i + 1) * 1_000, source: client, destination: server, payload: payload)
        }
        try writer.close()
        var options = CaptureAnalyzer.Options()
        options.keys = [id: keys]
        return try CaptureAnalyzer.analyze(path: path, options: options)
    }

    func packets(_ count: Int, lastShorter: Bool) throws -> [[UInt8]] {
        var protection = try #require(
            PacketProtection(
                sessionID: id, suite: .aesGCM, sendKey: .init(data: keys.initiatorToResponder),
                receiveKey: .init(data: keys.responderToInitiator)))
        return try (0..<count).map { i in
            var plaintext = [UInt8]()
            let size = lastShorter && i == count - 1 ? 300 : 1_000
            Frame.datagram(Array(repeating: UInt8(i), count: size)).encode(into: &plaintext)
            let sealed = protection.seal(plaintext)
            return try #require(sealed)
        }
    }

    @Test("a record holding five equal datagrams and a shorter last one is analysed as six datagrams")
    func superDatagramIsSplit() throws {
        let sealed = try packets(6, lastShorter: true)
        let a = try analyze([sealed.flatMap { $0 }])
        #expect(a.records == 1 && a.segmentedRecords == 1 && a.sttDatagrams == 6)
        let session = try #require(a.sessions.first)
        #expect(session.decrypted && session.initiatorToResponder.undecryptedPackets == 0)
        #expect(session.initiatorToResponder.packets == 6)
    }

    @Test("ordinary records are left whole, and a payload with trailing junk is not split")
    func ordinaryRecordsStayWhole() throws {
        let sealed = try packets(3, lastShorter: false)
        let plain = try analyze(sealed)
        #expect(plain.segmentedRecords == 0 && plain.sttDatagrams == 3)
        let junk = try analyze([sealed[0] + Array(repeating: 0xEE, count: 500)])
        #expect(junk.segmentedRecords == 0 && junk.sttDatagrams == 1)
    }
}
