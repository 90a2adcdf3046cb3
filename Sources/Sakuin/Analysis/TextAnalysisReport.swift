/// What the analyzer makes of a text: its normalized form and its tokens, for a user debugging a
/// missed match.
///
/// ```swift
/// let report = try TextAnalysisReport(text: "ＮＡＴＯ加盟")
/// print(report.normalized)   // "nato加盟"
/// ```
public struct TextAnalysisReport: Sendable, Equatable, CustomStringConvertible {
    /// One token: its layer, its text and its UTF-16 range in the normalized text.
    public struct Token: Sendable, Equatable {
        /// `word` (an ICU word) or `gram` (a character bigram, or the last character of a run).
        public var layer: String
        /// The token's text.
        public var text: String
        /// UTF-16 offsets of the token in ``TextAnalysisReport/normalized``.
        public var range: Range<Int>
    }

    /// The analyzer's fingerprint.
    public var fingerprint: String
    /// The text after normalization.
    public var normalized: String
    /// The tokens, in order of position.
    public var tokens: [Token]

    /// Analyses `text` with `analyzer`.
    public init(text: String, analyzer: Analyzer = Analyzer()) throws(AnalysisError) {
        let session = try TextAnalyzer(analyzer)
        let analysed = session.analyze(Array(text.utf16))
        fingerprint = analyzer.fingerprint
        normalized = analysed.normalized.string
        tokens = analysed.tokens.map { token in
            Token(layer: token.key.kind?.isGram == true ? "gram" : "word", text: token.key.text,
                  range: Int(token.start)..<Int(token.end))
        }
    }

    /// A readable report: the normalized text, then the words, then the grams with offsets.
    public var description: String {
        func line(_ layer: String) -> String {
            tokens.filter { $0.layer == layer }.map { "\($0.text)@\($0.range.lowerBound)" }.joined(separator: " ")
        }
        return """
            normalized: \(normalized)
            words:      \(line("word"))
            grams:      \(line("gram"))
            analyzer:   \(fingerprint)
            """
    }
}
