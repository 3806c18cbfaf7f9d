/// Constants of STT wire format version 4 (version 3 had one cipher suite and no suite byte in
/// the hello; version 2 had no hello MACs or cookie reply; version 1 counted stream credits in
/// segments). Byte layouts are documented in `docs/PROTOCOL.md`.
public enum STTWire {
    /// The two magic bytes every STT datagram starts with: ASCII `S`, `T`.
    public static let magic: (UInt8, UInt8) = (0x53, 0x54)
    /// The wire format version this implementation speaks.
    public static let version: UInt8 = 4

    /// Byte offsets shared by every packet type.
    public enum Offset {
        public static let magic = 0
        public static let version = 2
        public static let type = 3
        public static let sessionID = 4
        /// Messages 2 and 3 and rejects: where the Noise message (or reject code) starts.
        public static let handshakeBody = 12
        /// Message 1: the cleartext cipher suite byte (`CipherSuite.rawValue`).
        public static let suite = 12
        /// Message 1: where the Noise message starts, after the suite byte.
        public static let initiationBody = 13
        /// Protected packets: the 12-byte AEAD nonce is bytes 8..<20 (session id's low half, packet number).
        public static let nonce = 8
        /// Protected packets: the 8-byte packet number.
        public static let packetNumber = 12
        /// Protected packets: where the AEAD ciphertext starts; bytes before it are the AAD.
        public static let ciphertext = 20
    }

    /// Length of the header common to every packet (magic, version, type, session id).
    public static let commonHeaderLength = 12
    /// Length of a protected packet's header (the AEAD's associated data).
    public static let protectedHeaderLength = 20
    /// Length of an AEAD tag (both suites).
    public static let tagLength = 16
    /// Bytes a protected packet adds around its frames.
    public static let protectedOverhead = protectedHeaderLength + tagLength

    /// The base UDP payload size, in bytes: safe on any path that carries IPv6's minimum MTU.
    /// Sessions start at it; path MTU discovery probes above it.
    public static let baseDatagramSize = 1200
    /// The default largest UDP payload, in bytes: a 1500-byte Ethernet MTU less IPv4 and UDP headers.
    public static let defaultMaxDatagramSize = 1472
    /// The largest UDP payload over IPv4 (65,535 − 20 − 8), in bytes.
    public static let maximumDatagramSize = 65_507
    /// The smallest payload budget a node can be configured with, in bytes.
    public static let minimumDatagramSize = 128
}
