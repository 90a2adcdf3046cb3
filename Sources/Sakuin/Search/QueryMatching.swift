/// How closely a passage must match a query to be found.
public enum QueryMatching: String, Sendable, CaseIterable {
    /// The query as written, after normalization: every term (in the document) and every phrase
    /// (in one passage), character for character.
    case exact
    /// As ``exact``, and also what extracted text gets wrong: an unquoted term matches its
    /// spellings with one character misread (a lost sound mark, 口 for ロ), counted at half an
    /// occurrence, and its synonyms by ``SearchOptions/thesaurus`` at half an occurrence too;
    /// and when fewer passages match in full than the page holds, passages that
    /// hold most of the query (most of its rarer character pairs) fill the page after them,
    /// marked ``SearchHit/isPartial``.
    case lenient
}
