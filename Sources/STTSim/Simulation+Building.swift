import STTCore

/// Building the network: endpoints, routers and links.
extension Simulation {
    /// Adds an STT endpoint at `address` (default `10.0.<n/255>.<n%255+1>:7000`).
    @discardableResult
    public func addEndpoint(
        _ name: String, nodeSeed: [UInt8], sharedSeed: [UInt8], configuration: EndpointConfiguration = .init(),
        address: STTAddress? = nil
    ) throws -> Int {
        let identity = try NodeIdentity(nodeSeed: nodeSeed)
        let secret = try SharedSecret(sharedSeed: sharedSeed)
        let node = network.addNode(name, address: address)
        let host = Host(
            node: node, name: name, address: network.addresses[Int(node)], identity: identity, secret: secret,
            configuration: configuration, seed: seed, randomness: endpointRandomness, network: network,
            scheduler: scheduler, recorder: recorder)
        network.attach(host, at: node)
        return Int(node)
    }

    /// Adds a router: it forwards packets along the static routes and runs no STT.
    @discardableResult
    public func addRouter(_ name: String, address: STTAddress? = nil) -> Int {
        Int(network.addNode(name, address: address))
    }

    /// Joins two nodes with a link; `reverse` defaults to the same parameters (symmetric).
    @discardableResult
    public func addLink(
        _ a: Int, _ b: Int, _ forward: LinkParameters, reverse: LinkParameters? = nil, name: String? = nil
    ) -> Int {
        precondition(a != b && a >= 0 && b >= 0 && a < nodeCount && b < nodeCount, "addLink: bad node index")
        if let problem = forward.validate() ?? reverse?.validate() { preconditionFailure("addLink: \(problem)") }
        return network.addLink(
            Int32(a), Int32(b), forward, reverse: reverse ?? forward,
            name: name ?? "\(network.names[a])-\(network.names[b])")
    }
}
