import Crypto
import Foundation
import Testing

@testable import STTCore

/// The published cacophony vectors, replayed byte for byte: every handshake message, the
/// handshake hash, and the transport messages under the split keys.
struct NoiseVectorTests {
    struct VectorFile: Decodable { let vectors: [Vector] }
    struct Message: Decodable {
        let payload: String
        let ciphertext: String
    }
    struct Vector: Decodable {
        let protocolName: String
        let initPrologue: String
        let initPsks: [String]?
        let initStatic: String
        let initEphemeral: String
        let initRemoteStatic: String?
        let respStatic: String
        let respEphemeral: String
        let respPsks: [String]?
        let handshakeHash: String
        let messages: [Message]
    }

    static func loadVectors() throws -> [Vector] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/noise-vectors", withExtension: "json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(VectorFile.self, from: Data(contentsOf: url)).vectors
    }

    static func key(_ hex: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: try #require([UInt8](hex: hex)))
    }

    static let patterns: [String: (NoisePattern, CipherSuite)] = [
        "Noise_XX_25519_ChaChaPoly_SHA256": (.xx, .chaChaPoly),
        "Noise_XXpsk3_25519_ChaChaPoly_SHA256": (.xxPSK3, .chaChaPoly),
        "Noise_IKpsk2_25519_ChaChaPoly_SHA256": (.ikPSK2, .chaChaPoly),
        "Noise_XX_25519_AESGCM_SHA256": (.xx, .aesGCM),
        "Noise_XXpsk3_25519_AESGCM_SHA256": (.xxPSK3, .aesGCM),
    ]

    @Test("the fixture holds every published vector of both suites")
    func fixtureCoversBothSuites() throws {
        let names = Set(try Self.loadVectors().map(\.protocolName))
        #expect(names == Set(Self.patterns.keys))
    }

    @Test(
        "every vector's handshake messages, handshake hash and transport messages match byte for byte",
        arguments: [
            "Noise_XX_25519_ChaChaPoly_SHA256", "Noise_XXpsk3_25519_ChaChaPoly_SHA256",
            "Noise_IKpsk2_25519_ChaChaPoly_SHA256", "Noise_XX_25519_AESGCM_SHA256",
            "Noise_XXpsk3_25519_AESGCM_SHA256",
        ])
    func vectorReplaysExactly(protocolName: String) throws {
        let vector = try #require(try Self.loadVectors().first { $0.protocolName == protocolName })
        let (pattern, suite) = try #require(Self.patterns[protocolName])
        #expect(pattern.protocolName(suite: suite) == protocolName)
        let prologue = try #require([UInt8](hex: vector.initPrologue))
        let initPSK = try vector.initPsks.map { try #require([UInt8](hex: $0[0])) }
        let respPSK = try vector.respPsks.map { try #require([UInt8](hex: $0[0])) }
        let respStatic = try Self.key(vector.respStatic)

        var initiator = NoiseHandshakeState(
            pattern: pattern, suite: suite, isInitiator: true, prologue: prologue,
            localStatic: try Self.key(vector.initStatic), localEphemeral: try Self.key(vector.initEphemeral),
            psk: initPSK, remoteStatic: try vector.initRemoteStatic.map { try #require([UInt8](hex: $0)) })
        var responder = NoiseHandshakeState(
            pattern: pattern, suite: suite, isInitiator: false, prologue: prologue,
            localStatic: respStatic, localEphemeral: try Self.key(vector.respEphemeral), psk: respPSK)

        let handshakeCount = pattern.messages.count
        for (i, message) in vector.messages.prefix(handshakeCount).enumerated() {
            let payload = try #require([UInt8](hex: message.payload))
            let expected = try #require([UInt8](hex: message.ciphertext))
            let initiatorSends = i % 2 == 0
            let wire =
                initiatorSends
                ? try initiator.writeMessage(payload: payload)
                : try responder.writeMessage(payload: payload)
            #expect(wire.hexString == expected.hexString, "handshake message \(i)")
            let read =
                initiatorSends
                ? try responder.readMessage(wire[...])
                : try initiator.readMessage(wire[...])
            #expect(read == payload)
        }
        #expect(initiator.isComplete && responder.isComplete)
        #expect(initiator.handshakeHash.hexString == vector.handshakeHash)
        #expect(responder.handshakeHash.hexString == vector.handshakeHash)

        // Transport messages continue the alternation of the handshake, each direction with its
        // own key and a counter nonce starting at zero (little-endian for ChaChaPoly, big-endian
        // for AESGCM: the vectors fail if the order is wrong from the second message on).
        let (i2r, r2i) = initiator.split()
        var ciphers = [
            true: NoiseCipherState(suite: suite, key: i2r.withUnsafeBytes { Array($0) }),
            false: NoiseCipherState(suite: suite, key: r2i.withUnsafeBytes { Array($0) }),
        ]
        for (i, message) in vector.messages.enumerated().dropFirst(handshakeCount) {
            let fromInitiator = i % 2 == 0
            let payload = try #require([UInt8](hex: message.payload))
            var cipher = try #require(ciphers[fromInitiator])
            let sealed = try cipher.encrypt(associatedData: [], plaintext: payload)
            ciphers[fromInitiator] = cipher
            #expect(sealed.hexString == message.ciphertext, "transport message \(i)")
        }
    }

    @Test("a responder holding another psk rejects the third XXpsk3 message")
    func mismatchedPSKFailsAtThirdMessage() throws {
        let a = NodeIdentity(staticKey: .init())
        let b = NodeIdentity(staticKey: .init())
        var initiator = NoiseHandshakeState(
            pattern: .xxPSK3, isInitiator: true, prologue: [], localStatic: a.staticKey,
            localEphemeral: .init(), psk: [UInt8](repeating: 1, count: 32))
        var responder = NoiseHandshakeState(
            pattern: .xxPSK3, isInitiator: false, prologue: [], localStatic: b.staticKey,
            localEphemeral: .init(), psk: [UInt8](repeating: 2, count: 32))
        _ = try responder.readMessage(try initiator.writeMessage(payload: [])[...])
        _ = try initiator.readMessage(try responder.writeMessage(payload: [])[...])
        let third = try initiator.writeMessage(payload: [])
        #expect(throws: NoiseError.decryptionFailed) { try responder.readMessage(third[...]) }
    }
}
