import STTCore

enum CaptureFields {
    static let table = FieldTable<CaptureSettings>(
        "capture",
        [
            .string("file", default: "none", "pcap file to write, relative to the current directory") { c, s in
                c.file = s
            },
            .string("keylog", default: "none", "key log file: each session's packet keys") { c, s in c.keylog = s },
            .custom("nodes", .array(.reference("node"), minItems: 1), default: "every endpoint", "nodes to capture on")
            {
                c, v, path, p in
                guard let list = p.reader.array(v, path) else { return }
                if list.isEmpty {
                    p.reader.problem(path, "must name at least one node (leave it out to capture on every endpoint)")
                }
                c.nodes = list.enumerated().compactMap { p.node($0.element, p.reader.index(path, $0.offset)) }
            },
            .enumeration(
                "direction", CaptureDirection.allCases.map(\.rawValue), default: "`\"tx\"`",
                "emitted datagrams, delivered datagrams, or both"
            ) { c, s in c.direction = CaptureDirection(rawValue: s) ?? .tx },
            .boolean("perNode", default: "`false`", "one file per node: `<file without .pcap>-<node>.pcap`") {
                $0.perNode = $1
            },
            .size("snapLength", in: 60...262_144, default: "`65535`", "bytes kept per packet (IP/UDP headers included)")
            { $0.snapLength = $1 },
        ],
        finish: { c, _, path, p in
            if c.file?.isEmpty == true { p.reader.problem(path + ".file", "must not be empty") }
            if c.keylog?.isEmpty == true { p.reader.problem(path + ".keylog", "must not be empty") }
            return true
        })
}
