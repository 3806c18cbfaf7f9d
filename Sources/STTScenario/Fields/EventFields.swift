import STTCore
import STTSim

enum EventFields {
    static func common(_ action: String) -> [ScenarioField<EventBuilder>] {
        [
            .duration("at", default: nil, "when, from the start of the run") { $0.at = $1 },
            .custom("action", .constant(action), default: nil, "what happens") { _, _, _, _ in },
        ]
    }

    static let linkReference = ScenarioField<EventBuilder>.custom(
        "link", .reference("link"), default: nil, "the link"
    ) { e, v, path, p in e.link = p.link(v, path) }

    static let nodeReference = ScenarioField<EventBuilder>.custom(
        "node", .reference("node"), default: nil, "the node"
    ) { e, v, path, p in e.node = p.node(v, path) }

    /// Each action with its own fields, what it does, and how the event is built.
    static let actions: [(name: String, table: FieldTable<EventBuilder>, effect: String)] = [
        ("link-down", FieldTable("link-down", common("link-down") + [linkReference]), "both directions stop"),
        ("link-up", FieldTable("link-up", common("link-up") + [linkReference]), "both directions resume"),
        (
            "set-link",
            FieldTable(
                "set-link",
                common("set-link") + [linkReference] + LinkFields.parameters.map { LinkFields.lifted($0) }
                    + [
                        .object(
                            "reverse", LinkFields.reverse, default: "the fields above",
                            "changes for the b→a direction only", initial: LinkChanges()
                        ) { $0.reverse = $1 }
                    ]),
            "changes the link's parameters from then on (the fields apply to both directions)"
        ),
        (
            "partition",
            FieldTable(
                "partition",
                common("partition") + [
                    .custom(
                        "groups", .array(.array(.reference("node"), minItems: 0), minItems: 0), default: nil,
                        "arrays of node ids; packets cannot cross between groups; unlisted nodes form one more group"
                    ) { e, v, path, p in
                        for (g, group) in (p.reader.array(v, path) ?? []).enumerated() {
                            let groupPath = p.reader.index(path, g)
                            e.groups.append(
                                (p.reader.array(group, groupPath) ?? []).enumerated().compactMap {
                                    p.node($1, p.reader.index(groupPath, $0))
                                })
                        }
                    }
                ]),
            "splits the network"
        ),
        ("heal", FieldTable("heal", common("heal")), "ends any partition"),
        (
            "crash", FieldTable("crash", common("crash") + [nodeReference]),
            "the node loses all state; packets to it are dropped as `crash`"
        ),
        (
            "restart", FieldTable("restart", common("restart") + [nodeReference]),
            "a fresh node with the same seeds: sessions must be established again"
        ),
    ]

    /// Reads one event: its action first, which says which fields it may have.
    static func read(_ v: JSONValue, _ path: String, _ p: ScenarioParse) -> Scenario.Event? {
        let name = p.reader.string(v["action"], path + ".action", required: true)
        guard let name else {
            if v["at"] != nil {
                _ = p.reader.duration(v["at"], path + ".at")
            } else {
                p.reader.problem(path + ".at", "is required")
            }
            return nil
        }
        guard let action = actions.first(where: { $0.name == name }) else {
            p.reader.problem(
                path + ".action",
                "must be \(actions.map(\.name).dropLast().joined(separator: ", ")) or restart "
                    + "(got \"\(name)\")")
            return nil
        }
        var e = EventBuilder()
        guard action.table.read(v, path, into: &e, p), let at = e.at else { return nil }
        switch name {
        case "link-down", "link-up":
            guard let l = e.link else { return nil }
            return Scenario.Event(at: at, action: name == "link-down" ? .linkDown(link: l) : .linkUp(link: l))
        case "set-link":
            guard let l = e.link else { return nil }
            let link = p.links[l]
            return Scenario.Event(
                at: at,
                action: .setLink(
                    link: l, forward: e.forward.applied(to: link.forward),
                    reverse: (e.forward + e.reverse).applied(to: link.reverse)))
        case "partition":
            guard v["groups"] != nil else { return nil }
            return Scenario.Event(at: at, action: .partition(groups: e.groups))
        case "heal":
            return Scenario.Event(at: at, action: .heal)
        default:
            guard let n = e.node else { return nil }
            return Scenario.Event(at: at, action: name == "crash" ? .crash(node: n) : .restart(node: n))
        }
    }
}
