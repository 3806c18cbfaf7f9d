import Foundation
import Testing

@testable import STTScenario

/// Which table fields a scenario file uses, as `table.field` names.
enum Coverage {
    static func everyField() -> Set<String> {
        var all = Set<String>()
        func add<T>(_ table: FieldTable<T>) { for f in table.fields { all.insert("\(table.name).\(f.name)") } }
        add(ScenarioFields.top)
        add(NodeFields.table)
        add(LinkFields.link)
        add(LinkFields.reverse)
        add(LinkFields.queue)
        add(LinkFields.jitter)
        add(LinkFields.loss)
        for (_, table, _) in TrafficFields.kinds { add(table) }
        for action in EventFields.actions { add(action.table) }
        add(CaptureFields.table)
        add(ExpectFields.table)
        add(ExpectFields.flow)
        add(ExpectFields.session)
        for d in ["uniform", "normal", "exponential", "pareto"] { all.insert("jitter.distribution=\(d)") }
        for m in ["bernoulli", "gilbert-elliott"] { all.insert("loss.model=\(m)") }
        all.insert("loss.number")
        return all
    }

    static func walk(_ root: JSONValue, into used: inout Set<String>) {
        note(root, "scenario", &used)
        for node in root["nodes"]?.items ?? [] { note(node, "node", &used) }
        for link in root["links"]?.items ?? [] {
            note(link, "link", &used)
            parameters(link, &used)
            if let reverse = link["reverse"] {
                note(reverse, "linkDirection", &used)
                parameters(reverse, &used)
            }
        }
        for t in root["traffic"]?.items ?? [] {
            if case .string(let kind)? = t["kind"] { note(t, kind, &used) }
        }
        for e in root["events"]?.items ?? [] {
            guard case .string(let action)? = e["action"] else { continue }
            note(e, action, &used)
            parameters(e, &used)
            if let reverse = e["reverse"] { parameters(reverse, &used) }
        }
        if let capture = root["capture"] { note(capture, "capture", &used) }
        if let expect = root["expect"] {
            note(expect, "expect", &used)
            for f in expect["flows"]?.items ?? [] { note(f, "flowExpectation", &used) }
            for s in expect["sessions"]?.items ?? [] { note(s, "sessionExpectation", &used) }
        }
    }

    private static func parameters(_ value: JSONValue, _ used: inout Set<String>) {
        if let q = value["queue"] { note(q, "queue", &used) }
        if let j = value["jitter"] {
            note(j, "jitter", &used)
            if case .string(let d)? = j["distribution"] { used.insert("jitter.distribution=\(d)") }
        }
        switch value["loss"] {
        case .number?: used.insert("loss.number")
        case .object(let pairs)?:
            note(.object(pairs), "loss", &used)
            if case .string(let m)? = value["loss"]?["model"] {
                used.insert("loss.model=\(m)")
            } else {
                used.insert("loss.model=bernoulli")
            }
        default: break
        }
    }

    private static func note(_ value: JSONValue, _ table: String, _ used: inout Set<String>) {
        if case .object(let pairs) = value { for (key, _) in pairs { used.insert("\(table).\(key)") } }
    }
}

extension JSONValue {
    fileprivate var items: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
