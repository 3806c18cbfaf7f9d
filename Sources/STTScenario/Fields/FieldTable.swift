/// The fields of one scenario object, in reading order. Reading checks that the value is an
/// object without unknown fields, reads each present field, reports each missing required one,
/// then runs `finish` (checks across fields, defaults that depend on others).
struct FieldTable<Target>: Sendable {
    /// The object's name in the schema (`$defs`) and the docs.
    let name: String
    let fields: [ScenarioField<Target>]
    /// After the fields: returns whether the value is usable (problems are reported already).
    var finish: (@Sendable (inout Target, _ object: JSONValue, _ path: String, ScenarioParse) -> Bool)?

    init(
        _ name: String, _ fields: [ScenarioField<Target>],
        finish: (@Sendable (inout Target, JSONValue, String, ScenarioParse) -> Bool)? = nil
    ) {
        self.name = name
        self.fields = fields
        self.finish = finish
    }

    var fieldNames: [String] { fields.map(\.name) }

    /// Reads `value` into `target`; false when it is not an object or `finish` rejects it.
    func read(_ value: JSONValue, _ path: String, into target: inout Target, _ p: ScenarioParse) -> Bool {
        guard p.reader.object(value, path, allowed: fieldNames) != nil else { return false }
        for field in fields {
            let fieldPath = p.reader.join(path, field.name)
            if let v = value[field.name] {
                field.read(&target, v, fieldPath, p)
            } else if field.isRequired {
                p.reader.problem(fieldPath, "is required")
            }
        }
        return finish?(&target, value, path, p) ?? true
    }
}
