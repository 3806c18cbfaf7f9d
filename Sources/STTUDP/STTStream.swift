import NIOCore
import STTCore

/// A send stream on a session (`STTNode.createStream`). `send` waits while the stream's buffer
/// is full (the peer's credits and the congestion window pace it); `end` queues the final marker.
public struct STTStream: Sendable {
    public let session: SessionID
    public let streamID: UInt32
    let engine: NIOLoopBound<NodeEngine>

    /// Writes `data` (waiting for room as needed).
    public func send(_ data: [UInt8]) async throws {
        var offset = 0
        let chunk = 1 << 20  // bounded copies into the endpoint
        while offset < data.count {
            let piece = Array(data[offset..<min(data.count, offset + chunk)])
            let promise = engine.eventLoop.makePromise(of: Int.self)
            let engine = self.engine
            let session = self.session
            let stream = self.streamID
            engine.eventLoop.execute { engine.value.write(piece, stream: stream, session: session, promise: promise) }
            offset += try await promise.futureResult.get()
        }
    }

    /// Writes `data`, then ends the stream.
    public func sendAll(_ data: [UInt8]) async throws {
        try await send(data)
        try await end()
    }

    /// Ends a bounded stream: the receiver gets every byte, then `isEnd`.
    public func end() async throws {
        let engine = self.engine
        let session = self.session
        let stream = self.streamID
        try await engine.eventLoop.submit { try engine.value.finish(stream: stream, session: session) }.get()
    }

    /// Waits until the peer acknowledged every byte and the end marker (after `end()`): only
    /// then is a bounded transfer known to have arrived. Throws if the session ends first.
    public func waitUntilAcknowledged() async throws {
        let promise = engine.eventLoop.makePromise(of: Void.self)
        let engine = self.engine
        let session = self.session
        let stream = self.streamID
        engine.eventLoop.execute { engine.value.waitAcknowledged(stream: stream, session: session, promise: promise) }
        try await promise.futureResult.get()
    }

    /// The stream's statistics (bytes sent, sequence, credits, retransmissions, ...); nil once
    /// the session is gone.
    public func statistics() async -> SendStreamStatistics? {
        let engine = self.engine
        let session = self.session
        let stream = self.streamID
        return try? await engine.eventLoop.submit { engine.value.statistics(stream: stream, session: session) }.get()
    }
}
