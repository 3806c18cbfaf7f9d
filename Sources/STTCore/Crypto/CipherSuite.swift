/// The cipher of a Noise handshake and of the packets of the session it creates.
///
/// Both suites use X25519 and SHA-256; they differ in the AEAD. The initiator names its suite in
/// cleartext in message 1 (byte 12, `docs/PROTOCOL.md` §3.1) and the same byte is in the Noise
/// prologue, so a suite changed in flight fails the handshake instead of downgrading it.
public enum CipherSuite: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// `Noise_XXpsk3_25519_ChaChaPoly_SHA256`: fast everywhere, no special instructions needed.
    case chaChaPoly = 0x01
    /// `Noise_XXpsk3_25519_AESGCM_SHA256`: AES-256-GCM, fastest where the CPU has AES instructions.
    case aesGCM = 0x02

    /// The cipher's name inside a Noise protocol name (`ChaChaPoly`, `AESGCM`).
    public var noiseName: String {
        switch self {
        case .chaChaPoly: return "ChaChaPoly"
        case .aesGCM: return "AESGCM"
        }
    }

    /// The name users write in scenarios, flags and key logs (`chachapoly`, `aesgcm`).
    public var name: String {
        switch self {
        case .chaChaPoly: return "chachapoly"
        case .aesGCM: return "aesgcm"
        }
    }

    public var description: String { name }

    /// The suite named `name` (case-insensitive; `chacha20-poly1305` and `aes-256-gcm` too).
    public init?(name: String) {
        switch name.lowercased() {
        case "chachapoly", "chacha20-poly1305", "chacha20poly1305": self = .chaChaPoly
        case "aesgcm", "aes-256-gcm", "aes256gcm": self = .aesGCM
        default: return nil
        }
    }

    /// The suite simulated hosts use unless a scenario says otherwise: one fixed choice on every
    /// machine, so that captures of a scenario are byte-identical everywhere.
    public static let simulationDefault = CipherSuite.aesGCM

    /// Suites as a one-byte set (bit `rawValue - 1`): what a responder accepts, in its reject.
    public static func bitmask(_ suites: [CipherSuite]) -> UInt8 {
        suites.reduce(0) { $0 | (1 << ($1.rawValue - 1)) }
    }

    /// The suites of a `bitmask(_:)` byte, in `allCases` order; unknown bits are ignored.
    public static func suites(inBitmask mask: UInt8) -> [CipherSuite] {
        allCases.filter { mask & (1 << ($0.rawValue - 1)) != 0 }
    }

    /// The 12-byte Noise nonce for counter `n`: 4 zero bytes, then `n` little-endian for
    /// ChaChaPoly and big-endian for AESGCM (Noise spec §12.3, §12.4).
    func noiseNonce(_ n: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: AEADContext.nonceLength)
        for i in 0..<8 {
            let shift = self == .chaChaPoly ? 8 * i : 8 * (7 - i)
            bytes[4 + i] = UInt8(truncatingIfNeeded: n >> UInt64(shift))
        }
        return bytes
    }
}
