/// Where a quote was found in a source text, how closely it matches, and what differs.
///
/// Made by ``QuoteAligner/align(quote:in:)``.
struct QuoteAlignment: Sendable, Equatable {
    /// The span of the source the quote came from, in UTF-16 code units of the source text as
    /// given: from the first to the last source character aligned with a quote character
    /// (equal or substituted), rounded outwards to whole characters. Source text that only an
    /// ellipsis stands for lies inside it when the quote has characters on both sides.
    var sourceRange: Range<Int>
    /// How closely the quote matches that span, in [0, 1]; 1 means identical after
    /// normalization. See ``QuoteAligner`` for the formula.
    var score: Double
    /// What differs, in source order.
    var differences: [QuoteDifference]
}
