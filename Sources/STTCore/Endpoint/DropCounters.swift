/// Counts of dropped datagrams by reason.
public struct DropCounters: Sendable, Equatable {
    private var counts = [Int](repeating: 0, count: DropReason.allCases.count)

    public init() {}

    public subscript(reason: DropReason) -> Int { counts[reason.rawValue] }

    public var total: Int { counts.reduce(0, +) }

    mutating func record(_ reason: DropReason) { counts[reason.rawValue] += 1 }

    /// The non-zero counts in `DropReason` order, for reports.
    public var nonZero: [(DropReason, Int)] {
        DropReason.allCases.compactMap { counts[$0.rawValue] > 0 ? ($0, counts[$0.rawValue]) : nil }
    }
}
