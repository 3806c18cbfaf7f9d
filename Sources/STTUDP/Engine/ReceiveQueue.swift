import DequeModule
import STTCore

/// What `STTNode.receive()` yields next, in arrival order, with back-pressure: while the
/// consumer lags (`isPaused`), readable streams are left unread in the endpoint, so their
/// credits run out and the peers slow down; datagrams, unreliable by contract, are dropped
/// (counted) rather than queued without bound.
final class ReceiveQueue {
    /// What the consumer's side said to one delivered packet.
    enum Delivery {
        case more
        /// Enough for now: wait for `resume()`.
        case pause
        /// The consumer is gone: deliver nothing more.
        case gone
    }

    private enum Pending {
        case bytes(StreamKey)
        case end(StreamKey)
        case closed(SessionID)
        case packet(ReceivedPacket)
    }

    private var queue = Deque<Pending>()
    private var queued: Set<StreamKey> = []  // membership only
    /// Streams whose end was queued already (a late `streamFinished` is ignored).
    private var ended: Set<StreamKey> = []  // membership only
    private(set) var isPaused = false
    private(set) var consumerGone = false
    private(set) var datagramsDroppedWhilePaused = 0
    /// Where packets go (the async sequence's source); nil drops them.
    var sink: ((ReceivedPacket) -> Delivery)?

    /// A stream has bytes to read (it is read when the consumer keeps up).
    func streamReadable(_ key: StreamKey) {
        if queued.insert(key).inserted { queue.append(.bytes(key)) }
    }

    /// A stream delivered everything through its final marker: its end follows its bytes.
    func streamFinished(_ key: StreamKey, yieldsEnd: Bool) {
        streamReadable(key)
        if yieldsEnd, ended.insert(key).inserted { queue.append(.end(key)) }
    }

    func datagram(_ packet: ReceivedPacket) {
        if isPaused && !consumerGone {
            datagramsDroppedWhilePaused += 1
        } else {
            deliver(packet)
        }
    }

    /// A session ended: what its peer sent before is still readable (the endpoint keeps it
    /// until read), so it is read into the queue now, in order, then the ends of the streams
    /// that completed, then the session's end.
    func sessionClosed(
        _ id: SessionID, read: (StreamKey) -> [ReceivedPacket]?, endsWhole: (StreamKey) -> Bool
    ) {
        var rebuilt = Deque<Pending>()
        var ends: [Pending] = []
        for entry in queue {
            guard case .bytes(let key) = entry, key.session == id else {
                rebuilt.append(entry)
                continue
            }
            queued.remove(key)
            while let packets = read(key) { for packet in packets { rebuilt.append(.packet(packet)) } }
            if endsWhole(key), ended.insert(key).inserted { ends.append(.end(key)) }
        }
        queue = rebuilt
        queue.append(contentsOf: ends)
        queue.append(.closed(id))
    }

    /// Hands the consumer what is queued while it keeps up; returns whether it handed anything.
    /// `read` returns a stream's next bytes as packets, nil when it has none now.
    func pump(read: (StreamKey) -> [ReceivedPacket]?) -> Bool {
        var progressed = false
        while !isPaused || consumerGone, let next = queue.first {
            switch next {
            case .end(let key):
                queue.removeFirst()
                deliver(ReceivedPacket(sessionID: key.session, streamID: key.stream, data: [], isEnd: true))
            case .closed(let id):
                queue.removeFirst()
                deliver(ReceivedPacket(sessionID: id, streamID: nil, data: [], isEnd: true))
            case .packet(let packet):
                queue.removeFirst()
                deliver(packet)
            case .bytes(let key):
                guard let packets = read(key) else {
                    queue.removeFirst()
                    queued.remove(key)
                    continue
                }
                for packet in packets { deliver(packet) }
            }
            progressed = true
        }
        return progressed
    }

    /// The consumer caught up.
    func resume() { isPaused = false }

    /// The consumer went away: packets are read (so peers are not stalled) and dropped.
    func consumerFinished() { consumerGone = true }

    private func deliver(_ packet: ReceivedPacket) {
        guard !consumerGone, let sink else { return }
        switch sink(packet) {
        case .pause: isPaused = true
        case .more: break
        case .gone: consumerGone = true
        }
    }
}
