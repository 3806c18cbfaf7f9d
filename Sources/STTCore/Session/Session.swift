import Crypto
import DequeModule
import Foundation

/// One session's state inside an endpoint: handshake progress, keys, packet numbers, the replay
/// window, liveness timestamps and the frames waiting to be sent.
///
/// Owned and driven by `STTEndpoint`; all transition rules live in the endpoint's handlers.
final class Session {
    enum Phase {
        /// Initiator: message 1 sent, waiting for message 2.
        case initiating(NoiseHandshakeState)
        /// Initiator: message 3 sent and keys derived, waiting for the first protected packet.
        case confirming
        case established
        /// CLOSE sent; answer stray packets with CLOSE again until `until`.
        case closing(until: STTInstant)
    }

    let id: SessionID
    let role: SessionRole
    var address: STTAddress
    var peer: NodeID?
    let expectedPeer: NodeID?
    var phase: Phase

    // Handshake retransmission (initiator) and duplicate detection (responder).
    let handshakeStarted: STTInstant
    var handshakeDatagram: [UInt8] = []
    var retransmitAt: STTInstant?
    var retransmitDelay: STTDuration = .zero
    /// Initiator, after message 2: key and transcript that authenticate the responder's reject.
    var rejectKey: SymmetricKey?
    var rejectTranscript: [UInt8] = []

    // Packet protection.
    var sendKey: SymmetricKey?
    var receiveKey: SymmetricKey?
    var nextPacketNumber: UInt64 = 0
    var replay: ReplayWindow

    // Liveness.
    var lastReceived: STTInstant
    var lastSent: STTInstant

    // Frames waiting for the next packet.
    var pendingHandshakeDone = false
    var pendingPing = false
    /// The CLOSE this side sent, kept to answer stray packets while closing.
    var closeFrame: (code: CloseCode, reason: String)?
    var pendingClose = false
    var datagrams = Deque<[UInt8]>()
    var isQueuedForSend = false

    var statistics = SessionStatistics()

    init(id: SessionID, role: SessionRole, address: STTAddress, expectedPeer: NodeID?, phase: Phase,
         now: STTInstant, replayWindowSize: Int) {
        self.id = id
        self.role = role
        self.address = address
        self.expectedPeer = expectedPeer
        self.phase = phase
        handshakeStarted = now
        lastReceived = now
        lastSent = now
        replay = ReplayWindow(size: replayWindowSize)
    }

    var publicState: SessionState {
        switch phase {
        case .initiating, .confirming: return .handshaking
        case .established: return .established
        case .closing: return .closing
        }
    }

    var isClosing: Bool { if case .closing = phase { return true }; return false }

    var hasFramesToSend: Bool {
        switch phase {
        case .established: return pendingHandshakeDone || pendingPing || pendingClose || !datagrams.isEmpty
        case .closing: return pendingClose
        case .initiating, .confirming: return false
        }
    }

    /// Packs pending frames into one plaintext of at most `budget` bytes, in priority order:
    /// HANDSHAKE_DONE, CLOSE (alone with it), PING, then whole datagrams while they fit.
    func takeFrames(budget: Int) -> [UInt8] {
        var plaintext = [UInt8]()
        plaintext.reserveCapacity(min(budget, 1500))
        if pendingHandshakeDone {
            Frame.handshakeDone.encode(into: &plaintext)
            pendingHandshakeDone = false
        }
        if pendingClose, let (code, reason) = closeFrame {
            Frame.close(code: code, reason: reason).encode(into: &plaintext)
            pendingClose = false
            datagrams.removeAll()
            return plaintext
        }
        if pendingPing {
            Frame.ping.encode(into: &plaintext)
            pendingPing = false
            statistics.keepAlivesSent += 1
        }
        while let next = datagrams.first, plaintext.count + 3 + next.count <= budget {
            Frame.datagram(next).encode(into: &plaintext)
            datagrams.removeFirst()
            statistics.datagramsSent += 1
        }
        return plaintext
    }

    /// Seals `plaintext` into a protected packet under the next packet number.
    ///
    /// Layout: common header, packet number (u64), ciphertext, 16-byte tag; the 20 header bytes
    /// are the associated data and the packet number is the nonce, so a header bit flip fails
    /// authentication like a payload bit flip.
    func seal(_ plaintext: [UInt8], now: STTInstant) -> [UInt8]? {
        guard let key = sendKey, nextPacketNumber < UInt64.max else { return nil }
        let pn = nextPacketNumber
        nextPacketNumber += 1
        var packet = PacketPrefix.encode(.protected, id, capacity: STTWire.protectedOverhead + plaintext.count)
        packet.appendUInt64BE(pn)
        guard let box = try? ChaChaPoly.seal(plaintext, using: key, nonce: ChaChaPoly.Nonce(counter: pn),
                                             authenticating: packet) else { return nil }
        packet.append(contentsOf: box.ciphertext)
        packet.append(contentsOf: box.tag)
        statistics.packetsSent += 1
        statistics.bytesSent += packet.count
        lastSent = now
        return packet
    }

    /// Checks the replay window, then authenticates and decrypts a protected packet. The window
    /// only moves once the packet has authenticated.
    func open(_ datagram: [UInt8]) -> Result<[UInt8], DropReason> {
        guard let key = receiveKey else { return .failure(.unknownSession) }
        let pn = datagram.readUInt64BE(at: STTWire.Offset.packetNumber)
        switch replay.check(pn) {
        case .replayed: return .failure(.replayed)
        case .tooOld: return .failure(.outsideReplayWindow)
        case .fresh: break
        }
        let end = datagram.count
        let tagStart = end - STTWire.tagLength
        guard let box = try? ChaChaPoly.SealedBox(
                nonce: ChaChaPoly.Nonce(counter: pn),
                ciphertext: datagram[STTWire.Offset.ciphertext..<tagStart],
                tag: datagram[tagStart..<end]),
              let plaintext = try? ChaChaPoly.open(
                box, using: key, authenticating: datagram[0..<STTWire.protectedHeaderLength])
        else { return .failure(.authenticationFailed) }
        replay.record(pn)
        statistics.packetsReceived += 1
        statistics.bytesReceived += datagram.count
        return .success(Array(plaintext))
    }

    func info() -> SessionInfo {
        SessionInfo(id: id, role: role, state: publicState, peer: peer, address: address, statistics: statistics)
    }
}
