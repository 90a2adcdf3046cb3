/// A short excerpt of a passage for display, with the ranges that matched the query.
///
/// Offsets are in Unicode scalars, the unit a terminal or a JSON consumer in most languages can
/// index without knowing UTF-16: `text.unicodeScalars` is the sequence `highlights` index.
///
/// ```swift
/// let snippet = Snippet(text: "…ロシア軍の能力は…", highlights: [4..<7])
/// let scalars = Array(snippet.text.unicodeScalars)
/// for range in snippet.highlights {
///     print(String(String.UnicodeScalarView(scalars[range])))  // 軍の能
/// }
/// ```
public struct Snippet: Sendable, Hashable, Codable {
    /// The excerpt: the passage's text with hard line breaks joined (as analysis joins them), cut
    /// to a window around the matches; `…` marks a cut at either end.
    public var text: String
    /// Half-open ranges of Unicode scalars within ``text`` that matched, ascending and
    /// non-overlapping (overlapping or touching matches are merged into one range).
    public var highlights: [Range<Int>]

    /// A snippet of `text` highlighting `highlights` (scalar offsets into `text`).
    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }
}
