/// What kind of unit of a document a passage is.
public enum PassageKind: String, Sendable, Codable, CaseIterable {
    /// A heading: a Markdown `#` line or one of the papers' own styles (`■`, `◆`, `【…】`, `第6章`, `(1)`).
    case heading
    /// A paragraph of body text.
    case paragraph
    /// A numbered footnote or bibliography entry, such as `4 I. William Zartman, …`.
    case footnote
    /// One row of a table.
    case tableRow = "table_row"
}

/// Text prepared for analysis, with a map back to the text it came from.
///
/// Hard line breaks inside sentences are removed or turned into spaces, so `ロシア軍\nの能力`
/// becomes `ロシア軍の能力`. Offsets are UTF-16 code units.
struct JoinedText: Sendable, Equatable {
    /// The joined text, in UTF-16 code units.
    var units: [UInt16]
    /// For each unit of `units`, the UTF-16 offset in the passage's original text it came from;
    /// one extra last entry holds the original text's length, so `sourceOffsets[units.count]`
    /// maps the end of the joined text.
    var sourceOffsets: [Int32]
}

/// A passage as cut from a document's text, before analysis.
struct PassageDraft: Sendable, Equatable {
    /// What kind of unit this is.
    var kind: PassageKind
    /// First line of the passage in the file, 1-based.
    var lineStart: Int
    /// Last line of the passage in the file, 1-based, inclusive.
    var lineEnd: Int
    /// The original text of the passage: its lines as stored in the file (line terminators
    /// `\r\n`, `\r` and `\n` all become `\n`), including any blank lines inside it.
    var text: String
    /// The text to analyse, with a map back into `text`.
    var joined: JoinedText
    /// The UTF-16 range of `text` that was joined for analysis (a heading's `#` marks are left out).
    var analysedRange: Range<Int>
    /// Whether `|` was read as a cell separator when joining (a Markdown table row).
    var cellSeparatorsAreSpaces: Bool
    /// The text of the nearest heading above this passage (one line, trimmed), if any.
    var section: String?
    /// For a footnote, its number.
    var footnoteNumber: Int?
}

/// A document's text cut into passages.
struct SplitDocument: Sendable, Equatable {
    /// The document's title: its first heading, or else its first non-empty line (trimmed), if any.
    var title: String?
    /// The passages, in file order.
    var passages: [PassageDraft]
}
