import Crypto
import STTCore

/// What happened to a packet (or a session) at one instant: the unit of the trace and of the
/// fingerprint.
public enum PacketFate: UInt8, Sendable, CustomStringConvertible {
    case sent, queued, dropped, corrupted, duplicated, reordered, delivered
    public var description: String {
        switch self {
        case .sent: return "sent"
        case .queued: return "queued"
        case .dropped: return "dropped"
        case .corrupted: return "corrupted"
        case .duplicated: return "duplicated"
        case .reordered: return "reordered"
        case .delivered: return "delivered"
        }
    }
}

/// One trace record. `link` is the link direction (-1 when the fate happened at a node).
public struct TraceRecord: Sendable {
    public let timeNanoseconds: Int64
    public let fate: PacketFate
    public let packet: UInt64
    public let node: Int32
    public let link: Int32
    public let bytes: Int32
    public let reason: NetworkDropReason?

    /// One JSON object (a line of the JSON Lines trace), with names resolved by the caller.
    public func json(nodeName: String, linkName: String?) -> String {
        var s = "{\"t\":\(timeNanoseconds),\"fate\":\"\(fate)\",\"packet\":\(packet),\"node\":\"\(nodeName)\""
        if let linkName { s += ",\"link\":\"\(linkName)\"" }
        s += ",\"bytes\":\(bytes)"
        if let reason { s += ",\"reason\":\"\(reason)\"" }
        return s + "}"
    }
}

/// SHA-256 over every trace record in order, in a fixed binary encoding: two runs with equal
/// fingerprints did the same thing at the same nanosecond.
struct Fingerprint {
    private var hasher = SHA256()
    private var buffer = [UInt8]()
    private(set) var records = 0

    mutating func add(_ r: TraceRecord) {
        buffer.append(r.fate.rawValue)
        buffer.append(UInt8(truncatingIfNeeded: (r.reason?.rawValue ?? 255)))
        append(UInt64(bitPattern: r.timeNanoseconds))
        append(r.packet)
        append(UInt64(UInt32(bitPattern: r.node)) << 32 | UInt64(UInt32(bitPattern: r.link)))
        append(UInt64(UInt32(bitPattern: r.bytes)))
        records += 1
        if buffer.count >= 4096 { flush() }
    }

    /// Mixes in a labelled event (session established, flow completed, fault applied).
    mutating func add(event: String, at time: Int64) {
        append(UInt64(bitPattern: time))
        buffer.append(contentsOf: Array(event.utf8))
        buffer.append(0)
        records += 1
    }

    private mutating func append(_ v: UInt64) {
        Swift.withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func flush() {
        hasher.update(data: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The hex digest so far (does not end the fingerprint).
    mutating func hex() -> String {
        flush()
        return hasher.finalize().hexString
    }
}
