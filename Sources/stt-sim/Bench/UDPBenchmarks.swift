import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import STTCore
import STTUDP

/// Real sockets: a 1 GiB bounded transfer between two `STTNode`s over loopback, against a raw
/// SwiftNIO UDP blast of the same datagram size, in the same run.
enum UDPBenchmarks {
    static let all: [Benchmark] = [loopbackBulk]

    static let bytes = 1 << 30

    /// The rows: 1200-byte datagrams (the base size, safe on any path) with the kernel's UDP
    /// offloads and without, and 16 KiB datagrams as a loopback (MTU 64 KiB) or jumbo-frame path
    /// allows, where encryption rather than per-packet work sets the pace. Each against a raw
    /// SwiftNIO blast of the same size with the same offloads.
    static let cases: [(name: String, datagramSize: Int, offload: UDPOffload)] = [
        ("udp-loopback-bulk", 1200, .automatic),
        ("udp-loopback-bulk-no-offload", 1200, .off),
        ("udp-loopback-bulk-16k", 16_384, .automatic),
    ]

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static let loopbackBulk = Benchmark(
        name: "udp-loopback-bulk",
        asyncRows: { settings in
            var rows: [BenchResult] = []
            for c in cases {
                var stt: [(seconds: Double, cpu: Double, offload: UDPOffloadInUse?)] = []
                var raw: [(seconds: Double, cpu: Double, delivered: Int)] = []
                for _ in 0..<min(settings.rounds, 2) {
                    stt.append(try await sttTransfer(datagramSize: c.datagramSize, offload: c.offload))
                    raw.append(try await rawBlast(datagramSize: c.datagramSize, offload: c.offload))
                }
                // Best of the rounds: the shared machine's noise only ever slows a round down.
                let s = stt.min { $0.seconds < $1.seconds }!
                let r = raw.min { $0.seconds < $1.seconds }!
                let sttRate = Double(bytes * 8) / s.seconds
                let rawRate = Double(r.delivered * 8) / r.seconds
                rows.append(
                    BenchResult(
                        name: c.name, value: sttRate / 1e9, unit: "Gbit/s",
                        baseline: "raw SwiftNIO UDP blast, \(c.datagramSize) B, same offloads",
                        baselineValue: rawRate / 1e9, ratio: sttRate / rawRate,
                        details: [
                            "  STT seconds for 1 GiB": s.seconds, "  STT CPU seconds per GiB (both nodes)": s.cpu,
                            "  raw CPU seconds per GiB (both ends)": r.cpu / (Double(r.delivered) / Double(1 << 30)),
                            "  raw delivered fraction": Double(r.delivered) / Double(bytes),
                            "  GSO: most datagrams per send (0: off)": Double(s.offload?.maximumSegments ?? 0),
                            "  GRO: coalesced receive (1: on)": s.offload?.receiveOffload == true ? 1 : 0,
                            "  datagrams per read": Double(s.offload?.vectorReadCount ?? 1),
                        ]))
            }
            return rows
        })

    static func sttTransfer(datagramSize: Int, offload: UDPOffload) async throws -> (
        seconds: Double, cpu: Double, offload: UDPOffloadInUse?
    ) {
        var config = EndpointConfiguration()
        config.maxDatagramSize = datagramSize
        config.streamSendBuffer = 32 << 20
        let shared = Array("bench shared seed, 32 bytes long".utf8)
        let server = try STTNode(
            nodeSeed: Array("udp-bench-server-seed".utf8), sharedSeed: shared, host: "127.0.0.1", configuration: config,
            offload: offload)
        try await server.start(serverMode: true)
        let client = try STTNode(
            nodeSeed: Array("udp-bench-client-seed".utf8), sharedSeed: shared, host: "127.0.0.1", configuration: config,
            offload: offload)
        try await client.start()
        defer {
            Task {
                await client.stop()
                await server.stop()
            }
        }
        let session = try await client.connect(host: "127.0.0.1", port: server.localPort!)
        let cpu0 = cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        let receiver = Task {
            var received = 0
            for await packet in server.receive() {
                received += packet.data.count
                if packet.isEnd { break }
            }
            return received
        }
        let stream = try await client.createStream(session: session, segmentSize: 1 << 20)
        let chunk = [UInt8](repeating: 0x5A, count: 4 << 20)
        var sent = 0
        while sent < bytes {
            try await stream.send(chunk)
            sent += chunk.count
        }
        try await stream.end()
        try await stream.waitUntilAcknowledged()
        let received = await receiver.value
        let seconds = (clock.now - start).seconds
        guard received == bytes else { throw BenchFailure("udp-loopback-bulk received \(received) of \(bytes) bytes") }
        let inUse = client.offloadInUse
        await client.stop()
        await server.stop()
        return (seconds, cpuSeconds() - cpu0, inUse)
    }

    /// Datagrams of the same size sent as fast as the socket takes them (each burst's last
    /// write awaited), with the same offloads as the STT nodes: GSO sends of as many datagrams
    /// as fit a super-datagram, GRO and vectored reads; goodput counts what the receiver got
    /// until it fell silent.
    static func rawBlast(datagramSize: Int, offload: UDPOffload) async throws -> (
        seconds: Double, cpu: Double, delivered: Int
    ) {
        final class Counter: ChannelInboundHandler, @unchecked Sendable {
            typealias InboundIn = AddressedEnvelope<ByteBuffer>
            let state = NIOLockedValueBox((bytes: 0, last: NIODeadline.now()))
            func channelRead(context: ChannelHandlerContext, data: NIOAny) {
                let n = unwrapInboundIn(data).data.readableBytes
                state.withLockedValue { $0 = ($0.bytes + n, NIODeadline.now()) }
            }
        }
        let counter = Counter()
        let group = MultiThreadedEventLoopGroup.singleton
        let receiver = try await DatagramBootstrap(group: group)
            .sttSocketOptions(vectorReadCount: offload.vectorReadCount)
            .channelOption(.maxMessagesPerRead, value: 32)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(counter) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        if offload.receiveOffload {
            try await receiver.setOption(.datagramReceiveOffload, value: true)
            try await receiver.setOption(.datagramReceiveSegmentSize, value: true)
        }
        let sender = try await DatagramBootstrap(group: group)
            .sttSocketOptions()
            .bind(host: "127.0.0.1", port: 0).get()
        let target = receiver.localAddress!
        // One write: one datagram, or with segmentation as many as one GSO send takes.
        let segments =
            offload.segmentation && System.supportsUDPSegmentationOffload
            ? max(1, min(System.udpMaxSegments ?? 64, 64, 65_507 / datagramSize)) : 1
        let payload = ByteBuffer(repeating: 0x5A, count: datagramSize * segments)
        let metadata =
            segments > 1
            ? AddressedEnvelope<ByteBuffer>.Metadata(
                ecnState: .transportNotCapable, packetInfo: nil, segmentSize: datagramSize) : nil
        let cpu0 = cpuSeconds()
        let start = NIODeadline.now()
        var written = 0
        while written < bytes {
            var last: EventLoopFuture<Void>?
            for _ in 0..<max(1, 64 / segments) where written < bytes {
                last = sender.write(AddressedEnvelope(remoteAddress: target, data: payload, metadata: metadata))
                written += payload.readableBytes
            }
            sender.flush()
            try await last?.get()
        }
        // Wait until the receiver has been silent for 100 ms.
        while NIODeadline.now() - counter.state.withLockedValue({ $0.last }) < .milliseconds(100) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let (delivered, last) = counter.state.withLockedValue { $0 }
        try await sender.close()
        try await receiver.close()
        return (Double((last - start).nanoseconds) / 1e9, cpuSeconds() - cpu0, delivered)
    }
}
