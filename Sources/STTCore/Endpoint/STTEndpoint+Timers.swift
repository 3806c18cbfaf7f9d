/// A session's place in the endpoint's timer heap. Entries are never removed early: an entry
/// whose deadline no longer matches the session's armed deadline is stale and skipped.
struct TimerEntry: Comparable {
    let deadline: STTInstant
    let session: SessionID
    static func < (a: TimerEntry, b: TimerEntry) -> Bool { (a.deadline, a.session) < (b.deadline, b.session) }
}

/// Timer rules of every session, in one place: handshake retransmission and timeout, loss and
/// probe timers, delayed ACKs, pacing, keep-alive, idle timeout, close linger, and expiry of
/// half-open handshakes. Only sessions that are due are visited (a timer heap), so a server
/// with thousands of sessions pays for the ones whose timers fire, not for all of them.
extension STTEndpoint {
    /// Fires every timer due at `now`. Call it when `nextTimeout()` has passed.
    public func handleTimeout(now: STTInstant) {
        // One pass: take every session due now, fire each once, then re-arm them. (A fired
        // deadline such as a delayed ACK stays due until the driver polls the ACK out, so
        // re-checking inside this call would spin.)
        var due: [Session] = []
        while let top = timers.min, top.deadline <= now {
            timers.removeMin()
            guard let session = sessions[top.session], session.armedDeadline == top.deadline else { continue }
            session.armedDeadline = nil
            due.append(session)
        }
        for session in due { fireTimers(session, now: now) }
        for session in due where sessions[session.id] != nil { rearm(session) }
        // Half-open handshakes expire in the order they arrived (each gets now + the constant
        // handshake timeout), so only the front of the ordered table is ever due.
        while let first = pending.values.first, now >= first.expiresAt {
            pending.removeFirst()
            statistics.pendingHandshakesExpired += 1
        }
    }

    private func fireTimers(_ session: Session, now: STTInstant) {
        switch session.phase {
        case .initiating, .confirming:
            if now >= session.handshakeStarted + configuration.handshakeTimeout {
                sessions[session.id] = nil
                let failure: SessionFailure =
                    session.identityMismatch.map { .peerIdentityMismatch(expected: $0.expected, actual: $0.actual) }
                    ?? .handshakeTimeout
                events.append(.sessionFailed(session.id, address: session.address, failure, role: .initiator))
            } else if let at = session.handshakeRetransmission?.retransmitAt, now >= at {
                sendHandshakeMessage(session, now: now, isRetransmission: true)
            }
        case .established:
            if now >= session.lastReceived + configuration.idleTimeout {
                retire(session)
                events.append(.sessionClosed(session.id, .idleTimeout))
                return
            }
            if let interval = configuration.keepAliveInterval, !session.pendingPing, now >= session.lastSent + interval
            {
                session.pendingPing = true
            }
            session.received.onAckTimeout(now: now)
            switch session.loss.onTimeout(now: now, congestion: session.congestion) {
            case .lost(let packets):
                session.traceLost(packets, now: now)
                session.traceMetrics(now: now)
                session.requeue(packets)
            case .probe(let oldest):
                let count = session.loss.probeCount
                session.tap.emit(now, session.id, .probeTimeout(count: count, oldest: oldest?.packetNumber))
                session.onProbeTimeout(oldest: oldest)
            case .nothing: break
            }
            if let until = session.pacingUntil, now >= until { session.pacingUntil = nil }
            markReady(session)
        case .closing(let closing):
            if now >= closing.until {
                sessions[session.id] = nil
                closingSessions -= 1
            }
        }
    }

    /// Puts `session`'s next deadline in the heap if it is earlier than the one already there.
    /// A later deadline leaves the earlier entry in place: it fires early, finds nothing due,
    /// and re-arms — cheaper than removing entries from the middle of a heap.
    func rearm(_ session: Session) {
        guard sessions[session.id] != nil, let deadline = session.nextDeadline() else { return }
        if let armed = session.armedDeadline, armed <= deadline { return }
        session.armedDeadline = deadline
        timers.insert(TimerEntry(deadline: deadline, session: session.id))
    }

    /// The earliest instant at which `handleTimeout(now:)` has work, or nil when idle.
    public func nextTimeout() -> STTInstant? {
        while let top = timers.min {
            if let session = sessions[top.session], session.armedDeadline == top.deadline { break }
            timers.removeMin()  // stale: the session is gone or re-armed earlier
        }
        var earliest = timers.min?.deadline
        if let half = pending.values.first, earliest == nil || half.expiresAt < earliest! { earliest = half.expiresAt }
        return earliest
    }
}

extension Session {
    /// The earliest of this session's timers, from its current state.
    func nextDeadline() -> STTInstant? {
        var earliest: STTInstant? = nil
        func consider(_ t: STTInstant?) {
            guard let t else { return }
            if earliest == nil || t < earliest! { earliest = t }
        }
        switch phase {
        case .initiating, .confirming:
            consider(handshakeStarted + configuration.handshakeTimeout)
            consider(handshakeRetransmission?.retransmitAt)
        case .established:
            consider(lastReceived + configuration.idleTimeout)
            if let interval = configuration.keepAliveInterval, !pendingPing { consider(lastSent + interval) }
            consider(received.ackDeadline)
            consider(loss.timerDeadline())
            consider(pacingUntil)
        case .closing(let closing):
            consider(closing.until)
        }
        return earliest
    }
}
