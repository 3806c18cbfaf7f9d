import STTCore

/// The simulated network: nodes and their addresses, links (two `LinkDirection`s each),
/// routing, partitions and the packets in flight. It carries datagrams from the node that sent
/// them to the host that owns the destination address and records every packet's fate.
final class Network {
    private struct Link {
        let a: Int32
        let b: Int32
        let name: String
    }

    private(set) var names: [String] = []
    private(set) var addresses: [STTAddress] = []
    /// The host on each node; nil for routers.
    private(set) var hosts: [Host?] = []
    /// Crashed nodes drop what reaches them.
    private(set) var isDown: [Bool] = []
    private(set) var directions: [LinkDirection] = []
    private var links: [Link] = []
    private var outgoing: [[Int32]] = []
    private var routing = Routing(nodeCount: 0)
    private var addressBook: [STTAddress: Int32] = [:]  // lookup only
    var packets = PacketPool()
    /// Node index → partition group; nil when the network is whole.
    var partitionGroups: [Int]?
    private var nextPacketID: UInt64 = 0
    private let seed: UInt64
    private let scheduler: EventScheduler
    private let recorder: Recorder

    init(seed: UInt64, scheduler: EventScheduler, recorder: Recorder) {
        self.seed = seed
        self.scheduler = scheduler
        self.recorder = recorder
    }

    // MARK: Building

    /// Adds a node at `address` (default `10.0.<n/255>.<n%255+1>:7000`); returns its index.
    /// Packets each node dropped because no link leads to their destination.
    private(set) var noRouteDrops: [Int] = []

    func addNode(_ name: String, address: STTAddress?) -> Int32 {
        let index = Int32(names.count)
        let addr =
            address
            ?? STTAddress(host: .ipv4(0x0A00_0001 + UInt32(index / 255) << 8 + UInt32(index % 255)), port: 7000)
        precondition(addressBook[addr] == nil, "address \(addr) is already in use")
        names.append(name)
        addresses.append(addr)
        hosts.append(nil)
        noRouteDrops.append(0)
        isDown.append(false)
        outgoing.append([])
        addressBook[addr] = index
        routing.grow(to: names.count)
        return index
    }

    func attach(_ host: Host, at node: Int32) { hosts[Int(node)] = host }

    /// Joins two nodes; each direction draws from its own generator (stream 2^32 + its index),
    /// so adding a link does not change what another one draws.
    func addLink(_ a: Int32, _ b: Int32, _ forward: LinkParameters, reverse: LinkParameters, name: String) -> Int {
        let link = links.count
        links.append(Link(a: a, b: b, name: name))
        for (from, to, parameters, isReverse) in [(a, b, forward, false), (b, a, reverse, true)] {
            let id = LinkDirectionID(link: link, reverse: isReverse)
            let rng = Xoshiro256StarStar(seed: seed, streamID: (1 << 32) | UInt64(id.rawValue))
            directions.append(LinkDirection(id: id, from: from, to: to, parameters: parameters, rng: rng))
            outgoing[Int(from)].append(id.rawValue)
        }
        routing.invalidate()
        return link
    }

    /// Replaces a link's parameters, either direction or both (routes are recomputed: a delay
    /// may have changed).
    func setLink(_ link: Int, forward: LinkParameters?, reverse: LinkParameters?) {
        if let forward { directions[LinkDirectionID(link: link, reverse: false).index].parameters = forward }
        if let reverse { directions[LinkDirectionID(link: link, reverse: true).index].parameters = reverse }
        routing.invalidate()
    }

    /// Takes a node down (crash) or brings it back.
    func setDown(_ node: Int32, _ down: Bool) { isDown[Int(node)] = down }

    // MARK: Queries

    var nodeCount: Int { names.count }
    var linkCount: Int { links.count }
    func linkName(_ link: Int) -> String { links[link].name }
    func linkEnds(_ link: Int) -> (a: Int, b: Int) { (Int(links[link].a), Int(links[link].b)) }
    func node(at address: STTAddress) -> Int? { addressBook[address].map(Int.init) }
    func direction(_ id: LinkDirectionID) -> LinkDirection { directions[id.index] }

    /// A direction's name as trace lines write it: `link>` (a→b) or `link<` (b→a).
    func directionName(_ raw: Int32) -> String {
        let id = LinkDirectionID(rawValue: raw)
        return links[id.link].name + id.arrow
    }

    // MARK: A packet's path

    /// A node emitted a datagram: route it toward the node that owns the destination address.
    func send(_ transmit: Transmit, from source: Int32) {
        let destination = addressBook[transmit.destination] ?? -1
        let id = nextPacketID
        nextPacketID += 1
        let packet = packets.add(
            SimPacket(
                id: id, source: source, destination: destination, from: addresses[Int(source)],
                to: transmit.destination, payload: transmit.payload))
        trace(.sent, packet: packet, node: source)
        if let sink = recorder.captureSink {
            sink(
                CapturedDatagram(
                    timeNanoseconds: scheduler.now.nanoseconds, node: Int(source), direction: .tx,
                    source: addresses[Int(source)], destination: transmit.destination, payload: transmit.payload))
        }
        forward(packet, at: source)
    }

    /// Sends a packet one hop further from `node`, or drops it when no route exists.
    private func forward(_ packet: Int32, at node: Int32) {
        let destination = packets[packet].destination
        guard destination >= 0,
            let dir = routing.direction(from: node, to: destination, directions: directions, outgoing: outgoing)
        else {
            trace(.dropped, packet: packet, node: node, reason: .noRoute)
            noRouteDrops[Int(node)] += 1
            packets.release(packet)
            return
        }
        enter(directions[Int(dir)], packet: packet)
    }

    private func isPartitioned(_ dir: LinkDirection) -> Bool {
        guard let groups = partitionGroups else { return false }
        return groups[Int(dir.from)] != groups[Int(dir.to)]
    }

    /// A packet reaches a link direction, which admits it to its queue, puts it straight on the
    /// wire, or drops it.
    private func enter(_ dir: LinkDirection, packet: Int32) {
        let now = scheduler.now.nanoseconds
        switch dir.admit(packet, size: packets[packet].ipSize, now: now, partitioned: isPartitioned(dir)) {
        case .dropped(let reason):
            trace(.dropped, packet: packet, node: dir.from, link: dir.id.rawValue, reason: reason)
            packets.release(packet)
        case .onWire:
            packets[packet].enteredLinkAt = now
            leaveSerialiser(dir, packet: packet)
        case .transmitting(let until):
            packets[packet].enteredLinkAt = now
            scheduler.schedule(at: until, .transmitDone, target: dir.id.rawValue)
        case .queued:
            packets[packet].enteredLinkAt = now
            trace(.queued, packet: packet, node: dir.from, link: dir.id.rawValue)
        }
    }

    /// A link direction finished serialising its head packet: it goes onto the wire, and the
    /// next one starts.
    func transmitComplete(_ direction: Int32) {
        let dir = directions[Int(direction)]
        guard let head = dir.completeTransmission() else { return }
        leaveSerialiser(dir, packet: head)
        if let until = dir.transmitNext(now: scheduler.now.nanoseconds) {
            scheduler.schedule(at: until, .transmitDone, target: dir.id.rawValue)
        }
    }

    /// The packet is on the wire: the direction's faults decide its fate, then each copy
    /// propagates.
    private func leaveSerialiser(_ dir: LinkDirection, packet: Int32) {
        // A link that went down (or a partition) while the packet waited still loses it.
        if !dir.parameters.isUp { return drop(packet, on: dir, .down) }
        if isPartitioned(dir) { return drop(packet, on: dir, .partition) }
        let fate = dir.faults.wireFate(dir.parameters, payloadBytes: packets[packet].payload.count)
        if fate.lost { return drop(packet, on: dir, .loss) }
        if let bit = fate.corruptedBit {
            packets[packet].payload[bit / 8] ^= 0x80 >> UInt8(bit % 8)
            dir.statistics.corrupted += 1
            trace(.corrupted, packet: packet, node: dir.from, link: dir.id.rawValue)
        }
        if fate.duplicated {
            var copy = packets[packet]
            copy.id = nextPacketID
            nextPacketID += 1
            let twin = packets.add(copy)
            dir.statistics.duplicated += 1
            trace(.duplicated, packet: twin, node: dir.from, link: dir.id.rawValue)
            propagate(dir, packet: twin)
        }
        propagate(dir, packet: packet)
    }

    private func propagate(_ dir: LinkDirection, packet: Int32) {
        let arrival = dir.faults.arrival(dir.parameters, now: scheduler.now.nanoseconds)
        if arrival.overtakes {
            dir.statistics.reordered += 1
            trace(.reordered, packet: packet, node: dir.from, link: dir.id.rawValue)
        }
        scheduler.schedule(at: arrival.time, .deliver, target: dir.to, packet: packet, via: dir.id.rawValue)
    }

    /// A packet arrives at a node over `via`: dropped at a crashed node, handed to the host
    /// that owns its destination (or its relay), or forwarded one hop further.
    func arrive(packet: Int32, at node: Int32, via: Int32) {
        let dir = directions[Int(via)]
        if isDown[Int(node)] { return drop(packet, on: dir, .crash) }
        let p = packets[packet]
        dir.recordDelivery(size: p.ipSize, delay: scheduler.now.nanoseconds - p.enteredLinkAt)
        guard p.destination == node, let host = hosts[Int(node)], host.endpoint != nil else {
            forward(packet, at: node)
            return
        }
        if let relay = host.relay {
            // Real-socket mode: the simulated path ends here; the bytes now cross a real socket
            // and come back through `deliverRelayed`.
            trace(.relayed, packet: packet, node: node, link: via)
            packets.release(packet)
            relay.relay(
                RelayedDatagram(packet: p.id, via: via, source: Int(p.source), payload: p.payload), to: Int(node))
        } else {
            trace(.delivered, packet: packet, node: node, link: via)
            packets.release(packet)
            host.receive(p.payload, from: p.from)
        }
    }

    /// A relayed datagram crossed its real socket and reaches `node`'s endpoint now.
    func deliverRelayed(_ datagram: RelayedDatagram, from source: STTAddress, to node: Int32) {
        guard !isDown[Int(node)], let host = hosts[Int(node)], host.endpoint != nil else { return }
        let size = Int32(truncatingIfNeeded: datagram.payload.count + LinkParameters.ipUDPOverhead)
        recorder.record(
            TraceRecord(
                timeNanoseconds: scheduler.now.nanoseconds, fate: .delivered, packet: datagram.packet, node: node,
                link: datagram.via, bytes: size, reason: nil))
        host.receive(datagram.payload, from: source)
    }

    private func drop(_ packet: Int32, on dir: LinkDirection, _ reason: NetworkDropReason) {
        dir.recordDrop(reason)
        trace(.dropped, packet: packet, node: dir.from, link: dir.id.rawValue, reason: reason)
        packets.release(packet)
    }

    private func trace(
        _ fate: PacketFate, packet: Int32, node: Int32, link: Int32 = -1, reason: NetworkDropReason? = nil
    ) {
        let p = packets[packet]
        recorder.record(
            TraceRecord(
                timeNanoseconds: scheduler.now.nanoseconds, fate: fate, packet: p.id, node: node, link: link,
                bytes: Int32(p.ipSize), reason: reason))
    }
}
