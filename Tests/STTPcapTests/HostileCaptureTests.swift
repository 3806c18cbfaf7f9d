import Foundation
import STTAnalysis
import STTCore
import STTPcap
import STTTestSupport
import Testing

/// Damaged and hostile captures: analysis reports what it can and never crashes, hangs or
/// balloons in memory.
@Suite("Capture analysis on hostile input")
struct HostileCaptureTests {
    let id = SessionID(rawValue: 0x1122_3344_5566_7788)
    let keys = SessionTrafficKeys(
        suite: .aesGCM, initiatorToResponder: Array(repeating: 1, count: 32),
        responderToInitiator: Array(repeating: 2, count: 32))

    /// Seals each frame list as one protected packet from the initiator and analyses the capture.
    func analyze(_ packets: [[Frame]], rawDatagrams: [[UInt8]] = [], withKeys: Bool = true) throws -> CaptureAnalysis {
        let path = temporaryFile("hostile.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var protection = try #require(
            PacketProtection(
                sessionID: id, suite: keys.suite, sendKey: .init(data: keys.initiatorToResponder),
                receiveKey: .init(data: keys.responderToInitiator)))
        let writer = try PcapWriter(path: path)
        var t: Int64 = 0
        for frames in packets {
            var plaintext = [UInt8]()
            for f in frames { f.encode(into: &plaintext) }
            let sealedOrNil = protection.seal(plaintext)
            let sealed = try #require(sealedOrNil)
            t += 1_000
            writer.writeUDP(unixNanoseconds: t, source: client, destination: server, payload: sealed)
        }
        for d in rawDatagrams {
            t += 1_000
            writer.writeUDP(unixNanoseconds: t, source: client, destination: server, payload: d)
        }
        try writer.close()
        var options = CaptureAnalyzer.Options()
        if withKeys { options.keys = [id: keys] }
        return try CaptureAnalyzer.analyze(path: path, options: options)
    }

    func stream(_ seq: UInt64, length: UInt32, offset: UInt32, _ data: [UInt8], final: Bool = false) -> Frame {
        .stream(
            StreamFrame(streamID: 1, sequence: seq, segmentLength: length, offset: offset, isFinal: final, data: data))
    }

    @Test("a fragment that contradicts its segment's length is ignored and counted, not a crash")
    func inconsistentSegmentLength() throws {
        let a = try analyze([
            [stream(0, length: 10, offset: 0, [1, 2, 3, 4, 5])],
            [stream(0, length: 1_000, offset: 500, Array(repeating: 9, count: 10))],
        ])
        let s = try #require(a.sessions.first?.streams.first)
        #expect(s.inconsistentFragments == 1 && s.bytes == 5 && !s.complete)
    }

    @Test("a final segment at the top of the sequence space and a huge SKIP finish at once")
    func extremeSequences() throws {
        let started = ContinuousClock.now
        let a = try analyze([
            [stream(.max, length: 0, offset: 0, [], final: true)],
            [.skip(streamID: 1, sequence: 1 << 40, streamOffset: 1 << 41)],
            [stream(3, length: 4, offset: 0, [1, 2, 3, 4])],
        ])
        #expect(ContinuousClock.now - started < .seconds(5))
        let s = try #require(a.sessions.first?.streams.first)
        #expect(!s.complete && s.skippedSegments == 1 << 40 && s.lateFragments == 1)
    }

    @Test("empty fragments claiming 1 MiB segments store nothing")
    func claimedLengthsAreNotAllocated() throws {
        let frames = (0..<200).map { [stream(UInt64($0) + 1, length: 1 << 20, offset: 0, [])] }
        let a = try analyze(frames)
        let s = try #require(a.sessions.first?.streams.first)
        #expect(s.segments == 200 && s.bytes == 0 && !s.complete)
    }

    @Test("unauthenticated packet numbers far apart give a saturated gap count, not an overflow")
    func hostilePacketNumbers() throws {
        func raw(_ pn: UInt64) -> [UInt8] {
            var d: [UInt8] = [0x53, 0x54, STTWire.version, 0x10]
            withUnsafeBytes(of: id.rawValue.bigEndian) { d += $0 }
            withUnsafeBytes(of: pn.bigEndian) { d += $0 }
            return d + [UInt8](repeating: 0, count: 20)
        }
        let a = try analyze([], rawDatagrams: [raw(0), raw(1 << 63), raw(.max)], withKeys: false)
        let d = try #require(a.sessions.first?.initiatorToResponder)
        #expect(d.packetNumberGaps == Int.max && d.undecryptedPackets == 3)
        let keyed = try analyze([], rawDatagrams: [raw(0), raw(.max)], withKeys: true)
        #expect(
            keyed.sessions.first?.initiatorToResponder.packetNumberGaps == 0, "packets that do not open claim no number"
        )
    }

    @Test("a pcapng record with a timestamp past 2262 is a clear error")
    func timestampOverflow() throws {
        // A minimal pcapng: section header, interface (RAW, µs), one enhanced packet at 2^62 µs.
        var b = [UInt8]()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
        u32(0x0A0D_0D0A)
        u32(28)
        u32(0x1A2B_3C4D)
        u16(1)
        u16(0)
        u32(0xFFFF_FFFF)
        u32(0xFFFF_FFFF)
        u32(28)
        u32(1)
        u32(20)
        u16(101)
        u16(0)
        u32(65_535)
        u32(20)
        let packet = UDPPacket(source: client, destination: server, payload: [1, 2, 3, 4]).emit()
        let padded = packet + [UInt8](repeating: 0, count: (4 - packet.count % 4) % 4)
        let ts: UInt64 = 1 << 62
        u32(6)
        u32(UInt32(32 + padded.count))
        u32(0)
        u32(UInt32(ts >> 32))
        u32(UInt32(ts & 0xFFFF_FFFF))
        u32(UInt32(packet.count))
        u32(UInt32(packet.count))
        b += padded
        u32(UInt32(32 + padded.count))
        let path = temporaryFile("future.pcapng")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(b).write(to: URL(fileURLWithPath: path))
        let reader = try PcapReader(path: path)
        #expect(throws: PcapError.self) { _ = try reader.readAll() }
    }

    @Test("a key log with CRLF line ends parses")
    func crlfKeyLog() throws {
        let text = KeyLog.header + "\r\n" + KeyLog.line(id, keys) + "\r\n"
        #expect(try KeyLog.parse(text, file: "k.log") == [id: keys])
    }
}
