import STTCore
import STTSim

extension Scenario {
    static let linkParameterFields = [
        "delay", "jitter", "bandwidth", "queue", "loss", "duplicate", "reorder", "corrupt", "mtu", "up",
    ]

    static func parseNode(_ v: JSONValue, _ path: String, _ r: ScenarioReader, defaultShared: [UInt8]?, seed: UInt64)
        -> Node?
    {
        guard
            r.object(
                v, path,
                allowed: [
                    "id", "kind", "nodeSeed", "sharedSeed", "address", "server", "maxDatagramSize",
                    "idleTimeout", "keepAlive", "handshakeTimeout", "creditWindow", "sendBuffer",
                ]) != nil,
            let id = r.string(v["id"], path + ".id", required: true)
        else { return nil }
        let kindText = r.string(v["kind"], path + ".kind") ?? "endpoint"
        guard let kind = Node.Kind(rawValue: kindText) else {
            r.problem(path + ".kind", "must be \"endpoint\" or \"router\" (got \"\(kindText)\")")
            return nil
        }
        let nodeSeed = Array((r.string(v["nodeSeed"], path + ".nodeSeed") ?? "\(id)/node-seed/\(seed)/stt-sim").utf8)
        if nodeSeed.count < minimumSeedLength {
            r.problem(path + ".nodeSeed", "must be at least \(minimumSeedLength) bytes (got \(nodeSeed.count))")
        }
        let shared = r.string(v["sharedSeed"], path + ".sharedSeed").map { Array($0.utf8) } ?? defaultShared
        if kind == .endpoint {
            if shared == nil { r.problem(path + ".sharedSeed", "is required (here or at the top level)") }
            if let s = shared, s.count < minimumSeedLength, v["sharedSeed"] != nil {
                r.problem(path + ".sharedSeed", "must be at least \(minimumSeedLength) bytes (got \(s.count))")
            }
        }
        var address: STTAddress?
        if let text = r.string(v["address"], path + ".address") {
            address = parseAddress(text)
            if address == nil {
                r.problem(
                    path + ".address", "must be an IPv4 address with a port, like \"10.0.0.1:7000\" (got \"\(text)\")")
            }
        }
        var c = EndpointConfiguration()
        c.acceptsIncomingSessions = r.bool(v["server"], path + ".server") ?? false
        if let m = r.integer(
            v["maxDatagramSize"], path + ".maxDatagramSize",
            in: STTWire.minimumDatagramSize...STTWire.maximumDatagramSize)
        {
            c.maxDatagramSize = m
        }
        if let d = r.duration(v["idleTimeout"], path + ".idleTimeout") { c.idleTimeout = d }
        if let d = r.duration(v["handshakeTimeout"], path + ".handshakeTimeout") { c.handshakeTimeout = d }
        if case .string("off")? = v["keepAlive"] {
            c.keepAliveInterval = nil
        } else if let d = r.duration(v["keepAlive"], path + ".keepAlive") {
            c.keepAliveInterval = d
        }
        if let w = r.integer(v["creditWindow"], path + ".creditWindow", in: 1...65_536) { c.streamCreditWindow = w }
        if let b = r.size(v["sendBuffer"], path + ".sendBuffer", in: (1 << 20)...(1 << 30)) { c.streamSendBuffer = b }
        if let problem = c.validate() { r.problem(path, problem) }
        return Node(
            id: id, kind: kind, nodeSeed: nodeSeed, sharedSeed: shared ?? [], address: address, configuration: c)
    }

    static func parseAddress(_ text: String) -> STTAddress? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { return nil }
        let octets = parts[0].split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4, parts[0].split(separator: ".").count == 4 else { return nil }
        return STTAddress(ipv4: octets[0], octets[1], octets[2], octets[3], port: port)
    }

    static func parseLinkParameters(_ v: JSONValue, _ path: String, _ r: ScenarioReader, base: LinkParameters)
        -> LinkParameters
    {
        var p = base
        if let d = r.duration(v["delay"], path + ".delay") { p.propagationDelay = d }
        if let bw = r.rate(v["bandwidth"], path + ".bandwidth") { p.bandwidthBitsPerSecond = bw }
        if let q = r.object(v["queue"], path + ".queue", allowed: ["packets", "bytes"]) {
            p.queueLimitPackets = r.integer(q["packets"], path + ".queue.packets", in: 1...10_000_000)
            p.queueLimitBytes = r.size(q["bytes"], path + ".queue.bytes", in: 1...(1 << 34))
        }
        if case .number? = v["loss"] {
            if let x = r.number(v["loss"], path + ".loss", in: 0...1) { p.loss = x > 0 ? .bernoulli(p: x) : .none }
        } else if let loss = r.object(v["loss"], path + ".loss", allowed: ["model", "p", "r", "h", "k"]) {
            let model = r.string(loss["model"], path + ".loss.model") ?? "bernoulli"
            let lp = r.number(loss["p"], path + ".loss.p", in: 0...1, required: true) ?? 0
            switch model {
            case "bernoulli":
                for extra in ["r", "h", "k"] where loss[extra] != nil {
                    r.problem(path + ".loss." + extra, "only the gilbert-elliott model has \(extra)")
                }
                p.loss = .bernoulli(p: lp)
            case "gilbert-elliott":
                let rr = r.number(loss["r"], path + ".loss.r", in: 0...1, required: true) ?? 1
                let h = r.number(loss["h"], path + ".loss.h", in: 0...1) ?? 0
                let k = r.number(loss["k"], path + ".loss.k", in: 0...1) ?? 1
                if lp + rr == 0 { r.problem(path + ".loss", "p and r cannot both be 0") }
                p.loss = .gilbertElliott(p: lp, r: rr, h: h, k: k)
            default:
                r.problem(path + ".loss.model", "must be \"bernoulli\" or \"gilbert-elliott\" (got \"\(model)\")")
            }
        }
        if let j = r.object(
            v["jitter"], path + ".jitter", allowed: ["distribution", "width", "sigma", "mean", "shape"])
        {
            let dist = r.string(j["distribution"], path + ".jitter.distribution", required: true) ?? ""
            func need(_ key: String) -> STTDuration {
                r.duration(j[key], path + ".jitter." + key, required: true) ?? .zero
            }
            switch dist {
            case "uniform": p.jitter = .uniform(width: need("width"))
            case "normal": p.jitter = .normal(sigma: need("sigma"))
            case "exponential": p.jitter = .exponential(mean: need("mean"))
            case "pareto":
                let shape = r.number(j["shape"], path + ".jitter.shape", required: true) ?? 2
                if shape <= 1 { r.problem(path + ".jitter.shape", "must be greater than 1 (got \(shape))") }
                p.jitter = .pareto(mean: need("mean"), shape: shape)
            case "": break
            default:
                r.problem(
                    path + ".jitter.distribution", "must be uniform, normal, exponential or pareto (got \"\(dist)\")")
            }
        }
        if let x = r.number(v["duplicate"], path + ".duplicate", in: 0...1) { p.duplicateProbability = x }
        if let x = r.number(v["reorder"], path + ".reorder", in: 0...1) { p.reorderProbability = x }
        if let x = r.number(v["corrupt"], path + ".corrupt", in: 0...1) { p.corruptProbability = x }
        if let m = r.integer(v["mtu"], path + ".mtu", in: 96...65_535) { p.mtu = m }
        if let up = r.bool(v["up"], path + ".up") { p.isUp = up }
        return p
    }

    static func parseTraffic(
        _ v: JSONValue, _ path: String, _ r: ScenarioReader, index: Int,
        node: (JSONValue?, String, Bool) -> Int?
    ) -> Traffic? {
        let kind = r.string(v["kind"], path + ".kind", required: true)
        let common = ["id", "kind", "from", "to", "start"]
        let id = r.string(v["id"], path + ".id") ?? "flow\(index)"
        let start = r.duration(v["start"], path + ".start") ?? .zero
        switch kind {
        case "bounded":
            guard r.object(v, path, allowed: common + ["size", "segmentSize", "streamId"]) != nil else { return nil }
            let from = node(v["from"], path + ".from", true)
            let to = node(v["to"], path + ".to", true)
            let size = r.size(v["size"], path + ".size", required: true, in: 0...(1 << 40))
            let segment =
                r.size(v["segmentSize"], path + ".segmentSize", in: StreamDefaults.segmentSizes)
                ?? StreamDefaults.segmentSize
            let stream = r.integer(v["streamId"], path + ".streamId", in: 1...Int(UInt32.max)).map(UInt32.init)
            guard let from, let to, let size else { return nil }
            if from == to { r.problem(path + ".to", "a flow runs between two different endpoints") }
            return .bounded(
                id: id, from: from, to: to, size: size, segmentSize: segment, start: start, streamID: stream)
        case "live":
            guard r.object(v, path, allowed: common + ["rate", "duration", "chunk", "deadline"]) != nil else {
                return nil
            }
            let from = node(v["from"], path + ".from", true)
            let to = node(v["to"], path + ".to", true)
            let rate = r.rate(v["rate"], path + ".rate", required: true)
            let duration = r.duration(v["duration"], path + ".duration", required: true)
            let chunk = r.size(v["chunk"], path + ".chunk", in: 16...StreamDefaults.segmentSizes.upperBound) ?? 1_024
            let deadline = r.duration(v["deadline"], path + ".deadline")
            guard let from, let to, let rate, let duration else { return nil }
            if from == to { r.problem(path + ".to", "a flow runs between two different endpoints") }
            return .live(
                id: id, from: from, to: to, rate: rate, duration: duration, chunk: chunk, deadline: deadline,
                start: start)
        case "messages":
            guard r.object(v, path, allowed: common + ["count", "size", "interval"]) != nil else { return nil }
            let from = node(v["from"], path + ".from", true)
            var peers: [Int] = []
            if case .array(let list)? = v["to"] {
                for (i, item) in list.enumerated() {
                    if let n = node(item, r.index(path + ".to", i), true) { peers.append(n) }
                }
                if list.isEmpty { r.problem(path + ".to", "must name at least one endpoint") }
            } else if let n = node(v["to"], path + ".to", true) {
                peers = [n]
            }
            let count = r.integer(v["count"], path + ".count", in: 1...10_000_000, required: true)
            let size = r.size(v["size"], path + ".size", required: true, in: 16...(1 << 20))
            let interval = r.duration(v["interval"], path + ".interval", required: true)
            guard let from, !peers.isEmpty, let count, let size, let interval else { return nil }
            if peers.contains(from) { r.problem(path + ".to", "a node does not send messages to itself") }
            return .messages(id: id, from: from, to: peers, count: count, size: size, interval: interval, start: start)
        case nil:
            return nil
        default:
            r.problem(path + ".kind", "must be bounded, live or messages (got \"\(kind!)\")")
            return nil
        }
    }

    static func parseEvent(
        _ v: JSONValue, _ path: String, _ r: ScenarioReader, node: (JSONValue?, String) -> Int?,
        link: (JSONValue?, String) -> Int?, links: [Link], nodes: [Node]
    ) -> Event? {
        let action = r.string(v["action"], path + ".action", required: true)
        let at = r.duration(v["at"], path + ".at", required: true)
        switch action {
        case "link-down", "link-up":
            guard r.object(v, path, allowed: ["at", "action", "link"]) != nil, let l = link(v["link"], path + ".link"),
                let at
            else { return nil }
            return action == "link-down" ? .linkDown(link: l, at: at) : .linkUp(link: l, at: at)
        case "set-link":
            guard r.object(v, path, allowed: ["at", "action", "link", "reverse"] + linkParameterFields) != nil,
                let l = link(v["link"], path + ".link"), let at
            else { return nil }
            let forward = parseLinkParameters(v, path, r, base: links[l].forward)
            var reverse = parseLinkParameters(v, path, r, base: links[l].reverse)
            if let rev = v["reverse"], r.object(rev, path + ".reverse", allowed: linkParameterFields) != nil {
                reverse = parseLinkParameters(rev, path + ".reverse", r, base: reverse)
            }
            return .setLink(link: l, at: at, forward: forward, reverse: reverse)
        case "partition":
            guard r.object(v, path, allowed: ["at", "action", "groups"]) != nil, let at else { return nil }
            var groups: [[Int]] = []
            for (g, group) in (r.array(v["groups"], path + ".groups", required: true) ?? []).enumerated() {
                groups.append(
                    (r.array(group, r.index(path + ".groups", g)) ?? []).enumerated().compactMap {
                        node($1, r.index(r.index(path + ".groups", g), $0))
                    })
            }
            return .partition(groups: groups, at: at)
        case "heal":
            guard r.object(v, path, allowed: ["at", "action"]) != nil, let at else { return nil }
            return .heal(at: at)
        case "crash", "restart":
            guard r.object(v, path, allowed: ["at", "action", "node"]) != nil, let n = node(v["node"], path + ".node"),
                let at
            else { return nil }
            return action == "crash" ? .crash(node: n, at: at) : .restart(node: n, at: at)
        case nil:
            return nil
        default:
            r.problem(
                path + ".action",
                "must be link-down, link-up, set-link, partition, heal, crash or restart (got \"\(action!)\")")
            return nil
        }
    }
}
