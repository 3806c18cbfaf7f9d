import Foundation

/// Why a seed was refused.
public enum SeedError: Error, Equatable, CustomStringConvertible {
    /// The seed is shorter than `minimumSeedLength` bytes.
    case tooShort(name: String, length: Int, minimum: Int)

    public var description: String {
        switch self {
        case .tooShort(let name, let length, let minimum):
            return "\(name) is \(length) bytes; at least \(minimum) bytes are required"
        }
    }
}
