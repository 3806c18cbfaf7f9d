import Foundation
import NIOCore
import NIOEmbedded
import STTCore
import Testing

@testable import STTUDP

@Suite("UDP segmentation and receive offload")
struct UDPOffloadTests {
    typealias Datagram = (destination: Int, size: Int)

    @Test("equal-size datagrams to one peer group into one send; a shorter one ends the group")
    func groupingRules() {
        let burst: [Datagram] = [(1, 1200), (1, 1200), (1, 1200), (1, 700), (1, 1200), (2, 1200), (2, 1200), (1, 1200)]
        #expect(SegmentBatches.ranges(burst, maximumSegments: 64) == [0..<4, 4..<5, 5..<7, 7..<8])
    }

    @Test("a group stops at the kernel's segment count and at a 65,507-byte super-datagram")
    func groupingLimits() {
        let many = [Datagram](repeating: (1, 1200), count: 130)
        let bySize = SegmentBatches.ranges(many, maximumSegments: 64)
        #expect(bySize.map(\.count) == [54, 54, 22], "54 × 1200 = 64,800 ≤ 65,507 < 55 × 1200")
        #expect(SegmentBatches.ranges(many, maximumSegments: 10).allSatisfy { $0.count <= 10 })
        #expect(SegmentBatches.ranges(many, maximumSegments: 1).count == 130)
        #expect(SegmentBatches.ranges([Datagram](), maximumSegments: 64).isEmpty)
    }

    @Test("a coalesced buffer splits at its segment size, the last piece shorter")
    func splitting() {
        #expect(SegmentBatches.split(count: 3000, segmentSize: 1200) == [0..<1200, 1200..<2400, 2400..<3000])
        #expect(SegmentBatches.split(count: 1200, segmentSize: 1200) == [0..<1200])
        #expect(SegmentBatches.split(count: 500, segmentSize: nil) == [0..<500])
        #expect(SegmentBatches.split(count: 500, segmentSize: 0) == [0..<500])
        #expect(SegmentBatches.split(count: 0, segmentSize: 1200).isEmpty)
    }

    @Test("with segmentation on, the engine's bursts leave as GSO buffers that split back into intact data")
    func engineSendsSegmentedBursts() throws {
        let pair = try NodeEngineTests.Pair()
        pair.engine.offload = UDPOffloadInUse(
            maximumSegments: 64, receiveOffload: true, vectorReadCount: 8, refusal: nil)
        let session = try pair.connect()
        // The server sends: a stream opened on the engine, 512 KiB (within the initial window).
        let stream = try pair.engine.openStream(session, id: nil, mode: .bounded, segmentSize: 65_536)
        let data = (0..<(512 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let written = pair.channel.eventLoop.makePromise(of: Int.self)
        pair.engine.write(data, stream: stream, session: session, promise: written)
        try pair.exchange()
        var got: [UInt8] = []
        while let bytes = pair.client.read(from: stream, on: session), !bytes.isEmpty { got += bytes }
        #expect(pair.segmentedSends > 0, "bursts went out as segmented buffers")
        #expect(got == data, "\(got.count) of \(data.count) bytes, in order")
        written.succeed(0)
    }

    @Test("coalesced receive buffers are taken apart: a stream sent through them arrives whole and in order")
    func engineSplitsCoalescedReceives() throws {
        let pair = try NodeEngineTests.Pair()
        pair.coalesceInbound = true
        let session = try pair.connect()
        let stream = try pair.client.openStream(on: session, mode: .bounded, segmentSize: 16_384)
        let data = (0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 11) }
        #expect(try pair.client.write(data, to: stream, on: session, now: pair.clientNow) == data.count)
        try pair.client.finish(stream, on: session, now: pair.clientNow)
        try pair.exchange()
        let bytes = pair.received.filter { $0.streamID == stream && !$0.isEnd }.flatMap(\.data)
        #expect(pair.coalescedReceives > 0, "the engine was handed coalesced buffers")
        #expect(bytes == data, "\(bytes.count) of \(data.count) bytes, in order")
        #expect(pair.engine.endpoint.drops.total == 0, "no coalesced buffer was mistaken for one datagram")
    }
}

/// Real sockets: offload where the kernel takes it, and the fallback when it refuses.
@Suite("UDP offload over loopback", .serialized)
struct UDPOffloadLoopbackTests {
    func transfer(offload: UDPOffload) async throws -> (UDPOffloadInUse?, UDPOffloadInUse?) {
        let server = try STTNode(
            nodeSeed: seed("offsrv"), sharedSeed: shared, host: "127.0.0.1", offload: offload)
        try await server.start(serverMode: true)
        let client = try STTNode(
            nodeSeed: seed("offcli"), sharedSeed: shared, host: "127.0.0.1", offload: offload)
        try await client.start()
        let session = try await client.connect(host: "127.0.0.1", port: try #require(server.localPort))
        let stream = try await client.createStream(session: session, streamID: 3, segmentSize: 65_536)
        var source = PatternSource(seed: 9, length: 8 << 20)
        let data = source.next(8 << 20)
        async let sending: Void = stream.sendAll(data)
        var got = [UInt8]()
        for await packet in server.receive() where packet.streamID == 3 {
            if packet.isEnd { break }
            got += packet.data
        }
        try await sending
        #expect(got == data, "\(got.count) of \(data.count) bytes, in order")
        let inUse = (client.offloadInUse, server.offloadInUse)
        await client.stop()
        await server.stop()
        return inUse
    }

    @Test("with offload, 8 MiB cross loopback intact and the kernel's GSO and GRO are in use")
    func offloadOn() async throws {
        let (client, server) = try await transfer(offload: .automatic)
        if System.supportsUDPSegmentationOffload {
            #expect(client?.segmentation == true && client?.refusal == nil, "\(String(describing: client))")
        }
        if System.supportsUDPReceiveOffload { #expect(server?.receiveOffload == true) }
        #expect(server?.vectorReadCount == UDPOffload.automatic.vectorReadCount)
    }

    @Test("when the kernel refuses offload, the node says why and falls back to one datagram per call")
    func refusedOffloadFallsBack() async throws {
        var refused = UDPOffload.automatic
        refused.kernelRefusesForTesting = true
        let (client, server) = try await transfer(offload: refused)
        #expect(client?.segmentation == false && client?.receiveOffload == false)
        #expect(client?.refusal?.contains("segmentation offload refused") == true)
        #expect(server?.refusal?.contains("receive offload refused") == true)
    }

    @Test("offload off: plain sends and reads")
    func offloadOff() async throws {
        let (client, _) = try await transfer(offload: .off)
        #expect(client == UDPOffloadInUse(maximumSegments: 0, receiveOffload: false, vectorReadCount: 1, refusal: nil))
    }
}
