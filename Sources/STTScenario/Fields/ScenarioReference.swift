/// The reference tables of docs/SCENARIOS.md, generated from the field tables the reader uses.
///
/// The document marks each generated table with `<!-- fields: NAME -->` before it and
/// `<!-- end fields -->` after it; `update(_:)` rewrites what lies between.
public enum ScenarioReference {
    /// The table names a document may mark.
    public static var tableNames: [String] { tables.map(\.0) }

    static var tables: [(String, String)] {
        var out: [(String, String)] = [
            ("scenario", markdown(ScenarioFields.top.fields)),
            ("node", markdown(NodeFields.table.fields)),
            ("link", markdown(LinkFields.link.fields)),
            ("queue", markdown(LinkFields.queue.fields)),
            ("jitter", markdown(LinkFields.jitter.fields)),
            ("loss", markdown(LinkFields.loss.fields)),
            (
                "traffic",
                markdown(
                    TrafficFields.common("bounded").map { field in
                        field.name == "kind"
                            ? .custom(
                                "kind", .enumeration(TrafficFields.kinds.map(\.0)), default: nil,
                                field.meaning
                            ) { _, _, _, _ in } : field
                    })
            ),
        ]
        let common = Set(TrafficFields.common("bounded").map(\.name))
        for (name, table, _) in TrafficFields.kinds {
            out.append((name, markdown(table.fields.filter { !common.contains($0.name) })))
        }
        out.append(("events", events()))
        out.append(("capture", markdown(CaptureFields.table.fields)))
        out.append(("expect", markdown(ExpectFields.table.fields)))
        out.append(("flowExpectation", markdown(ExpectFields.flow.fields)))
        out.append(("everyFlowExpectation", markdown(ExpectFields.everyFlow.fields)))
        out.append(("sessionExpectation", markdown(ExpectFields.session.fields)))
        return out
    }

    static func markdown<T>(_ fields: [ScenarioField<T>]) -> String {
        var lines = ["| field | type | default | meaning |", "|---|---|---|---|"]
        for f in fields {
            lines.append("| `\(f.name)` | \(f.type.documentation) | \(f.defaultValue ?? "required") | \(f.meaning) |")
        }
        return lines.joined(separator: "\n")
    }

    /// One row per action: its own fields (beyond `at` and `action`) and its effect.
    static func events() -> String {
        var lines = ["| action | fields | effect |", "|---|---|---|"]
        for action in EventFields.actions {
            let own = action.table.fields.dropFirst(2).map { "`\($0.name)`" }
            lines.append(
                "| `\(action.name)` | \(own.isEmpty ? "none" : own.joined(separator: ", ")) | \(action.effect) |")
        }
        return lines.joined(separator: "\n")
    }

    /// `document` with every marked table regenerated. Throws on a marker that names no table or
    /// is not closed.
    public static func update(_ document: String) throws -> String {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            out.append(line)
            i += 1
            guard let name = marker(line) else { continue }
            guard let table = tables.first(where: { $0.0 == name })?.1 else {
                throw ReferenceError(message: "docs marker names no table: \(name); tables are: \(tableNames)")
            }
            guard let end = lines[i...].firstIndex(where: { $0.trimmed == "<!-- end fields -->" }) else {
                throw ReferenceError(message: "the table \(name) has no <!-- end fields --> marker")
            }
            out.append(table)
            out.append(lines[end])
            i = end + 1
        }
        return out.joined(separator: "\n")
    }

    private static func marker(_ line: String) -> String? {
        let t = line.trimmed
        guard t.hasPrefix("<!-- fields: "), t.hasSuffix(" -->") else { return nil }
        return String(t.dropFirst("<!-- fields: ".count).dropLast(" -->".count))
    }

    public struct ReferenceError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

extension String {
    fileprivate var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
