/// What a flow measured, with who it ran between: for reports and expectations.
public struct FlowReport: Sendable {
    public let id: Int
    /// `bounded`, `live`, `messages` or `hello-flood`.
    public let kind: String
    public let from: Int
    public let to: [Int]
    public let statistics: FlowStatistics
}
