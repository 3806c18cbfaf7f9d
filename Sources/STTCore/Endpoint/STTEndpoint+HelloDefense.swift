/// The responder's defences of its half-open table and the initiator's side of the cookie
/// exchange (docs/PROTOCOL.md §3.6).
extension STTEndpoint {
    /// Under load from this many half-open handshakes on: hellos need a cookie.
    var helloLoadThreshold: Int { max(1, configuration.maxPendingHandshakes / 4) }
    /// Half-open handshakes from hellos without a valid mac1 (kept so that a client with another
    /// shared seed hears so): at most this many.
    var unauthenticatedHelloSlots: Int { max(1, configuration.maxPendingHandshakes / 16) }
    /// One source address holds at most this many half-open handshakes.
    var helloSourceQuota: Int { max(2, configuration.maxPendingHandshakes / 16) }

    /// Initiator: message 1 with its MACs, and the cookie `address` gave us if it is fresh.
    func sealHello(_ prefix: [UInt8], to address: STTAddress, now: STTInstant) -> [UInt8] {
        helloProtection.seal(hello: prefix, cookie: helloGuard.storedCookie(for: address, now: now))
    }

    /// Responder under load: answer with a sealed cookie and keep nothing. The reply (56 bytes)
    /// is smaller than the hello (92): no amplification.
    func sendCookieReply(to hello: [UInt8], id: SessionID, address: STTAddress, now: STTInstant) {
        let cookie = helloGuard.cookie(for: address, now: now, random: &random)
        guard let reply = helloProtection.cookieReply(to: hello, id: id, cookie: cookie, nonce: random.bytes(12)) else {
            return
        }
        statistics.cookieRepliesSent += 1
        outbox.append(Transmit(destination: address, payload: reply))
    }

    /// Makes room in the half-open table for a hello from `address`: refused when its address
    /// holds its quota. When the table is full, the victim is an entry of the busiest sender (the
    /// address with the least hello budget left, then the most entries, then the oldest entry);
    /// it is dropped only for a hello from a quieter address (more budget left) or from one with
    /// fewer entries by two. A flood from many addresses that each spend their budget cannot
    /// evict its own entries in turn, nor a client that asks once.
    func makeRoomForHello(from address: STTAddress, now: STTInstant) -> Bool {
        var counts: [STTAddress.Host: Int] = [:]  // lookup only
        for half in pending.values { counts[half.address.host, default: 0] += 1 }
        let own = counts[address.host] ?? 0
        guard own < helloSourceQuota else {
            drops.record(.helloSourceQuota)
            return false
        }
        guard pending.count >= configuration.maxPendingHandshakes else { return true }
        var victim: (index: Int, budget: Double, count: Int)?
        for (index, half) in pending.values.enumerated() {
            let budget = helloGuard.remainingBudget(of: half.address.host, now: now)
            let count = counts[half.address.host] ?? 0
            if let v = victim, (budget, -count) >= (v.budget, -v.count) { continue }
            victim = (index, budget, count)
        }
        let ownBudget = helloGuard.remainingBudget(of: address.host, now: now)
        guard let victim, ownBudget >= victim.budget + 1 || victim.count > own + 1 else {
            drops.record(.handshakeBacklogFull)
            return false
        }
        pending.remove(at: victim.index)
        statistics.pendingHandshakesEvicted += 1
        return true
    }

    /// Initiator: a responder under load sent a cookie; send message 1 again with it.
    func handleCookieReply(_ datagram: [UInt8], id: SessionID, from address: STTAddress, now: STTInstant) {
        guard let session = sessions[id], case .initiating(var initiating) = session.phase,
            address == session.address
        else {
            drops.record(.unknownSession)
            return
        }
        guard let cookie = helloProtection.openCookieReply(datagram, answering: initiating.message1.datagram) else {
            drops.record(.cookieInvalid)
            return
        }
        helloGuard.store(cookie: cookie, from: address, now: now)
        let prefix = Array(initiating.message1.datagram[..<HelloProtection.mac1Offset])
        initiating.message1 = .init(
            datagram: helloProtection.seal(hello: prefix, cookie: cookie), retransmitAt: now,
            delay: initiating.message1.delay)
        session.phase = .initiating(initiating)
        outbox.append(Transmit(destination: address, payload: initiating.message1.datagram))
        session.lastSent = now
    }
}
