/// A UDP endpoint address: IPv4 or IPv6 host and a port.
///
/// The simulator gives every node a virtual IPv4 address; the UDP driver maps socket addresses
/// to and from this type. `STTCore` only compares addresses, it never resolves them.
public struct STTAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Host: Hashable, Sendable {
        /// An IPv4 address in host byte order (`10.0.0.1` is `0x0A00_0001`).
        case ipv4(UInt32)
        /// An IPv6 address as two big-endian halves.
        case ipv6(UInt64, UInt64)
    }

    public var host: Host
    public var port: UInt16

    public init(host: Host, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// An IPv4 address from its four octets.
    public init(ipv4 a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, port: UInt16) {
        self.init(host: .ipv4(UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)), port: port)
    }

    public static func < (lhs: STTAddress, rhs: STTAddress) -> Bool {
        func key(_ a: STTAddress) -> (UInt8, UInt64, UInt64, UInt16) {
            switch a.host {
            case .ipv4(let v): return (4, 0, UInt64(v), a.port)
            case .ipv6(let hi, let lo): return (6, hi, lo, a.port)
            }
        }
        return key(lhs) < key(rhs)
    }

    public var description: String {
        switch host {
        case .ipv4(let v):
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF):\(port)"
        case .ipv6(let hi, let lo):
            let groups = (0..<8).map { i -> String in
                let word = i < 4 ? hi >> (48 - 16 * UInt64(i)) : lo >> (48 - 16 * UInt64(i - 4))
                return String(word & 0xFFFF, radix: 16)
            }
            return "[\(groups.joined(separator: ":"))]:\(port)"
        }
    }
}
