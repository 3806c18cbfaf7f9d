import NIOCore

/// The kernel's UDP batching that an `STTNode` asks for (Linux): generic segmentation offload
/// (one `sendmsg` carries many equal-size datagrams, `UDP_SEGMENT`), generic receive offload (the
/// kernel hands over several datagrams of one flow as one buffer, `UDP_GRO`) and vectored reads
/// (`recvmmsg`). Each is used only where the kernel accepts it at start; a refused one falls
/// back to one datagram per system call, and `STTNode.offloadInUse` says what is in effect.
public struct UDPOffload: Sendable, Equatable {
    /// Send bursts as one buffer of equal-size datagrams.
    public var segmentation: Bool
    /// Receive coalesced buffers and take them apart at their segment size.
    public var receiveOffload: Bool
    /// Datagrams (or coalesced buffers) read per system call (1: plain `recvmsg`).
    public var vectorReadCount: Int

    public init(segmentation: Bool, receiveOffload: Bool, vectorReadCount: Int) {
        self.segmentation = segmentation
        self.receiveOffload = receiveOffload
        self.vectorReadCount = max(1, vectorReadCount)
    }

    /// Everything the kernel accepts (the default).
    public static let automatic = UDPOffload(segmentation: true, receiveOffload: true, vectorReadCount: 8)
    /// One datagram per system call, as before offload existed.
    public static let off = UDPOffload(segmentation: false, receiveOffload: false, vectorReadCount: 1)

    /// Test hook: behave as if the kernel refused both offloads (the fallback path).
    package var kernelRefusesForTesting = false

    /// The largest buffer one GSO send may carry: the UDP length field's limit over IPv4.
    static let maximumSuperDatagram = 65_507
    /// Segments per GSO send when the kernel does not say (Linux's `UDP_MAX_SEGMENTS`).
    static let defaultMaximumSegments = 64
}

/// What an `STTNode`'s socket actually does, once the kernel answered.
public struct UDPOffloadInUse: Sendable, Equatable, CustomStringConvertible {
    /// Most datagrams per GSO send (0: segmentation off).
    public var maximumSegments: Int
    public var receiveOffload: Bool
    public var vectorReadCount: Int
    /// Why an asked-for offload is off, if the kernel refused one.
    public var refusal: String?

    public var segmentation: Bool { maximumSegments > 1 }

    public var description: String {
        let gso = segmentation ? "GSO up to \(maximumSegments) segments" : "no GSO"
        let gro = receiveOffload ? "GRO" : "no GRO"
        return "\(gso), \(gro), \(vectorReadCount) datagrams per read" + (refusal.map { " (\($0))" } ?? "")
    }

    static let none = UDPOffloadInUse(maximumSegments: 0, receiveOffload: false, vectorReadCount: 1, refusal: nil)
}
