import DequeModule
import Dispatch
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import STTCore
import STTSim
import STTUDP

/// Runs a simulation's endpoints over real UDP sockets on loopback, in wall-clock time
/// (`stt-sim run --transport udp`): the hosts' delivery strategy.
///
/// Every endpoint node gets its own socket on 127.0.0.1. The simulated network stays in front
/// of the sockets as the impairment shim: a datagram still crosses the scenario's links
/// (queues, bandwidth, delay, jitter, loss, duplication, reordering, corruption, partitions),
/// and where the simulator would hand it to the destination endpoint (traced `relayed`), it is
/// sent from the source node's socket to the destination's instead; what the socket receives
/// is delivered to the endpoint (traced `delivered`). The clock is the wall clock: events run
/// when their time has come.
public final class RealSocketTransport: DatagramRelay {
    /// Per endpoint node index, the socket address it runs on.
    public let addresses: [Int: STTAddress]
    private let channels: [Int: any Channel]
    private var socketAddresses: [Int: SocketAddress] = [:]  // lookup only
    private let inbox: Inbox
    /// Per destination node: datagrams sent and not yet received, so that the delivery is
    /// traced as the packet the simulator relayed (loopback keeps their order; a lost one is
    /// forgotten once `maximumPending` newer ones wait).
    private var pending: [Int: Deque<RelayedDatagram>] = [:]  // lookup only
    private static let maximumPending = 4_096

    final class Inbox: @unchecked Sendable {
        struct Item {
            let node: Int
            let from: STTAddress
            let payload: [UInt8]
        }
        private let lock = NIOLock()
        private var items: [Item] = []
        let arrived = DispatchSemaphore(value: 0)

        func add(_ item: Item) {
            lock.withLock { items.append(item) }
            arrived.signal()
        }

        func takeAll() -> [Item] {
            lock.withLock {
                defer { items = [] }
                return items
            }
        }
    }

    final class Receiver: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let node: Int
        let inbox: Inbox
        init(node: Int, inbox: Inbox) {
            self.node = node
            self.inbox = inbox
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let from = STTAddress(envelope.remoteAddress) else { return }
            var buffer = envelope.data
            inbox.add(.init(node: node, from: from, payload: buffer.readBytes(length: buffer.readableBytes) ?? []))
        }
        func errorCaught(context: ChannelHandlerContext, error: Error) {}  // ICMP noise: keep the socket
    }

    /// Binds one loopback socket per node in `nodes`.
    public init(nodes: [Int], group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        let inbox = Inbox()
        var channels: [Int: any Channel] = [:]
        var addresses: [Int: STTAddress] = [:]
        do {
            for node in nodes {
                let channel = try DatagramBootstrap(group: group)
                    .sttSocketOptions()
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(Receiver(node: node, inbox: inbox))
                        }
                    }
                    .bind(host: "127.0.0.1", port: 0).wait()
                channels[node] = channel
                guard let address = channel.localAddress.flatMap(STTAddress.init) else {
                    throw STTNodeError.cannotBind(host: "127.0.0.1", port: 0, reason: "no local address")
                }
                addresses[node] = address
            }
        } catch {
            for c in channels.values { try? c.close().wait() }
            throw error
        }
        self.inbox = inbox
        self.channels = channels
        self.addresses = addresses
        for node in nodes { socketAddresses[node] = addresses[node]?.socketAddress }
    }

    /// Makes this transport the delivery strategy of every node it has a socket for.
    public func attach(to simulation: Simulation) {
        for node in channels.keys.sorted() { simulation.setRelay(self, for: node) }
    }

    /// Sends a datagram that crossed the simulated links from its source's socket.
    public func relay(_ datagram: RelayedDatagram, to node: Int) {
        guard let channel = channels[datagram.source], let to = socketAddresses[node] else { return }
        var waiting = pending[node, default: []]
        if waiting.count >= Self.maximumPending { waiting.removeFirst() }
        waiting.append(datagram)
        pending[node] = waiting
        channel.writeAndFlush(
            AddressedEnvelope(remoteAddress: to, data: channel.allocator.buffer(bytes: datagram.payload)),
            promise: nil)
    }

    /// The relayed datagram a received payload is (the oldest equal one), or a stranger's.
    private func match(_ payload: [UInt8], at node: Int) -> RelayedDatagram {
        if var waiting = pending[node], let i = waiting.firstIndex(where: { $0.payload == payload }) {
            let datagram = waiting.remove(at: i)
            pending[node] = waiting
            return datagram
        }
        return RelayedDatagram(packet: .max, via: -1, source: -1, payload: payload)
    }

    /// Runs in wall-clock time until `stopWhen` holds or `end` (simulated = elapsed) passes.
    /// `progress` is called about every 100 ms with the fraction of `end` elapsed.
    public func run(
        _ simulation: Simulation, until end: STTInstant, stopWhen: () -> Bool, progress: ((Double) -> Void)? = nil
    ) throws {
        let origin = NIODeadline.now()
        func wallNow() -> STTInstant {
            STTInstant(nanoseconds: Int64(NIODeadline.now().uptimeNanoseconds - origin.uptimeNanoseconds))
        }
        var nextProgress = STTInstant.zero
        while true {
            let now = min(wallNow(), end)
            if try simulation.run(until: now, stopWhen: stopWhen) { return }
            if let progress, now >= nextProgress {
                progress(Double(now.nanoseconds) / Double(max(1, end.nanoseconds)))
                nextProgress = now + .milliseconds(100)
            }
            let arrived = inbox.takeAll()
            for item in arrived {
                simulation.deliverRelayed(match(item.payload, at: item.node), from: item.from, to: item.node)
            }
            if !arrived.isEmpty {
                while inbox.arrived.wait(timeout: .now()) == .success {}  // their signals are consumed too
                continue  // deliveries may have made work due now
            }
            if now >= end { return }
            let next = min(simulation.nextEventTime ?? end, end, now + .milliseconds(100))
            let wait = max(0, (next - wallNow()).nanoseconds)
            if wait > 0 { _ = inbox.arrived.wait(timeout: .now() + .nanoseconds(Int(wait))) }
        }
    }

    /// Closes the sockets.
    public func close() {
        for c in channels.values { try? c.close().wait() }
    }
}
