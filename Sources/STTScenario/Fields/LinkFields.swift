import STTCore
import STTSim

enum LinkFields {
    /// Queue limits as read together: a `queue` object sets both (a limit it leaves out is
    /// unlimited).
    struct QueueLimits {
        var packets: Int?
        var bytes: Int?
    }

    static let queue = FieldTable<QueueLimits>(
        "queue",
        [
            .integer("packets", in: 1...10_000_000, default: "unlimited", "packets waiting to be serialised") {
                $0.packets = $1
            },
            .size("bytes", in: 1...(1 << 34), default: "unlimited", "bytes waiting to be serialised") {
                $0.bytes = $1
            },
        ])

    /// A jitter object as read: the distribution and its parameters.
    struct Jitter {
        var distribution: String?
        var width: STTDuration?
        var sigma: STTDuration?
        var mean: STTDuration?
        var shape: Double?
    }

    static let jitter = FieldTable<Jitter>(
        "jitter",
        [
            .enumeration(
                "distribution", ["uniform", "normal", "exponential", "pareto"], default: nil,
                "drawn per packet, so jitter reorders packets as netem's does"
            ) { $0.distribution = $1 },
            .duration("width", default: "required for uniform", "uniform: the delay varies in ±width") {
                $0.width = $1
            },
            .duration("sigma", default: "required for normal", "normal: the standard deviation (never below 0)") {
                $0.sigma = $1
            },
            .duration("mean", default: "required for exponential, pareto", "the mean extra delay") { $0.mean = $1 },
            .number(
                "shape", greaterThan: 1, atMost: 1_000, default: "required for pareto", "pareto: the tail's shape α"
            ) {
                $0.shape = $1
            },
        ],
        finish: { j, object, path, p in
            let needs = [
                "uniform": ["width"], "normal": ["sigma"], "exponential": ["mean"], "pareto": ["mean", "shape"],
            ]
            for key in needs[j.distribution ?? ""] ?? [] where object[key] == nil {
                p.reader.problem(p.reader.join(path, key), "is required")
            }
            return true
        })

    /// A loss object as read.
    struct Loss {
        var model = "bernoulli"
        var p = 0.0
        var r = 1.0
        var h = 0.0
        var k = 1.0
    }

    static let loss = FieldTable<Loss>(
        "loss",
        [
            .enumeration("model", ["bernoulli", "gilbert-elliott"], default: "`\"bernoulli\"`", "the loss model") {
                $0.model = $1
            },
            .probability("p", default: nil, "Bernoulli: the loss probability; Gilbert-Elliott: good → bad") {
                $0.p = $1
            },
            .probability("r", default: "required for gilbert-elliott", "bad → good (mean burst 1/r)") { $0.r = $1 },
            .probability("h", default: "`0`", "1 − loss probability in the bad state") { $0.h = $1 },
            .probability("k", default: "`1`", "1 − loss probability in the good state") { $0.k = $1 },
        ],
        finish: { loss, object, path, p in
            if loss.model == "bernoulli" {
                for extra in ["r", "h", "k"] where object[extra] != nil {
                    p.reader.problem(path + "." + extra, "only the gilbert-elliott model has \(extra)")
                }
            } else {
                if object["r"] == nil { p.reader.problem(path + ".r", "is required") }
                if loss.p + loss.r == 0 { p.reader.problem(path, "p and r cannot both be 0") }
            }
            return true
        })

    /// The parameters of one link direction (a link's fields, `reverse`, and `set-link`).
    static let parameters: [ScenarioField<LinkChanges>] = [
        .duration("delay", default: "`10ms`", "one-way propagation delay") { c, d in c.add { $0.propagationDelay = d }
        },
        .object(
            "jitter", jitter, default: "none",
            "`{\"distribution\": \"uniform\", \"width\": D}`, `normal` with `sigma`, `exponential` with `mean`, "
                + "`pareto` with `mean` and `shape` > 1",
            initial: Jitter()
        ) { c, j in
            let jitter: JitterDistribution?
            switch j.distribution {
            case "uniform": jitter = .uniform(width: j.width ?? .zero)
            case "normal": jitter = .normal(sigma: j.sigma ?? .zero)
            case "exponential": jitter = .exponential(mean: j.mean ?? .zero)
            case "pareto": jitter = .pareto(mean: j.mean ?? .zero, shape: j.shape ?? 2)
            default: return
            }
            c.add { $0.jitter = jitter }
        },
        .rate("bandwidth", default: "unlimited", "serialisation rate; with a queue it is the bottleneck") { c, bw in
            c.add { $0.bandwidthBitsPerSecond = bw }
        },
        .file(
            "deliveryTrace", what: "a delivery trace", default: "none",
            "capacity from a Mahimahi trace instead of `bandwidth` (a link gives one of them; in `set-link` "
                + "the trace wins): one line per millisecond at which a 1500-byte packet may leave, looping"
        ) { c, text, file, path, p in
            do {
                let trace = try DeliveryTrace(mahimahi: text)
                c.add { $0.capacity = .deliveryTrace(trace) }
            } catch {
                p.reader.problem(path, "\(file): \(error)")
            }
        },
        .object(
            "queue", queue, default: "unlimited", "drop-tail limits, `{\"packets\": N, \"bytes\": size}`",
            initial: QueueLimits()
        ) { c, q in
            c.add {
                $0.queueLimitPackets = q.packets
                $0.queueLimitBytes = q.bytes
            }
        },
        .custom(
            "loss", .oneOf([.probability, .object(loss.name)]), default: "none",
            "`0.01` is Bernoulli; an object gives the model: loss `1-h` in the bad state, `1-k` in the good one, "
                + "mean loss `[r(1-k)+p(1-h)]/(p+r)`"
        ) { c, v, path, p in
            if case .number = v {
                guard let x = p.reader.number(v, path, in: 0...1) else { return }
                c.add { $0.loss = x > 0 ? .bernoulli(p: x) : .none }
                return
            }
            var l = Loss()
            guard loss.read(v, path, into: &l, p) else { return }
            let model: LossModel =
                l.model == "bernoulli" ? .bernoulli(p: l.p) : .gilbertElliott(p: l.p, r: l.r, h: l.h, k: l.k)
            c.add { $0.loss = model }
        },
        .probability("duplicate", default: "`0`", "a second copy travels independently") { c, x in
            c.add { $0.duplicateProbability = x }
        },
        .probability("reorder", default: "`0`", "the packet skips the delay and overtakes earlier ones") { c, x in
            c.add { $0.reorderProbability = x }
        },
        .probability("corrupt", default: "`0`", "one bit flipped; the receiver's AEAD rejects it") { c, x in
            c.add { $0.corruptProbability = x }
        },
        .integer(
            "mtu", in: 96...65_535, default: "`1500`",
            "largest IP packet (datagram + 28 bytes); larger ones are dropped as `mtu`"
        ) { c, m in c.add { $0.mtu = m } },
        .boolean("up", default: "`true`", "a down link drops everything") { c, up in c.add { $0.isUp = up } },
    ]

    static let reverse = FieldTable<LinkChanges>(
        "linkDirection", parameters,
        finish: { _, object, path, p in
            oneCapacity(object, path, p)
            return true
        })

    /// A direction has one capacity: a rate or a trace, not both.
    static func oneCapacity(_ object: JSONValue, _ path: String, _ p: ScenarioParse) {
        if object["bandwidth"] != nil, object["deliveryTrace"] != nil {
            p.reader.problem(path + ".deliveryTrace", "give either bandwidth or deliveryTrace, not both")
        }
    }

    /// A parameter field lifted onto a value that collects forward changes.
    static func lifted<Target: ForwardLinkChanges>(_ field: ScenarioField<LinkChanges>) -> ScenarioField<Target> {
        ScenarioField(name: field.name, type: field.type, defaultValue: field.defaultValue, meaning: field.meaning) {
            t, v, path, p in field.read(&t.forward, v, path, p)
        }
    }

    static let link = FieldTable<LinkBuilder>(
        "link",
        [
            .string("id", default: "`link<i>`", "used by events and reports") { $0.id = $1 },
            .custom("a", .reference("node"), default: nil, "one end") { t, v, path, p in t.a = p.node(v, path) },
            .custom("b", .reference("node"), default: nil, "the other end (forward is a→b)") { t, v, path, p in
                t.b = p.node(v, path)
            },
        ] + parameters.map { lifted($0) } + [
            .object(
                "reverse", reverse, default: "same as forward",
                "any of the fields above for the b→a direction (asymmetric links)", initial: LinkChanges()
            ) { $0.reverse = $1 }
        ],
        finish: { link, object, path, p in
            oneCapacity(object, path, p)
            if let a = link.a, let b = link.b, a == b {
                p.reader.problem(path + ".b", "a link joins two different nodes")
            }
            return link.a != nil && link.b != nil
        })
}
