import Crypto
import Foundation

/// A responder's half-open handshake: message 1 read, message 2 sent, message 3 awaited.
///
/// Its size is fixed and the table holding it is bounded by `maxPendingHandshakes`, so a flood
/// of hellos cannot grow memory without bound.
struct PendingHandshake {
    var handshake: NoiseHandshakeState
    let address: STTAddress
    /// Message 1 as received, to recognise the initiator's retransmissions.
    let initiation: [UInt8]
    /// Message 2 as sent, to answer those retransmissions with the same bytes.
    let response: [UInt8]
    /// The chaining key after message 2 (the reject key is derived from it only to reject).
    let rejectChainingKey: [UInt8]
    let rejectTranscript: [UInt8]
    /// Unauthenticated bytes received from and sent to the peer: sent ≤ 3 × received.
    var bytesReceived: Int
    var bytesSent = 0
    let expiresAt: STTInstant
    /// When message 2 first left, and whether it was sent again since (then message 3's arrival
    /// is no round-trip sample: Karn's rule).
    let respondedAt: STTInstant
    var responseResent = false
    /// A message 3 that failed once. The same bytes failing twice is a shared-seed mismatch;
    /// a single failure may be a corrupted copy, which the initiator's retransmission repairs.
    var failedFinish: [UInt8]?
    /// The peer was refused; retransmitted message 3s get the reject again.
    var reject: [UInt8]?
    /// The hello's mac1 was made with this endpoint's shared seed.
    let hasValidMAC: Bool
}

/// The anti-amplification factor: before authentication a responder sends at most this many
/// times the bytes it received from the peer.
let amplificationFactor = 3

/// Reject codes: message 3 failed (wrong shared seed); message 1 offered an unsupported suite.
let rejectCodeAuthenticationFailed: UInt8 = 0x01
let rejectCodeUnsupportedSuite: UInt8 = 0x02

/// The Noise prologue: the application context, the wire version, the cipher suite and the
/// session id, so the cleartext fields of handshake packets are authenticated too (a suite byte
/// changed in flight makes the two transcripts differ and message 2 fail).
func handshakePrologue(applicationContext: [UInt8], suite: CipherSuite, sessionID: SessionID) -> [UInt8] {
    applicationContext + Array("|STT|".utf8) + [STTWire.version, suite.rawValue] + sessionID.bytes
}

extension STTEndpoint {
    /// A Noise handshake state for `sessionID`, bound to its prologue.
    /// Nil only if 32 random bytes were not a valid X25519 key, which cannot happen (every 32
    /// bytes are one); a responder then drops the hello instead of trapping.
    func makeHandshake(isInitiator: Bool, suite: CipherSuite, sessionID: SessionID) -> NoiseHandshakeState? {
        let prologue = handshakePrologue(
            applicationContext: configuration.applicationContext, suite: suite, sessionID: sessionID)
        guard let ephemeral = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: random.bytes(32)) else {
            return nil
        }
        return NoiseHandshakeState(
            pattern: .xxPSK3, suite: suite, isInitiator: isInitiator, prologue: prologue,
            localStatic: identity.staticKey, localEphemeral: ephemeral,
            psk: sharedSecret.psk)
    }

    /// Sends the initiator's current handshake datagram and arms its retransmission timer.
    func sendHandshakeMessage(_ session: Session, now: STTInstant, isRetransmission: Bool) {
        guard var message = session.handshakeRetransmission else { return }
        outbox.append(Transmit(destination: session.address, payload: message.datagram))
        if isRetransmission {
            session.statistics.handshakeRetransmissions += 1
            message.delay = min(message.delay * 2, configuration.maximumHandshakeRetransmit)
        } else {
            message.delay = configuration.initialHandshakeRetransmit
        }
        message.retransmitAt = now + message.delay
        session.setHandshakeRetransmission(message)
        session.lastSent = now
    }

    /// Responder: message 1. The checks before any Diffie-Hellman, cheapest first, keep no state
    /// (PROTOCOL.md §3.6): mac1, then under load the cookie and the source's budget, then the
    /// table's room, shared fairly between source addresses.
    func handleInitiation(_ datagram: [UInt8], id: SessionID, from address: STTAddress, now: STTInstant) {
        guard configuration.acceptsIncomingSessions else {
            drops.record(.notAccepting)
            return
        }
        let noiseEnd = HelloProtection.mac1Offset
        if var half = pending[id] {
            // A retransmission may add a cookie; the Noise bytes are what must match.
            guard half.initiation[..<noiseEnd] == datagram[..<noiseEnd], half.address == address else {
                drops.record(.sessionIDInUse)
                return
            }
            // The initiator did not get message 2: send the same bytes again, within budget.
            half.bytesReceived += datagram.count
            half.responseResent = true
            sendUnauthenticated(half.response, to: &half)
            pending[id] = half
            return
        }
        if let session = sessions[id] {
            drops.record(session.address == address ? .unexpectedHandshake : .sessionIDInUse)
            return
        }
        let underLoad = pending.count >= helloLoadThreshold
        // Under load, an address that spent its budget is refused before any MAC is computed:
        // the cheapest way to shed a flood. (Budgets are charged only after a valid cookie, so a
        // spoofed source cannot spend another address's budget.)
        if underLoad, helloGuard.remainingBudget(of: address.host, now: now) < 1 {
            drops.record(.helloRateLimited)
            return
        }
        let hasValidMAC = helloProtection.hasValidMAC1(datagram)
        if !hasValidMAC {
            // An honest client with another shared seed still learns so (§3.4) while the table
            // has room; under load, or beyond a few such hellos, they cost nothing.
            let unauthenticated = pending.values.reduce(0) { $0 + ($1.hasValidMAC ? 0 : 1) }
            guard !underLoad, unauthenticated < unauthenticatedHelloSlots else {
                drops.record(.helloMACInvalid)
                return
            }
        } else if underLoad {
            guard helloGuard.hasValidCookie(datagram, from: address) else {
                sendCookieReply(to: datagram, id: id, address: address, now: now)
                return
            }
            guard helloGuard.admitHello(from: address.host, now: now) else {
                drops.record(.helloRateLimited)
                return
            }
        }
        guard let suite = CipherSuite(rawValue: datagram[STTWire.Offset.suite]),
            configuration.acceptedCipherSuites.contains(suite)
        else {
            refuseSuite(of: datagram, id: id, from: address, hasValidMAC: hasValidMAC, underLoad: underLoad)
            return
        }
        guard makeRoomForHello(from: address, now: now) else { return }
        guard hasRoomForSession || reclaimIdleSessions(now: now) else {
            drops.record(.sessionLimit)
            return
        }
        guard var handshake = makeHandshake(isInitiator: false, suite: suite, sessionID: id),
            (try? handshake.readMessage(datagram[STTWire.Offset.initiationBody..<noiseEnd])) != nil,
            let message2 = try? handshake.writeMessage(payload: [])
        else {
            drops.record(.handshakeInvalid)
            return
        }
        let (rejectChainingKey, transcript) = rejectMaterial(handshake)
        var half = PendingHandshake(
            handshake: handshake, address: address, initiation: datagram,
            response: PacketPrefix.encode(.handshakeResponse, id) + message2,
            rejectChainingKey: rejectChainingKey, rejectTranscript: transcript,
            bytesReceived: datagram.count, expiresAt: now + configuration.handshakeTimeout, respondedAt: now,
            hasValidMAC: hasValidMAC)
        sendUnauthenticated(half.response, to: &half)
        pending[id] = half
        statistics.pendingHandshakesPeak = max(statistics.pendingHandshakesPeak, pending.count)
    }

    /// Initiator: message 2.
    func handleResponse(_ datagram: [UInt8], id: SessionID, from address: STTAddress, now: STTInstant) {
        guard let session = sessions[id] else {
            drops.record(.unknownSession)
            return
        }
        guard case .initiating(var initiating) = session.phase else {
            drops.record(.unexpectedHandshake)
            return
        }
        var handshake = initiating.handshake
        guard (try? handshake.readMessage(datagram[STTWire.Offset.handshakeBody...])) != nil,
            let remoteStatic = handshake.remoteStatic
        else {
            drops.record(.handshakeInvalid)
            return
        }
        let peer = NodeID(publicKey: remoteStatic)
        if let expected = session.expectedPeer, expected != peer {
            // Message 2 carries no psk, so anyone who saw message 1 could have sent it: drop it
            // and keep waiting for the pinned node; report the mismatch if nothing better comes.
            initiating.identityMismatch = Session.IdentityMismatch(expected: expected, actual: peer)
            session.phase = .initiating(initiating)
            drops.record(.handshakeInvalid)
            return
        }
        let (rejectChainingKey, rejectTranscript) = rejectMaterial(handshake)
        guard let message3 = try? handshake.writeMessage(payload: []) else {
            drops.record(.handshakeInvalid)
            return
        }
        guard let keys = sessionKeys(handshake, id: id, role: .initiator, peer: peer) else {
            drops.record(.handshakeInvalid)
            return
        }
        let datagram = PacketPrefix.encode(.handshakeFinish, id) + message3
        // The handshake's round trip seeds the RTT, so data is paced and probed from the start.
        if session.statistics.handshakeRetransmissions == 0 { session.loss.seedRTT(now - session.handshakeStarted) }
        session.phase = .confirming(
            .init(
                keys: keys, message3: .init(datagram: datagram, retransmitAt: now, delay: .zero),
                rejectChainingKey: rejectChainingKey, rejectTranscript: rejectTranscript,
                identityMismatch: initiating.identityMismatch))
        sendHandshakeMessage(session, now: now, isRetransmission: false)
    }

    /// Responder: message 3.
    func handleFinish(_ datagram: [UInt8], id: SessionID, from address: STTAddress, now: STTInstant) {
        if let session = sessions[id] {
            // Our HANDSHAKE_DONE was lost and the initiator repeats message 3: confirm again.
            if case .established(let established) = session.phase, established.finish == datagram {
                session.pendingHandshakeDone = true
                markReady(session)
            } else {
                drops.record(.unexpectedHandshake)
            }
            return
        }
        guard var half = pending[id] else {
            drops.record(.unknownSession)
            return
        }
        // Only the address that sent message 1 earns amplification budget or can fail the
        // handshake; message 3 from elsewhere is dropped without touching the entry.
        guard address == half.address else {
            drops.record(.wrongAddress)
            return
        }
        half.bytesReceived += datagram.count
        if let reject = half.reject {
            if half.failedFinish == datagram { sendUnauthenticated(reject, to: &half) }
            pending[id] = half
            drops.record(.handshakeInvalid)
            return
        }
        var handshake = half.handshake
        guard (try? handshake.readMessage(datagram[STTWire.Offset.handshakeBody...])) != nil,
            let remoteStatic = handshake.remoteStatic
        else {
            drops.record(.handshakeInvalid)
            // Only a sender that decrypted `s` (so it knows the message-2 keys) gets this far:
            // the failure is the psk, or damage to the tail. Anything else leaves no state.
            if handshake.remoteStatic != nil {
                if half.failedFinish == datagram {
                    let peer = handshake.remoteStatic.map(NodeID.init(publicKey:))
                    if let reject = makeReject(
                        id: id, chainingKey: half.rejectChainingKey, transcript: half.rejectTranscript)
                    {
                        half.reject = reject
                        sendUnauthenticated(reject, to: &half)
                    }
                    statistics.wrongSeedRefusals += 1
                    events.append(
                        .sessionFailed(id, address: half.address, .authenticationFailed(peer: peer), role: .responder))
                } else {
                    half.failedFinish = datagram
                }
            }
            pending[id] = half
            return
        }
        guard let keys = sessionKeys(handshake, id: id, role: .responder, peer: NodeID(publicKey: remoteStatic)) else {
            drops.record(.handshakeInvalid)
            pending[id] = half
            return
        }
        let session = makeSession(
            id: id, role: .responder, address: address, expectedPeer: nil,
            phase: .established(.init(keys: keys, finish: datagram)), now: now)
        session.pendingHandshakeDone = true
        if !half.responseResent { session.loss.seedRTT(now - half.respondedAt) }
        pending.removeValue(forKey: id)
        sessions[id] = session
        markReady(session)
        events.append(.sessionEstablished(id, peer: keys.peer, address: address, role: .responder))
    }

    /// Initiator: the responder refused message 1 (suite) or message 3 (shared seed).
    func handleReject(_ datagram: [UInt8], id: SessionID) {
        guard let session = sessions[id] else {
            drops.record(.unknownSession)
            return
        }
        if case .initiating(let initiating) = session.phase {
            handleSuiteReject(datagram, session: session, message1: initiating.message1.datagram)
            return
        }
        guard case .confirming(let confirming) = session.phase else {
            drops.record(.unexpectedHandshake)
            return
        }
        guard datagram.count == PacketType.handshakeReject.minimumLength,
            datagram[STTWire.Offset.handshakeBody] == rejectCodeAuthenticationFailed,
            verifyReject(datagram, chainingKey: confirming.rejectChainingKey, transcript: confirming.rejectTranscript)
        else {
            drops.record(.authenticationFailed)
            return
        }
        sessions[id] = nil
        events.append(
            .sessionFailed(
                id, address: session.address, .authenticationFailed(peer: confirming.keys.peer), role: .initiator))
    }

    /// The keys of the session a completed handshake opens, as `role` sees them: it seals with
    /// its own direction's key. Nil only if libcrypto cannot set the keys up.
    private func sessionKeys(
        _ handshake: NoiseHandshakeState, id: SessionID, role: SessionRole, peer: NodeID
    ) -> SessionKeys? {
        let split = handshake.split()
        let (send, receive) =
            role == .initiator
            ? (split.initiatorToResponder, split.responderToInitiator)
            : (split.responderToInitiator, split.initiatorToResponder)
        guard
            let protection = PacketProtection(
                sessionID: id, suite: handshake.suite, sendKey: send, receiveKey: receive,
                replayWindowSize: configuration.replayWindowSize)
        else { return nil }
        return SessionKeys(
            protection: protection, finalChainingKey: handshake.chainingKey, role: role,
            trafficKeys: SessionTrafficKeys(suite: handshake.suite, split), peer: peer)
    }

    // MARK: Reject authentication

    /// Chaining key and transcript both sides hold after message 2, before the psk is mixed in:
    /// the responder can prove a reject comes from the peer that sent message 2. The key itself
    /// is derived only when a reject is made or checked (most handshakes never need it).
    private func rejectMaterial(_ handshake: NoiseHandshakeState) -> ([UInt8], [UInt8]) {
        (handshake.chainingKey, handshake.handshakeHash)
    }

    private func rejectKey(_ chainingKey: [UInt8]) -> SymmetricKey {
        SymmetricKey(
            data: noiseHKDF(chainingKey: chainingKey, inputKeyMaterial: Array("stt/v1 reject".utf8), outputs: 1)[0])
    }

    /// Nil only if the AEAD refused a 32-byte key, which it does not; the initiator then times out.
    private func makeReject(id: SessionID, chainingKey: [UInt8], transcript: [UInt8]) -> [UInt8]? {
        let key = rejectKey(chainingKey)
        var packet = PacketPrefix.encode(.handshakeReject, id)
        packet.append(rejectCodeAuthenticationFailed)
        guard
            let box = try? ChaChaPoly.seal(
                [UInt8](), using: key, nonce: try ChaChaPoly.Nonce(counter: 0), authenticating: packet + transcript)
        else { return nil }
        packet.append(contentsOf: box.tag)
        return packet
    }

    private func verifyReject(_ datagram: [UInt8], chainingKey: [UInt8], transcript: [UInt8]) -> Bool {
        let key = rejectKey(chainingKey)
        let headerEnd = STTWire.Offset.handshakeBody + 1
        guard
            let box = try? ChaChaPoly.SealedBox(
                nonce: try ChaChaPoly.Nonce(counter: 0), ciphertext: [UInt8](),
                tag: datagram[headerEnd...])
        else { return false }
        return (try? ChaChaPoly.open(box, using: key, authenticating: Array(datagram[..<headerEnd]) + transcript))
            != nil
    }

    /// Queues a responder datagram unless it would break the 3x anti-amplification limit.
    private func sendUnauthenticated(_ datagram: [UInt8], to half: inout PendingHandshake) {
        guard half.bytesSent + datagram.count <= amplificationFactor * half.bytesReceived else {
            statistics.amplificationLimited += 1
            return
        }
        half.bytesSent += datagram.count
        outbox.append(Transmit(destination: half.address, payload: datagram))
    }
}
