import STTCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends sessions' keys to a key log file as they are established (each session once).
public final class KeyLogWriter {
    public let path: String
    public private(set) var sessions = 0
    public private(set) var failure: PcapError?
    private var file: UnsafeMutablePointer<FILE>?
    private var logged: Set<SessionID> = []  // membership only, never iterated

    public init(path: String) throws(PcapError) {
        self.path = path
        guard let f = fopen(path, "w") else {
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        file = f
        write(KeyLog.header + "\n")
    }

    deinit { try? close() }

    public func log(_ id: SessionID, _ keys: SessionTrafficKeys) {
        guard logged.insert(id).inserted else { return }
        sessions += 1
        write(KeyLog.line(id, keys) + "\n")
    }

    private func write(_ text: String) {
        guard let file, failure == nil else { return }
        if fputs(text, file) < 0 || ferror(file) != 0 {
            failure = .keyLogWriteFailed(path: path, sessions: sessions, reason: String(cString: strerror(errno)))
        }
    }

    public func close() throws(PcapError) {
        if let f = file {
            if fflush(f) != 0, failure == nil {
                failure = .keyLogWriteFailed(path: path, sessions: sessions, reason: String(cString: strerror(errno)))
            }
            fclose(f)
            file = nil
        }
        if let failure { throw failure }
    }
}
