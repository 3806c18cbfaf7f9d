import STTCore

/// One problem in a scenario file: where (a JSON path like `links[0].loss.p`) and what.
public struct ScenarioProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
