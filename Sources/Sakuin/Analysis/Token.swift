/// One token of analysed text: a term and where it stands in the normalized text.
struct Token: Sendable, Equatable {
    /// The term.
    var key: TermKey
    /// UTF-16 offset of the token's first unit in the normalized text; also its position in the
    /// index, so that phrase matching compares offsets exactly.
    var start: Int32
    /// UTF-16 offset just past the token in the normalized text.
    var end: Int32
}

/// Text after analysis: the normalized text with its offset map, and its tokens in order of
/// position (grams and words interleaved).
struct AnalyzedText: Sendable, Equatable {
    var normalized: NormalizedText
    var tokens: [Token]
}
