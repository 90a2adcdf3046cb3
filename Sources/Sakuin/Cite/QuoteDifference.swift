/// One way in which a quoted passage differs from the source text it was found in.
///
/// Strings are the text as the user typed it (for the quote) and as it stands in the source
/// (line breaks included), not their normalized forms. Differences that normalization removes
/// (full and half width, letter case, whitespace and line breaks) are never reported.
///
/// ```swift
/// let difference = QuoteDifference.substituted(quote: "う", source: "ふ")
/// print(difference)  // う→ふ
/// ```
public enum QuoteDifference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The quote has `quote` where the source has `source`: an OCR slip (`プ→ブ`, `露→口`), an old
    /// spelling (`う→ふ`) or a rewording (`この→過去`). Printed `quote→source`.
    case substituted(quote: String, source: String)
    /// The quote's ellipsis stands for `source`, `characterCount` characters of the source
    /// (whitespace not counted; 0 when the ellipsis stands for nothing). Printed
    /// `… = 23 characters`.
    case elided(source: String, characterCount: Int)
    /// The source has `source` where the quote has nothing, and no ellipsis marks the cut.
    /// Printed `missing from quote: 北朝鮮`.
    case missingFromQuote(source: String)
    /// The quote has `quote` where the source has nothing. Printed `not in source: 北朝鮮は`.
    case extraInQuote(quote: String)

    /// The difference in a few words, for a person to read.
    public var description: String {
        switch self {
        case .substituted(let quote, let source): return "\(quote)→\(source)"
        case .elided(_, let characterCount):
            return "… = \(characterCount) character" + (characterCount == 1 ? "" : "s")
        case .missingFromQuote(let source): return "missing from quote: \(source)"
        case .extraInQuote(let quote): return "not in source: \(quote)"
        }
    }
}
