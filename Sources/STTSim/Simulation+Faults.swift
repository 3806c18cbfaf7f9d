import STTCore

/// Timed faults: link parameters, link up/down, partitions, node crashes and restarts.
extension Simulation {
    /// Replaces a link's parameters at `time` (either direction; nil leaves it unchanged).
    public func setLink(
        _ link: Int, at time: STTInstant, forward: LinkParameters? = nil, reverse: LinkParameters? = nil
    ) {
        schedule(at: time) { sim in
            if let f = forward { sim.directions[2 * link].parameters = f }
            if let r = reverse { sim.directions[2 * link + 1].parameters = r }
            sim.routing.invalidate()
            sim.fingerprintState.add(event: "link \(link) set", at: sim.now.nanoseconds)
        }
    }

    /// Takes a link down (both directions) or brings it back up at `time`.
    public func setLinkUp(_ link: Int, _ up: Bool, at time: STTInstant) {
        schedule(at: time) { sim in
            sim.directions[2 * link].parameters.isUp = up
            sim.directions[2 * link + 1].parameters.isUp = up
            sim.fingerprintState.add(event: "link \(link) \(up ? "up" : "down")", at: sim.now.nanoseconds)
        }
    }

    /// Splits the network at `time`: packets cannot cross between groups. Nodes in no group
    /// form one more group together.
    public func partition(_ groups: [[Int]], at time: STTInstant) {
        schedule(at: time) { sim in
            var assignment = [Int](repeating: 0, count: sim.nodes.count)
            for (g, members) in groups.enumerated() { for n in members { assignment[n] = g + 1 } }
            sim.partitionGroups = assignment
            sim.fingerprintState.add(event: "partition \(groups)", at: sim.now.nanoseconds)
        }
    }

    /// Heals any partition at `time`.
    public func heal(at time: STTInstant) {
        schedule(at: time) { sim in
            sim.partitionGroups = nil
            sim.fingerprintState.add(event: "heal", at: sim.now.nanoseconds)
        }
    }

    /// Crashes a node at `time`: its state is gone and packets to it are dropped (`crash`).
    public func crash(_ node: Int, at time: STTInstant) {
        schedule(at: time) { sim in
            let n = sim.nodes[node]
            guard !n.crashed else { return }
            n.crashed = true
            n.endpoint = nil
            n.armedTimer = nil
            sim.fingerprintState.add(event: "crash \(node)", at: sim.now.nanoseconds)
            for f in n.flows { sim.flows[f].nodeCrashed(node, sim) }
        }
    }

    /// Restarts a crashed node at `time` with fresh state and the same seeds: its sessions must
    /// be established again.
    public func restart(_ node: Int, at time: STTInstant) {
        schedule(at: time) { sim in
            let n = sim.nodes[node]
            guard n.crashed else { return }
            n.crashed = false
            n.incarnation += 1
            if n.kind == .endpoint { n.endpoint = sim.makeEndpoint(n) }
            sim.fingerprintState.add(event: "restart \(node)", at: sim.now.nanoseconds)
        }
    }
}

extension Simulation {
    /// Sends a raw datagram from `node` toward `address` at `time`, as if the node's socket
    /// emitted it: for background or hostile traffic, and for measuring links.
    public func injectDatagram(from node: Int, to address: STTAddress, payload: [UInt8], at time: STTInstant) {
        schedule(at: time) { sim in sim.send(Transmit(destination: address, payload: payload), from: Int32(node)) }
    }
}
