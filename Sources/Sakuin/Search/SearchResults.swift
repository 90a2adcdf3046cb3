/// The outcome of a search: one page of the best hits, best first.
public struct SearchResults: Sendable, Equatable {
    /// The query as given.
    public var query: String
    /// How many documents matched the whole query (or passages, when not grouped by document);
    /// may exceed `hits.count`, which is capped by the limit and starts after the offset. Partial
    /// hits (``SearchHit/isPartial``) are not counted.
    public var total: Int
    /// The hits, best first; the first has rank ``offset`` + 1.
    public var hits: [SearchHit]
    /// How many of the best hits the page passes over (``SearchOptions/offset``).
    public var offset: Int = 0
    /// Whether the query holds anything to search for. A query of only punctuation, symbols or
    /// emoji (`!!!`, `。、`, `🇺🇦🤝🇷🇺`) has none: it matches nothing, and this is false, so that a
    /// caller can say why rather than report a plain miss.
    public var hasSearchableTerms: Bool = true
}

/// The document a hit belongs to.
public struct DocumentReference: Sendable, Hashable {
    /// The file's stem, such as `001_c8b0a2d1e4f56789`; for an in-memory document, its name.
    public var name: String
    /// The file's absolute path; for an in-memory document, its name.
    public var path: String
    /// The document's title (its first heading or first line), if it has one.
    public var title: String?
}

/// One matching passage, located in its file, with a snippet to show.
public struct SearchHit: Sendable, Equatable {
    /// Position in the results, from 1 (the offset counted: the first hit of a page at offset
    /// 10 has rank 11).
    public var rank: Int
    /// The BM25 score: higher is better; comparable only within one search.
    public var score: Double
    /// The document.
    public var document: DocumentReference
    /// The passage's first line in the file, from 1.
    public var lineStart: Int
    /// The passage's last line in the file, inclusive.
    public var lineEnd: Int
    /// What kind of passage it is.
    public var kind: PassageKind
    /// The heading the passage is under, if any.
    public var section: String?
    /// A short excerpt around the matches, with highlight ranges.
    public var snippet: Snippet
    /// The whole passage as stored in the file (line breaks as `\n`).
    public var text: String
    /// Ranges of Unicode scalars of ``text`` that matched, ascending.
    public var textHighlights: [Range<Int>]
    /// Why the passage matched, when ``SearchOptions/explains`` was set; empty otherwise.
    public var explanation: [ScorePart]
    /// The footnotes the passage cites by marker (`¹`, `²³`, or bare digits after a sentence in
    /// papers that use them), in marker order, when ``SearchOptions/includesNotes`` was set;
    /// empty otherwise.
    public var notes: [CitedNote] = []
    /// Whether the passage holds only part of the query: found by lenient matching after every
    /// passage that holds all of it (``QueryMatching/lenient``).
    public var isPartial = false
}

/// A footnote cited by a passage.
public struct CitedNote: Sendable, Equatable {
    /// The note's number, as the marker gives it.
    public var number: Int
    /// The note's first line in the file.
    public var lineStart: Int
    /// The note's last line in the file.
    public var lineEnd: Int
    /// The note's text as stored, its number included.
    public var text: String
}

/// One term's share of a hit's score.
public struct ScorePart: Sendable, Equatable {
    /// The query text the part comes from, as typed (for a word part, the word).
    public var term: String
    /// `body` or `title`.
    public var field: String
    /// How it matched: `phrase of 3 bigrams`, `word`, `prefix`, … in plain words.
    public var matchedAs: String
    /// Times it occurs in the passage (for a title part, in the title).
    public var termFrequency: Int
    /// Passages (documents, for a title part) it occurs in, across the index.
    public var documentFrequency: Int
    /// Inverse document frequency used.
    public var inverseDocumentFrequency: Double
    /// The part's contribution to the score.
    public var score: Double
}
