import DequeModule
import STTCore

/// Messages (`send(toSessions:)`) waiting to go out whole, per session, in order: a message is
/// written only after the session's earlier ones, so two tasks sending at once cannot
/// interleave their bytes. `Waiter` is what learns that its message was accepted.
struct MessageSendQueue<Waiter> {
    private struct Entry {
        let bytes: [UInt8]
        var offset: Int
        let waiter: Waiter
    }

    private var queues: [SessionID: Deque<Entry>] = [:]  // lookup only

    mutating func enqueue(_ framed: [UInt8], on session: SessionID, waiter: Waiter) {
        queues[session, default: []].append(Entry(bytes: framed, offset: 0, waiter: waiter))
    }

    /// Writes the session's messages in order while `write` accepts bytes; returns the waiters
    /// whose messages were accepted whole. When `write` throws, every waiter of the session is
    /// returned as failed.
    mutating func flush(_ session: SessionID, write: ([UInt8]) throws -> Int) -> (
        accepted: [Waiter], failed: [Waiter]
    ) {
        var accepted: [Waiter] = []
        while var first = queues[session]?.first {
            let remaining = first.offset == 0 ? first.bytes : Array(first.bytes[first.offset...])
            let n: Int
            do { n = try write(remaining) } catch { return (accepted, take(session: session)) }
            guard n > 0 else { break }  // resumed by the stream's next `streamWritable`
            first.offset += n
            if first.offset == first.bytes.count {
                queues[session]?.removeFirst()
                accepted.append(first.waiter)
            } else {
                queues[session]?[0] = first
                break
            }
        }
        if queues[session]?.isEmpty == true { queues[session] = nil }
        return (accepted, [])
    }

    /// Every waiter of the session (it ended).
    mutating func take(session: SessionID) -> [Waiter] {
        (queues.removeValue(forKey: session) ?? []).map(\.waiter)
    }

    /// Every waiter (the node stops).
    mutating func takeAll() -> [Waiter] {
        defer { queues = [:] }
        return queues.values.flatMap { $0.map(\.waiter) }
    }
}
