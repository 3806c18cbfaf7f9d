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
    func takeFrames(into plaintext: inout [UInt8], budget: Int) {
        plaintext.removeAll(keepingCapacity: true)
        if pendingHandshakeDone {
            Frame.handshakeDone.encode(into: &plaintext)
            pendingHandshakeDone = false
        }
        if pendingClose, let (code, reason) = closeFrame {
            Frame.close(code: code, reason: reason).encode(into: &plaintext)
            pendingClose = false
            datagrams.removeAll()
            return
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
    }

    /// Seals `plaintext` into a protected packet under the next packet number.
    ///
    /// Layout: common header, packet number (u64), ciphertext, 16-byte tag. The 20 header bytes
    /// are the associated data, so a header bit flip fails authentication like a payload bit
    /// flip. The nonce is header bytes 8..<20 (the session id's low half and the packet number):
    /// unique per key because packet numbers never repeat, and it makes `packet[8...]` exactly
    /// the AEAD's combined `nonce ‖ ciphertext ‖ tag` form, so no bytes are re-assembled.
    func seal(_ plaintext: [UInt8], now: STTInstant) -> [UInt8]? {
        guard let key = sendKey, nextPacketNumber < UInt64.max else { return nil }
        let pn = nextPacketNumber
        nextPacketNumber += 1
        var packet = PacketPrefix.encode(.protected, id, capacity: STTWire.protectedOverhead + plaintext.count)
        packet.appendUInt64BE(pn)
        guard let nonce = try? ChaChaPoly.Nonce(data: packet[STTWire.Offset.nonce..<STTWire.protectedHeaderLength]),
              let box = try? ChaChaPoly.seal(plaintext, using: key, nonce: nonce, authenticating: packet)
        else { return nil }
        packet.removeLast(STTWire.protectedHeaderLength - STTWire.Offset.nonce)
        box.combined.withUnsafeBytes { packet.append(contentsOf: $0) }
        statistics.packetsSent += 1
        statistics.bytesSent += packet.count
        lastSent = now
        return packet
    }

    /// Checks the replay window, then authenticates and decrypts a protected packet. The window
    /// only moves once the packet has authenticated.
    func open(_ datagram: [UInt8]) -> Result<Data, DropReason> {
        guard let key = receiveKey else { return .failure(.unknownSession) }
        let pn = datagram.readUInt64BE(at: STTWire.Offset.packetNumber)
        switch replay.check(pn) {
        case .replayed: return .failure(.replayed)
        case .tooOld: return .failure(.outsideReplayWindow)
        case .fresh: break
        }
        guard let box = try? ChaChaPoly.SealedBox(combined: datagram[STTWire.Offset.nonce...]),
              let plaintext = try? ChaChaPoly.open(
                box, using: key, authenticating: datagram[0..<STTWire.protectedHeaderLength])
        else { return .failure(.authenticationFailed) }
        replay.record(pn)
        statistics.packetsReceived += 1
        statistics.bytesReceived += datagram.count
        return .success(plaintext)
    }

    func info() -> SessionInfo {
        SessionInfo(id: id, role: role, state: publicState, peer: peer, address: address, statistics: statistics)
    }
}
