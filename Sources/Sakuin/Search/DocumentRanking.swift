/// How results grouped by document (``SearchOptions/groupsByDocument``) rank their documents.
///
/// Either way the boolean query is decided per document: every required term must occur
/// somewhere in the document (in any passages), a phrase within one passage, and `-term`
/// excludes documents that have the term anywhere. ``SearchResults/total`` counts documents, and
/// each hit shows the document's best passage.
///
/// ```swift
/// var options = SearchOptions(limit: 10)
/// options.documentRanking = .allPassages
/// let results = try index.search("\"停戦\" \"交渉\"", options: options)
/// ```
public enum DocumentRanking: Sendable, Equatable {
    /// A document ranks by its best passage; the hit's score is that passage's score.
    case bestPassage
    /// A document ranks by its best passage's score plus a damped share of its other matching
    /// passages' scores: the second best counts half, the third a quarter, and so on, so a
    /// document that holds the query in several passages (or its terms spread over them) ranks
    /// above one that mentions it once, without long documents winning by length alone. The
    /// hit's score is the document's score.
    case allPassages
}
