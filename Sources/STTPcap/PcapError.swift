/// Why a capture could not be written or read. Every case names the file.
public enum PcapError: Error, Equatable, CustomStringConvertible {
    /// The file could not be created or opened for writing (bad path, no permission).
    case cannotCreate(path: String, reason: String)
    /// Writing failed part way (disk full, I/O error) after `records` records were written.
    case writeFailed(path: String, records: Int, reason: String)
    /// Writing a key log failed part way after `sessions` sessions' keys were written.
    case keyLogWriteFailed(path: String, sessions: Int, reason: String)
    /// The file could not be opened for reading, or is not a pcap/pcapng file.
    case cannotOpen(path: String, reason: String)
    /// The file ends in the middle of a record, or a record is damaged.
    case truncated(path: String, records: Int, reason: String)
    /// The capture's link type is not one this reader can take apart.
    case unsupportedLinkType(path: String, linkType: Int32, name: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason): return "\(path): cannot create the capture file: \(reason)"
        case .writeFailed(let path, let records, let reason):
            return "\(path): writing the capture failed after \(records) records: \(reason)"
        case .keyLogWriteFailed(let path, let sessions, let reason):
            return "\(path): writing the key log failed after \(sessions) sessions: \(reason)"
        case .cannotOpen(let path, let reason): return "\(path): not a readable capture: \(reason)"
        case .truncated(let path, let records, let reason):
            return "\(path): the capture is truncated or damaged after \(records) records: \(reason)"
        case .unsupportedLinkType(let path, let linkType, let name):
            return
                "\(path): unsupported link type \(linkType) (\(name)); supported: RAW, Ethernet, Linux cooked (SLL, SLL2), BSD loopback"
        }
    }
}
