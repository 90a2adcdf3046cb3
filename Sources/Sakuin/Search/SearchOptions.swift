/// How to run a search.
public struct SearchOptions: Sendable, Equatable {
    /// The most hits to return (1 or more).
    public var limit: Int
    /// Whether to return one hit per document (its best passage) rather than every passage.
    public var groupsByDocument: Bool
    /// Whether each hit carries a ``SearchHit/explanation`` of its score.
    public var explains: Bool
    /// Whether each hit carries the footnotes its passage cites (``SearchHit/notes``).
    public var includesNotes: Bool
    /// How closely passages must match the query.
    public var matching: QueryMatching

    /// Options with the defaults: 10 hits, grouped by document, no explanation, no notes,
    /// lenient matching.
    public init(limit: Int = 10, groupsByDocument: Bool = true, explains: Bool = false, includesNotes: Bool = false,
                matching: QueryMatching = .lenient) {
        self.limit = limit
        self.groupsByDocument = groupsByDocument
        self.explains = explains
        self.includesNotes = includesNotes
        self.matching = matching
    }
}
