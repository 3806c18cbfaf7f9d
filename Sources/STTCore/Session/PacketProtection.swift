import Crypto
import Foundation

/// Protection of one session's packets: sealing under the send key with never-repeating packet
/// numbers, and opening under the receive key behind a replay window.
///
/// Layout (docs/PROTOCOL.md §2.1): common header, packet number (u64), ciphertext, 16-byte tag.
/// The 20 header bytes are the associated data, so a header bit flip fails authentication like a
/// payload bit flip. The nonce is header bytes 8..<20 (the session id's low half and the packet
/// number): unique per key because packet numbers never repeat, and it makes `packet[8...]`
/// exactly the AEAD's combined `nonce ‖ ciphertext ‖ tag` form, so no bytes are re-assembled.
public struct PacketProtection {
    public let sessionID: SessionID
    private let sendKey: SymmetricKey
    private let receiveKey: SymmetricKey
    /// The packet number the next `seal` uses.
    public private(set) var nextPacketNumber: UInt64 = 0
    private var replay: ReplayWindow
    private var highestReceived: UInt64?

    /// - Parameters:
    ///   - sessionID: the session whose packets these are (its id is in every header).
    ///   - sendKey: the key this side seals with.
    ///   - receiveKey: the key the peer seals with.
    ///   - replayWindowSize: packet numbers judged behind the highest (multiple of 64).
    public init(sessionID: SessionID, sendKey: SymmetricKey, receiveKey: SymmetricKey, replayWindowSize: Int = 4096) {
        self.sessionID = sessionID
        self.sendKey = sendKey
        self.receiveKey = receiveKey
        replay = ReplayWindow(size: replayWindowSize)
    }

    /// Seals `plaintext` (encoded frames) into a datagram; nil once packet numbers run out.
    public mutating func seal(_ plaintext: [UInt8]) -> [UInt8]? {
        guard nextPacketNumber < UInt64.max else { return nil }
        let pn = nextPacketNumber
        nextPacketNumber += 1
        var packet = PacketPrefix.encode(.protected, sessionID, capacity: STTWire.protectedOverhead + plaintext.count)
        packet.appendUInt64BE(pn)
        guard let nonce = try? ChaChaPoly.Nonce(data: packet[STTWire.Offset.nonce..<STTWire.protectedHeaderLength]),
            let box = try? ChaChaPoly.seal(plaintext, using: sendKey, nonce: nonce, authenticating: packet)
        else { return nil }
        packet.removeLast(STTWire.protectedHeaderLength - STTWire.Offset.nonce)
        box.combined.withUnsafeBytes { packet.append(contentsOf: $0) }
        return packet
    }

    /// An authenticated, decrypted packet.
    public struct Opened {
        public let packetNumber: UInt64
        public let plaintext: Data
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
        guard let box = try? ChaChaPoly.SealedBox(combined: datagram[STTWire.Offset.nonce...]),
            let plaintext = try? ChaChaPoly.open(
                box, using: receiveKey, authenticating: datagram[0..<STTWire.protectedHeaderLength])
        else { return .failure(.authenticationFailed) }
        replay.record(pn)
        let isNewest = highestReceived.map { pn > $0 } ?? true
        if isNewest { highestReceived = pn }
        return .success(Opened(packetNumber: pn, plaintext: plaintext, isNewest: isNewest))
    }
}
