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
