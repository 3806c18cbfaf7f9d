/// Timer rules of every session, in one place: handshake retransmission and timeout, loss and
/// probe timers, delayed ACKs, pacing, keep-alive, idle timeout, close linger, and expiry of
/// half-open handshakes.
extension STTEndpoint {
    /// Fires every timer due at `now`. Call it when `nextTimeout()` has passed.
    public func handleTimeout(now: STTInstant) {
        var ended: [Session] = []
        for session in sessions.values {
            switch session.phase {
            case .initiating, .confirming:
                if now >= session.handshakeStarted + configuration.handshakeTimeout {
                    ended.append(session)
                    let failure: SessionFailure = session.identityMismatch.map {
                        .peerIdentityMismatch(expected: session.expectedPeer!, actual: $0)
                    } ?? .handshakeTimeout
                    events.append(.sessionFailed(session.id, address: session.address, failure))
                } else if let at = session.retransmitAt, now >= at {
                    sendHandshakeMessage(session, now: now, isRetransmission: true)
                }
            case .established:
                if now >= session.lastReceived + configuration.idleTimeout {
                    ended.append(session)
                    events.append(.sessionClosed(session.id, .idleTimeout))
                    continue
                }
                if let interval = configuration.keepAliveInterval, !session.pendingPing,
                   now >= session.lastSent + interval {
                    session.pendingPing = true
                }
                session.received.onAckTimeout(now: now)
                switch session.loss.onTimeout(now: now, congestion: &session.congestion) {
                case .lost(let packets): session.requeue(packets)
                case .probe(let oldest): session.onProbeTimeout(oldest: oldest)
                case .nothing: break
                }
                if let until = session.pacingUntil, now >= until { session.pacingUntil = nil }
                markReady(session)
            case .closing(let until):
                if now >= until { ended.append(session) }
            }
        }
        for session in ended { sessions[session.id] = nil }

        let expired = pending.filter { now >= $0.value.expiresAt }.map(\.key)
        for id in expired { pending[id] = nil }
        statistics.pendingHandshakesExpired += expired.count
    }

    /// The earliest instant at which `handleTimeout(now:)` has work, or nil when idle.
    public func nextTimeout() -> STTInstant? {
        var earliest: STTInstant? = nil
        func consider(_ t: STTInstant?) {
            guard let t else { return }
            if earliest == nil || t < earliest! { earliest = t }
        }
        for session in sessions.values {
            switch session.phase {
            case .initiating, .confirming:
                consider(session.handshakeStarted + configuration.handshakeTimeout)
                consider(session.retransmitAt)
            case .established:
                consider(session.lastReceived + configuration.idleTimeout)
                if let interval = configuration.keepAliveInterval, !session.pendingPing {
                    consider(session.lastSent + interval)
                }
                consider(session.received.ackDeadline)
                consider(session.loss.timerDeadline())
                consider(session.pacingUntil)
            case .closing(let until):
                consider(until)
            }
        }
        for half in pending.values { consider(half.expiresAt) }
        return earliest
    }
}
