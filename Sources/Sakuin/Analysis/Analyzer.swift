/// The whole analysis chain, as a value: normalization, then ICU words and character grams.
///
/// Its ``fingerprint`` is stored in every index, and an index refuses to open with an analyzer
/// whose fingerprint differs, so that queries are always analysed exactly as the documents were.
///
/// ```swift
/// let analyzer = Analyzer()
/// print(analyzer.fingerprint)
/// ```
public struct Analyzer: Sendable, Hashable {
    /// The Japanese unifications applied after NFKC_Casefold.
    public var normalization: NormalizationOptions

    /// An analyzer with the given unifications (all on by default).
    public init(normalization: NormalizationOptions = NormalizationOptions()) {
        self.normalization = normalization
    }

    /// The version of the analysis rules; it changes whenever tokens would change.
    static let rulesVersion = 2

    /// A text that names everything that decides the tokens: rules, ICU and Unicode versions and
    /// options. Two analyzers with the same fingerprint produce the same tokens.
    public var fingerprint: String {
        let versions = ICUVersion.current
        return "sakuin-analyzer/\(Self.rulesVersion) icu=\(versions.icu) unicode=\(versions.unicode) "
            + "nfkc-casefold words=icu-ja(min-kana-han=2) grams=bigram+run-tail [\(normalization.signature)]"
    }
}

/// An analyzer ready to run: the value plus the ICU objects it needs. Owned by one task.
final class TextAnalyzer {
    let analyzer: Analyzer
    private let normalizer: Normalizer
    private let breaker: WordBreaker

    init(_ analyzer: Analyzer) throws(AnalysisError) {
        self.analyzer = analyzer
        self.normalizer = Normalizer(options: analyzer.normalization)
        self.breaker = try WordBreaker()
    }

    /// Normalizes `units` and cuts them into tokens of the given field.
    func analyze(_ units: [UInt16], title: Bool = false) -> AnalyzedText {
        let normalized = normalizer.normalize(units)
        let tokens = Segmenter.tokens(of: normalized.units, breaker: breaker,
                                      gramKind: title ? .titleGram : .bodyGram,
                                      wordKind: title ? .titleWord : .bodyWord)
        return AnalyzedText(normalized: normalized, tokens: tokens)
    }

    /// Normalizes `units` and logs their tokens of the given field, as indexing needs them: the
    /// keys and positions ``analyze(_:title:)`` gives, without a ``Token`` apiece. Returns the
    /// normalized length (in UTF-16 units) with the log.
    func tokenLog(_ units: [UInt16], title: Bool = false) -> (length: Int, tokens: TokenLog) {
        let normalized = normalizer.normalize(units)
        let log = Segmenter.tokenLog(of: normalized.units, breaker: breaker,
                                gramKind: title ? .titleGram : .bodyGram,
                                wordKind: title ? .titleWord : .bodyWord)
        return (normalized.units.count, log)
    }

    /// Normalizes `units` only.
    func normalize(_ units: [UInt16]) -> NormalizedText { normalizer.normalize(units) }
}
