import Crypto
import STTCore

/// One bounded stream transfer between two harness nodes: the sender writes generated data as
/// the stream accepts it, the receiver reads as data arrives, and both sides hash what passed.
public final class BulkTransfer {
    public let sender: Int
    public let receiver: Int
    public let session: SessionID
    public let stream: UInt32
    public let length: Int
    private var source: PatternSource
    private var pending: [UInt8] = []
    private var sentHash = SHA256()
    private var receivedHash = SHA256()
    public private(set) var bytesRead = 0
    public private(set) var finished = false
    public private(set) var finishedAt: STTInstant?
    /// Receive-side buffer high-water marks.
    public private(set) var peakHeldSegments = 0
    public private(set) var peakHeldBytes = 0
    /// A slow reader: at most `readLimitPerTurn` bytes every `readInterval` (nil: read all, always).
    public var readLimitPerTurn: Int?
    public var readInterval: STTDuration?
    private var nextReadAt: STTInstant = .zero
    /// Sender-side buffer high-water mark (bytes written, not yet acknowledged).
    public private(set) var peakSenderBuffered = 0
    private var ended = false

    /// Opens the stream on an established session and starts writing on the next turn.
    public init(
        harness: EndpointHarness, from sender: Int, to receiver: Int, session: SessionID,
        length: Int, segmentSize: Int, seed: UInt64
    ) throws {
        self.sender = sender
        self.receiver = receiver
        self.session = session
        self.length = length
        source = PatternSource(seed: seed, length: length)
        stream = try harness.endpoint(sender).openStream(on: session, mode: .bounded, segmentSize: segmentSize)
    }

    /// Both hashes, once finished: equal when every byte arrived intact and in order.
    public var digests: (sent: String, received: String)? {
        guard finished else { return nil }
        return (sentHash.finalize().hexString, receivedHash.finalize().hexString)
    }

    /// One application turn: write what the stream takes, read what arrived.
    public func turn(_ harness: EndpointHarness) {
        let out = harness.endpoint(sender)
        while !ended {
            if pending.isEmpty {
                if source.remaining == 0 {
                    try? out.finish(stream, on: session, now: harness.now)
                    ended = true
                    break
                }
                pending = source.next(1 << 20)
                sentHash.update(data: pending)
            }
            guard let accepted = try? out.write(pending, to: stream, on: session, now: harness.now),
                accepted > 0
            else { break }
            pending.removeFirst(accepted)
        }
        let inbound = harness.endpoint(receiver)
        if let stats = inbound.receiveStreamStatistics(stream, on: session) {
            peakHeldSegments = max(peakHeldSegments, stats.heldSegments)
            peakHeldBytes = max(peakHeldBytes, stats.heldBytes)
        }
        if let sent = out.sendStreamStatistics(stream, on: session) {
            peakSenderBuffered = max(peakSenderBuffered, sent.bufferedBytes)
        }
        if let interval = readInterval {
            guard harness.now >= nextReadAt else {
                harness.wakeApplication(at: nextReadAt)
                return
            }
            nextReadAt = harness.now + interval
            harness.wakeApplication(at: nextReadAt)
        }
        var budget = readLimitPerTurn ?? .max
        while budget > 0, let data = inbound.read(from: stream, on: session, maxBytes: budget) {
            receivedHash.update(data: data)
            bytesRead += data.count
            budget -= data.count
        }
        if !finished, inbound.receiveStreamStatistics(stream, on: session)?.complete == true,
            bytesRead == length
        {
            finished = true
            finishedAt = harness.now
        }
    }
}
