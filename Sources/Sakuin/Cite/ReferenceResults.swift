/// The notes and bibliography entries that match a reference query, best first.
///
/// ```swift
/// let results = try index.references(matching: "Zartman Ripeness")
/// for hit in results.hits {
///     print(hit.document.name, hit.footnoteNumber ?? 0, hit.title ?? "")
/// }
/// ```
public struct ReferenceResults: Sendable, Equatable {
    /// The query as given.
    public var query: String
    /// The entries, best first.
    public var hits: [ReferenceHit]
}

/// A numbered footnote or a bibliography entry, with the references parsed out of it.
public struct ReferenceHit: Sendable, Equatable {
    /// 1 for the best hit.
    public var rank: Int
    /// How much of the query the entry holds, 0…1.
    public var score: Double
    /// The document the entry is in.
    public var document: DocumentReference
    /// The footnote's number; nil for an unnumbered bibliography entry.
    public var footnoteNumber: Int?
    /// The entry's first line (1-based lines of the file as stored).
    public var lineStart: Int
    /// The entry's last line.
    public var lineEnd: Int
    /// The entry's text as stored, its number included.
    public var text: String
    /// The bibliographic references in the entry, in order; empty for a note of commentary only.
    public var references: [BibliographicReference]

    /// The authors of the first reference that names any.
    public var authors: [String] { references.first { !$0.authors.isEmpty }?.authors ?? [] }
    /// The title of the first reference that has one.
    public var title: String? { references.lazy.compactMap(\.title).first }
    /// The year of the first reference that has one.
    public var year: Int? { references.lazy.compactMap(\.year).first }
    /// Every URL of the entry's references, in order.
    public var urls: [String] { references.flatMap(\.urls) }
}
