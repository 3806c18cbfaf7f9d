/// The `many-nodes` scenario at any size: `nodes` nodes in a two-level tree (one core router,
/// one edge router per hundred nodes, clients under them), every client uploading 16 KiB to one
/// server, starts staggered over two seconds (longer past 10,000 clients); every flow must
/// complete intact. `Scenarios/many-nodes.json` is this at 1,000 nodes
/// (`stt-sim generate many-nodes`); `stt-sim bench` runs it at 100, 1,000 and 10,000.
public enum ManyNodesScenario {
    /// The smallest tree: a server, the core, one edge router and one client.
    public static let minimumNodes = 4

    /// The scenario file's text (JSON, one-space indent, the key order of the docs).
    public static func json(nodes n: Int) -> String {
        precondition(n >= minimumNodes, "many-nodes needs at least \(minimumNodes) nodes")
        let edges = max(1, (n - 2) / 100)
        let clients = n - 2 - edges
        var nodes: [JSONValue] = [
            .object([("id", .string("server")), ("server", .bool(true))]),
            .object([("id", .string("core")), ("kind", .string("router"))]),
        ]
        var links: [JSONValue] = [
            .object([
                ("id", .string("core-server")), ("a", .string("core")), ("b", .string("server")),
                ("delay", .string("2ms")), ("bandwidth", .string("1Gbps")),
                ("queue", .object([("packets", .number(1000))])),
            ])
        ]
        for e in 0..<edges {
            nodes.append(.object([("id", .string("edge\(e)")), ("kind", .string("router"))]))
            links.append(
                .object([
                    ("id", .string("edge\(e)-core")), ("a", .string("edge\(e)")), ("b", .string("core")),
                    ("delay", .string("5ms")), ("bandwidth", .string("100Mbps")),
                    ("queue", .object([("packets", .number(200))])),
                ]))
        }
        var traffic: [JSONValue] = []
        // Starts spread over 2 s, or 1 ms per 5 clients for large trees (a flash crowd of 100,000
        // hellos in 2 s is a test of the backlog, not of the scenario).
        let spreadMilliseconds = max(2_000, clients / 5)
        for c in 0..<clients {
            nodes.append(.object([("id", .string("c\(c)"))]))
            links.append(
                .object([
                    ("id", .string("c\(c)-edge")), ("a", .string("c\(c)")), ("b", .string("edge\(c % edges)")),
                    ("delay", .string("10ms")), ("bandwidth", .string("10Mbps")), ("loss", .number(0.005)),
                ]))
            traffic.append(
                .object([
                    ("id", .string("up\(c)")), ("kind", .string("bounded")), ("from", .string("c\(c)")),
                    ("to", .string("server")), ("size", .string("16KiB")), ("segmentSize", .string("4KiB")),
                    ("start", .string("\((c * 7) % spreadMilliseconds)ms")),
                ]))
        }
        let description =
            "\(n) nodes: \(clients) clients behind \(edges) edge routers each upload 16 KiB to one server through a core router."
        let scenario = JSONValue.object([
            ("$schema", .string("./scenario.schema.json")),
            ("name", .string("many-nodes")),
            ("description", .string(description)),
            ("seed", .number(1)),
            ("duration", .string("60s")),
            ("sharedSeed", .string("shared_secret_32bytes_minimum!")),
            ("nodes", .array(nodes)),
            ("links", .array(links)),
            ("traffic", .array(traffic)),
            ("expect", .object([("everyFlow", .object([("completes", .bool(true)), ("intact", .bool(true))]))])),
        ])
        return scenario.formatted(indent: 1) + "\n"
    }
}
