/// How to run a search.
///
/// ```swift
/// // The second page of ten passages:
/// let page = try index.search("停戦", options: SearchOptions(limit: 10, offset: 10, groupsByDocument: false))
/// print(page.hits.first?.rank ?? 0)  // 11, if there are more than ten
/// ```
public struct SearchOptions: Sendable, Equatable {
    /// The most hits a search returns, whatever ``limit`` asks: building a hit reads its passage
    /// and makes a snippet, so one request cannot make millions. Page with ``offset`` for more.
    public static let maximumLimit = 10_000

    /// The most hits to return (1 or more); above ``maximumLimit``, that many.
    public var limit: Int
    /// How many of the best hits to pass over before the first one returned (0 or more), so
    /// that the first hit has rank `offset + 1`; past the last hit, the page is empty.
    public var offset: Int
    /// Whether to return one hit per document (its best passage) rather than every passage.
    public var groupsByDocument: Bool
    /// How documents rank when results are grouped by document: by their best passage (the
    /// default) or by all their matching passages (``DocumentRanking``).
    public var documentRanking: DocumentRanking = .bestPassage
    /// Whether each hit carries a ``SearchHit/explanation`` of its score.
    public var explains: Bool
    /// Whether each hit carries the footnotes its passage cites (``SearchHit/notes``).
    public var includesNotes: Bool
    /// How closely passages must match the query.
    public var matching: QueryMatching
    /// Whether each hit carries its passage's text: ``SearchHit/text``, ``SearchHit/snippet``
    /// and ``SearchHit/textHighlights`` (the default). Without it they are empty and a hit has
    /// its document, score, lines, kind and section: a search that only ranks documents reads
    /// no stored text and finds no query in it.
    public var includesText = true
    /// The synonym groups an unquoted term also matches under lenient matching (``Thesaurus``):
    /// by default ``Thesaurus/general``; ``Thesaurus/empty`` for none.
    public var thesaurus = Thesaurus.general

    /// Options with the defaults: the first 10 hits, grouped by document, no explanation, no
    /// notes, lenient matching.
    public init(limit: Int = 10, offset: Int = 0, groupsByDocument: Bool = true, explains: Bool = false,
                includesNotes: Bool = false, matching: QueryMatching = .lenient) {
        self.limit = limit
        self.offset = offset
        self.groupsByDocument = groupsByDocument
        self.explains = explains
        self.includesNotes = includesNotes
        self.matching = matching
    }
}
