import STTCore

/// What `stt-sim analyze` found in a capture: per session and, with a key log, per stream.
/// `--json` prints it with these field names; times are seconds since the capture's first record.
public struct CaptureAnalysis: Codable, Sendable {
    public struct Direction: Codable, Sendable {
        public var packets = 0
        /// UDP payload bytes.
        public var bytes = 0
        public var protectedPackets = 0
        /// Packets whose number was already seen in this direction (network duplicates, or
        /// one packet captured twice).
        public var duplicatePackets = 0
        /// Packet numbers missing between the lowest and highest seen (lost before the capture
        /// point; zero on a capture of what senders emitted). With keys only packets that
        /// opened count, so a damaged copy cannot invent numbers.
        public var packetNumberGaps = 0
        /// Packets the key log's keys did not open (absent keys: all of them).
        public var undecryptedPackets = 0
        /// Packets cut short by the capture's snap length (counted, not decrypted).
        public var truncatedPackets = 0
    }

    public struct Stream: Codable, Sendable {
        /// "initiator>responder" or "responder>initiator".
        public var direction: String
        public var streamID: UInt32
        public var segments = 0
        /// Distinct stream bytes received.
        public var bytes = 0
        /// STREAM fragments that carried bytes already seen (retransmissions).
        public var retransmittedFragments = 0
        public var retransmittedBytes = 0
        /// Segments below the final one never seen whole (lost to the capture, or never sent).
        public var missingSegments = 0
        /// Segments the sender skipped past (live streams' deadlines).
        public var skippedSegments = 0
        /// Fragments that arrived after the sender had skipped past their segment.
        public var lateFragments = 0
        /// Fragments whose segment length contradicts an earlier fragment's (ignored).
        public var inconsistentFragments = 0
        /// More than 64 MiB waited ahead of a gap: the rest was counted, not stored, and the
        /// stream cannot be verified.
        public var bufferLimitReached = false
        public var finalSeen = false
        /// Every segment through the final one arrived whole, none skipped: the stream verifies.
        public var complete = false
        /// SHA-256 of the stream's bytes in order, when complete.
        public var sha256: String?
    }

    public struct GoodputSample: Codable, Sendable {
        /// Start of the interval, seconds.
        public var time: Double
        public var bitsPerSecond: Double
    }

    public struct Session: Codable, Sendable {
        public var id: String
        public var initiator: String?
        public var responder: String?
        public var firstSeconds: Double
        public var lastSeconds: Double
        /// From the initiation to the first protected packet of the session.
        public var handshakeSeconds: Double?
        public var rejected = false
        /// Why the responder refused: "wrong shared seed" or "unsupported suite (accepts …)".
        public var rejectReason: String?
        /// The cipher suite message 1 offered (`aesgcm`, `chachapoly`, or `unknown 0x..`).
        public var suite: String?
        public var initiatorToResponder = Direction()
        public var responderToInitiator = Direction()
        /// Whether at least one of its packets opened with the key log's keys (its figures are
        /// then authenticated; otherwise they come from cleartext headers anyone could forge).
        public var decrypted = false
        /// Whether the key log named this session (its keys may still not open its packets).
        public var keysInKeyLog = false
        public var streams: [Stream] = []
        /// Per interval: new stream bytes (decrypted) or protected payload bytes, both directions.
        public var goodput: [GoodputSample] = []
    }

    public var file: String
    public var linkType: String
    public var records = 0
    /// Records that hold an STT datagram.
    public var sttDatagrams = 0
    /// Records that held several STT datagrams (UDP segmentation offload as tcpdump sees it on
    /// the sending host or on loopback), each split and analysed datagram by datagram.
    public var segmentedRecords = 0
    /// Records that are something else (other traffic, non-UDP).
    public var otherRecords = 0
    /// Records cut short by the snap length.
    public var truncatedRecords = 0
    /// STT datagrams whose UDP checksum is wrong: normal for what a Linux host sends, captured
    /// on that host (checksum offload); the AEAD decides integrity.
    public var badChecksums = 0
    public var durationSeconds = 0.0
    public var goodputIntervalSeconds: Double
    public var sessions: [Session] = []
    /// Set when the file ends inside a record: everything before the cut was analysed.
    public var truncation: String?
}
