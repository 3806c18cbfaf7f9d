import Foundation
import STTCore
import STTPcap
import STTTestSupport
import Testing

@Suite("IPv4/UDP codec")
struct UDPPacketTests {
    @Test("the Internet checksum matches RFC 1071's worked example")
    func rfc1071Example() {
        var sum = InternetChecksum()
        sum.add([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7])
        #expect(sum.value == ~UInt16(0xDDF2))
        var split = InternetChecksum()
        split.add([0x00, 0x01, 0xF2])
        split.add([0x03, 0xF4, 0xF5, 0xF6, 0xF7])
        #expect(split.value == sum.value)
    }

    @Test("an emitted IPv4 header sums to zero, and a flipped payload bit fails the UDP checksum")
    func checksumsCatchDamage() throws {
        var bytes = UDPPacket(source: client, destination: server, payload: Array("hello, STT".utf8)).emit()
        var header = InternetChecksum()
        header.add(Array(bytes[0..<20]))
        #expect(header.value == 0)
        #expect(UDPPacket.parse(bytes[...])?.checksumVerified == true)
        bytes[30] ^= 0x01
        let damaged = UDPPacket.parse(bytes[...])
        #expect(
            damaged?.checksumBad == true && damaged?.checksumVerified == false,
            "reported, not hidden: offload makes this normal")
    }

    @Test("truncated and garbage packets are rejected without a crash")
    func garbage() {
        let good = UDPPacket(source: client, destination: server, payload: [UInt8](repeating: 9, count: 40)).emit()
        for n in 0..<28 { #expect(UDPPacket.parse(good[0..<n]) == nil, "length \(n)") }
        var rng = SplitMix64(state: 7)
        for _ in 0..<20_000 {
            var b = good
            for _ in 0..<Int(rng.next() % 4 + 1) {
                b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            let cut = Int(rng.next() % UInt64(b.count + 1))
            _ = UDPPacket.parse(b[0..<cut])
        }
        let random = (0..<5_000).map { _ in
            (0..<Int(rng.next() % 100)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        for r in random { _ = UDPPacket.parse(r[...]) }
    }
}
