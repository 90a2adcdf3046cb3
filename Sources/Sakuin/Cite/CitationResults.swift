/// The sources found for a quote, best first; empty when the quote is in no indexed document.
///
/// ```swift
/// let results = try index.cite("停戦交渉は2026年も継続する公算が高い")
/// if let best = results.matches.first {
///     print(best.citation)
/// }
/// ```
public struct CitationResults: Sendable, Equatable {
    /// The quote as given.
    public var quote: String
    /// The matches, best first, each a different span.
    public var matches: [CitationMatch]
}

/// One source of a quote: where it is, the exact text there, how well it matches and how to
/// cite it.
public struct CitationMatch: Sendable, Equatable {
    /// 1 for the best match.
    public var rank: Int
    /// The document the span is in.
    public var document: DocumentReference
    /// The first and last line of the span (1-based lines of the file as stored).
    public var lineStart: Int
    /// The last line of the span.
    public var lineEnd: Int
    /// The page the span starts on, when the document marks its pages with form feeds.
    public var page: Int?
    /// How closely the quote matches the span: 1 when identical after normalization (width,
    /// case, spaces and line breaks ignored), lower with each difference.
    public var score: Double
    /// The span as the file has it, line breaks included.
    public var sourceText: String
    /// What differs between the quote and the span, in source order, so the quote can be
    /// corrected (`プ→ブ`, an ellipsis standing for 23 characters, …).
    public var differences: [QuoteDifference]
    /// The citation, in the style the options asked for.
    public var citation: String
    /// The document's bibliographic metadata, from its sidecar file or its text.
    public var metadata: DocumentMetadata
}
