import STTCore

/// Callers waiting on a stream (for room to write, for the peer's acknowledgement), keyed by
/// stream; they are taken out when what they wait for happens, or when their session or the
/// node ends.
struct StreamWaiters<Waiter> {
    private var waiting: [StreamKey: [Waiter]] = [:]  // lookup only; order within a stream kept

    var isEmpty: Bool { waiting.isEmpty }

    mutating func add(_ waiter: Waiter, for key: StreamKey) { waiting[key, default: []].append(waiter) }

    /// The stream's waiters, in the order they came; they wait no more.
    mutating func take(_ key: StreamKey) -> [Waiter] { waiting.removeValue(forKey: key) ?? [] }

    /// Every waiter of the session's streams (the session ended).
    mutating func take(session: SessionID) -> [Waiter] {
        let keys = waiting.keys.filter { $0.session == session }
        return keys.flatMap { take($0) }
    }

    /// Every waiter (the node stops).
    mutating func takeAll() -> [Waiter] {
        defer { waiting = [:] }
        return waiting.values.flatMap { $0 }
    }
}
