import Crypto
import Foundation

/// A Noise handshake pattern: optional pre-messages and the token lists of each message.
public struct NoisePattern: Sendable {
    enum Token: Sendable { case e, s, ee, es, se, ss, psk }

    let name: String
    /// The responder's static key is known to the initiator beforehand (`<- s` pre-message).
    let responderStaticIsPremessage: Bool
    let messages: [[Token]]
    var usesPSK: Bool { messages.contains { $0.contains(.psk) } }

    /// `XX`: mutual authentication, both statics sent encrypted.
    public static let xx = NoisePattern(
        name: "XX", responderStaticIsPremessage: false,
        messages: [[.e], [.e, .ee, .s, .es], [.s, .se]])
    /// `XXpsk3`: `XX` with a pre-shared key mixed in at the end of the third message. STT v1's handshake.
    public static let xxPSK3 = NoisePattern(
        name: "XXpsk3", responderStaticIsPremessage: false,
        messages: [[.e], [.e, .ee, .s, .es], [.s, .se, .psk]])
    /// `IKpsk2`: the initiator knows the responder's static key beforehand.
    public static let ikPSK2 = NoisePattern(
        name: "IKpsk2", responderStaticIsPremessage: true,
        messages: [[.e, .es, .s, .ss], [.e, .ee, .se, .psk]])

    /// The full protocol name with `suite`'s cipher (DH and hash are fixed: 25519, SHA256).
    public func protocolName(suite: CipherSuite) -> String { "Noise_\(name)_25519_\(suite.noiseName)_SHA256" }
}
