/// STTSim: the deterministic discrete-event simulator (scheduler, seeded randomness, virtual
/// links, topology, faults, trace and fingerprint). It drives `STTCore` endpoints in virtual time.
///
/// Layering: imports `STTCore` only; never reads a clock or the system random generator.
import STTCore

/// The simulator module's identity, so reports and `stt-sim --version` can name the build.
public enum STTSimModule {
    /// Wire protocol version the simulated endpoints speak.
    public static let protocolVersion = STTWire.version
}
