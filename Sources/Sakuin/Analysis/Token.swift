/// One token of analysed text: a term, where it stands in the normalized text, and its position.
struct Token: Sendable, Equatable {
    /// The term.
    var key: TermKey
    /// UTF-16 offset of the token's first unit in the normalized text.
    var start: Int32
    /// UTF-16 offset just past the token in the normalized text.
    var end: Int32
    /// The token's position in the index: its `start` minus the whitespace units before it.
    /// Phrase matching compares positions, so `2014 年` and `2014年` (PDF text often spaces a
    /// number from its unit) are the same phrase, while a Japanese run that a space ends still
    /// ends there (its run-tail gram says so).
    var position: Int32

    init(key: TermKey, start: Int32, end: Int32, position: Int32? = nil) {
        self.key = key
        self.start = start
        self.end = end
        self.position = position ?? start
    }
}

/// Text after analysis: the normalized text with its offset map, and its tokens in order of
/// position (grams and words interleaved).
struct AnalyzedText: Sendable, Equatable {
    var normalized: NormalizedText
    var tokens: [Token]
}
