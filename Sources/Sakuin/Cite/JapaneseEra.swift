/// A Japanese era (元号) of the modern calendar, for turning 和暦 years into Gregorian years.
///
/// An era's years count from 1, written 元年, so 令和8年 is 2026 and 平成元年 is 1989. The year an
/// era changed belongs to both eras: 昭和64年 and 平成元年 are both 1989.
///
/// Era years are written with ASCII, full-width or kanji numerals (`令和8年`, `令和８年`,
/// `令和八年`), and the era name may be a single ligature (`㋿8年`); ``readNumeral(in:at:before:)``
/// reads all of these numerals because dates in Japanese references use the same three forms.
enum JapaneseEra: String, CaseIterable, Sendable {
    case meiji = "明治"
    case taisho = "大正"
    case showa = "昭和"
    case heisei = "平成"
    case reiwa = "令和"

    /// Highest year accepted in the current era, which has no last year yet: a larger number is
    /// a misreading, not a date.
    static let maximumYearOfCurrentEra = 99

    /// The Gregorian year of the era's first year (元年).
    var firstGregorianYear: Int {
        switch self {
        case .meiji: 1868
        case .taisho: 1912
        case .showa: 1926
        case .heisei: 1989
        case .reiwa: 2019
        }
    }

    /// The era's last year counted in the era (昭和64年), or nil for the current era.
    var lastEraYear: Int? {
        switch self {
        case .meiji: 45
        case .taisho: 15
        case .showa: 64
        case .heisei: 31
        case .reiwa: nil
        }
    }

    /// The one-character form of the era's name (`㍻` for 平成), found in text converted from old encodings.
    var ligature: Unicode.Scalar {
        switch self {
        case .meiji: "\u{337E}"
        case .taisho: "\u{337D}"
        case .showa: "\u{337C}"
        case .heisei: "\u{337B}"
        case .reiwa: "\u{32FF}"
        }
    }

    /// The Gregorian year of the era's year `eraYear`, or nil if the era has no such year
    /// (昭和65年, 平成0年).
    func gregorianYear(eraYear: Int) -> Int? {
        guard eraYear >= 1, eraYear <= (lastEraYear ?? Self.maximumYearOfCurrentEra) else { return nil }
        return firstGregorianYear + eraYear - 1
    }

    /// The Gregorian year of a 和暦 year such as `令和8年`, `平成元年`, `昭和６４年` or `令和八年`,
    /// with or without the final `年`; nil if the text is not exactly one era year.
    static func gregorianYear(from text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, isSpace(scalars[start]) { start += 1 }
        while end > start, isSpace(scalars[end - 1]) { end -= 1 }
        guard let reading = readYear(in: scalars, at: start, before: end) else { return nil }
        var position = reading.end
        while position < end, isSpace(scalars[position]) { position += 1 }
        if position < end, scalars[position] == "年" { position += 1 }
        return position == end ? reading.gregorianYear : nil
    }

    /// `text` with every 和暦 year written as its Gregorian year: `令和7年4月` → `2025年4月`,
    /// `平成元年` → `1989年`. Text that is not an era year is left as it is.
    static func replacingEraYears(in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var position = 0
        while position < scalars.count {
            if let reading = readYear(in: scalars, at: position, before: scalars.count) {
                result.append(contentsOf: String(reading.gregorianYear).unicodeScalars)
                position = reading.end
            } else {
                result.append(scalars[position])
                position += 1
            }
        }
        return String(result)
    }

    /// Reads an era name and its year (`令和8`, `平成 元`, `㍻31`) starting at `start`, and returns
    /// the Gregorian year and the offset just after the year's numeral (where `年` would follow).
    static func readYear(in scalars: [Unicode.Scalar], at start: Int,
                         before end: Int) -> (gregorianYear: Int, end: Int)? {
        guard start < end, let (era, nameEnd) = readName(in: scalars, at: start, before: end) else { return nil }
        var position = nameEnd
        while position < end, isSpace(scalars[position]) { position += 1 }
        guard position < end else { return nil }
        if scalars[position] == "元" {
            return era.gregorianYear(eraYear: 1).map { ($0, position + 1) }
        }
        guard let numeral = readNumeral(in: scalars, at: position, before: end),
              let year = era.gregorianYear(eraYear: numeral.value) else { return nil }
        return (year, numeral.end)
    }

    /// Reads a whole number at `start` written in ASCII digits (`12`), full-width digits (`１２`)
    /// or kanji numerals, positional (`十二`, `六十四`, `千九百八十九`) or digit by digit (`二〇二五`).
    /// At most nine digits or twelve kanji are read, so the value never overflows.
    static func readNumeral(in scalars: [Unicode.Scalar], at start: Int,
                            before end: Int) -> (value: Int, end: Int)? {
        var position = start
        var value = 0
        while position < end, position - start < 9, let digit = arabicDigit(scalars[position]) {
            value = value * 10 + digit
            position += 1
        }
        if position > start { return (value, position) }

        var total = 0
        var pending = 0
        while position < end, position - start < 12 {
            let scalar = scalars[position]
            if let digit = kanjiDigit(scalar) {
                pending = pending * 10 + digit
            } else if let unit = kanjiUnit(scalar) {
                total += (pending == 0 ? 1 : pending) * unit
                pending = 0
            } else {
                break
            }
            position += 1
        }
        return position > start ? (total + pending, position) : nil
    }

    // MARK: - Characters

    private static func readName(in scalars: [Unicode.Scalar], at start: Int,
                                 before end: Int) -> (JapaneseEra, Int)? {
        let first = scalars[start]
        for (era, name) in names {
            if first == era.ligature { return (era, start + 1) }
            // Every era name is two kanji.
            guard first == name[0], end - start >= 2, scalars[start + 1] == name[1] else { continue }
            return (era, start + 2)
        }
        return nil
    }

    private static let names: [(JapaneseEra, [Unicode.Scalar])] = allCases.map {
        ($0, Array($0.rawValue.unicodeScalars))
    }

    private static func arabicDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: Int(scalar.value - 0xFF10)
        default: nil
        }
    }

    private static func kanjiDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "〇", "零": 0
        case "一": 1
        case "二": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    private static func kanjiUnit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "十": 10
        case "百": 100
        case "千": 1000
        default: nil
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{3000}" || scalar == "\t"
    }
}
