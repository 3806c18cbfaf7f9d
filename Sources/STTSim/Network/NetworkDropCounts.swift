/// Packets dropped on one link direction, by reason.
public struct NetworkDropCounts: Equatable, Sendable, Codable {
    private var counts = [Int](repeating: 0, count: NetworkDropReason.allCases.count)

    public init() {}

    public subscript(reason: NetworkDropReason) -> Int {
        get { counts[reason.rawValue] }
        set { counts[reason.rawValue] = newValue }
    }

    public var total: Int { counts.reduce(0, +) }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for reason in NetworkDropReason.allCases {
            try container.encode(self[reason], forKey: Key(stringValue: reason.reportKey))
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for reason in NetworkDropReason.allCases {
            self[reason] = try container.decodeIfPresent(Int.self, forKey: Key(stringValue: reason.reportKey)) ?? 0
        }
    }
}
