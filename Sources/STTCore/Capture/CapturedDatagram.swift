/// A datagram at the edge of a node, as a packet capture there would see it: emitted (`tx`,
/// before any link touched it) or delivered to its endpoint (`rx`, after the network's
/// impairments, so corrupted or duplicated copies appear as such). The simulator and real
/// sockets both produce these; `STTPcap.CaptureWriter` writes them.
public struct CapturedDatagram: Sendable {
    /// Nanoseconds since the capture's epoch: simulated time in the simulator, Unix time over
    /// real sockets (whose epoch is 1970).
    public var timeNanoseconds: Int64
    /// The node whose edge this is (0 for a lone `STTNode`).
    public var node: Int
    public var direction: CaptureDirection
    public var source: STTAddress
    public var destination: STTAddress
    public var payload: [UInt8]

    public init(
        timeNanoseconds: Int64, node: Int, direction: CaptureDirection, source: STTAddress,
        destination: STTAddress, payload: [UInt8]
    ) {
        self.timeNanoseconds = timeNanoseconds
        self.node = node
        self.direction = direction
        self.source = source
        self.destination = destination
        self.payload = payload
    }
}
