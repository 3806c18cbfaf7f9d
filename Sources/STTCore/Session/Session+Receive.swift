import DequeModule

/// Frame handling: what an authenticated packet's frames do to the session.
extension Session {
    enum FrameOutcome: Equatable {
        case ok
        case closedByPeer(CloseCode, String)
        /// The peer broke a rule; the session must close with this code.
        case violation(CloseCode, String)
    }

    /// Applies the frames of one authenticated packet, appending application events.
    func apply(
        _ frames: [Frame], packetNumber: UInt64, now: STTInstant,
        events: inout Deque<EndpointEvent>
    ) -> FrameOutcome {
        let ackEliciting = frames.contains {
            switch $0 {
            case .ack, .padding: return false
            default: return true
            }
        }
        received.onPacketReceived(
            packetNumber, ackEliciting: ackEliciting, now: now,
            maxAckDelay: configuration.maxAckDelay)
        for frame in frames {
            switch frame {
            case .padding, .ping, .handshakeDone:
                continue
            case .close(let code, let reason):
                return .closedByPeer(code, reason)
            case .datagram(let data):
                lastApplicationActivity = now
                statistics.datagramsReceived += 1
                events.append(.datagramReceived(id, data))
            case .ack(let ack):
                let (acked, lost) = loss.onAck(ack, now: now, congestion: congestion)
                traceSettled(acked: acked, lost: lost, now: now)
                onAcked(acked, now: now, events: &events)
                requeue(lost)
            case .stream(let frame):
                lastApplicationActivity = now
                if let outcome = receiveStreamFrame(frame, events: &events) { return outcome }
            case .credit(let sid, let maxOffset):
                guard let stream = sendStreams[sid] else { continue }
                tap.emit(now, id, .flowControlUpdated(direction: .send, stream: sid, limit: maxOffset))
                stream.onCredit(maxOffset: maxOffset)
                if stream.writeBlocked, stream.freeBufferSpace >= stream.segmentSize {
                    stream.writeBlocked = false  // the send buffer follows the peer's window
                    events.append(.streamWritable(id, streamID: sid))
                }
                schedule(stream)
            case .sessionCredit(let maxBytes):
                guard maxBytes > sendCreditOffset else { continue }
                tap.emit(now, id, .flowControlUpdated(direction: .send, stream: nil, limit: maxBytes))
                sendCreditOffset = maxBytes
                for stream in sendStreams.values { schedule(stream) }
            case .skip(let sid, let sequence, let streamOffset):
                if retiredReceiveStreams[sid] != nil { continue }
                guard let stream = receiveStream(sid, events: &events) else {
                    return .violation(.streamLimit, "more than \(configuration.maxStreamsPerSession) streams")
                }
                let before = (held: stream.heldBytes, highest: stream.highestOffset, consumed: stream.consumedOffset)
                let violation = stream.skip(to: sequence, streamOffset: streamOffset)
                heldReceiveBytes += stream.heldBytes - before.held
                account(stream, highestBefore: before.highest, consumedBefore: before.consumed)
                if let violation { return .violation(.flowControlError, "stream \(sid): \(violation)") }
                signal(stream, events: &events)
            }
        }
        return .ok
    }

    private func receiveStreamFrame(_ frame: StreamFrame, events: inout Deque<EndpointEvent>) -> FrameOutcome? {
        if retiredReceiveStreams[frame.streamID] != nil { return nil }  // a late duplicate
        guard let stream = receiveStream(frame.streamID, events: &events) else {
            return .violation(.streamLimit, "more than \(configuration.maxStreamsPerSession) streams")
        }
        let before = (held: stream.heldBytes, highest: stream.highestOffset, consumed: stream.consumedOffset)
        let violation = stream.receive(frame)
        heldReceiveBytes += stream.heldBytes - before.held
        account(stream, highestBefore: before.highest, consumedBefore: before.consumed)
        if let violation { return .violation(.flowControlError, "stream \(frame.streamID): \(violation)") }
        if bytesReceivedOnStreams > receiveCredit.grantedOffset {
            return .violation(
                .flowControlError,
                "stream bytes \(bytesReceivedOnStreams) beyond the session credit \(receiveCredit.grantedOffset)")
        }
        if heldReceiveBytes > configuration.maxReceiveBufferPerSession {
            return .violation(.flowControlError, "peer made the session hold \(heldReceiveBytes) bytes")
        }
        signal(stream, events: &events)
        return nil
    }

    /// The receive stream `sid`, opened (with an event) on first sight; nil past the limit.
    private func receiveStream(_ sid: UInt32, events: inout Deque<EndpointEvent>) -> ReceiveStream? {
        if let stream = receiveStreams[sid] { return stream }
        guard receiveStreams.count < configuration.maxStreamsPerSession else { return nil }
        let stream = ReceiveStream(id: sid, maximumWindow: configuration.maxStreamReceiveWindow)
        receiveStreams[sid] = stream
        events.append(.streamOpened(id, streamID: sid))
        return stream
    }

    /// Carries a receive stream's change into the session's flow control: bytes newly received
    /// (or skipped to) count against the session credit, bytes newly consumed free it.
    func account(_ stream: ReceiveStream, highestBefore: UInt64, consumedBefore: UInt64) {
        bytesReceivedOnStreams &+= stream.highestOffset - highestBefore
        let consumed = stream.consumedOffset - consumedBefore
        if consumed > 0 { receiveCredit.consume(to: receiveCredit.consumed &+ consumed) }
    }

    /// Edge-triggered events and credit scheduling after a receive stream changed.
    func signal(_ stream: ReceiveStream, events: inout Deque<EndpointEvent>) {
        if stream.readableBytes > 0, !stream.readableSignalled {
            stream.readableSignalled = true
            events.append(.streamReadable(id, streamID: stream.id))
        }
        if stream.isFinished, !stream.finishedSignalled {
            stream.finishedSignalled = true
            events.append(.streamFinished(id, streamID: stream.id))
            // Retire it: it no longer counts toward the stream limit; late frames are ignored.
            retiredReceiveStreams[stream.id] = stream.statistics
            receiveStreams.removeValue(forKey: stream.id)
            heldReceiveBytes -= stream.heldBytes
            return
        }
        if stream.creditDue, !stream.creditQueued, !stream.isComplete {
            stream.creditQueued = true
            creditsDue.append(stream.id)
        }
        if receiveCredit.creditDue { sessionCreditDue = true }
    }

    /// Reads from a receive stream, carrying what was consumed into the session's accounts.
    func read(_ sid: UInt32, maxBytes: Int) -> [UInt8]? {
        guard let stream = receiveStreams[sid] else { return nil }
        let before = (held: stream.heldBytes, highest: stream.highestOffset, consumed: stream.consumedOffset)
        guard let data = stream.read(maxBytes: maxBytes) else { return nil }
        heldReceiveBytes += stream.heldBytes - before.held
        account(stream, highestBefore: before.highest, consumedBefore: before.consumed)
        return data
    }

    private func onAcked(_ packets: [SentPacket], now: STTInstant, events: inout Deque<EndpointEvent>) {
        for packet in packets {
            if let largest = packet.ackLargest { received.stopAcknowledging(upTo: largest) }
            if packet.isPathProbe {
                let before = datagramSize
                pathMTU.onProbeAcknowledged(size: packet.size, now: now)
                congestion.setMaxDatagramSize(datagramSize)
                if datagramSize != before { tap.emit(now, id, .datagramSizeChanged(bytes: datagramSize)) }
                continue
            }
            if packet.inFlight, pathMTU.onAcknowledged(size: packet.size, sentAt: packet.sentAt, now: now) {
                congestion.setMaxDatagramSize(datagramSize)  // a black hole: back to the base size
                tap.emit(now, id, .datagramSizeChanged(bytes: datagramSize))
            }
            for frame in packet.frames {
                guard case .stream(let sid, let sequence, let offset, let length) = frame, let stream = sendStreams[sid]
                else { continue }
                stream.onFragmentAcked(sequence: sequence, range: offset..<offset + length)
                if stream.isFinished, !stream.acknowledgedSignalled {
                    stream.acknowledgedSignalled = true
                    events.append(.streamAcknowledged(id, streamID: sid))
                }
                if stream.writeBlocked, stream.freeBufferSpace >= stream.segmentSize {
                    stream.writeBlocked = false
                    events.append(.streamWritable(id, streamID: sid))
                }
                schedule(stream)  // credit may have been waiting on buffer space
            }
        }
    }

    /// Puts the content of lost packets back in line: stream bytes, the current credit, skips.
    func requeue(_ lost: [SentPacket]) {
        statistics.packetsLost += lost.count
        for packet in lost {
            if packet.isPathProbe {
                pathMTU.onProbeLost(size: packet.size)
                continue
            }
            if packet.inFlight { pathMTU.onLost(size: packet.size, sentAt: packet.sentAt) }
            for frame in packet.frames {
                switch frame {
                case .stream(let sid, let sequence, let offset, let length):
                    guard let stream = sendStreams[sid] else { continue }
                    stream.onFragmentLost(sequence: sequence, range: offset..<offset + length)
                    schedule(stream)
                case .credit(let sid):
                    guard let stream = receiveStreams[sid], !stream.creditQueued, !stream.isComplete else { continue }
                    stream.creditQueued = true
                    creditsDue.append(sid)
                case .sessionCredit:
                    sessionCreditDue = true
                case .skip(let sid):
                    guard let stream = sendStreams[sid] else { continue }
                    stream.skipPending = true
                    schedule(stream)
                case .handshakeDone:
                    pendingHandshakeDone = true
                }
            }
        }
    }

    /// The probe timer fired: send two ack-eliciting packets even if the window is full, and
    /// offer the oldest unacknowledged stream data again.
    func onProbeTimeout(oldest: SentPacket?) {
        statistics.probeTimeouts += 1
        probesOwed = 2
        guard let oldest else { return }
        for frame in oldest.frames {
            if case .stream(let sid, let sequence, let offset, let length) = frame, let stream = sendStreams[sid] {
                stream.onFragmentLost(sequence: sequence, range: offset..<offset + length)
                schedule(stream)
            }
        }
    }
}
