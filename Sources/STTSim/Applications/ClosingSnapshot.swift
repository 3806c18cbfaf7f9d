import STTCore

/// What a flow keeps of a session it closes: its stream statistics and datagram size, which
/// the endpoint forgets with the session.
struct ClosingSnapshot {
    var send: SendStreamStatistics?
    var receive: ReceiveStreamStatistics?
    var datagramSize: Int?

    /// Records the sender's side of `session` before it closes.
    mutating func take(_ endpoint: STTEndpoint, session: SessionID, sendStream: UInt32) {
        send = endpoint.sendStreamStatistics(sendStream, on: session) ?? send
        datagramSize = endpoint.sessionInfo(session)?.recovery.datagramSize ?? datagramSize
    }
}
