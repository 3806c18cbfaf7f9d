import Crypto
import Foundation

/// Protection of one session's packets: sealing under the send key with never-repeating packet
/// numbers, and opening under the receive key behind a replay window.
///
/// Layout (docs/PROTOCOL.md §2.1): common header, packet number (u64), ciphertext, 16-byte tag.
/// The 20 header bytes are the associated data, so a header bit flip fails authentication like a
/// payload bit flip. The nonce is header bytes 8..<20 (the session id's low half and the packet
/// number): unique per key because packet numbers never repeat, and read in place, so a packet is
/// built and sealed in one buffer. Each direction's key schedule is set up once, at the handshake.
public struct PacketProtection {
    public let sessionID: SessionID
    /// The AEAD both directions use (the handshake's suite).
    public let suite: CipherSuite
    private let sealer: AEADContext
    private let opener: AEADContext
    /// The packet number the next `seal` uses.
    public private(set) var nextPacketNumber: UInt64 = 0
    private var replay: ReplayWindow
    private var highestReceived: UInt64?

    /// - Parameters:
    ///   - sessionID: the session whose packets these are (its id is in every header).
    ///   - suite: the AEAD of both directions.
    ///   - sendKey: the key this side seals with (32 bytes).
    ///   - receiveKey: the key the peer seals with (32 bytes).
    ///   - replayWindowSize: packet numbers judged behind the highest (multiple of 64).
    /// Nil if a key is not 32 bytes or libcrypto cannot allocate a context.
    public init?(
        sessionID: SessionID, suite: CipherSuite, sendKey: SymmetricKey, receiveKey: SymmetricKey,
        replayWindowSize: Int = 4096
    ) {
        guard let sealer = AEADContext(suite: suite, key: sendKey.withUnsafeBytes { Array($0) }, sealing: true),
            let opener = AEADContext(suite: suite, key: receiveKey.withUnsafeBytes { Array($0) }, sealing: false)
        else { return nil }
        self.sessionID = sessionID
        self.suite = suite
        self.sealer = sealer
        self.opener = opener
        replay = ReplayWindow(size: replayWindowSize)
    }

    /// Seals `plaintext` (encoded frames) into a datagram; nil once packet numbers run out.
    public mutating func seal(_ plaintext: [UInt8]) -> [UInt8]? {
        guard nextPacketNumber < UInt64.max else { return nil }
        let total = STTWire.protectedOverhead + plaintext.count
        var sealed = false
        let packet = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            writeHeader(base, packetNumber: nextPacketNumber)
            let header = UnsafeRawBufferPointer(start: base, count: STTWire.protectedHeaderLength)
            sealed = plaintext.withUnsafeBufferPointer { plaintext in
                sealer.seal(
                    nonce: base + STTWire.Offset.nonce, aad: header, plaintext: plaintext.baseAddress,
                    plaintextCount: plaintext.count, output: base + STTWire.Offset.ciphertext)
            }
            count = sealed ? total : 0
        }
        guard sealed else { return nil }
        nextPacketNumber += 1
        return packet
    }

    private func writeHeader(_ base: UnsafeMutablePointer<UInt8>, packetNumber: UInt64) {
        PacketPrefix.write(.protected, sessionID, to: base)
        for i in 0..<8 {
            base[STTWire.Offset.packetNumber + i] = UInt8(truncatingIfNeeded: packetNumber >> UInt64(56 - 8 * i))
        }
    }

    /// An authenticated, decrypted packet.
    public struct Opened {
        public let packetNumber: UInt64
        public let plaintext: [UInt8]
        /// Higher than every packet number received before: only such a packet may move the
        /// session to a new address (a delayed old packet must not drag it back).
        public let isNewest: Bool
    }

    /// Checks the replay window, then authenticates and decrypts a protected datagram (whose
    /// prefix the caller has parsed). The window moves only once the packet authenticated.
    public mutating func open(_ datagram: [UInt8]) -> Result<Opened, DropReason> {
        guard datagram.count >= PacketType.protected.minimumLength else { return .failure(.truncated) }
        let pn = datagram.readUInt64BE(at: STTWire.Offset.packetNumber)
        // An honest sender never reaches UInt64.max; refusing it keeps every `pn + 1` safe.
        guard pn < UInt64.max else { return .failure(.outsideReplayWindow) }
        switch replay.check(pn) {
        case .replayed: return .failure(.replayed)
        case .tooOld: return .failure(.outsideReplayWindow)
        case .fresh: break
        }
        guard let plaintext = Self.open(datagram, with: opener) else { return .failure(.authenticationFailed) }
        replay.record(pn)
        let isNewest = highestReceived.map { pn > $0 } ?? true
        if isNewest { highestReceived = pn }
        return .success(Opened(packetNumber: pn, plaintext: plaintext, isNewest: isNewest))
    }

    /// The plaintext of a protected datagram of at least the minimum length, or nil.
    static func open(_ datagram: [UInt8], with opener: AEADContext) -> [UInt8]? {
        let count = datagram.count - STTWire.protectedOverhead
        guard count >= 0 else { return nil }
        var opened = false
        let plaintext = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            guard let output = buffer.baseAddress else { return }
            opened = datagram.withUnsafeBufferPointer { packet in
                guard let base = packet.baseAddress else { return false }
                return opener.open(
                    nonce: base + STTWire.Offset.nonce,
                    aad: UnsafeRawBufferPointer(start: base, count: STTWire.protectedHeaderLength),
                    ciphertext: base + STTWire.Offset.ciphertext, ciphertextCount: count,
                    tag: base + STTWire.Offset.ciphertext + count, output: output)
            }
            initialized = opened ? count : 0
        }
        return opened ? plaintext : nil
    }
}
