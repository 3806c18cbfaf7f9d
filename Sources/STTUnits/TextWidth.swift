/// How wide text is on a terminal, so tables line up with any names (Hebrew, CJK, emoji): each
/// grapheme cluster is one column, or two when it is wide (emoji presentation, East Asian wide
/// and full-width forms). Text is never cut: a long cell widens its column.
public enum TextWidth {
    /// Terminal columns `text` takes.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + columns($1) }
    }

    /// `text` followed by spaces up to `width` columns (unchanged when it is already as wide).
    public static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    private static func columns(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        if c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }  // emoji variation selector
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
