import NIOCore
import NIOPosix

extension DatagramBootstrap {
    /// The socket settings every STT socket uses: 4 MiB kernel buffers (granted up to
    /// `net.core.rmem_max`/`wmem_max`) and 64 KiB receive buffers, so that no datagram up to
    /// the protocol's 65,507-byte maximum is cut (SwiftNIO's default is 2 KiB).
    public func sttSocketOptions() -> DatagramBootstrap {
        channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
    }
}
