/// One direction of a link: `forward` runs a→b as the link was added, `reverse` b→a.
///
/// A dense index (2 × link + 0 forward / 1 reverse), so tables of directions are arrays.
public struct LinkDirectionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 2 × link + (reverse ? 1 : 0).
    public let rawValue: Int32

    public init(link: Int, reverse: Bool) { rawValue = Int32(truncatingIfNeeded: 2 * link + (reverse ? 1 : 0)) }
    init(rawValue: Int32) { self.rawValue = rawValue }

    /// The link this direction belongs to.
    public var link: Int { Int(rawValue >> 1) }
    /// Whether this is the b→a direction.
    public var isReverse: Bool { rawValue & 1 == 1 }
    /// The other direction of the same link.
    public var opposite: LinkDirectionID { LinkDirectionID(rawValue: rawValue ^ 1) }
    var index: Int { Int(rawValue) }

    /// `>` for a→b and `<` for b→a, as trace lines write it after the link's name.
    public var arrow: String { isReverse ? "<" : ">" }

    public var description: String { "link \(link)\(arrow)" }

    public static func < (a: LinkDirectionID, b: LinkDirectionID) -> Bool { a.rawValue < b.rawValue }
}
