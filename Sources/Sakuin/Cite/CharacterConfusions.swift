/// Characters that are easily taken for one another, with what it costs the aligner to accept
/// one in place of the other.
///
/// The confusions come from three sources: OCR of Japanese print (voiced sound marks lost or
/// added, small kana read as large, katakana read as look-alike kanji, dashes), old kana spelling
/// (`といふ` for `という`, `ゐ` for `い`) and typographic conventions (`，．` for `、。`). Every
/// confusion works in both directions. Characters are compared after NFKC_Casefold, so width
/// and case variants need no entry.
///
/// The whole table is ``standardGroups``: each entry lists groups of characters, separated by
/// spaces, whose members are all confusable with one another at the entry's cost. A pair listed
/// in several groups costs the least of them.
struct CharacterConfusions: Sendable {
    /// A character that may stand for another one, and the cost of accepting it.
    struct Partner: Sendable, Equatable {
        /// The other character, as a Unicode scalar value.
        var scalar: UInt32
        /// The cost of aligning the two, below the cost of an arbitrary substitution.
        var cost: Float
    }

    /// One line of the table: groups of mutually confusable characters and their cost.
    struct Entry: Sendable {
        /// Groups of characters separated by spaces, such as `"かが はばぱ"`.
        var groups: String
        /// The cost of taking any member of a group for another member of the same group.
        var cost: Float
    }

    /// Cost of a voiced or semi-voiced mark lost, added or misread.
    static let voicingCost: Float = 0.25
    /// Cost of a small kana read as large or the reverse.
    static let kanaSizeCost: Float = 0.2
    /// Cost of an old kana spelling for the modern one.
    static let oldSpellingCost: Float = 0.3
    /// Cost of a character OCR read as a look-alike of another script.
    static let lookAlikeCost: Float = 0.3
    /// Cost of one dash or punctuation style for another.
    static let punctuationCost: Float = 0.2

    /// Voiced and semi-voiced sound marks lost, added or misread, hiragana then katakana.
    static let voicingGroups: [Entry] = [
        Entry(groups: "かが きぎ くぐ けげ こご さざ しじ すず せぜ そぞ ただ ちぢ つづ てで とど "
                + "はばぱ ひびぴ ふぶぷ へべぺ ほぼぽ うゔ ゝゞ", cost: voicingCost),
        Entry(groups: "カガ キギ クグ ケゲ コゴ サザ シジ スズ セゼ ソゾ タダ チヂ ツヅ テデ トド "
                + "ハバパ ヒビピ フブプ ヘベペ ホボポ ウヴ ワヷ ヰヸ ヱヹ ヲヺ ヽヾ", cost: voicingCost),
    ]

    /// Look-alikes across scripts, as OCR confuses them.
    static let lookAlikeGroups: [Entry] = [
        Entry(groups: "ロ口 エ工 カ力 ニ二 ハ八 タ夕 ト卜 ー一 へヘ べベ ぺペ りリ 〇○ 0o 1l",
              cost: lookAlikeCost),
    ]

    /// The confusion table.
    static let standardGroups: [Entry] = voicingGroups + [
        // Small and large kana.
        Entry(groups: "あぁ いぃ うぅ えぇ おぉ かゕ けゖ つっ やゃ ゆゅ よょ わゎ", cost: kanaSizeCost),
        Entry(groups: "アァ イィ ウゥ エェ オォ カヵ ケヶ ツッ ヤャ ユュ ヨョ ワヮ "
                + "クㇰ シㇱ スㇲ トㇳ ヌㇴ ハㇵ ヒㇶ フㇷ ヘㇸ ホㇹ ムㇺ ラㇻ リㇼ ルㇽ レㇾ ロㇿ", cost: kanaSizeCost),
        // Old kana spelling: ハ行転呼 (といふ, 思ひ, 言へ), ゐ ゑ を, and じ/ぢ ず/づ.
        Entry(groups: "ふう はわ ひい へえ ほお ゐい ゑえ をお じぢ ずづ ヰイ ヱエ ヲオ ジヂ ズヅ",
              cost: oldSpellingCost),
    ] + lookAlikeGroups + [
        // Prolonged sound mark, hyphens, minus and box-drawing dashes.
        Entry(groups: "ー-‐‒–—―−─━", cost: punctuationCost),
        // Punctuation styles: academic ，．for 、。, quotation brackets, middle dots, wave dashes.
        Entry(groups: "、, 。. 「『 」』 ・·•∙ 〜~", cost: punctuationCost),
    ]

    /// The misreadings of print that a search also tries for a query term: sound marks and
    /// look-alikes across scripts (small kana and width need none: the analyzer folds them).
    static let misreadings = CharacterConfusions(voicingGroups + lookAlikeGroups)

    /// The table built from ``standardGroups``.
    static let standard = CharacterConfusions(standardGroups)

    private let partnersByScalar: [UInt32: [Partner]]

    /// A table of the confusions `entries` describe.
    init(_ entries: [Entry]) {
        var costs: [UInt32: [UInt32: Float]] = [:]
        for entry in entries {
            for group in entry.groups.split(separator: " ") {
                let members = group.unicodeScalars.map(\.value)
                for first in members {
                    for second in members where second != first {
                        let known = costs[first]?[second] ?? .infinity
                        costs[first, default: [:]][second] = min(known, entry.cost)
                    }
                }
            }
        }
        partnersByScalar = costs.mapValues { partners in
            // Sorted so that the aligner's work does not depend on dictionary order.
            partners.map { Partner(scalar: $0.key, cost: $0.value) }.sorted { $0.scalar < $1.scalar }
        }
    }

    /// The characters `scalar` may be confused with, ascending; empty for most characters.
    func partners(of scalar: UInt32) -> [Partner] {
        partnersByScalar[scalar] ?? []
    }

    /// The cost of taking `first` for `second`: nil when they are not confusable (or equal).
    func cost(_ first: UInt32, _ second: UInt32) -> Float? {
        partnersByScalar[first]?.first { $0.scalar == second }?.cost
    }
}
