import Foundation
import Testing

@testable import STTScenario

/// The field tables are the one place the scenario format is stated: the committed schema and
/// reference tables must be exactly what they generate, and the corpus must exercise all of it.
@Suite("Scenario field tables")
struct FieldTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("the committed JSON Schema is the one the reader's field tables generate")
    func schemaIsGenerated() throws {
        let committed = try String(
            contentsOf: Self.root.appendingPathComponent("Scenarios/scenario.schema.json"), encoding: .utf8)
        #expect(
            committed == ScenarioSchema.json(), "regenerate: stt-sim generate schema > Scenarios/scenario.schema.json")
    }

    @Test("the reference tables of docs/SCENARIOS.md are the ones the reader's field tables generate")
    func referenceIsGenerated() throws {
        let docs = try String(contentsOf: Self.root.appendingPathComponent("docs/SCENARIOS.md"), encoding: .utf8)
        #expect(
            try ScenarioReference.update(docs) == docs,
            "regenerate: stt-sim generate reference --update docs/SCENARIOS.md")
        for name in ScenarioReference.tableNames {
            #expect(docs.contains("<!-- fields: \(name) -->"), "docs/SCENARIOS.md shows no \(name) table")
        }
    }

    @Test("the scenario corpus uses every field of every table, every traffic kind and every event")
    func corpusCoversEveryField() throws {
        let directory = Self.root.appendingPathComponent("Tests/Corpus/Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 50)
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            Coverage.walk(try JSONParser.parse(text), into: &used)
        }
        let missing = Coverage.everyField().subtracting(used).sorted()
        #expect(missing.isEmpty, "no corpus scenario uses: \(missing.joined(separator: ", "))")
    }

    @Test("a reference table marker that names no table, or is not closed, is an error")
    func badMarkers() {
        #expect(throws: ScenarioReference.ReferenceError.self) {
            try ScenarioReference.update("<!-- fields: nonsense -->\n<!-- end fields -->")
        }
        #expect(throws: ScenarioReference.ReferenceError.self) { try ScenarioReference.update("<!-- fields: node -->") }
    }
}

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
