import Crypto
import Foundation

/// A Noise handshake in progress (Noise spec §5.3) with X25519, SHA-256 and either AEAD suite.
///
/// Pure state: keys and randomness come in, messages go out. The ephemeral key is injected so
/// that test vectors and the seeded simulator reproduce every byte.
public struct NoiseHandshakeState {
    public let isInitiator: Bool
    /// The AEAD of the handshake messages and of the transport keys `split()` gives.
    public let suite: CipherSuite
    let pattern: NoisePattern
    var symmetric: NoiseSymmetricState
    let localStatic: Curve25519.KeyAgreement.PrivateKey
    let localEphemeral: Curve25519.KeyAgreement.PrivateKey
    let psk: [UInt8]?
    /// The remote static public key, once received (or given as a pre-message).
    public private(set) var remoteStatic: [UInt8]?
    private(set) var remoteEphemeral: [UInt8]?
    private var messageIndex = 0

    /// - Parameters:
    ///   - pattern: the handshake pattern (`XX` or `XXpsk3`).
    ///   - suite: the cipher (ChaChaPoly or AESGCM); it is part of the protocol name.
    ///   - isInitiator: whether this side sends the first message.
    ///   - prologue: bytes both sides must agree on, mixed into the transcript.
    ///   - localStatic: this side's static key pair.
    ///   - localEphemeral: this side's ephemeral key pair for this handshake.
    ///   - remoteStatic: the responder's static public key, for patterns that pre-know it.
    ///   - psk: the pre-shared key, for `psk` patterns.
    public init(
        pattern: NoisePattern, suite: CipherSuite = .chaChaPoly, isInitiator: Bool, prologue: [UInt8],
        localStatic: Curve25519.KeyAgreement.PrivateKey,
        localEphemeral: Curve25519.KeyAgreement.PrivateKey,
        psk: [UInt8]? = nil, remoteStatic: [UInt8]? = nil
    ) {
        precondition(!pattern.usesPSK || psk?.count == 32, "psk patterns need a 32-byte psk")
        self.pattern = pattern
        self.suite = suite
        self.isInitiator = isInitiator
        self.localStatic = localStatic
        self.localEphemeral = localEphemeral
        self.psk = psk
        self.remoteStatic = remoteStatic
        symmetric = NoiseSymmetricState(protocolName: pattern.protocolName(suite: suite), suite: suite)
        symmetric.mixHash(prologue)
        if pattern.responderStaticIsPremessage {
            let responderStatic = isInitiator ? remoteStatic! : Array(localStatic.publicKey.rawRepresentation)
            symmetric.mixHash(responderStatic)
        }
    }

    /// True once every message of the pattern has been written or read.
    public var isComplete: Bool { messageIndex == pattern.messages.count }

    /// Whether the next message is ours to write.
    public var isOurTurn: Bool { (messageIndex % 2 == 0) == isInitiator }

    /// `h`: binds everything sent so far; equal on both sides after a successful handshake.
    public var handshakeHash: [UInt8] { symmetric.handshakeHash }

    /// The chaining key so far; STT derives its authenticated reject key from it.
    var chainingKey: [UInt8] { symmetric.chainingKey }

    /// Writes the next message carrying `payload`.
    public mutating func writeMessage(payload: [UInt8]) throws -> [UInt8] {
        guard !isComplete, isOurTurn else { throw NoiseError.outOfTurn }
        var out: [UInt8] = []
        for token in pattern.messages[messageIndex] {
            switch token {
            case .e:
                let pub = Array(localEphemeral.publicKey.rawRepresentation)
                out += pub
                symmetric.mixHash(pub)
                if pattern.usesPSK { symmetric.mixKey(pub) }
            case .s:
                out += try symmetric.encryptAndHash(Array(localStatic.publicKey.rawRepresentation))
            case .psk:
                symmetric.mixKeyAndHash(psk!)
            default:
                try mixDH(token)
            }
        }
        out += try symmetric.encryptAndHash(payload)
        messageIndex += 1
        return out
    }

    /// Reads the next message and returns its payload.
    public mutating func readMessage(_ message: ArraySlice<UInt8>) throws -> [UInt8] {
        guard !isComplete, !isOurTurn else { throw NoiseError.outOfTurn }
        var rest = message
        for token in pattern.messages[messageIndex] {
            switch token {
            case .e:
                guard rest.count >= 32 else { throw NoiseError.messageTooShort }
                let re = Array(rest.prefix(32))
                rest = rest.dropFirst(32)
                remoteEphemeral = re
                symmetric.mixHash(re)
                if pattern.usesPSK { symmetric.mixKey(re) }
            case .s:
                let length = symmetric.cipher.hasKey ? 48 : 32
                guard rest.count >= length else { throw NoiseError.messageTooShort }
                do {
                    remoteStatic = try symmetric.decryptAndHash(rest.prefix(length))
                } catch { throw NoiseError.decryptionFailed }
                rest = rest.dropFirst(length)
            case .psk:
                symmetric.mixKeyAndHash(psk!)
            default:
                try mixDH(token)
            }
        }
        let payload: [UInt8]
        do {
            payload = try symmetric.decryptAndHash(rest)
        } catch NoiseError.messageTooShort {
            throw NoiseError.messageTooShort
        } catch {
            throw NoiseError.decryptionFailed
        }
        messageIndex += 1
        return payload
    }

    /// Transport keys once complete: (initiator→responder, responder→initiator).
    public func split() -> (initiatorToResponder: SymmetricKey, responderToInitiator: SymmetricKey) {
        precondition(isComplete, "split() before the handshake completed")
        let (k1, k2) = symmetric.split()
        return (k1, k2)
    }

    private mutating func mixDH(_ token: NoisePattern.Token) throws {
        // es: initiator's e with responder's s; se: initiator's s with responder's e.
        let (mine, theirs): (Curve25519.KeyAgreement.PrivateKey, [UInt8]?)
        switch token {
        case .ee: (mine, theirs) = (localEphemeral, remoteEphemeral)
        case .ss: (mine, theirs) = (localStatic, remoteStatic)
        case .es: (mine, theirs) = isInitiator ? (localEphemeral, remoteStatic) : (localStatic, remoteEphemeral)
        case .se: (mine, theirs) = isInitiator ? (localStatic, remoteEphemeral) : (localEphemeral, remoteStatic)
        default: preconditionFailure("not a DH token")
        }
        guard let theirs,
            let publicKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: theirs),
            let shared = try? mine.sharedSecretFromKeyAgreement(with: publicKey)
        else { throw NoiseError.invalidPublicKey }
        symmetric.mixKey(shared.withUnsafeBytes { Array($0) })
    }
}
