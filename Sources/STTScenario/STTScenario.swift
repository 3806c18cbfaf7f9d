/// STTScenario: scenario files (JSON), their validation, traffic generators, expectations, and
/// the report. Builds a simulation from a file; imports `STTSim` only.
import STTCore
import STTSim

/// The scenario module's identity.
public enum STTScenarioModule {
    /// The wire protocol version scenarios run.
    public static let protocolVersion = STTWire.version
}
