/// Finds footnote markers in body text: the numbers a passage cites its notes by.
///
/// Two styles are recognised:
/// - superscript digits (`¹`, `²³`, `⁴⁵`), as PDF extraction keeps them: always markers;
/// - bare ASCII or full-width digits right after the end of a sentence or a closing bracket
///   (`…論じる。4`, `…とした」12`), the style of papers whose extraction lost the superscript.
///   Bare digits are ambiguous (`。5 月から`), so they count only when they are not followed by
///   a counter or unit (月, 年, 日, 頁, %, …), when the text has no superscript marker at all,
///   and when the document has a note of that number.
enum FootnoteMarkers {
    /// A marker: the note number and where it stands in the text.
    struct Marker: Sendable, Equatable {
        var number: Int
        /// UTF-16 offset of the marker's first digit in the text.
        var utf16Offset: Int
    }

    /// The markers in `text`, in order. `knownNumbers` are the note numbers of the document;
    /// bare-digit markers outside it are not markers.
    static func markers(in text: String, knownNumbers: Set<Int>) -> [Marker] {
        let units = Array(text.utf16)
        var markers: [Marker] = []
        var index = 0
        while index < units.count {
            guard superscriptDigit(units[index]) != nil else {
                index += 1
                continue
            }
            let start = index
            var number = 0
            while index < units.count, let digit = superscriptDigit(units[index]), number < 10_000 {
                number = number * 10 + digit
                index += 1
            }
            markers.append(Marker(number: number, utf16Offset: start))
        }
        guard markers.isEmpty, !knownNumbers.isEmpty else { return markers }

        index = 1
        while index < units.count {
            guard digit(units[index]) != nil, sentenceEnds.contains(units[index - 1]) else {
                index += 1
                continue
            }
            let start = index
            var number = 0
            while index < units.count, let value = digit(units[index]), number < 10_000 {
                number = number * 10 + value
                index += 1
            }
            // Look past spaces: `。5 月から` is a date, not note 5.
            var following = index
            while following < units.count, units[following] == 0x20 || units[following] == 0x3000 { following += 1 }
            let isUnit = following < units.count && (unitsAfterNumbers.contains(units[following]) || digit(units[following]) != nil)
            if !isUnit && knownNumbers.contains(number) {
                markers.append(Marker(number: number, utf16Offset: start))
            }
        }
        return markers
    }

    /// The value of a superscript digit, or nil.
    private static func superscriptDigit(_ unit: UInt16) -> Int? {
        switch unit {
        case 0x2070: return 0
        case 0x00B9: return 1
        case 0x00B2: return 2
        case 0x00B3: return 3
        case 0x2074...0x2079: return Int(unit - 0x2070)
        default: return nil
        }
    }

    /// The value of an ASCII or full-width digit, or nil.
    private static func digit(_ unit: UInt16) -> Int? {
        switch unit {
        case 0x30...0x39: return Int(unit - 0x30)
        case 0xFF10...0xFF19: return Int(unit - 0xFF10)
        default: return nil
        }
    }

    /// What a bare-digit marker may follow: the end of a sentence, a closing bracket or quote.
    private static let sentenceEnds: Set<UInt16> = Set("。．.」』）)】”\"".utf16)

    /// Counters and units that make digits a quantity rather than a marker.
    private static let unitsAfterNumbers: Set<UInt16> = Set("年月日時分秒頁ページ巻号章節条項回人名件万億兆%％歳倍度点位階部円ドル個つ.．,，:：/-–〜～".utf16)
}
