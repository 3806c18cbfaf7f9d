import STTCore

/// Reading a run: metrics and trace lines.
extension Simulation {
    /// A snapshot of every metric: links (with delay percentiles), sessions (bytes, packets,
    /// losses, RTT, window), flows (completion, goodput inputs, retransmissions) and how every
    /// handshake ended.
    public func metrics() -> SimulationMetrics {
        func direction(_ id: LinkDirectionID) -> SimulationMetrics.Direction {
            let d = network.direction(id)
            return SimulationMetrics.Direction(
                id: id, from: Int(d.from), to: Int(d.to), statistics: d.statistics,
                delay: d.latency.summary(includingCDF: false), queueDelay: d.queueDelay.summary(includingCDF: false))
        }
        let links = (0..<linkCount).map { l in
            SimulationMetrics.Link(
                id: l, name: linkName(l), forward: direction(LinkDirectionID(link: l, reverse: false)),
                reverse: direction(LinkDirectionID(link: l, reverse: true)))
        }
        var sessions: [SimulationMetrics.Session] = []
        var endpoints: [SimulationMetrics.Endpoint] = []
        for host in network.hosts {
            guard let host, let endpoint = host.endpoint else { continue }
            endpoints.append(.init(node: Int(host.node), drops: endpoint.drops, statistics: endpoint.statistics))
            for id in endpoint.sessionIDs {
                if let info = endpoint.sessionInfo(id) { sessions.append(.init(node: host.name, info: info)) }
            }
        }
        var metrics = SimulationMetrics(
            simulated: now, events: eventsProcessed, fingerprint: fingerprint, links: links, sessions: sessions,
            flows: flowReports(), sessionOutcomes: recorder.sessionOutcomes, endpoints: endpoints)
        metrics.noRouteDrops = network.noRouteDrops
        return metrics
    }

    /// One line of the JSON Lines trace, with node and link names resolved.
    public func traceLine(_ record: TraceRecord) -> String {
        record.json(
            nodeName: network.names[Int(record.node)],
            linkName: record.link >= 0 ? network.directionName(record.link) : nil)
    }

    /// One JSON Lines trace line for a transport event emitted by `node`.
    public func traceLine(node: Int, _ event: TransportEvent) -> String {
        event.json(nodeName: network.names[node])
    }

    /// Real-socket mode: a datagram relayed by a `DatagramRelay` crossed its socket and reaches
    /// `node`'s endpoint now (call from the thread that runs the simulation).
    public func deliverRelayed(_ datagram: RelayedDatagram, from source: STTAddress, to node: Int) {
        network.deliverRelayed(datagram, from: source, to: Int32(node))
    }

    /// Real-socket mode: hands every datagram that reaches `node`'s endpoint to `relay` instead.
    public func setRelay(_ relay: DatagramRelay?, for node: Int) { network.hosts[node]?.relay = relay }
}
