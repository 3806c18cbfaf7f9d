import STTCore
import STTUnits

/// The JSON Schema of scenario files (Scenarios/scenario.schema.json), generated from the field
/// tables the reader uses, so an editor accepts what `stt-sim validate` accepts.
public enum ScenarioSchema {
    /// The schema as pretty JSON text (two-space indent), with a final newline.
    public static func json() -> String { document().formatted(indent: 2) + "\n" }

    static func document() -> JSONValue {
        var definitions: [(String, JSONValue)] = []
        func define<T>(_ table: FieldTable<T>) { definitions.append((table.name, objectSchema(table))) }
        define(NodeFields.table)
        define(LinkFields.link)
        define(LinkFields.reverse)
        define(LinkFields.queue)
        define(LinkFields.jitter)
        define(LinkFields.loss)
        for (_, table, _) in TrafficFields.kinds { define(table) }
        for action in EventFields.actions { define(action.table) }
        define(CaptureFields.table)
        define(ExpectFields.table)
        define(ExpectFields.flow)
        define(ExpectFields.everyFlow)
        define(ExpectFields.session)
        guard case .object(let top) = objectSchema(ScenarioFields.top) else { return .null }
        return .object(
            [
                ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                ("$id", .string("https://stt-sim/scenario.schema.json")),
                ("title", .string("stt-sim scenario")),
                (
                    "description",
                    .string(
                        "Generated from the scenario field tables (stt-sim generate schema); see docs/SCENARIOS.md.")
                ),
            ] + top + [("$defs", .object(definitions))])
    }

    static func objectSchema<T>(_ table: FieldTable<T>) -> JSONValue {
        let required = table.fields.filter(\.isRequired).map { JSONValue.string($0.name) }
        var pairs: [(String, JSONValue)] = [("type", .string("object")), ("additionalProperties", .bool(false))]
        if !required.isEmpty { pairs.append(("required", .array(required))) }
        pairs.append(("properties", .object(table.fields.map { ($0.name, fieldSchema($0)) })))
        return .object(pairs)
    }

    static func fieldSchema<T>(_ field: ScenarioField<T>) -> JSONValue {
        guard case .object(let pairs) = typeSchema(field.type) else { return typeSchema(field.type) }
        var description = plain(field.meaning)
        switch field.type {
        case .duration: description += " (at most \(ScenarioLimits.maximumDurationText))"
        case .rate: description += " (\(ScenarioLimits.rateRangeText))"
        default: break
        }
        return .object(pairs + [("description", .string(description))])
    }

    static func typeSchema(_ type: FieldType) -> JSONValue {
        func number(_ n: Int) -> JSONValue { .number(Double(n)) }
        switch type {
        case .string(let minLength):
            return .object([("type", .string("string"))] + (minLength.map { [("minLength", number($0))] } ?? []))
        case .boolean:
            return .object([("type", .string("boolean"))])
        case .integer(let range):
            var pairs: [(String, JSONValue)] = [("type", .string("integer")), ("minimum", number(range.lowerBound))]
            if range.upperBound < Int.max { pairs.append(("maximum", number(range.upperBound))) }
            return .object(pairs)
        case .unsigned(let range):
            func exact(_ n: UInt64) -> JSONValue { n > 1 << 53 ? .bigInteger(String(n)) : .number(Double(n)) }
            return .object([
                ("type", .string("integer")), ("minimum", exact(range.lowerBound)),
                ("maximum", exact(range.upperBound)),
            ])
        case .number(let minimum, let exclusive, let maximum):
            return .object(
                [("type", .string("number")), (exclusive ? "exclusiveMinimum" : "minimum", .number(minimum))]
                    + (maximum.map { [("maximum", .number($0))] } ?? []))
        case .probability:
            return .object([("type", .string("number")), ("minimum", .number(0)), ("maximum", .number(1))])
        case .duration:
            // A pattern cannot bound a magnitude: the range is in the description (fieldSchema).
            return .object([("type", .string("string")), ("pattern", .string(Units.pattern(Units.durationUnits)))])
        case .rate:
            return .object([("type", .string("string")), ("pattern", .string(Units.pattern(Units.rateUnits)))])
        case .size(let range):
            var integer: [(String, JSONValue)] = [("type", .string("integer")), ("minimum", number(range.lowerBound))]
            if range.upperBound < Int.max { integer.append(("maximum", number(range.upperBound))) }
            return .object([
                (
                    "oneOf",
                    .array([
                        .object(integer),
                        .object([
                            ("type", .string("string")),
                            ("pattern", .string(Units.pattern(Units.sizeUnits, unitOptional: true))),
                        ]),
                    ])
                )
            ])
        case .enumeration(let values):
            return .object([("enum", .array(values.map(JSONValue.string)))])
        case .constant(let value):
            return .object([("const", .string(value))])
        case .reference:
            return .object([("type", .string("string"))])
        case .file:
            return .object([("type", .string("string")), ("minLength", number(1))])
        case .address:
            return .object([
                ("type", .string("string")), ("pattern", .string("^[0-9]{1,3}(\\.[0-9]{1,3}){3}:[0-9]{1,5}$")),
            ])
        case .object(let name):
            return .object([("$ref", .string("#/$defs/\(name)"))])
        case .array(let items, let minItems):
            return .object(
                [("type", .string("array")), ("items", typeSchema(items))]
                    + (minItems > 0 ? [("minItems", number(minItems))] : []))
        case .oneOf(let types):
            return .object([("oneOf", .array(types.map(typeSchema)))])
        }
    }

    /// Reference-table text without its Markdown backticks, for schema descriptions.
    static func plain(_ text: String) -> String { text.replacingAll("`", with: "") }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
