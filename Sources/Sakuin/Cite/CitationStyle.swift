/// The form of a citation string.
///
/// ```swift
/// let style = CitationStyle(rawValue: "bibtex")
/// print(style == .bibtex)  // true
/// ```
public enum CitationStyle: String, Sendable, Hashable, CaseIterable, Codable {
    /// One line in the Japanese convention, `著者「題名」『掲載誌』発行者, 年月日, 該当箇所.`,
    /// or in Western order (`Author, “Title,” *Container*, …`) for a title in Latin script.
    case plain
    /// A BibTeX entry, its key made from the document's name.
    case bibtex
}
