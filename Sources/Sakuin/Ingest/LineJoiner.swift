/// Character classes the passage splitter and the line joiner need, over UTF-16 code units.
///
/// Kept apart from `JapaneseCharacters` on purpose: these answer layout questions (does this end a
/// sentence, is this a full-width character, is this blank) rather than analysis questions.
enum SplitterCharacters {
    static let lineFeed: UInt16 = 0x0A
    static let carriageReturn: UInt16 = 0x0D
    static let space: UInt16 = 0x20
    static let tab: UInt16 = 0x09
    static let verticalBar: UInt16 = 0x7C

    /// Whitespace for trimming lines and joining text: spaces of every width (U+3000 included),
    /// tabs, and every C0/C1 control, so a NUL byte never reaches analysis as a character.
    @inline(__always)
    static func isWhitespace(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x0000...0x0020, 0x007F...0x009F, 0x00A0, 0x1680, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Characters typeset full-width in Japanese text. A line break between two characters where
    /// either side is one of these is an artefact of layout, not a word boundary.
    @inline(__always)
    static func isJapaneseSide(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x2460...0x27BF: return true  // ①, box drawing, ■ ◆ ●, symbols, dingbats
        case 0x2190...0x21FF: return true  // arrows
        case 0x2E80...0x9FFF: return true  // CJK punctuation, kana, Han and their neighbours
        case 0xF900...0xFAFF, 0xFE30...0xFE4F: return true  // compatibility ideographs and forms
        case 0xFF00...0xFFEF: return true  // full-width ASCII, half-width kana
        case 0xD800...0xDFFF: return true  // surrogates: in this text, Han beyond the BMP
        default: return false
        }
    }

    /// Columns a character takes in a monospaced rendering (2 for wide characters), used to
    /// compare line lengths of hard-wrapped text whatever its mix of full- and half-width.
    @inline(__always)
    static func displayWidth(_ unit: UInt16) -> Int {
        switch unit {
        case 0xDC00...0xDFFF: return 0  // the high surrogate already counted the pair
        case 0x1100...0x115F, 0x2460...0x27BF, 0x2E80...0xA4CF, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0xD800...0xDBFF:
            return 2
        default:
            return 1
        }
    }

    @inline(__always)
    static func isHiragana(_ unit: UInt16) -> Bool { (0x3041...0x309F).contains(unit) }

    /// Whether `unit` is a letter or digit of some script: what a sentence cut mid-word ends with.
    @inline(__always)
    static func isWordCharacter(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x00C0...0x024F, 0x0370...0x052F: return true  // Latin accents, Greek, Cyrillic
        case 0x3005...0x3007, 0x3041...0x309F, 0x30A1...0x30FF, 0x3400...0x9FFF: return true
        case 0xF900...0xFAFF, 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return true
        case 0xD800...0xDFFF: return true
        default: return false
        }
    }

    /// Punctuation that closes a sentence or a quotation: a line ending with one of these may end
    /// a paragraph. `>` is not among them, so a URL in angle brackets does not close a sentence.
    @inline(__always)
    static func isClosingPunctuation(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x3002, 0xFF0E, 0x2E, 0xFF01, 0x21, 0xFF1F, 0x3F:  // 。 ． . ！ ! ？ ?
            return true
        case 0x300D, 0x300F, 0xFF09, 0x29, 0x3011, 0x3015, 0xFF3D, 0x5D, 0x3009, 0x300B:
            return true  // 」 』 ） ) 】 〕 ］ ] 〉 》
        case 0x201D, 0x2019, 0x22, 0x2026, 0x2025:  // ” ’ " … ‥
            return true
        default:
            return false
        }
    }

    /// Punctuation that ends a sentence proper (not a bracket): a heading never ends with one.
    @inline(__always)
    static func isSentenceFinal(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x3002, 0xFF0E, 0x2E, 0xFF01, 0x21, 0xFF1F, 0x3F: return true
        default: return false
        }
    }

    /// Punctuation after which a sentence must go on: `、 ， , ： :`.
    @inline(__always)
    static func isClauseSeparator(_ unit: UInt16) -> Bool {
        unit == 0x3001 || unit == 0xFF0C || unit == 0x2C || unit == 0xFF1A || unit == 0x3A
    }

    /// Superscript digits, as footnote references written after the last word of a line.
    @inline(__always)
    static func isSuperscriptDigit(_ unit: UInt16) -> Bool {
        unit == 0x00B9 || unit == 0x00B2 || unit == 0x00B3 || unit == 0x2070
            || (0x2074...0x2079).contains(unit)
    }

    /// The value of an ASCII or full-width digit.
    @inline(__always)
    static func digitValue(_ unit: UInt16) -> Int? {
        switch unit {
        case 0x30...0x39: return Int(unit - 0x30)
        case 0xFF10...0xFF19: return Int(unit - 0xFF10)
        default: return nil
        }
    }
}

/// Turns the text of a passage into the text to analyse: hard line breaks inside sentences are
/// removed (between Japanese characters) or become one space (between Latin words), and every
/// other run of whitespace becomes one space, keeping a map back to the original offsets.
enum LineJoiner {
    /// Joins `range` of `text` (UTF-16 units of a passage's original text).
    ///
    /// - Parameter cellSeparatorsAreSpaces: whether `|` separates cells (a Markdown table row), so
    ///   it is read as whitespace.
    /// - Returns: the joined units; `sourceOffsets` indexes `text`, with `text.count` appended.
    static func join(_ text: [UInt16], range: Range<Int>, cellSeparatorsAreSpaces: Bool = false) -> JoinedText {
        var units: [UInt16] = []
        var sourceOffsets: [Int32] = []
        units.reserveCapacity(range.count)
        sourceOffsets.reserveCapacity(range.count + 1)

        // A whitespace run is held back until the next visible unit decides what it becomes;
        // a run at the start or the end of the passage is dropped (trimmed).
        var whitespaceRunStart: Int?
        var whitespaceRunHasLineBreak = false
        for utf16Offset in range {
            let unit = text[utf16Offset]
            if SplitterCharacters.isWhitespace(unit)
                || (cellSeparatorsAreSpaces && unit == SplitterCharacters.verticalBar) {
                if whitespaceRunStart == nil { whitespaceRunStart = utf16Offset }
                if unit == SplitterCharacters.lineFeed { whitespaceRunHasLineBreak = true }
                continue
            }
            if let runStart = whitespaceRunStart, let previous = units.last,
               !whitespaceRunHasLineBreak || isWordGap(between: previous, and: unit) {
                units.append(SplitterCharacters.space)
                sourceOffsets.append(Int32(runStart))
            }
            whitespaceRunStart = nil
            whitespaceRunHasLineBreak = false
            units.append(unit)
            sourceOffsets.append(Int32(utf16Offset))
        }
        sourceOffsets.append(Int32(text.count))
        return JoinedText(units: units, sourceOffsets: sourceOffsets)
    }

    /// Whether a line break between `previous` and `next` separates two words: only when neither
    /// side is Japanese, since Japanese is written without spaces and PDF extraction breaks lines
    /// anywhere (`ロシア軍\nの能力`), while `Hurting\nStalemate` are two words.
    @inline(__always)
    private static func isWordGap(between previous: UInt16, and next: UInt16) -> Bool {
        !SplitterCharacters.isJapaneseSide(previous) && !SplitterCharacters.isJapaneseSide(next)
    }
}
