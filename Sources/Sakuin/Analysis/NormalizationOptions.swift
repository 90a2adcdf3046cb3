/// The Japanese unifications applied after ICU's NFKC_Casefold, each one a named switch.
///
/// NFKC_Casefold already makes full-width and half-width forms equal (`２０１４年` ≡ `2014年`,
/// `ｳｸﾗｲﾅ` ≡ `ウクライナ`, `ＮＡＴＯ` ≡ `nato`). These options go further, in the spirit of
/// Groonga's `NormalizerNFKC` options. Every option is on by default.
///
/// ```swift
/// var options = NormalizationOptions()
/// options.unifyKanaCase = false   // keep っ and つ apart
/// let analyzer = Analyzer(normalization: options)
/// ```
public struct NormalizationOptions: Sendable, Hashable, Codable {
    /// Small kana as their large forms: `ぁ→あ`, `っ→つ`, `ゃ→や`, `ァ→ア`, `ッ→ツ`, `ヵ→カ`, `ヶ→ケ`.
    /// Finds `なかった` in text extracted as `なかつた`. Default `true`.
    public var unifyKanaCase = true
    /// Prolonged sound marks and the dashes used for them as `ー`: `ー — ― ─ ━ ｰ`. Default `true`.
    public var unifyProlongedSoundMarks = true
    /// Hyphen and minus variants as `-`: `‐ ‑ ‒ – ⁃ − ﹣ －`. Default `true`.
    public var unifyHyphens = true
    /// Middle dots as `・`: `· • ‧ ∙ ⋅ ･`. Default `true`.
    public var unifyMiddleDots = true
    /// Katakana ヴ sounds as their バ-row forms: `ヴァ→バ`, `ヴィ→ビ`, `ヴ→ブ`, `ヴェ→ベ`, `ヴォ→ボ`.
    /// Default `true`.
    public var unifyKatakanaVSounds = true
    /// Iteration marks spelled out: `人々→人人`, `こゝろ→こころ`, `いすゞ→いすず`. Default `true`.
    public var expandIterationMarks = true
    /// A small table of variant kanji as their common forms: `髙→高`, `﨑→崎`, `德→徳`, `邊→辺`.
    /// Default `true`.
    public var unifyVariantKanji = true
    /// Wave dashes and tildes as the range mark `〜` (`～`, `~`, `〰`). `〜` stays a range mark: it is
    /// never taken for a prolonged sound mark. Default `true`.
    public var unifyWaveDashes = true

    /// All unifications on: the default.
    public init() {}

    /// A stable text form of the options, part of the analyzer's fingerprint.
    var signature: String {
        let flags: [(String, Bool)] = [
            ("kana-case", unifyKanaCase), ("prolonged", unifyProlongedSoundMarks),
            ("hyphens", unifyHyphens), ("middle-dots", unifyMiddleDots),
            ("v-sounds", unifyKatakanaVSounds), ("iteration", expandIterationMarks),
            ("variant-kanji", unifyVariantKanji), ("wave-dashes", unifyWaveDashes),
        ]
        return flags.map { "\($0.0)=\($0.1 ? 1 : 0)" }.joined(separator: ",")
    }
}
