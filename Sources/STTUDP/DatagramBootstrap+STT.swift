import NIOCore
import NIOPosix

extension DatagramBootstrap {
    /// The socket settings every STT socket uses: 4 MiB kernel buffers (granted up to
    /// `net.core.rmem_max`/`wmem_max`) and 64 KiB per datagram read, so that no datagram up to the
    /// protocol's 65,507-byte maximum, and no buffer the kernel coalesced (receive offload), is
    /// cut (SwiftNIO's default is 2 KiB). With `vectorReadCount` > 1 one `recvmmsg` reads that
    /// many, each into its own 64 KiB slice of the read buffer.
    public func sttSocketOptions(vectorReadCount: Int = 1) -> DatagramBootstrap {
        let count = max(1, vectorReadCount)
        let configured = channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: count * 65_536))
        return count > 1 ? configured.channelOption(.datagramVectorReadMessageCount, value: count) : configured
    }
}
