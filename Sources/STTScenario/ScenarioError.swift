import STTCore

/// Every problem found in a scenario file (all of them, not just the first).
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let problems: [ScenarioProblem]
    public var description: String {
        "\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s")\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
