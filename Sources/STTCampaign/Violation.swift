/// One broken invariant of a run: what kind, and the details a developer needs to start.
public struct Violation: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A bounded transfer owed completion did not complete by its deadline.
        case incomplete
        /// A flow delivered bytes that differ from those sent, or more than were sent.
        case corrupted
        /// A session was established between endpoints with different shared seeds.
        case crossSeedSession = "cross-seed-session"
        /// A stream frame was sent or received beyond the credit granted for it.
        case creditExceeded = "credit-exceeded"
        /// Two honest endpoints closed a session for a protocol or flow-control violation.
        case protocolClose = "protocol-close"
        /// The run reached its step bound (a livelock, or an event storm).
        case livelock
        /// The process running the seed died (a trap or a signal).
        case trap
        /// Running the seed again in the same process gave another fingerprint.
        case nondeterministic
        /// The scenario could not be read or run.
        case runError = "run-error"
    }

    public let kind: Kind
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }
}
