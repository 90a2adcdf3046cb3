/// How ``SearchIndex/cite(_:options:)`` looks for a quote's source.
///
/// ```swift
/// var options = CitationOptions()
/// options.limit = 1
/// options.style = .bibtex
/// ```
public struct CitationOptions: Sendable, Hashable {
    /// The most matches to return, best first.
    public var limit: Int
    /// The lowest alignment score (0…1) a match needs. The default separates quotes that come
    /// from the text, with OCR slips, dropped words, ellipses or light rewording, from plausible
    /// sentences that are not in it, on the judged citation cases.
    public var minimumScore: Double
    /// The style of each match's ``CitationMatch/citation``.
    public var style: CitationStyle

    /// The default minimum score, between the scores of light paraphrases (0.65 and more on the
    /// seed papers) and of sentences on the same topics that are not in them (0.56 and less).
    public static let defaultMinimumScore = 0.6

    /// Options with up to `limit` matches of at least `minimumScore`, cited in `style`.
    public init(limit: Int = 3, minimumScore: Double = CitationOptions.defaultMinimumScore,
                style: CitationStyle = .plain) {
        self.limit = limit
        self.minimumScore = minimumScore
        self.style = style
    }
}
