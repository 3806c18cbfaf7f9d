/// A datagram for the driver to send.
public struct Transmit: Equatable, Sendable {
    public var destination: STTAddress
    public var payload: [UInt8]
    public init(destination: STTAddress, payload: [UInt8]) {
        self.destination = destination
        self.payload = payload
    }
}
