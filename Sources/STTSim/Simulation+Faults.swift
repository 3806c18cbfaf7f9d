import STTCore

/// Timed faults: link parameters, link up/down, partitions, node crashes and restarts; and raw
/// datagrams.
extension Simulation {
    /// Replaces a link's parameters at `time` (either direction; nil leaves it unchanged).
    public func setLink(
        _ link: Int, at time: STTInstant, forward: LinkParameters? = nil, reverse: LinkParameters? = nil
    ) {
        schedule(at: time) { sim in
            sim.network.setLink(link, forward: forward, reverse: reverse)
            sim.recorder.note("link \(link) set", at: sim.now)
        }
    }

    /// Takes a link down (both directions) or brings it back up at `time`.
    public func setLinkUp(_ link: Int, _ up: Bool, at time: STTInstant) {
        schedule(at: time) { sim in
            sim.network.direction(LinkDirectionID(link: link, reverse: false)).parameters.isUp = up
            sim.network.direction(LinkDirectionID(link: link, reverse: true)).parameters.isUp = up
            sim.recorder.note("link \(link) \(up ? "up" : "down")", at: sim.now)
        }
    }

    /// Splits the network at `time`: packets cannot cross between groups. Nodes in no group
    /// form one more group together.
    public func partition(_ groups: [[Int]], at time: STTInstant) {
        schedule(at: time) { sim in
            var assignment = [Int](repeating: 0, count: sim.nodeCount)
            for (g, members) in groups.enumerated() { for n in members { assignment[n] = g + 1 } }
            sim.network.partitionGroups = assignment
            sim.recorder.note("partition \(groups)", at: sim.now)
        }
    }

    /// Heals any partition at `time`.
    public func heal(at time: STTInstant) {
        schedule(at: time) { sim in
            sim.network.partitionGroups = nil
            sim.recorder.note("heal", at: sim.now)
        }
    }

    /// Crashes a node at `time`: its state is gone and packets to it are dropped (`crash`).
    public func crash(_ node: Int, at time: STTInstant) {
        schedule(at: time) { sim in
            guard !sim.network.isDown[node] else { return }
            sim.network.setDown(Int32(node), true)
            let host = sim.network.hosts[node]
            host?.crash()
            sim.recorder.note("crash \(node)", at: sim.now)
            host?.notifyCrash()
        }
    }

    /// Restarts a crashed node at `time` with fresh state and the same seeds: its sessions must
    /// be established again.
    public func restart(_ node: Int, at time: STTInstant) {
        schedule(at: time) { sim in
            guard sim.network.isDown[node] else { return }
            sim.network.setDown(Int32(node), false)
            sim.network.hosts[node]?.restart()
            sim.recorder.note("restart \(node)", at: sim.now)
        }
    }

    /// Sends a raw datagram from `node` toward `address` at `time`, as if the node's socket
    /// emitted it: for background or hostile traffic, and for measuring links.
    public func injectDatagram(from node: Int, to address: STTAddress, payload: [UInt8], at time: STTInstant) {
        schedule(at: time) { sim in
            sim.network.send(Transmit(destination: address, payload: payload), from: Int32(node))
        }
    }
}
