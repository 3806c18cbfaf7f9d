/// What a capture wrote: its files, its key log and any write failure. Part of run reports.
public struct CaptureSummary: Codable, Sendable, Equatable {
    public struct File: Codable, Sendable, Equatable {
        public let path: String
        /// The node, for per-node files.
        public let node: String?
        /// Packets written.
        public let records: Int

        public init(path: String, node: String?, records: Int) {
            self.path = path
            self.node = node
            self.records = records
        }
    }

    public struct KeyLogFile: Codable, Sendable, Equatable {
        public let path: String
        public let sessions: Int

        public init(path: String, sessions: Int) {
            self.path = path
            self.sessions = sessions
        }
    }

    public let files: [File]
    public let keylog: KeyLogFile?
    public let direction: String
    public let snapLength: Int
    /// Write failures (disk full, ...): the files stop at the failure.
    public let errors: [String]

    public init(files: [File], keylog: KeyLogFile?, direction: String, snapLength: Int, errors: [String]) {
        self.files = files
        self.keylog = keylog
        self.direction = direction
        self.snapLength = snapLength
        self.errors = errors
    }
}
