/// Suite negotiation (docs/PROTOCOL.md §3.7): a responder refuses a hello whose cipher suite it
/// does not accept with a reject bound to the hello's mac1, and the initiator reports it.
extension STTEndpoint {
    /// Initiator: an "unsupported suite" reject of our hello ends the session with that reason.
    func handleSuiteReject(_ datagram: [UInt8], session: Session, message1: [UInt8]) {
        guard datagram.count == HelloProtection.suiteRejectLength,
            datagram[STTWire.Offset.handshakeBody] == rejectCodeUnsupportedSuite,
            HelloProtection.isSuiteReject(datagram, answering: message1)
        else {
            drops.record(.authenticationFailed)
            return
        }
        let accepted = CipherSuite.suites(inBitmask: datagram[STTWire.Offset.handshakeBody + 1])
        sessions[session.id] = nil
        events.append(
            .sessionFailed(
                session.id, address: session.address,
                .unsupportedSuite(offered: configuration.cipherSuite ?? .simulationDefault, accepted: accepted),
                role: .initiator))
    }

    /// Responder: a hello offering a suite this endpoint does not accept. The reject is smaller
    /// than the hello and keeps no state; under load it is not sent (the hello costs nothing).
    /// Only a hello with a valid mac1 (from a holder of the shared seed) is reported as an event.
    func refuseSuite(
        of hello: [UInt8], id: SessionID, from address: STTAddress, hasValidMAC: Bool, underLoad: Bool
    ) {
        drops.record(.unsupportedSuite)
        guard !underLoad else { return }
        let accepted = configuration.acceptedCipherSuites
        outbox.append(
            Transmit(
                destination: address, payload: HelloProtection.suiteReject(answering: hello, id: id, accepted: accepted)
            ))
        if hasValidMAC {
            let offered = CipherSuite(rawValue: hello[STTWire.Offset.suite])
            events.append(
                .sessionFailed(
                    id, address: address, .unsupportedSuite(offered: offered, accepted: accepted), role: .responder))
        }
    }
}
