import STTCore

/// Read-only access to the run for a flow's report.
struct FlowReportContext {
    let now: STTInstant
    let network: Network

    /// A node's endpoint (nil while crashed), for its stream statistics.
    func endpoint(_ node: Int) -> STTEndpoint? { network.hosts[node]?.endpoint }
}
