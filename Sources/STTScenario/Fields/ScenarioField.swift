import Foundation
import STTCore
import STTUnits

/// One field of a scenario object: its JSON name, what it holds, whether it is required or its
/// default, what it means, and how it is read into the value being built. The reader, the JSON
/// Schema and the reference tables of docs/SCENARIOS.md all come from these, so a range is
/// stated once.
struct ScenarioField<Target>: Sendable {
    let name: String
    let type: FieldType
    /// The default as the reference table shows it; nil when the field is required.
    let defaultValue: String?
    let meaning: String
    let read: @Sendable (inout Target, JSONValue, _ path: String, ScenarioParse) -> Void

    var isRequired: Bool { defaultValue == nil }
}

/// Factories: each states the type (for the schema and the docs) and reads exactly that.
extension ScenarioField {
    static func string(
        _ name: String, minLength: Int? = nil, default value: String?, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, String) -> Void
    ) -> Self {
        Self(name: name, type: .string(minLength: minLength), defaultValue: value, meaning: meaning) { t, v, path, p in
            guard let s = p.reader.string(v, path) else { return }
            if let minLength, s.utf8.count < minLength {
                p.reader.problem(path, "must be at least \(minLength) bytes (got \(s.utf8.count))")
                return
            }
            set(&t, s)
        }
    }

    static func boolean(
        _ name: String, default value: String, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, Bool) -> Void
    ) -> Self {
        Self(name: name, type: .boolean, defaultValue: value, meaning: meaning) { t, v, path, p in
            if let b = p.reader.bool(v, path) { set(&t, b) }
        }
    }

    static func integer(
        _ name: String, in range: ClosedRange<Int>, default value: String?, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, Int) -> Void
    ) -> Self {
        Self(name: name, type: .integer(range), defaultValue: value, meaning: meaning) { t, v, path, p in
            if let i = p.reader.integer(v, path, in: range) { set(&t, i) }
        }
    }

    static func number(
        _ name: String, greaterThan minimum: Double, atMost maximum: Double, default value: String?,
        _ meaning: String, _ set: @escaping @Sendable (inout Target, Double) -> Void
    ) -> Self {
        Self(
            name: name, type: .number(minimum: minimum, exclusiveMinimum: true, maximum: maximum), defaultValue: value,
            meaning: meaning
        ) { t, v, path, p in
            guard let x = p.reader.number(v, path) else { return }
            guard x > minimum, x <= maximum else {
                p.reader.problem(
                    path,
                    "must be greater than \(UnitFormat.exact(minimum)) and at most \(UnitFormat.exact(maximum)) "
                        + "(got \(UnitFormat.exact(x)))")
                return
            }
            set(&t, x)
        }
    }

    static func probability(
        _ name: String, default value: String?, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, Double) -> Void
    ) -> Self {
        Self(name: name, type: .probability, defaultValue: value, meaning: meaning) { t, v, path, p in
            if let x = p.reader.number(v, path, in: 0...1) { set(&t, x) }
        }
    }

    static func duration(
        _ name: String, default value: String?, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, STTDuration) -> Void
    ) -> Self {
        Self(name: name, type: .duration, defaultValue: value, meaning: meaning) { t, v, path, p in
            if let d = p.reader.duration(v, path) { set(&t, d) }
        }
    }

    static func rate(
        _ name: String, default value: String?, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, Double) -> Void
    ) -> Self {
        Self(name: name, type: .rate, defaultValue: value, meaning: meaning) { t, v, path, p in
            if let r = p.reader.rate(v, path) { set(&t, r) }
        }
    }

    static func size(
        _ name: String, in range: ClosedRange<Int>, default value: String?, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, Int) -> Void
    ) -> Self {
        Self(name: name, type: .size(range), defaultValue: value, meaning: meaning) { t, v, path, p in
            if let b = p.reader.size(v, path, in: range) { set(&t, b) }
        }
    }

    static func enumeration(
        _ name: String, _ values: [String], default value: String?, _ meaning: String,
        _ set: @escaping @Sendable (inout Target, String) -> Void
    ) -> Self {
        Self(name: name, type: .enumeration(values), defaultValue: value, meaning: meaning) { t, v, path, p in
            guard let s = p.reader.string(v, path) else { return }
            guard values.contains(s) else {
                p.reader.problem(path, "must be \(Self.oneOf(values)) (got \"\(s)\")")
                return
            }
            set(&t, s)
        }
    }

    /// An object read with its own table into a value that starts as `initial`.
    static func object<Value: Sendable>(
        _ name: String, _ table: FieldTable<Value>, default value: String?, _ meaning: String,
        initial: Value, _ set: @escaping @Sendable (inout Target, Value) -> Void
    ) -> Self {
        Self(name: name, type: .object(table.name), defaultValue: value, meaning: meaning) { t, v, path, p in
            var inner = initial
            if table.read(v, path, into: &inner, p) { set(&t, inner) }
        }
    }

    /// An array whose items are read with `table`, each into a value that starts as `initial`.
    static func list<Item: Sendable>(
        _ name: String, of table: FieldTable<Item>, minItems: Int = 0, default value: String?, _ meaning: String,
        initial: Item, _ set: @escaping @Sendable (inout Target, [Item]) -> Void
    ) -> Self {
        Self(
            name: name, type: .array(.object(table.name), minItems: minItems), defaultValue: value, meaning: meaning
        ) { t, v, path, p in
            guard let items = p.reader.array(v, path) else { return }
            if items.count < minItems {
                p.reader.problem(path, "must list at least \(minItems) item\(minItems == 1 ? "" : "s")")
            }
            var out: [Item] = []
            for (i, item) in items.enumerated() {
                var built = initial
                if table.read(item, p.reader.index(path, i), into: &built, p) { out.append(built) }
            }
            set(&t, out)
        }
    }

    /// A file the scenario names (relative to the scenario file): its text is handed to `read`,
    /// which reports what is wrong with the contents. A file that cannot be read is a problem at
    /// the field.
    static func file(
        _ name: String, what: String, default value: String?, _ meaning: String,
        _ read:
            @escaping @Sendable (inout Target, _ text: String, _ file: String, _ path: String, ScenarioParse) -> Void
    ) -> Self {
        Self(name: name, type: .file(what), defaultValue: value, meaning: meaning) { t, v, path, p in
            guard let relative = p.reader.string(v, path) else { return }
            guard !relative.isEmpty else { return p.reader.problem(path, "must name a file") }
            let file = relative.hasPrefix("/") ? relative : p.baseDirectory + "/" + relative
            guard let data = FileManager.default.contents(atPath: file) else {
                return p.reader.problem(path, "cannot read \(what) \(file) (does it exist?)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                return p.reader.problem(path, "\(file) is not UTF-8 text")
            }
            read(&t, text, file, path, p)
        }
    }

    /// A field whose reading needs more than one type (a number or an object, a duration or
    /// `"off"`): the caller states the type and reads it.
    static func custom(
        _ name: String, _ type: FieldType, default value: String?, _ meaning: String,
        _ read: @escaping @Sendable (inout Target, JSONValue, String, ScenarioParse) -> Void
    ) -> Self {
        Self(name: name, type: type, defaultValue: value, meaning: meaning, read: read)
    }

    /// "x", "x or y", "x, y or z".
    static func oneOf(_ values: [String]) -> String {
        let quoted = values.map { "\"\($0)\"" }
        return quoted.count <= 1 ? quoted.joined() : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}
