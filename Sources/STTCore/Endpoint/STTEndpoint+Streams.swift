/// Streams on a session: unidirectional binary streams, bounded (reliable, ended with a final
/// marker) or live (unbounded, optionally skipping data older than a deadline).
///
/// Stream ids name one direction: the id a node opens for sending is unrelated to the same id
/// opened by its peer. Bulk bytes are sealed once, by packet protection.
extension STTEndpoint {
    /// Opens a send stream on an open session.
    ///
    /// - Parameters:
    ///   - sessionID: an established session of this endpoint.
    ///   - id: the stream id; nil picks the next free odd id (1, 3, 5, ... as the original STT).
    ///   - mode: bounded (reliable, ended by `finish`) or live (optionally with a deadline).
    ///   - segmentSize: bytes per segment, 1 KiB ... 1 MiB (default 64 KiB).
    public func openStream(
        on sessionID: SessionID, id: UInt32? = nil, mode: StreamMode = .bounded,
        segmentSize: Int = StreamDefaults.segmentSize
    ) throws(EndpointError) -> UInt32 {
        guard let session = sessions[sessionID] else { throw .unknownSession(sessionID) }
        guard !session.isClosing else { throw .sessionNotOpen(sessionID) }
        guard StreamDefaults.segmentSizes.contains(segmentSize) else {
            throw .stream(.segmentSizeOutOfRange(segmentSize))
        }
        let streamID: UInt32
        if let id {
            guard session.sendStreams[id] == nil else { throw .stream(.streamIDInUse(id)) }
            streamID = id
        } else {
            while session.sendStreams[session.nextStreamID] != nil { session.nextStreamID &+= 2 }
            streamID = session.nextStreamID
            session.nextStreamID &+= 2
        }
        session.sendStreams[streamID] = SendStream(
            id: streamID, mode: mode, segmentSize: segmentSize, maximumBuffer: configuration.streamSendBuffer)
        return streamID
    }

    /// Writes bytes to a send stream; returns how many it accepted (fewer when its send buffer
    /// is full: a `streamWritable` event follows when room frees up). Bytes are cut into
    /// segments at once and sent as the peer's credits and the congestion window allow.
    @discardableResult
    public func write(
        _ data: [UInt8], to streamID: UInt32, on sessionID: SessionID,
        now: STTInstant
    ) throws(EndpointError) -> Int {
        try write(data[...], to: streamID, on: sessionID, now: now)
    }

    /// Writes part of a buffer (see `write(_:to:on:now:)`): an application that keeps what was
    /// not accepted writes the rest from an offset instead of moving it to the front.
    @discardableResult
    public func write(
        _ data: ArraySlice<UInt8>, to streamID: UInt32, on sessionID: SessionID,
        now: STTInstant
    ) throws(EndpointError) -> Int {
        let (session, stream) = try sendStream(streamID, on: sessionID)
        guard !stream.ended else { throw .stream(.streamEnded) }
        stream.dropStale(now: now)  // stale live data frees room before new data is refused
        let accepted = stream.write(data, now: now)
        session.schedule(stream)
        markReady(session)
        rearm(session)
        return accepted
    }

    /// Ends a bounded stream: queues its final marker. A live stream cannot be ended.
    public func finish(_ streamID: UInt32, on sessionID: SessionID, now: STTInstant) throws(EndpointError) {
        let (session, stream) = try sendStream(streamID, on: sessionID)
        guard stream.mode == .bounded else { throw .stream(.liveStreamCannotEnd) }
        guard !stream.ended else { throw .stream(.streamEnded) }
        stream.end(now: now)
        session.schedule(stream)
        markReady(session)
    }

    /// Reads up to `maxBytes` in-order bytes from a receive stream; nil when none are ready.
    /// Reading frees credits, which the sender needs to go on.
    /// After the session ended, bytes that arrived before stay readable until read.
    public func read(from streamID: UInt32, on sessionID: SessionID, maxBytes: Int = .max) -> [UInt8]? {
        if sessions[sessionID] == nil, let ended = draining[sessionID] {
            guard let data = ended.read(streamID, maxBytes: maxBytes) else { return nil }
            ended.signal(ended.receiveStreams[streamID]!, events: &events)
            if !ended.receiveStreams.values.contains(where: { $0.readableBytes > 0 }) { draining[sessionID] = nil }
            return data
        }
        guard let session = sessions[sessionID], let stream = session.receiveStreams[streamID],
            let data = session.read(streamID, maxBytes: maxBytes)
        else { return nil }
        session.signal(stream, events: &events)
        markReady(session)
        rearm(session)
        return data
    }

    /// Keys for `BinaryStreamEncoder`/`Decoder` on an established session: the encoder on one
    /// side and the decoder on the other use matching keys (exported from the handshake).
    public func streamCrypto(for sessionID: SessionID) -> StreamCrypto? { sessions[sessionID]?.keys?.streamCrypto }

    /// The packet keys of an established session, for a key log that lets a capture be
    /// decrypted offline (`stt-sim run --keylog`). Anyone holding them can read the session.
    public func trafficKeys(for sessionID: SessionID) -> SessionTrafficKeys? { sessions[sessionID]?.keys?.trafficKeys }

    /// Ids of the streams the peer opened on a session, in the order they opened.
    public func receiveStreamIDs(on sessionID: SessionID) -> [UInt32] {
        sessions[sessionID].map { Array($0.receiveStreams.keys) } ?? []
    }

    public func sendStreamStatistics(_ streamID: UInt32, on sessionID: SessionID) -> SendStreamStatistics? {
        guard let stream = sessions[sessionID]?.sendStreams[streamID] else { return nil }
        return SendStreamStatistics(
            totalBytesSent: stream.totalBytesWritten, sequence: stream.nextSequence, mode: stream.mode,
            ended: stream.ended, credit: stream.credit, bufferedBytes: stream.bufferedBytes,
            acknowledgedBytes: stream.acknowledgedBytes,
            retransmittedSegments: stream.retransmittedSegments, retransmittedBytes: stream.retransmittedBytes,
            retransmittedFragments: stream.retransmittedFragments,
            skippedSegments: stream.skippedSegments, finished: stream.isFinished)
    }

    /// Statistics of a receive stream, also after it finished and retired.
    public func receiveStreamStatistics(_ streamID: UInt32, on sessionID: SessionID) -> ReceiveStreamStatistics? {
        guard let session = sessions[sessionID] ?? draining[sessionID] else { return nil }
        return session.receiveStreams[streamID]?.statistics ?? session.retiredReceiveStreams[streamID]
    }

    private func sendStream(_ streamID: UInt32, on sessionID: SessionID) throws(EndpointError) -> (Session, SendStream)
    {
        guard let session = sessions[sessionID] else { throw .unknownSession(sessionID) }
        guard !session.isClosing else { throw .sessionNotOpen(sessionID) }
        guard let stream = session.sendStreams[streamID] else { throw .stream(.unknownStream(streamID)) }
        return (session, stream)
    }
}
