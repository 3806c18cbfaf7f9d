import Crypto

extension Session {
    /// Where a session is in its life, with the data that phase (and only that phase) has.
    enum Phase {
        /// Initiator: message 1 sent, waiting for message 2. (Boxed: the handshake state is
        /// large, and the packet path should not copy it with every look at the phase.)
        indirect case initiating(Initiating)
        /// Initiator: message 3 sent and keys derived, waiting for the first protected packet.
        indirect case confirming(Confirming)
        case established(Established)
        /// CLOSE sent; answer stray packets with CLOSE again until `until`.
        case closing(Closing)
    }

    /// An initiator's handshake message in flight, resent with exponential backoff.
    struct HandshakeRetransmission {
        let datagram: [UInt8]
        var retransmitAt: STTInstant
        var delay: STTDuration
    }

    /// A message 2 from a node other than the pinned one (reported if the handshake times out).
    struct IdentityMismatch {
        let expected: NodeID
        let actual: NodeID
    }

    struct Initiating {
        var handshake: NoiseHandshakeState
        var message1: HandshakeRetransmission
        var identityMismatch: IdentityMismatch?
    }

    struct Confirming {
        let keys: SessionKeys
        var message3: HandshakeRetransmission
        /// Chaining key (the reject key's source) and transcript that authenticate the reject.
        let rejectChainingKey: [UInt8]
        let rejectTranscript: [UInt8]
        var identityMismatch: IdentityMismatch?
    }

    struct Established {
        let keys: SessionKeys
        /// Responder: message 3 as received; the initiator repeats it while our HANDSHAKE_DONE
        /// is lost, and gets the confirmation again.
        let finish: [UInt8]?
    }

    struct Closing {
        let keys: SessionKeys
        let until: STTInstant
        /// The CLOSE this side sent, repeated to answer stray packets.
        let code: CloseCode
        let reason: String
    }

    /// The authenticated peer, once known.
    var peer: NodeID? { keys?.peer }

    var publicState: SessionState {
        switch phase {
        case .initiating, .confirming: return .handshaking
        case .established: return .established
        case .closing: return .closing
        }
    }

    var isClosing: Bool {
        if case .closing = phase { return true }
        return false
    }

    var isEstablished: Bool {
        if case .established = phase { return true }
        return false
    }

    /// The packet number the next sealed packet gets.
    var nextPacketNumber: UInt64 { keys?.protection.nextPacketNumber ?? 0 }

    /// The initiator's handshake message waiting for an answer, if any.
    var handshakeRetransmission: HandshakeRetransmission? {
        switch phase {
        case .initiating(let i): return i.message1
        case .confirming(let c): return c.message3
        case .established, .closing: return nil
        }
    }

    /// Replaces the retransmission schedule of the handshake message in flight.
    func setHandshakeRetransmission(_ r: HandshakeRetransmission) {
        switch phase {
        case .initiating(var i):
            i.message1 = r
            phase = .initiating(i)
        case .confirming(var c):
            c.message3 = r
            phase = .confirming(c)
        case .established, .closing:
            break
        }
    }

    /// A message 2 from another node than the pinned one, if one came.
    var identityMismatch: IdentityMismatch? {
        switch phase {
        case .initiating(let i): return i.identityMismatch
        case .confirming(let c): return c.identityMismatch
        case .established, .closing: return nil
        }
    }
}

extension Session.Phase {
    /// The keys the phase carries (`Session.keys` keeps them at hand for the packet path).
    var keys: SessionKeys? {
        switch self {
        case .initiating: return nil
        case .confirming(let c): return c.keys
        case .established(let e): return e.keys
        case .closing(let c): return c.keys
        }
    }
}
