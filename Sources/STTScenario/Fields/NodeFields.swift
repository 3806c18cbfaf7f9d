import STTCore
import STTSim

enum NodeFields {
    static let table = FieldTable<Scenario.Node>(
        "node",
        [
            .string("id", default: nil, "unique name used by links, traffic, events and reports") { $0.id = $1 },
            .enumeration(
                "kind", ["endpoint", "router"], default: "`\"endpoint\"`", "routers forward packets and run no STT"
            ) {
                $0.kind = Scenario.Node.Kind(rawValue: $1) ?? .endpoint
            },
            .string(
                "nodeSeed", minLength: minimumSeedLength, default: "derived from `id` and `seed`",
                "gives the node's static key pair, hence its node id"
            ) { $0.nodeSeed = Array($1.utf8) },
            .string(
                "sharedSeed", minLength: minimumSeedLength, default: "the top-level one",
                "only endpoints with the same shared seed open sessions"
            ) { $0.sharedSeed = Array($1.utf8) },
            .custom(
                "address", .address, default: "`10.0.x.y:7000` by position",
                "the node's virtual IPv4 address and UDP port (used in captures)"
            ) { node, v, path, p in
                guard let text = p.reader.string(v, path) else { return }
                guard let address = parseAddress(text) else {
                    p.reader.problem(
                        path, "must be an IPv4 address with a port, like \"10.0.0.1:7000\" (got \"\(text)\")")
                    return
                }
                node.address = address
            },
            .boolean("server", default: "`false`", "accepts sessions from other endpoints") {
                $0.configuration.acceptsIncomingSessions = $1
            },
            .integer(
                "maxDatagramSize", in: STTWire.minimumDatagramSize...STTWire.maximumDatagramSize, default: "`1200`",
                "largest UDP payload the endpoint sends"
            ) { $0.configuration.maxDatagramSize = $1 },
            .duration("idleTimeout", default: "`30s`", "a session with nothing received this long ends") {
                $0.configuration.idleTimeout = $1
            },
            .custom(
                "keepAlive", .oneOf([.duration, .constant("off")]), default: "`10s`",
                "PING when nothing was sent this long (must be below `idleTimeout`); `\"off\"` disables it"
            ) { node, v, path, p in
                if case .string("off") = v {
                    node.configuration.keepAliveInterval = nil
                } else if let d = p.reader.duration(v, path) {
                    node.configuration.keepAliveInterval = d
                }
            },
            .duration("handshakeTimeout", default: "`10s`", "a handshake not complete by then fails") {
                $0.configuration.handshakeTimeout = $1
            },
            .integer(
                "creditWindow", in: 1...65_536, default: "`100`",
                "segments a sender may run ahead of what the application read"
            ) { $0.configuration.streamCreditWindow = $1 },
            .size(
                "sendBuffer", in: (1 << 20)...(1 << 30), default: "`8MiB`",
                "bytes a send stream buffers before writes are refused"
            ) { $0.configuration.streamSendBuffer = $1 },
        ],
        finish: { node, object, path, p in
            guard object["id"] != nil else { return false }
            if object["nodeSeed"] == nil { node.nodeSeed = Array("\(node.id)/node-seed/\(p.seed)/stt-sim".utf8) }
            if object["sharedSeed"] == nil {
                node.sharedSeed = p.sharedSeed ?? []
                if node.kind == .endpoint, p.sharedSeed == nil {
                    p.reader.problem(path + ".sharedSeed", "is required (here or at the top level)")
                }
            }
            if let problem = node.configuration.validate() { p.reader.problem(path, problem) }
            return true
        })

    /// A node as it starts before its fields are read.
    static let initial = Scenario.Node(
        id: "", kind: .endpoint, nodeSeed: [], sharedSeed: [], address: nil, configuration: EndpointConfiguration())

    static func parseAddress(_ text: String) -> STTAddress? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { return nil }
        let octets = parts[0].split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4, parts[0].split(separator: ".").count == 4 else { return nil }
        return STTAddress(ipv4: octets[0], octets[1], octets[2], octets[3], port: port)
    }
}
