/// Cuts normalized text into tokens of two layers.
///
/// - Words (precision): ICU's word break iterator for `ja`. Letters and numbers of any length;
///   kana and Han words of two characters or more (one-character words such as particles are
///   covered by the gram layer and would only bloat the index).
/// - Grams (recall): over every run of Han/kana characters, one bigram starting at each
///   character but the last, plus the run's last character alone. Every occurrence of every
///   character is thus the start of exactly one gram, so any substring of two or more characters
///   is a chain of bigrams at consecutive offsets, and a single character `露` is the range of
///   grams whose key starts with `露`.
enum Segmenter {
    static func tokens(of units: [UInt16], breaker: WordBreaker,
                       gramKind: TermKey.Kind, wordKind: TermKey.Kind) -> [Token] {
        var tokens = layers(of: units, breaker: breaker, gramKind: gramKind, wordKind: wordKind)
        assignPositions(&tokens, in: units)
        return tokens
    }

    /// Sets each token's position: its start minus the whitespace units before it.
    static func assignPositions(_ tokens: inout [Token], in units: [UInt16]) {
        guard let positions = positionMap(of: units) else { return }
        for index in tokens.indices { tokens[index].position = positions[Int(tokens[index].start)] }
    }

    /// For each offset of `units` (and its end), the position of a token starting there: the
    /// offset minus the whitespace units before it. Nil when there is no whitespace, so that
    /// every position is its offset.
    static func positionMap(of units: [UInt16]) -> [Int32]? {
        guard units.contains(where: isWhitespace) else { return nil }
        var compacted = [Int32](repeating: 0, count: units.count + 1)
        var spaces: Int32 = 0
        for (offset, unit) in units.enumerated() {
            compacted[offset] = Int32(offset) - spaces
            if isWhitespace(unit) { spaces += 1 }
        }
        compacted[units.count] = Int32(units.count) - spaces
        return compacted
    }

    /// The tokens of both layers as indexing needs them: the keys and positions that
    /// ``tokens(of:breaker:gramKind:wordKind:)`` gives, in no particular order, with no array
    /// allocated per token.
    static func tokenLog(of units: [UInt16], breaker: WordBreaker,
                    gramKind: TermKey.Kind, wordKind: TermKey.Kind) -> TokenLog {
        let positions = positionMap(of: units)
        func position(_ range: Range<Int>) -> Int32 { positions?[range.lowerBound] ?? Int32(range.lowerBound) }
        var log = TokenLog()
        // A gram a character, a word every few, keys of 4 to 7 bytes.
        log.reserveCapacity(tokens: units.count + units.count / 2, keyBytes: 8 * units.count)
        forEachGram(of: units) { log.append(kind: gramKind, utf16: units[$0], position: position($0)) }
        forEachIndexedWord(of: units, breaker: breaker) { log.append(kind: wordKind, utf16: units[$0], position: position($0)) }
        return log
    }

    /// Whitespace as it can appear in normalized text (NFKC turns most spaces into U+0020).
    static func isWhitespace(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Both layers, positions not yet set.
    private static func layers(of units: [UInt16], breaker: WordBreaker,
                               gramKind: TermKey.Kind, wordKind: TermKey.Kind) -> [Token] {
        var grams = gramTokens(of: units, kind: gramKind)
        var words: [Token] = []
        // At most a word every other unit but for one-unit words, which are few: reserved once.
        words.reserveCapacity(units.count / 2 + 1)
        forEachIndexedWord(of: units, breaker: breaker) { range in
            words.append(Token(key: TermKey(kind: wordKind, utf16: units[range]),
                               start: Int32(range.lowerBound), end: Int32(range.upperBound)))
        }
        if words.isEmpty { return grams }
        grams.append(contentsOf: words)
        grams.sort { ($0.start, $0.key.bytes.first ?? 0) < ($1.start, $1.key.bytes.first ?? 0) }
        return grams
    }

    /// Calls `body` with the range of every ICU word the word layer keeps: letters and numbers
    /// of any length, kana and Han words of two characters or more.
    private static func forEachIndexedWord(of units: [UInt16], breaker: WordBreaker, _ body: (Range<Int>) -> Void) {
        breaker.forEachWord(in: units) { word in
            let length = word.range.count
            if word.ruleStatus >= 300 && !(length >= 2 && scalarCount(units[word.range]) >= 2) { return }
            body(word.range)
        }
    }

    /// The gram layer alone.
    static func gramTokens(of units: [UInt16], kind: TermKey.Kind) -> [Token] {
        var tokens: [Token] = []
        // At most a gram a unit: reserved once.
        tokens.reserveCapacity(units.count)
        forEachGram(of: units) { range in
            tokens.append(Token(key: TermKey(kind: kind, utf16: units[range]),
                                start: Int32(range.lowerBound), end: Int32(range.upperBound)))
        }
        return tokens
    }

    /// Calls `body` with the range of every gram, in order: over every run of Han/kana
    /// characters, a bigram at each character but the last, then the last character alone.
    private static func forEachGram(of units: [UInt16], _ body: (Range<Int>) -> Void) {
        // The current run's last scalar: (UTF-16 start, UTF-16 end).
        var previous: (start: Int, end: Int)? = nil
        var index = 0
        while index < units.count {
            let (scalar, width) = scalarAt(units, index)
            let end = index + width
            if JapaneseCharacters.isBigramScalar(scalar) {
                if let previous { body(previous.start..<end) }
                previous = (index, end)
            } else if let last = previous {
                body(last.start..<last.end)
                previous = nil
            }
            index = end
        }
        if let last = previous { body(last.start..<last.end) }
    }

    /// The scalar at `index` and its width in units (an unpaired surrogate counts as U+FFFD).
    @inline(__always)
    static func scalarAt(_ units: [UInt16], _ index: Int) -> (UInt32, Int) {
        let unit = units[index]
        if UTF16.isLeadSurrogate(unit), index + 1 < units.count, UTF16.isTrailSurrogate(units[index + 1]) {
            let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(units[index + 1]) - 0xDC00)
            return (scalar, 2)
        }
        if UTF16.isLeadSurrogate(unit) || UTF16.isTrailSurrogate(unit) { return (0xFFFD, 1) }
        return (UInt32(unit), 1)
    }

    private static func scalarCount(_ units: ArraySlice<UInt16>) -> Int {
        units.reduce(0) { $0 + (UTF16.isTrailSurrogate($1) ? 0 : 1) }
    }
}
