import STTCore

/// The network path of a packet: routing, the drop-tail queue, serialisation, the wire's
/// impairments, propagation, and forwarding by routers.
extension Simulation {
    /// A node emitted a datagram: route it toward the node that owns the destination address.
    func send(_ transmit: Transmit, from source: Int32) {
        let destination = addressBook[transmit.destination] ?? -1
        let id = nextPacketID
        nextPacketID += 1
        let packet = packets.add(
            SimPacket(
                id: id, source: source, destination: destination,
                from: nodes[Int(source)].address, to: transmit.destination,
                payload: transmit.payload))
        trace(.sent, packet: packet, node: source)
        if let captureSink {
            captureSink(
                CapturedDatagram(
                    timeNanoseconds: now.nanoseconds, node: Int(source), direction: .tx,
                    source: nodes[Int(source)].address, destination: transmit.destination,
                    payload: transmit.payload))
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
            packets.release(packet)
            return
        }
        enter(directions[Int(dir)], packet: packet)
    }

    /// A packet reaches a link direction: checks (down, partition, MTU, queue) then queues it.
    private func enter(_ dir: LinkDirection, packet: Int32) {
        let size = packets[packet].payload.count + LinkParameters.ipUDPOverhead
        dir.statistics.packets += 1
        dir.statistics.bytes += size
        let reason: NetworkDropReason?
        if !dir.parameters.isUp {
            reason = .down
        } else if let groups = partitionGroups, groups[Int(dir.from)] != groups[Int(dir.to)] {
            reason = .partition
        } else if size > dir.parameters.mtu {
            reason = .mtu
        } else if let limit = dir.parameters.queueLimitPackets, dir.queue.count >= limit + (dir.busy ? 1 : 0) {
            reason = .queue
        } else if let limit = dir.parameters.queueLimitBytes,
            dir.queuedBytes - (dir.busy ? headSize(dir) : 0) + size > limit
        {
            reason = .queue
        } else {
            reason = nil
        }
        if let reason {
            drop(packet, on: dir, reason)
            return
        }
        packets[packet].enteredLinkAt = now.nanoseconds
        if dir.parameters.bandwidthBitsPerSecond == nil {
            // Infinitely fast: no queue, straight onto the wire.
            leaveSerialiser(dir, packet: packet)
            return
        }
        dir.queue.append(packet)
        dir.queuedBytes += size
        dir.statistics.peakQueuePackets = max(dir.statistics.peakQueuePackets, dir.queue.count - (dir.busy ? 1 : 0))
        dir.statistics.peakQueueBytes = max(
            dir.statistics.peakQueueBytes, dir.queuedBytes - (dir.busy ? headSize(dir) : 0))
        if !dir.busy { startTransmission(dir) } else { trace(.queued, packet: packet, node: dir.from, link: dir.index) }
    }

    private func headSize(_ dir: LinkDirection) -> Int {
        dir.queue.first.map { packets[$0].payload.count + LinkParameters.ipUDPOverhead } ?? 0
    }

    private func startTransmission(_ dir: LinkDirection) {
        guard let head = dir.queue.first else {
            dir.busy = false
            return
        }
        dir.busy = true
        let size = packets[head].payload.count + LinkParameters.ipUDPOverhead
        events.schedule(at: now.nanoseconds + dir.serialisation(bytes: size), .transmitDone, target: dir.index)
    }

    func transmitDone(_ dir: LinkDirection) {
        guard let head = dir.queue.popFirst() else {
            dir.busy = false
            return
        }
        dir.queuedBytes -= packets[head].payload.count + LinkParameters.ipUDPOverhead
        dir.busy = false
        leaveSerialiser(dir, packet: head)
        if !dir.queue.isEmpty { startTransmission(dir) }
    }

    /// The packet is on the wire: loss, corruption, duplication, then propagation and jitter.
    private func leaveSerialiser(_ dir: LinkDirection, packet: Int32) {
        // A link that went down (or a partition) while the packet waited still loses it.
        if !dir.parameters.isUp {
            drop(packet, on: dir, .down)
            return
        }
        if let groups = partitionGroups, groups[Int(dir.from)] != groups[Int(dir.to)] {
            drop(packet, on: dir, .partition)
            return
        }
        if dir.drawLoss() {
            drop(packet, on: dir, .loss)
            return
        }
        if dir.parameters.corruptProbability > 0, dir.uniform() < dir.parameters.corruptProbability {
            var p = packets[packet]
            let bit = Int(dir.rng.next() % UInt64(p.payload.count * 8))
            p.payload[bit / 8] ^= 0x80 >> UInt8(bit % 8)
            packets[packet] = p
            dir.statistics.corrupted += 1
            trace(.corrupted, packet: packet, node: dir.from, link: dir.index)
        }
        if dir.parameters.duplicateProbability > 0, dir.uniform() < dir.parameters.duplicateProbability {
            var copy = packets[packet]
            copy.id = nextPacketID
            nextPacketID += 1
            let twin = packets.add(copy)
            dir.statistics.duplicated += 1
            trace(.duplicated, packet: twin, node: dir.from, link: dir.index)
            propagate(dir, packet: twin)
        }
        propagate(dir, packet: packet)
    }

    private func propagate(_ dir: LinkDirection, packet: Int32) {
        var delay: Int64
        if dir.parameters.reorderProbability > 0, dir.uniform() < dir.parameters.reorderProbability {
            delay = 0  // netem reorder: this one goes at once and overtakes the delayed ones
        } else {
            delay = dir.drawDelay()
        }
        let arrival = now.nanoseconds + delay
        if arrival < dir.lastDeliveryTime {
            dir.statistics.reordered += 1
            trace(.reordered, packet: packet, node: dir.from, link: dir.index)
        }
        dir.lastDeliveryTime = max(dir.lastDeliveryTime, arrival)
        delay = max(delay, 0)
        events.schedule(at: arrival, .deliver, target: dir.to, packet: packet, via: dir.index)
    }

    /// A packet arrives at a node over `via`.
    func arrive(packet: Int32, at nodeIndex: Int32, via: Int32) {
        let node = nodes[Int(nodeIndex)]
        let dir = directions[Int(via)]
        if node.crashed {
            drop(packet, on: dir, .crash)
            return
        }
        let p = packets[packet]
        dir.statistics.delivered += 1
        dir.statistics.deliveredBytes += p.payload.count + LinkParameters.ipUDPOverhead
        dir.latency.record(nanoseconds: now.nanoseconds - p.enteredLinkAt)
        if p.destination == nodeIndex, let external = externalDelivery, node.endpoint != nil {
            // Real-socket mode: the simulated path ends here; the bytes now cross a real socket
            // and come back through `deliverExternal`.
            trace(.delivered, packet: packet, node: nodeIndex, link: via)
            packets.release(packet)
            external(p.payload, Int(p.source), Int(nodeIndex))
        } else if p.destination == nodeIndex, let endpoint = node.endpoint {
            trace(.delivered, packet: packet, node: nodeIndex, link: via)
            packets.release(packet)
            hand(p.payload, from: p.from, to: node, endpoint)
        } else {
            forward(packet, at: nodeIndex)
        }
    }

    /// A datagram that crossed a real socket (see `externalDelivery`) reaches `node`'s endpoint
    /// at the current time.
    public func deliverExternal(_ payload: [UInt8], from source: STTAddress, to node: Int) {
        let n = nodes[node]
        guard !n.crashed, let endpoint = n.endpoint else { return }
        hand(payload, from: source, to: n, endpoint)
    }

    /// The datagram reaches the node's endpoint (captured as `rx`), which then gets serviced.
    private func hand(_ payload: [UInt8], from source: STTAddress, to node: SimNode, _ endpoint: STTEndpoint) {
        if let captureSink {
            captureSink(
                CapturedDatagram(
                    timeNanoseconds: now.nanoseconds, node: Int(node.index), direction: .rx,
                    source: source, destination: node.address, payload: payload))
        }
        endpoint.handle(datagram: payload, from: source, now: now)
        service(node.index)
    }

    private func drop(_ packet: Int32, on dir: LinkDirection, _ reason: NetworkDropReason) {
        dir.statistics.dropped[reason.rawValue] += 1
        trace(.dropped, packet: packet, node: dir.from, link: dir.index, reason: reason)
        packets.release(packet)
    }
}
