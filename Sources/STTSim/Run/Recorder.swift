import STTCore

/// What a run records as it goes: the fingerprint, the optional trace, capture and key-log
/// taps, and every session outcome. Shared by the network and the hosts.
final class Recorder {
    var fingerprint = Fingerprint()
    var traceSink: ((TraceRecord) -> Void)?
    var captureSink: ((CapturedDatagram) -> Void)?
    var keyLogSink: ((SessionID, SessionTrafficKeys) -> Void)?
    /// Transport events of every endpoint, with the node that emitted them (nil: endpoints
    /// emit none).
    var transportSink: ((Int, TransportEvent) -> Void)?
    /// The sessions flows opened, in the order they opened them.
    var flowSessions: [FlowSession] = []
    /// Flows that reported they finished.
    var flowsDone = 0
    /// Handshakes this run's initiators saw end, in the order they ended.
    private(set) var sessionOutcomes: [SessionOutcome] = []
    /// Numbers lifecycle events across hosts, so reports can list them in the order they happened.
    private var eventOrder = 0

    func nextEventOrder() -> Int {
        eventOrder += 1
        return eventOrder
    }

    @inline(__always)
    func record(_ record: TraceRecord) {
        fingerprint.add(record)
        traceSink?(record)
    }

    /// Mixes a labelled happening (session event, fault, flow completion) into the fingerprint.
    func note(_ label: String, at time: STTInstant) { fingerprint.add(event: label, at: time.nanoseconds) }

    func recordOutcome(_ outcome: SessionOutcome) { sessionOutcomes.append(outcome) }
}
