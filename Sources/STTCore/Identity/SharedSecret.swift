import Foundation

/// The pre-shared key derived from a `shared_seed`: only nodes holding the same shared seed can
/// open a session with each other (it is the `psk` of `Noise_XXpsk3`).
public struct SharedSecret: Sendable, Equatable {
    /// The 32-byte Noise pre-shared key.
    public let psk: [UInt8]

    /// - Throws: `SeedError.tooShort` when `sharedSeed` has fewer than 16 bytes.
    public init(sharedSeed: [UInt8]) throws {
        guard sharedSeed.count >= minimumSeedLength else {
            throw SeedError.tooShort(name: "shared_seed", length: sharedSeed.count, minimum: minimumSeedLength)
        }
        psk = deriveKey(from: sharedSeed, label: "stt/v1 shared seed psk")
    }

    /// A pre-shared key given directly (test vectors); must be 32 bytes.
    public init(psk: [UInt8]) {
        precondition(psk.count == 32, "a Noise psk is 32 bytes")
        self.psk = psk
    }
}
