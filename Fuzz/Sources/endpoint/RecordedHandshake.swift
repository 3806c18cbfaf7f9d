import Crypto
import STTCore

/// A real handshake between two deterministic endpoints, recorded once per process: the hello and
/// finish datagrams a fresh responder needs to reach an established session, and the initiator's
/// packet keys, so the fuzzer can seal any plaintext into packets the responder authenticates.
///
/// Every responder is built from the same identity, shared seed and generator seed, so replaying
/// the recorded hello and finish into a fresh one reproduces the same session byte for byte: each
/// fuzz input runs against identical state, and a crashing input replays alone.
struct RecordedHandshake {
    static let sharedSeed = Array("shared_secret_32bytes_minimum!!!".utf8)
    static let clientAddress = STTAddress(ipv4: 10, 0, 0, 1, port: 7000)
    static let serverAddress = STTAddress(ipv4: 10, 0, 0, 2, port: 7000)
    /// The instant the recorded hello reaches the responder; fuzz time runs on from here.
    static let helloTime = STTInstant(nanoseconds: 10_000_000)
    static let finishTime = STTInstant(nanoseconds: 30_000_000)

    let sharedSecret: STTCore.SharedSecret
    let serverIdentity: NodeIdentity
    let clientIdentity: NodeIdentity
    let hello: [UInt8]
    let finish: [UInt8]
    let sessionID: SessionID
    let keys: SessionTrafficKeys
    /// `K_mac1` of the shared seed (docs/PROTOCOL.md §3.6), to re-MAC mutated hellos.
    let mac1Key: SymmetricKey
    /// The initiator that made the handshake, established (the seed writer sends data on it).
    let client: STTEndpoint

    /// Runs the handshake; nil (the fuzzer then refuses to start) if it does not establish.
    init?() {
        guard let shared = try? STTCore.SharedSecret(sharedSeed: Self.sharedSeed),
            let serverID = try? NodeIdentity(nodeSeed: Array("server################".utf8)),
            let clientID = try? NodeIdentity(nodeSeed: Array("client################".utf8))
        else { return nil }
        sharedSecret = shared
        serverIdentity = serverID
        clientIdentity = clientID
        mac1Key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: shared.psk), salt: Array("stt/v3 hello mac1".utf8),
            info: [UInt8](), outputByteCount: 32)
        client = STTEndpoint(
            identity: clientID, sharedSecret: shared, random: Xoshiro256StarStar(seed: 1, streamID: 0))
        sessionID = client.connect(to: Self.serverAddress, now: .zero)
        guard let first = client.pollTransmit(now: .zero)?.payload else { return nil }
        hello = first
        let server = Self.makeServer(identity: serverID, sharedSecret: shared)
        server.handle(datagram: hello, from: Self.clientAddress, now: Self.helloTime)
        var response: [UInt8]?
        while let t = server.pollTransmit(now: Self.helloTime) { response = response ?? t.payload }
        guard let response else { return nil }
        client.handle(datagram: response, from: Self.serverAddress, now: Self.helloTime + .milliseconds(10))
        var finishDatagram: [UInt8]?
        while let t = client.pollTransmit(now: Self.finishTime) {
            if t.payload.count > 3, t.payload[3] == PacketType.handshakeFinish.rawValue { finishDatagram = t.payload }
        }
        guard let finishDatagram, let keys = client.trafficKeys(for: sessionID) else { return nil }
        finish = finishDatagram
        self.keys = keys
        guard let check = establishedServer(), check.sessionInfo(sessionID) != nil else { return nil }
    }

    /// A responder as every fuzz input meets it: same identity, seed and generator.
    static func makeServer(identity: NodeIdentity, sharedSecret: STTCore.SharedSecret) -> STTEndpoint {
        var configuration = EndpointConfiguration()
        configuration.acceptsIncomingSessions = true
        return STTEndpoint(
            identity: identity, sharedSecret: sharedSecret, configuration: configuration,
            random: Xoshiro256StarStar(seed: 2, streamID: 1))
    }

    func makeServer() -> STTEndpoint { Self.makeServer(identity: serverIdentity, sharedSecret: sharedSecret) }

    /// A fresh responder that has accepted the recorded hello and finish: the session is open.
    func establishedServer() -> STTEndpoint? {
        let server = makeServer()
        server.handle(datagram: hello, from: Self.clientAddress, now: Self.helloTime)
        drain(server, now: Self.helloTime)
        server.handle(datagram: finish, from: Self.clientAddress, now: Self.finishTime)
        drain(server, now: Self.finishTime)
        return server.sessionInfo(sessionID) == nil ? nil : server
    }

    /// The initiator's sealer for this session (packet numbers from 0 on every call).
    func clientProtection() -> PacketProtection {
        guard
            let protection = PacketProtection(
                sessionID: sessionID, suite: keys.suite, sendKey: SymmetricKey(data: keys.initiatorToResponder),
                receiveKey: SymmetricKey(data: keys.responderToInitiator))
        else { fatalError("libcrypto refused a packet key") }  // setup, not input: nothing to fuzz without it
        return protection
    }

    /// `hello` with its mac1 recomputed over its first 61 bytes (mac2 left as it is), so a mutated
    /// suite byte or Noise message gets past the MAC check and into the handshake.
    func remac(_ hello: [UInt8]) -> [UInt8] {
        let macStart = STTWire.Offset.initiationBody + 48
        guard hello.count >= macStart + 16 else { return hello }
        var out = hello
        let mac = HMAC<SHA256>.authenticationCode(for: hello[..<macStart], using: mac1Key)
        out.replaceSubrange(macStart..<macStart + 16, with: Array(mac).prefix(16))
        return out
    }
}

/// Takes every datagram and event an endpoint has ready, reading readable streams, so queued
/// output never grows across a run and the send and read paths run too.
func drain(_ endpoint: STTEndpoint, now: STTInstant) {
    var budget = 256
    while budget > 0, endpoint.pollTransmit(now: now) != nil { budget -= 1 }
    while let event = endpoint.pollEvent() {
        if case .streamReadable(let id, let stream) = event {
            _ = endpoint.read(from: stream, on: id, maxBytes: 1 << 16)
        }
    }
}
