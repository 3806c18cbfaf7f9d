/// The session table at its limit: idle sessions give way to new ones.
extension STTEndpoint {
    /// Sessions (open or half-open) counted against `maxSessions`; closing ones linger outside it.
    var activeSessionCount: Int { pending.count + sessions.count - closingSessions }

    var hasRoomForSession: Bool { activeSessionCount < configuration.maxSessions }

    /// Closes the least recently active idle sessions — established, with nothing in flight,
    /// nothing to send and nothing unread — so a new peer can have one: a 64th of the table at
    /// once, so a crowd of new peers pays one scan per 64 arrivals. Keep-alives do not count
    /// as activity; only stream and datagram traffic does. Returns whether there is room now.
    func reclaimIdleSessions(now: STTInstant) -> Bool {
        var idle: [(activity: STTInstant, id: SessionID)] = []
        for session in sessions.values where session.isIdle {
            idle.append((session.lastApplicationActivity, session.id))
        }
        guard !idle.isEmpty else { return false }
        idle.sort { ($0.activity, $0.id.rawValue) < ($1.activity, $1.id.rawValue) }
        for entry in idle.prefix(max(1, configuration.maxSessions / 64)) {
            close(entry.id, code: .sessionReclaimed, reason: "session table full: idle session reclaimed", now: now)
            statistics.sessionsReclaimed += 1
        }
        return hasRoomForSession
    }
}

extension Session {
    /// Established, with nothing in flight, queued or unread: closing it loses nothing.
    var isIdle: Bool {
        guard case .established = phase else { return false }
        return congestion.bytesInFlight == 0 && streamsWithData.isEmpty && datagrams.isEmpty
            && !receiveStreams.values.contains { $0.readableBytes > 0 || $0.heldBytes > 0 }
            && !sendStreams.values.contains { $0.bufferedBytes > 0 }
    }
}
