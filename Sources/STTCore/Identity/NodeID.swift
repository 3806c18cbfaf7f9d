import Crypto
import Foundation

/// A 32-byte node id: SHA-256 of the node's static X25519 public key.
public struct NodeID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(publicKey: [UInt8]) {
        bytes = Array(SHA256.hash(data: publicKey))
    }

    /// Lowercase hex of all 32 bytes.
    public var hex: String { bytes.hexString }
    /// The first 8 bytes in hex, enough to tell nodes apart in tables and logs.
    public var description: String { String(hex.prefix(16)) }
}
