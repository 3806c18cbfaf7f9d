import NIOCore
import STTCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension STTAddress {
    /// The STT form of a socket address (nil for Unix-domain addresses).
    public init?(_ address: SocketAddress) {
        switch address {
        case .v4(let a):
            self.init(host: .ipv4(UInt32(bigEndian: a.address.sin_addr.s_addr)), port: UInt16(address.port ?? 0))
        case .v6(let a):
            var addr = a.address.sin6_addr
            let bytes = withUnsafeBytes(of: &addr) { Array($0) }
            let hi = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let lo = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self.init(host: .ipv6(hi, lo), port: UInt16(address.port ?? 0))
        case .unixDomainSocket:
            return nil
        }
    }

    /// The socket address to send to.
    public var socketAddress: SocketAddress {
        switch host {
        case .ipv4(let a):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr.s_addr = a.bigEndian
            return SocketAddress(sin, host: "")
        case .ipv6(let hi, let lo):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            var bytes = [UInt8](repeating: 0, count: 16)
            for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: hi >> (56 - 8 * UInt64(i))) }
            for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: lo >> (56 - 8 * UInt64(i))) }
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: bytes) }
            return SocketAddress(sin6, host: "")
        }
    }
}
