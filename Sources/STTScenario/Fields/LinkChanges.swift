import STTCore
import STTSim

/// Changes to a link direction's parameters, read once and applied to whichever base they
/// modify: the defaults (a link), the forward direction (a link's `reverse`), or the link as it
/// is (`set-link`).
struct LinkChanges: Sendable {
    private var changes: [@Sendable (inout LinkParameters) -> Void] = []

    mutating func add(_ change: @escaping @Sendable (inout LinkParameters) -> Void) { changes.append(change) }

    func applied(to base: LinkParameters) -> LinkParameters {
        var p = base
        for change in changes { change(&p) }
        return p
    }

    static func + (a: LinkChanges, b: LinkChanges) -> LinkChanges {
        var out = a
        out.changes += b.changes
        return out
    }
}
