import Testing

@testable import STTCore

@Suite("Wire codec")
struct WireCodecTests {
    @Test("a packet prefix survives encode then parse")
    func prefixRoundTrip() {
        for type in PacketType.allCases {
            var datagram = PacketPrefix.encode(type, SessionID(rawValue: 0x0102_0304_0506_0708))
            datagram += [UInt8](repeating: 0xAB, count: type.minimumLength - datagram.count)
            #expect(
                PacketPrefix.parse(datagram)
                    == .success(PacketPrefix(type: type, sessionID: SessionID(rawValue: 0x0102_0304_0506_0708))))
            #expect(Array(datagram[4..<12]) == [1, 2, 3, 4, 5, 6, 7, 8], "session id is big-endian at offset 4")
        }
    }

    @Test("every truncation of every packet type is refused as truncated")
    func truncationsRefused() {
        for type in PacketType.allCases {
            var full = PacketPrefix.encode(type, SessionID(rawValue: 9))
            full += [UInt8](repeating: 0, count: type.minimumLength - full.count)
            for length in 0..<type.minimumLength {
                #expect(
                    PacketPrefix.parse(Array(full.prefix(length))) == .failure(.truncated), "\(type) cut to \(length)")
            }
        }
    }

    @Test("wrong magic, version and type are each refused with their own reason")
    func headerFieldsChecked() {
        var good = PacketPrefix.encode(.protected, SessionID(rawValue: 1))
        good += [UInt8](repeating: 0, count: 40)
        var badMagic = good
        badMagic[1] = 0x55
        var badVersion = good
        badVersion[2] = STTWire.version &+ 1
        var badType = good
        badType[3] = 0x7F
        #expect(PacketPrefix.parse(badMagic) == .failure(.badMagic))
        #expect(PacketPrefix.parse(badVersion) == .failure(.unsupportedVersion))
        #expect(PacketPrefix.parse(badType) == .failure(.unknownPacketType))
    }

    @Test("frames survive encode then parse, several to a packet")
    func framesRoundTrip() throws {
        let frames: [Frame] = [
            .handshakeDone, .ping, .datagram([1, 2, 3]), .datagram([]),
            .close(code: .protocolViolation, reason: "bad frame ✓"),
        ]
        var bytes = [UInt8]()
        for f in frames { f.encode(into: &bytes) }
        #expect(bytes.count == frames.map(\.encodedLength).reduce(0, +))
        #expect(try Frame.parseAll(bytes) == frames)
        #expect(try Frame.parseAll(bytes + [0, 0, 0]) == frames, "padding ends the frame list")
    }

    @Test("a truncated frame names the field that ran out")
    func truncatedFrames() {
        var bytes = [UInt8]()
        Frame.close(code: .normal, reason: "a reason").encode(into: &bytes)
        for cut in 1..<bytes.count {
            #expect(throws: FrameError.self) { try Frame.parseAll(Array(bytes.prefix(cut))) }
        }
        #expect(throws: FrameError.truncated(field: "DATAGRAM data")) { try Frame.parseAll([0x05, 0x00, 0x09, 1]) }
        #expect(throws: FrameError.unknownFrameType(0x6E, offset: 1)) { try Frame.parseAll([0x01, 0x6E]) }
    }

    @Test("a close reason longer than 256 bytes is cut at a character boundary")
    func longReasonClamped() throws {
        let reason = String(repeating: "é", count: 300)  // 600 UTF-8 bytes: the cut falls between characters
        var bytes = [UInt8]()
        Frame.close(code: .normal, reason: reason).encode(into: &bytes)
        guard case .close(_, let parsed) = try Frame.parseAll(bytes).first else {
            Issue.record("no close")
            return
        }
        #expect(parsed.utf8.count <= 256 && parsed.allSatisfy { $0 == "é" } && parsed.count == 128)
        let odd = "x" + String(repeating: "€", count: 100)  // 1 + 300 bytes: the cut splits a "€"
        var oddBytes = [UInt8]()
        Frame.close(code: .normal, reason: odd).encode(into: &oddBytes)
        guard case .close(_, let cut) = try Frame.parseAll(oddBytes).first else {
            Issue.record("no close")
            return
        }
        #expect(cut == "x" + String(repeating: "€", count: 85), "85 whole characters, the split one dropped")
    }

    @Test("the replay window accepts each number once, tolerates reordering, and refuses the too old")
    func replayWindow() {
        var window = ReplayWindow(size: 128)
        for n: UInt64 in [5, 3, 4, 200, 199, 100] {
            #expect(window.check(n) == .fresh, "\(n) is new")
            window.record(n)
        }
        #expect(window.check(5) == .tooOld, "5 is more than 128 behind 200")
        #expect(window.check(100) == .replayed && window.check(199) == .replayed)
        #expect(window.check(73) == .fresh && window.check(72) == .tooOld, "the window judges the 128 numbers 73...200")
        window.record(10_000)
        #expect(window.check(9_950) == .fresh && window.check(200) == .tooOld)
    }

    @Test("addresses print as a protocol engineer writes them")
    func addressDescription() {
        #expect(STTAddress(ipv4: 10, 0, 0, 1, port: 7000).description == "10.0.0.1:7000")
        #expect(
            STTAddress(host: .ipv6(0x2001_0db8_0000_0000, 1), port: 443).description == "[2001:db8:0:0:0:0:0:1]:443")
    }
}
