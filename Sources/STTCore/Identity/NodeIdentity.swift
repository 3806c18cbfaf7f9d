import Crypto
import Foundation

/// The smallest accepted `node_seed` and `shared_seed`, in bytes.
public let minimumSeedLength = 16

/// A node's long-term identity: the static X25519 key pair derived from its `node_seed`.
///
/// The derivation is deterministic (HKDF-SHA256 over the seed, label `stt/v1 node static key`),
/// so the same seed always yields the same key pair and node id, in the simulator and on sockets.
public struct NodeIdentity: Sendable {
    public let staticKey: Curve25519.KeyAgreement.PrivateKey
    public let nodeID: NodeID

    /// - Throws: `SeedError.tooShort` when `nodeSeed` has fewer than 16 bytes.
    public init(nodeSeed: [UInt8]) throws {
        guard nodeSeed.count >= minimumSeedLength else {
            throw SeedError.tooShort(name: "node_seed", length: nodeSeed.count, minimum: minimumSeedLength)
        }
        let raw = deriveKey(from: nodeSeed, label: "stt/v1 node static key")
        let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
        self.init(staticKey: key)
    }

    /// An identity around an existing private key (test vectors, imported keys).
    public init(staticKey: Curve25519.KeyAgreement.PrivateKey) {
        self.staticKey = staticKey
        nodeID = NodeID(publicKey: Array(staticKey.publicKey.rawRepresentation))
    }

    /// The 32-byte static public key, as sent (encrypted) in the handshake.
    public var publicKey: [UInt8] { Array(staticKey.publicKey.rawRepresentation) }
}

/// 32 bytes derived from a seed with HKDF-SHA256, `label` as the salt (node keys, the psk).
func deriveKey(from seed: [UInt8], label: String) -> [UInt8] {
    let key = HKDF<SHA256>.deriveKey(
        inputKeyMaterial: SymmetricKey(data: seed),
        salt: Array(label.utf8),
        info: [UInt8](),
        outputByteCount: 32
    )
    return key.withUnsafeBytes { Array($0) }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits a byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Bytes from a hex string; nil when the text is not an even run of hex digits.
    public init?(hex: String) {
        var out = [UInt8]()
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8? = nil
        for c in hex.utf8 {
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x61...0x66: v = c - 0x61 + 10
            case 0x41...0x46: v = c - 0x41 + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        guard high == nil else { return nil }
        self = out
    }
}
