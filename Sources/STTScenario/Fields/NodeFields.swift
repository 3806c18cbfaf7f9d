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
                "maxDatagramSize", in: STTWire.minimumDatagramSize...STTWire.maximumDatagramSize, default: "`1472`",
                "largest UDP payload the endpoint sends: sessions start at 1200 and path MTU discovery probes up to it"
            ) { $0.configuration.maxDatagramSize = $1 },
            .enumeration(
                "congestionControl", CongestionControlAlgorithm.allCases.map(\.rawValue), default: "`\"bbr\"`",
                "the congestion control of what this node sends: BBRv3, CUBIC with HyStart++, or NewReno"
            ) {
                $0.configuration.congestionControl = CongestionControlAlgorithm(rawValue: $1) ?? .bbr
            },
            .enumeration(
                "cipher", CipherSuite.allCases.map(\.name), default: "`\"aesgcm\"`",
                "the cipher suite this node offers when it opens a session (AES-256-GCM or ChaCha20-Poly1305)"
            ) {
                $0.configuration.cipherSuite = CipherSuite(name: $1) ?? .simulationDefault
            },
            .custom(
                "acceptCiphers", .array(.enumeration(CipherSuite.allCases.map(\.name)), minItems: 1),
                default: "both", "the suites this node accepts as a responder; a hello offering another is refused"
            ) { node, v, path, p in
                guard let items = p.reader.array(v, path) else { return }
                guard !items.isEmpty else { return p.reader.problem(path, "must list at least 1 item") }
                var suites: [CipherSuite] = []
                for (i, item) in items.enumerated() {
                    let itemPath = p.reader.index(path, i)
                    guard let name = p.reader.string(item, itemPath) else { continue }
                    guard let suite = CipherSuite(name: name), CipherSuite.allCases.map(\.name).contains(name) else {
                        p.reader.problem(
                            itemPath,
                            "must be \(ScenarioField<Scenario.Node>.oneOf(CipherSuite.allCases.map(\.name))) (got \"\(name)\")"
                        )
                        continue
                    }
                    if !suites.contains(suite) { suites.append(suite) }
                }
                if !suites.isEmpty { node.configuration.acceptedCipherSuites = suites }
            },
            .integer(
                "maxSessions", in: 1...1_000_000, default: "`16384`",
                "most sessions held at once; when full, the least recently active idle one is reclaimed"
            ) { $0.configuration.maxSessions = $1 },
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
            .size(
                "receiveWindow", in: StreamDefaults.initialStreamWindow...(1 << 30), default: "`64MiB`",
                "largest receive window of a stream: it starts at 1 MiB and doubles while the reader keeps up"
            ) { $0.configuration.maxStreamReceiveWindow = $1 },
            .size(
                "sessionReceiveWindow", in: StreamDefaults.initialSessionWindow...(1 << 31), default: "`96MiB`",
                "largest receive window of a session over all its streams (starts at 2 MiB)"
            ) { $0.configuration.maxSessionReceiveWindow = $1 },
            .integer(
                "creditWindow", in: 1...16_384, default: "not set",
                "older form of `receiveWindow`, in 64 KiB segments (at least 1 MiB)"
            ) { $0.configuration.maxStreamReceiveWindow = max($1 << 16, StreamDefaults.initialStreamWindow) },
            .size(
                "sendBuffer", in: (1 << 20)...(1 << 30), default: "`64MiB`",
                "most bytes a send stream buffers; the buffer follows the peer's window up to this"
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
