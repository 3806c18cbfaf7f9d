import STTCore

extension TransportEvent {
    /// The event's name in the trace (`packet_sent`, `metrics_updated`, ...).
    public var name: String {
        switch kind {
        case .packetSent: return "packet_sent"
        case .packetReceived: return "packet_received"
        case .packetAcknowledged: return "packet_acked"
        case .packetLost: return "packet_lost"
        case .probeTimeout: return "probe_timeout"
        case .congestionStateChanged: return "congestion_state"
        case .metricsUpdated: return "metrics_updated"
        case .flowControlUpdated: return "flow_control"
        case .streamSkipped: return "stream_skipped"
        case .datagramSizeChanged: return "datagram_size"
        case .lifecycle(let event):
            switch event {
            case .sessionEstablished: return "session_established"
            case .sessionFailed: return "session_failed"
            case .sessionClosed: return "session_closed"
            case .streamOpened: return "stream_opened"
            case .streamFinished: return "stream_finished"
            case .streamAcknowledged: return "stream_acked"
            case .datagramReceived: return "datagram_received"
            case .streamReadable: return "stream_readable"
            case .streamWritable: return "stream_writable"
            }
        }
    }

    /// One JSON object (a line of the JSON Lines trace); see docs/TRACE.md for every field.
    public func json(nodeName: String) -> String {
        var s = "{\"t\":\(time.nanoseconds),\"event\":\"\(name)\",\"node\":\(TraceFormat.jsonString(nodeName))"
        s += ",\"session\":\"\(session)\""
        s += fields
        return s + "}"
    }

    private var fields: String {
        switch kind {
        case .packetSent(let number, let bytes, let frames), .packetReceived(let number, let bytes, let frames):
            let list = frames.map { "\"\($0.shortForm)\"" }.joined(separator: ",")
            return ",\"pn\":\(number),\"bytes\":\(bytes),\"frames\":[\(list)]"
        case .packetAcknowledged(let number, let bytes, let spurious):
            return ",\"pn\":\(number),\"bytes\":\(bytes)" + (spurious ? ",\"spurious\":true" : "")
        case .packetLost(let number, let bytes, let trigger):
            return ",\"pn\":\(number),\"bytes\":\(bytes),\"trigger\":\"\(trigger.rawValue)\""
        case .probeTimeout(let count, let oldest):
            return ",\"trigger\":\"pto\",\"count\":\(count)" + (oldest.map { ",\"oldest_pn\":\($0)" } ?? "")
        case .congestionStateChanged(let from, let to):
            return ",\"from\":\(TraceFormat.jsonString(from)),\"to\":\(TraceFormat.jsonString(to))"
        case .metricsUpdated(let m):
            var s = ",\"cwnd\":\(m.congestionWindow),\"bytes_in_flight\":\(m.bytesInFlight)"
            if let v = m.smoothedRTT { s += ",\"srtt_ns\":\(v.nanoseconds)" }
            if let v = m.minimumRTT { s += ",\"min_rtt_ns\":\(v.nanoseconds)" }
            if let v = m.latestRTT { s += ",\"latest_rtt_ns\":\(v.nanoseconds)" }
            if let v = m.pacingRate { s += ",\"pacing_rate_Bps\":\(Int64(exactly: v.rounded()) ?? 0)" }
            if let v = m.deliveryRate { s += ",\"delivery_rate_Bps\":\(Int64(exactly: v.rounded()) ?? 0)" }
            return s + ",\"cc_state\":\(TraceFormat.jsonString(m.congestionState))"
        case .flowControlUpdated(let direction, let stream, let limit):
            return ",\"direction\":\"\(direction.rawValue)\"" + (stream.map { ",\"stream\":\($0)" } ?? "")
                + ",\"limit\":\(limit)"
        case .streamSkipped(let stream, let sequence, let offset):
            return ",\"stream\":\(stream),\"seq\":\(sequence),\"offset\":\(offset)"
        case .datagramSizeChanged(let bytes):
            return ",\"bytes\":\(bytes)"
        case .lifecycle(let event):
            return Self.lifecycleFields(event)
        }
    }

    private static func lifecycleFields(_ event: EndpointEvent) -> String {
        switch event {
        case .sessionEstablished(_, let peer, let address, let role):
            return ",\"peer\":\"\(peer)\",\"address\":\"\(address)\",\"role\":\"\(role)\""
        case .sessionFailed(_, let address, let failure, let role):
            return ",\"address\":\"\(address)\",\"role\":\"\(role)\",\"reason\":\(TraceFormat.jsonString("\(failure)"))"
        case .sessionClosed(_, let reason):
            return ",\"reason\":\(TraceFormat.jsonString("\(reason)"))"
        case .streamOpened(_, let sid), .streamFinished(_, let sid), .streamAcknowledged(_, let sid),
            .streamReadable(_, let sid), .streamWritable(_, let sid):
            return ",\"stream\":\(sid)"
        case .datagramReceived(_, let data):
            return ",\"bytes\":\(data.count)"
        }
    }
}
