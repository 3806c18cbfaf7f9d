import STTCore

/// Why a run stopped early.
public enum SimulationError: Error, CustomStringConvertible {
    case stepLimit(Int, STTInstant)
    public var description: String {
        switch self {
        case .stepLimit(let n, let t): return "stopped after \(n) events at \(t): step limit reached (livelock?)"
        }
    }
}
