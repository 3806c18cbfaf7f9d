import STTCore

/// Watches the transport events of a run for stream bytes beyond the credit granted: a sender
/// must not send a byte at or past the limit it last learned, and a receiver must not take one
/// past the limit it last granted. Also records sessions that honest endpoints closed for a
/// protocol or flow-control violation. Lookups only: nothing here iterates a dictionary.
final class CreditAudit {
    private struct Key: Hashable {
        let node: Int
        let session: SessionID
        let stream: UInt32
    }

    /// Limits learned from the peer (sending) and granted to it (receiving).
    private var sendLimit: [Key: UInt64] = [:]
    private var receiveLimit: [Key: UInt64] = [:]
    private(set) var violations: [Violation] = []
    /// Nodes whose sessions are not judged (an attacker is not an honest peer).
    let excluded: Set<Int>
    private let names: [String]
    /// At most this many of each kind are kept (one bug tends to repeat).
    private let keep = 5

    init(names: [String], excluded: Set<Int>) {
        self.names = names
        self.excluded = excluded
    }

    func observe(node: Int, _ event: TransportEvent) {
        guard !excluded.contains(node) else { return }
        switch event.kind {
        case .flowControlUpdated(let direction, let stream?, let limit):
            let key = Key(node: node, session: event.session, stream: stream)
            switch direction {
            case .send: sendLimit[key] = max(sendLimit[key] ?? 0, limit)
            case .receive: receiveLimit[key] = max(receiveLimit[key] ?? 0, limit)
            }
        case .packetSent(let number, _, let frames):
            check(frames, node: node, event: event, limits: sendLimit, verb: "sent", packet: number)
        case .packetReceived(let number, _, let frames):
            check(frames, node: node, event: event, limits: receiveLimit, verb: "received", packet: number)
        case .lifecycle(.sessionClosed(_, let reason)):
            let code: CloseCode
            switch reason {
            case .local(let c, _), .remote(let c, _): code = c
            case .idleTimeout: return
            }
            guard [.protocolViolation, .flowControlError, .streamLimit].contains(code) else { return }
            record(.protocolClose, "\(names[node]) session \(event.session) at \(event.time): \(reason)")
        default: break
        }
    }

    private func check(
        _ frames: [FrameSummary], node: Int, event: TransportEvent, limits: [Key: UInt64], verb: String,
        packet: UInt64
    ) {
        for case .stream(let id, let sequence, let offset, let length, _) in frames {
            let (end, overflow) = offset.addingReportingOverflow(UInt64(max(0, length)))
            if overflow {
                record(.creditExceeded, "\(names[node]) \(verb) stream \(id) bytes past 2^64 (offset \(offset))")
                continue
            }
            guard let limit = limits[Key(node: node, session: event.session, stream: id)], end > limit else { continue }
            record(
                .creditExceeded,
                "\(names[node]) \(verb) stream \(id) segment \(sequence) bytes up to \(end), "
                    + "beyond the credit \(limit) "
                    + "(session \(event.session), packet \(packet), at \(event.time))")
        }
    }

    private func record(_ kind: Violation.Kind, _ detail: String) {
        guard violations.count(where: { $0.kind == kind }) < keep else { return }
        violations.append(Violation(kind, detail))
    }
}
