import Foundation
import STTCore
import STTPcap
import STTTestSupport
import Testing

let client = STTAddress(ipv4: 10, 0, 0, 1, port: 7000)
let server = STTAddress(ipv4: 10, 0, 0, 2, port: 7001)
let client6 = STTAddress(host: .ipv6(0xFD00_0000_0000_0000, 1), port: 40000)
let server6 = STTAddress(host: .ipv6(0xFD00_0000_0000_0000, 2), port: 7000)

@Suite("pcap files: write with libpcap, read back")
struct PcapRoundTripTests {
    @Test("datagrams written with nanosecond timestamps read back identical, IPv4 and IPv6, with valid checksums")
    func roundTrip() throws {
        let path = temporaryFile("rt.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rng = SplitMix64(state: 42)
        var sent: [(Int64, STTAddress, STTAddress, [UInt8])] = []
        let writer = try PcapWriter(path: path)
        for i in 0..<500 {
            let size = Int(rng.next() % 1_400) + (i % 7 == 0 ? 1 : 0)  // odd and even, zero too
            let payload = (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let (a, b) = i % 3 == 0 ? (client6, server6) : (i % 2 == 0 ? (client, server) : (server, client))
            let time = 1_767_225_600_000_000_000 + Int64(i) * 1_234_567 + 1  // odd nanoseconds survive
            writer.writeUDP(unixNanoseconds: time, source: a, destination: b, payload: payload)
            sent.append((time, a, b, payload))
        }
        try writer.close()
        #expect(writer.records == 500)

        let reader = try PcapReader(path: path)
        #expect(reader.linkTypeName == "RAW")
        let records = try reader.readAll()
        #expect(records.count == sent.count)
        for (record, expected) in zip(records, sent) {
            #expect(record.unixNanoseconds == expected.0)
            let udp = try #require(reader.udp(in: record))
            #expect(udp.packet == UDPPacket(source: expected.1, destination: expected.2, payload: expected.3))
            #expect(udp.checksumVerified && !udp.isTruncated)
            #expect(record.originalLength == record.data.count)
        }
    }

    @Test("the snap length cuts packets as tcpdump -s does; the original length is kept")
    func snapLength() throws {
        let path = temporaryFile("snap.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapWriter(path: path, snapLength: 100)
        writer.writeUDP(
            unixNanoseconds: 1, source: client, destination: server, payload: [UInt8](repeating: 7, count: 1_000))
        writer.writeUDP(
            unixNanoseconds: 2, source: client, destination: server, payload: [UInt8](repeating: 7, count: 50))
        try writer.close()
        let reader = try PcapReader(path: path)
        let records = try reader.readAll()
        #expect(records.map(\.data.count) == [100, 78])
        #expect(records.map(\.originalLength) == [1_028, 78])
        let cut = try #require(reader.udp(in: records[0]))
        #expect(cut.isTruncated && cut.packet.payload.count == 72 && !cut.checksumVerified)
    }

    @Test("Ethernet-framed captures (as tcpdump writes on loopback) yield the same datagrams")
    func ethernetLinkType() throws {
        let path = temporaryFile("eth.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        writer.writeUDP(unixNanoseconds: 5, source: client, destination: server, payload: [1, 2, 3])
        writer.writeUDP(unixNanoseconds: 6, source: client6, destination: server6, payload: [4, 5])
        try writer.close()
        let reader = try PcapReader(path: path)
        #expect(reader.linkTypeName == "EN10MB")
        let packets = try reader.readAll().compactMap { reader.udp(in: $0)?.packet }
        #expect(
            packets == [
                UDPPacket(source: client, destination: server, payload: [1, 2, 3]),
                UDPPacket(source: client6, destination: server6, payload: [4, 5]),
            ])
    }

    @Test("a capture cut in the middle of a record is reported as truncated, naming the file and the records read")
    func truncatedFile() throws {
        let path = temporaryFile("cut.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapWriter(path: path)
        for i in 0..<10 {
            writer.writeUDP(
                unixNanoseconds: Int64(i), source: client, destination: server,
                payload: [UInt8](repeating: 1, count: 200))
        }
        try writer.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 50).write(to: URL(fileURLWithPath: path))
        let reader = try PcapReader(path: path)
        #expect(throws: PcapError.self) { _ = try reader.readAll() }
        do { _ = try PcapReader(path: path).readAll() } catch {
            guard case .truncated(let p, let records, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(p == path && records == 9)
            #expect(error.description.contains("truncated"))
        }
    }

    @Test("a file that is not a capture, or does not exist, is refused with the reason")
    func foreignFiles() throws {
        let path = temporaryFile("foreign.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"this is\": \"json, not pcap\"}\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: PcapError.self) { _ = try PcapReader(path: path) }
        do { _ = try PcapReader(path: path) } catch {
            #expect(error.description.hasPrefix(path) && error.description.contains("not a readable capture"))
        }
        #expect(throws: PcapError.self) { _ = try PcapReader(path: path + ".missing") }
    }

    @Test("a capture that cannot be created fails at once; a full disk fails at the write and says so")
    func writeFailures() throws {
        #expect(throws: PcapError.self) { _ = try PcapWriter(path: "/nonexistent-dir/x.pcap") }
        do { _ = try PcapWriter(path: "/nonexistent-dir/x.pcap") } catch {
            #expect(
                error.description.contains("/nonexistent-dir/x.pcap") && error.description.contains("cannot create"))
        }
        let full = try PcapWriter(path: "/dev/full")
        for i in 0..<1_000 {
            full.writeUDP(
                unixNanoseconds: Int64(i), source: client, destination: server,
                payload: [UInt8](repeating: 0, count: 1_000))
        }
        #expect(full.failure != nil)
        #expect(full.records < 1_000)
        #expect(throws: PcapError.self) { try full.close() }
        #expect(full.failure?.description.contains("No space left on device") == true)
    }
}
