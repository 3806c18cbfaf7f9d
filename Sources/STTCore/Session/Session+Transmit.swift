/// Packet building: what goes into the next protected packet, in priority order, within the
/// datagram budget, the congestion window and the pacer.
extension Session {
    /// Packs the next packet's frames into `plaintext` and lists the frames that must be
    /// retransmitted if it is lost.
    ///
    /// - Returns: whether the packet is ack-eliciting, or nil when nothing may be sent now.
    func buildPacket(now: STTInstant, into plaintext: inout [UInt8], frames: inout [RetransmittableFrame]) -> Bool? {
        plaintext.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        builtPathProbe = false
        builtAckLargest = nil
        // After a second probe timeout, probes go at the base size: they get through a path
        // whose MTU shrank, which is how the black hole shows.
        let size = loss.probeCount >= 2 ? min(datagramSize, PathMTUDiscovery.base) : datagramSize
        let budget = size - STTWire.protectedOverhead
        switch phase {
        case .initiating, .confirming:
            return nil
        case .closing(let closing):
            guard pendingClose else { return nil }
            let (code, reason) = (closing.code, closing.reason)
            // Acknowledge what arrived first: a receiver that closes right after the last
            // segment must not leave the sender unsure whether it got there.
            if received.hasNewInformation {
                received.makeAck(now: now, maxRanges: max(1, (budget / 2 - 19) / 8 + 1))?.encode(into: &plaintext)
            }
            let clamped = Frame.clampedReason(reason, limit: budget - 5 - plaintext.count)
            Frame.close(code: code, reason: String(decoding: clamped, as: UTF8.self)).encode(into: &plaintext)
            pendingClose = false
            return false  // CLOSE is not acknowledged; stray packets make it repeat
        case .established:
            break
        }

        let probing = probesOwed > 0
        let hasData = !datagrams.isEmpty || !streamsWithData.isEmpty
        if !probing, hasData, congestion.canSend(size: pathMTU.maximum), let probeSize = pathMTU.probeSize(now: now) {
            // A path MTU probe — a PING padded to the size under test, alone in its packet — when
            // there is data to send (a side that only acknowledges has nothing to gain).
            Frame.ping.encode(into: &plaintext)
            plaintext.append(contentsOf: repeatElement(0, count: probeSize - STTWire.protectedOverhead - 1))
            builtPathProbe = true
            return true
        }
        let hasControl = pendingHandshakeDone || pendingPing || !creditsDue.isEmpty || sessionCreditDue
        var dataAllowed = probing || congestion.canSend(size: datagramSize)
        // The pacer spaces data only: ACKs, credits and control frames go at once.
        if dataAllowed, !probing, hasData,
            let next = congestion.pacingDelay(size: datagramSize, now: now, rtt: loss.rtt)
        {
            pacingUntil = next
            dataAllowed = false
        }
        if received.ackImmediately || (received.hasNewInformation && (hasControl || (dataAllowed && hasData))) {
            // An ACK takes at most half the packet, so other frames always fit beside it.
            let maxRanges = max(1, (budget / 2 - 19) / 8 + 1)
            if let ack = received.makeAck(now: now, maxRanges: maxRanges) {
                ack.encode(into: &plaintext)
                builtAckLargest = ack.largest
            }
        }

        var eliciting = false
        if pendingHandshakeDone {
            Frame.handshakeDone.encode(into: &plaintext)
            frames.append(.handshakeDone)
            pendingHandshakeDone = false
            eliciting = true
        }
        let rtt = loss.rtt.hasSample ? loss.rtt.smoothed : nil
        if sessionCreditDue, plaintext.count + 9 <= budget {
            sessionCreditDue = false
            let limit = receiveCredit.makeCredit(now: now, smoothedRTT: rtt)
            Frame.sessionCredit(maxBytes: limit).encode(into: &plaintext)
            tap.emit(now, id, .flowControlUpdated(direction: .receive, stream: nil, limit: limit))
            frames.append(.sessionCredit)
            eliciting = true
        }
        while let sid = creditsDue.first, plaintext.count + 13 <= budget {
            creditsDue.removeFirst()
            guard let stream = receiveStreams[sid] else { continue }
            stream.creditQueued = false
            let limit = stream.makeCredit(now: now, smoothedRTT: rtt)
            Frame.credit(streamID: sid, maxOffset: limit).encode(into: &plaintext)
            tap.emit(now, id, .flowControlUpdated(direction: .receive, stream: sid, limit: limit))
            frames.append(.credit(streamID: sid))
            eliciting = true
        }
        if pendingPing {
            Frame.ping.encode(into: &plaintext)
            pendingPing = false
            statistics.keepAlivesSent += 1
            eliciting = true
        }
        if dataAllowed {
            while let next = datagrams.first, plaintext.count + 3 + next.count <= budget {
                Frame.datagram(next).encode(into: &plaintext)
                datagrams.removeFirst()
                statistics.datagramsSent += 1
                eliciting = true
                lastApplicationActivity = now
            }
            if packStreamData(budget: budget, now: now, into: &plaintext, frames: &frames) {
                eliciting = true
                lastApplicationActivity = now
            }
        }
        if dataAllowed, datagrams.isEmpty, streamsWithData.isEmpty {
            congestion.noteAppLimited()  // the window had room and there was nothing left to send
        }
        if probing, !eliciting, plaintext.count < budget {
            Frame.ping.encode(into: &plaintext)  // a probe must elicit an acknowledgement
            eliciting = true
        }
        guard !plaintext.isEmpty else { return nil }
        if probing, eliciting { probesOwed -= 1 }
        return eliciting
    }

    /// Fills the rest of the packet with stream frames, one stream after another (round-robin:
    /// a stream that sent goes to the back of the line). Terminates: each pass either writes a
    /// frame, using at least its header's worth of room, or uses up one visit.
    private func packStreamData(
        budget: Int, now: STTInstant, into plaintext: inout [UInt8],
        frames: inout [RetransmittableFrame]
    ) -> Bool {
        var wrote = false
        var visits = streamsWithData.count
        while visits > 0, let sid = streamsWithData.popFirst() {
            visits -= 1
            guard let stream = sendStreams[sid] else { continue }
            stream.isScheduled = false
            if stream.dropStale(now: now), stream.writeBlocked, stream.freeBufferSpace >= stream.segmentSize {
                stream.writeBlocked = false
                writableDue.append(sid)
            }
            if stream.skipPending, plaintext.count + 21 <= budget {
                Frame.skip(streamID: sid, sequence: stream.skipBoundary, streamOffset: stream.skipOffset)
                    .encode(into: &plaintext)
                frames.append(.skip(streamID: sid))
                tap.emit(
                    now, id,
                    .streamSkipped(stream: sid, sequence: stream.skipBoundary, streamOffset: stream.skipOffset))
                bytesSentOnStreams &+= UInt64(stream.noteSkipSent())
                wrote = true
            }
            let room = budget - plaintext.count - StreamFrame.headerLength
            if room >= 1, let fragment = stream.nextFragment(maxData: room, sessionCredit: sessionCredit) {
                let segment = stream.segment(at: fragment.index)
                bytesSentOnStreams &+= UInt64(fragment.newBytes)
                StreamFrame.encode(
                    into: &plaintext, streamID: sid, sequence: segment.sequence, streamOffset: segment.streamOffset,
                    segmentLength: UInt32(segment.data.count),
                    offset: UInt32(fragment.range.lowerBound),
                    isFinal: segment.isFinal, data: segment.data[fragment.range])
                frames.append(
                    .stream(
                        streamID: sid, sequence: segment.sequence,
                        offset: fragment.range.lowerBound, length: fragment.range.count))
                if fragment.isRetransmission {
                    stream.noteRetransmitted(index: fragment.index, bytes: fragment.range.count)
                }
                wrote = true
                schedule(stream)
                visits = streamsWithData.count
            } else {
                schedule(stream)
            }
            if budget - plaintext.count <= StreamFrame.headerLength { break }
        }
        return wrote
    }

    /// Puts a send stream in the round-robin if it has something to send.
    func schedule(_ stream: SendStream) {
        guard !stream.isScheduled, stream.hasDataToSend(sessionCredit: sessionCredit) else { return }
        stream.isScheduled = true
        streamsWithData.append(stream.id)
    }

    /// Whether `pollTransmit` could produce a packet for this session now (ignoring pacing).
    var hasFramesToSend: Bool {
        switch phase {
        case .established:
            if pendingHandshakeDone || pendingPing || pendingClose || !creditsDue.isEmpty || sessionCreditDue
                || probesOwed > 0
            {
                return true
            }
            if received.ackImmediately { return true }
            return !datagrams.isEmpty || !streamsWithData.isEmpty
        case .closing: return pendingClose
        case .initiating, .confirming: return false
        }
    }
}
