/// Tables of Japanese characters for the normalizer and the segmenter, over UTF-16 units.
enum JapaneseCharacters {
    /// Whether `scalar` belongs to a run that is cut into character bigrams: Han, Hiragana,
    /// Katakana (with `ー`), and the marks `々 〆 〇`.
    @inline(__always)
    static func isBigramScalar(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3041...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF: return true  // kana
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return true  // Han
        case 0x20000...0x323AF: return true  // Han, supplementary planes
        case 0x3005, 0x3006, 0x3007: return true  // 々 〆 〇
        default: return false
        }
    }

    /// Small kana as their large forms (`ぁ→あ`, `っ→つ`, `ッ→ツ`, `ヵ→カ`, `ヶ→ケ`, …).
    static func largeKana(_ unit: UInt16) -> UInt16? {
        switch unit {
        case 0x3041, 0x3043, 0x3045, 0x3047, 0x3049: return unit + 1  // ぁぃぅぇぉ
        case 0x3063: return 0x3064  // っ
        case 0x3083, 0x3085, 0x3087: return unit + 1  // ゃゅょ
        case 0x308E: return 0x308F  // ゎ
        case 0x3095: return 0x304B  // ゕ
        case 0x3096: return 0x3051  // ゖ
        case 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9: return unit + 1  // ァィゥェォ
        case 0x30C3: return 0x30C4  // ッ
        case 0x30E3, 0x30E5, 0x30E7: return unit + 1  // ャュョ
        case 0x30EE: return 0x30EF  // ヮ
        case 0x30F5: return 0x30AB  // ヵ
        case 0x30F6: return 0x30B1  // ヶ
        case 0x31F0: return 0x30AF  // ㇰ
        case 0x31F1: return 0x30B7
        case 0x31F2: return 0x30B9
        case 0x31F3: return 0x30C8
        case 0x31F4: return 0x30CC
        case 0x31F5: return 0x30CF
        case 0x31F6: return 0x30D2
        case 0x31F7: return 0x30D5
        case 0x31F8: return 0x30D8
        case 0x31F9: return 0x30DB
        case 0x31FA: return 0x30E0
        case 0x31FB, 0x31FC, 0x31FD, 0x31FE, 0x31FF: return 0x30E9 + (unit - 0x31FB)  // ㇻㇼㇽㇾㇿ
        default: return nil
        }
    }

    /// `ー` and the dashes used as prolonged sound marks in extracted text (`— ― ─ ━ ｰ`).
    static func isProlongedSoundMarkVariant(_ unit: UInt16) -> Bool {
        unit == 0x2014 || unit == 0x2015 || unit == 0x2500 || unit == 0x2501 || unit == 0xFF70
    }

    /// Hyphen and minus variants (`‐ ‑ ‒ – ⁃ − ﹣ －`).
    static func isHyphenVariant(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2043, 0x2212, 0xFE63, 0xFF0D: return true
        default: return false
        }
    }

    /// Middle dot variants (`· • ‧ ∙ ⋅ ･`).
    static func isMiddleDotVariant(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x00B7, 0x2022, 0x2027, 0x2219, 0x22C5, 0xFF65, 0x0387: return true
        default: return false
        }
    }

    /// Wave dash and tilde variants (`～ ~ 〰`), unified to the range mark `〜`.
    static func isWaveDashVariant(_ unit: UInt16) -> Bool {
        unit == 0x007E || unit == 0xFF5E || unit == 0x3030 || unit == 0x223C
    }

    /// `ヴァ ヴィ ヴェ ヴォ` as `バ ビ ベ ボ`: given the unit after `ヴ`, the merged form.
    static func vSoundWithSmallVowel(_ next: UInt16) -> UInt16? {
        switch next {
        case 0x30A1: return 0x30D0  // ァ → バ
        case 0x30A3: return 0x30D3  // ィ → ビ
        case 0x30A7: return 0x30D9  // ェ → ベ
        case 0x30A9: return 0x30DC  // ォ → ボ
        default: return nil
        }
    }

    /// An iteration mark spelled out from the previous unit: `々` repeats a kanji, `ゝ`/`ヽ` a kana,
    /// `ゞ`/`ヾ` a kana with a voiced mark.
    static func expandIterationMark(_ unit: UInt16, previous: UInt16) -> UInt16? {
        switch unit {
        case 0x3005:  // 々
            return isHan(previous) ? previous : nil
        case 0x309D, 0x30FD:  // ゝ ヽ
            return isKana(previous) ? unvoiced(previous) : nil
        case 0x309E, 0x30FE:  // ゞ ヾ
            return isKana(previous) ? voiced(previous) : nil
        default:
            return nil
        }
    }

    /// Variant kanji as their common forms.
    static func commonKanji(_ unit: UInt16) -> UInt16? {
        let common = commonKanjiByUnit[Int(unit)]
        return common == unit ? nil : common
    }

    /// ``variantKanji`` as a table over every UTF-16 unit, each unit itself where it has no
    /// common form: the normalizer asks for every unit of every text, and a load from this
    /// table costs a fraction of a dictionary lookup.
    private static let commonKanjiByUnit: [UInt16] = {
        var table = (0...UInt16.max).map { $0 }
        for (variant, common) in variantKanji { table[Int(variant)] = common }
        return table
    }()

    private static let variantKanji: [UInt16: UInt16] = [
        0x9AD9: 0x9AD8,  // 髙 → 高
        0xFA11: 0x5D0E,  // 﨑 → 崎
        0x5D5C: 0x5D0E,  // 嵜 → 崎
        0x5FB7: 0x5FB3,  // 德 → 徳
        0x908A: 0x8FBA,  // 邊 → 辺
        0x9089: 0x8FBA,  // 邉 → 辺
        0x6FA4: 0x6CA2,  // 澤 → 沢
        0x6FF5: 0x6D5C,  // 濵 → 浜
        0x6EE8: 0x6D5C,  // 濱 → 浜
        0x570B: 0x56FD,  // 國 → 国
        0x9F4B: 0x658E,  // 齋 → 斎
        0x9F4A: 0x6589,  // 齊 → 斉
        0x5EE3: 0x5E83,  // 廣 → 広
        0x767C: 0x767A,  // 發 → 発
        0x5BEC: 0x5BDB,  // 寬 → 寛
        0x771E: 0x771F,  // 眞 → 真
    ]

    private static func isHan(_ unit: UInt16) -> Bool {
        (0x4E00...0x9FFF).contains(unit) || (0x3400...0x4DBF).contains(unit) || (0xF900...0xFAFF).contains(unit)
    }

    private static func isKana(_ unit: UInt16) -> Bool {
        (0x3041...0x3096).contains(unit) || (0x30A1...0x30FA).contains(unit)
    }

    /// The voiced form of a kana (か → が), or the kana itself if it has none.
    private static func voiced(_ unit: UInt16) -> UInt16 {
        let base = unvoiced(unit)
        // In both kana blocks the voiced form follows the plain one for か…と and は…ほ rows.
        let offset: UInt16 = base >= 0x30A1 ? 0x60 : 0
        let hiragana = base - offset
        switch hiragana {
        case 0x304B...0x3062 where (hiragana - 0x304B) % 2 == 0: return base + 1
        case 0x3064, 0x3066, 0x3068: return base + 1
        case 0x306F...0x307D where (hiragana - 0x306F) % 3 == 0: return base + 1
        case 0x3046: return offset == 0 ? 0x3094 : 0x30F4
        default: return base
        }
    }

    /// The plain form of a voiced kana (が → か), or the kana itself.
    private static func unvoiced(_ unit: UInt16) -> UInt16 {
        let offset: UInt16 = unit >= 0x30A1 ? 0x60 : 0
        let hiragana = unit - offset
        switch hiragana {
        case 0x304C...0x3063 where (hiragana - 0x304C) % 2 == 0 && hiragana != 0x3063: return unit - 1
        case 0x3065, 0x3067, 0x3069: return unit - 1
        case 0x3070...0x307E where (hiragana - 0x3070) % 3 == 0: return unit - 1
        // は-row semi-voiced forms (ぱ ぴ ぷ ぺ ぽ) sit two after the plain one.
        case 0x3071...0x307E where (hiragana - 0x3071) % 3 == 0: return unit - 2
        default: return unit
        }
    }
}
