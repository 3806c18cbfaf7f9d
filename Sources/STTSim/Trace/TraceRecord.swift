import STTCore

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
