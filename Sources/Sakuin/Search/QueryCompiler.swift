/// Turns a parsed query into leaves with phrase patterns, analysing each leaf's text with the
/// index's analyzer exactly as documents were analysed.
///
/// A Japanese run of two or more characters becomes its chain of bigrams at consecutive offsets
/// (the run's last character needs no gram of its own: the last bigram covers it, and in a
/// document the run may go on). A one-character run becomes a key prefix: every gram that starts
/// with that character. Letters and digits become exact ICU words, the last one a prefix in
/// `word*`. Punctuation and spaces are not matched themselves, but a Japanese run followed by one
/// in the query must end there in the document too (its run-tail gram), so a gap in a phrase
/// stands for a separator, never for a word character.
struct QueryCompiler {
    let analyzer: TextAnalyzer
    /// Whether unquoted terms also match their look-alike spellings (``LookAlikeSpellings``).
    var matchesLookAlikes = false
    /// Synonym groups whose other words an unquoted term also matches (nil: none).
    var thesaurus: Thesaurus?

    /// The plan and its leaves. A query with no searchable character anywhere is an error.
    func compile(_ node: QueryNode) throws(SakuinError) -> (plan: QueryPlan, leaves: [QueryLeaf]) {
        guard let compiled = searchablePlan(node) else {
            throw SakuinError.query(QuerySyntaxError(
                message: "the query has nothing to search for: it needs at least one letter, digit or Japanese character",
                column: 1))
        }
        return compiled
    }

    /// The plan and its leaves, or nil when no leaf of the query has a searchable character
    /// (only punctuation, symbols, emoji, combining marks): such a query matches nothing, and
    /// a search reports an empty result rather than an error.
    func searchablePlan(_ node: QueryNode) -> (plan: QueryPlan, leaves: [QueryLeaf])? {
        var leaves: [QueryLeaf] = []
        let plan = simplify(build(node, negated: false, leaves: &leaves))
        return plan == .nothing ? nil : (plan, leaves)
    }

    private func build(_ node: QueryNode, negated: Bool, leaves: inout [QueryLeaf]) -> QueryPlan {
        switch node {
        case .term(let text, let field, _):
            return leaf(text, syntax: "term", field: field, prefix: false, negated: negated, leaves: &leaves)
        case .phrase(let text, let field, _):
            return leaf(text, syntax: "phrase", field: field, prefix: false, negated: negated, leaves: &leaves)
        case .prefix(let text, let field, _):
            return leaf(text, syntax: "prefix", field: field, prefix: true, negated: negated, leaves: &leaves)
        case .and(let children):
            return .and(children.map { build($0, negated: negated, leaves: &leaves) })
        case .or(let children):
            return .or(children.map { build($0, negated: negated, leaves: &leaves) })
        case .not(let child):
            return .not(build(child, negated: !negated, leaves: &leaves))
        }
    }

    private func leaf(_ text: String, syntax: String, field: QueryField?, prefix: Bool, negated: Bool,
                      leaves: inout [QueryLeaf]) -> QueryPlan {
        let inTitle = field == .title
        let analysed = analyzer.analyze(Array(text.utf16), title: inTitle)
        let (pattern, wordKeys) = QueryCompiler.pattern(of: analysed, lastWordIsPrefix: prefix)
        guard !pattern.atoms.isEmpty else { return .nothing }
        var variants: [PhrasePattern] = []
        // Spelled from the normalized text, so that every form of the same query (half-width,
        // combining marks) expands alike; not for terms shorter than three characters, where one
        // misread character is too much of the term to guess.
        // Made only for a term that may have them (lenient matching): exact matching spares it.
        lazy var normalized = String(decoding: analysed.normalized.units, as: UTF16.self)
        if matchesLookAlikes, syntax == "term", !negated, normalized.unicodeScalars.count >= LookAlikeSpellings.minimumLength {
            for spelling in LookAlikeSpellings.of(normalized) {
                let (variant, _) = QueryCompiler.pattern(of: analyzer.analyze(Array(spelling.utf16), title: inTitle),
                                                         lastWordIsPrefix: false)
                if !variant.atoms.isEmpty, variant != pattern, !variants.contains(variant) { variants.append(variant) }
            }
        }
        var synonyms: [PhrasePattern] = []
        // Only a term with Japanese in it: a Latin word's synonyms in katakana (RAND → ランド)
        // would be found inside other words (ポーランド).
        if let thesaurus, syntax == "term", !negated,
           normalized.unicodeScalars.contains(where: { JapaneseCharacters.isBigramScalar($0.value) }) {
            for spelling in synonymSpellings(of: text, analysed: analysed, in: thesaurus) {
                let (synonym, _) = QueryCompiler.pattern(of: analyzer.analyze(Array(spelling.utf16), title: inTitle),
                                                         lastWordIsPrefix: false)
                if !synonym.atoms.isEmpty, synonym != pattern, !variants.contains(synonym), !synonyms.contains(synonym) {
                    synonyms.append(synonym)
                }
            }
        }
        leaves.append(QueryLeaf(text: text, syntax: syntax, inTitle: inTitle, pattern: pattern,
                                wordKeys: wordKeys, scores: !negated, variants: variants, synonyms: synonyms))
        let phraseIndex = leaves.count - 1
        let phrase = QueryPlan.leaf(phraseIndex)
        if syntax == "term", !negated, !inTitle {
            let pieces = pattern.atoms.filter { $0.role == .bigram || $0.role == .word }
                .map { PhrasePattern(atoms: [PhraseAtom(offset: 0, key: $0.key, isPrefix: false, length: $0.length, role: $0.role)]) }
            if pieces.count >= 2 { leaves[phraseIndex].parts = pieces }
        }
        // An unquoted Japanese term that ICU cuts into several words (停戦条件 → 停戦 + 条件) also
        // matches a document that has every one of those words, apart: papers say 停戦の条件 as
        // often as 停戦条件. Passages with the exact term still rank first (they hold every part
        // and the phrase). A quoted phrase stays exact.
        // Not when every word is katakana: ICU's dictionary cuts loanwords into pieces that are
        // not words of them (ティラミス → テイ + ミス).
        guard syntax == "term", !negated, !inTitle, wordKeys.count >= 2,
              !wordKeys.allSatisfy(QueryCompiler.isKatakana) else { return phrase }
        var parts: [Int] = []
        for key in wordKeys {
            let word = String(decoding: key.dropFirst(), as: UTF8.self)
            let (wordPattern, _) = QueryCompiler.pattern(of: analyzer.analyze(Array(word.utf16)), lastWordIsPrefix: false)
            guard !wordPattern.atoms.isEmpty else { continue }
            leaves.append(QueryLeaf(text: word, syntax: "term part", inTitle: false, pattern: wordPattern,
                                    wordKeys: [], scores: true))
            parts.append(leaves.count - 1)
        }
        guard parts.count >= 2 else { return phrase }
        leaves[phraseIndex].parts = parts.map { leaves[$0].pattern }
        return .or([phrase, .and(parts.map(QueryPlan.leaf))])
    }

    /// Most synonym spellings one term expands to, so that a long query stays cheap.
    static let maximumSynonyms = 16

    /// Spellings of `text` that mean the same by `thesaurus`: the other words of its groups
    /// when the whole term is a word of one; else the term with one of its Japanese ICU words
    /// replaced by a synonym of that word (非ナチス化 → 非ナチ化), only by synonyms without Latin
    /// letters or digits, which would not be written inside a Japanese compound.
    private func synonymSpellings(of text: String, analysed: AnalyzedText, in thesaurus: Thesaurus) -> [String] {
        let whole = thesaurus.synonyms(of: Thesaurus.fold(text.trimmingCharacters(in: .whitespaces)))
        if !whole.isEmpty { return Array(whole.prefix(QueryCompiler.maximumSynonyms)) }
        let source = Array(text.utf16)
        let offsets = analysed.normalized.sourceOffsets
        var spellings: [String] = []
        for token in analysed.tokens {
            guard let kind = token.key.kind, !kind.isGram, QueryCompiler.isJapanese(token, in: analysed.normalized.units)
            else { continue }
            let start = Int(offsets[Int(token.start)])
            let end = Int(offsets[Int(token.end)])
            guard start < end, start > 0 || end < source.count else { continue }
            let word = String(decoding: source[start..<end], as: UTF16.self)
            for synonym in thesaurus.synonyms(of: Thesaurus.fold(word)) where !synonym.contains(where: \.isASCII) {
                spellings.append(String(decoding: source[..<start], as: UTF16.self) + synonym
                                 + String(decoding: source[end...], as: UTF16.self))
                if spellings.count == QueryCompiler.maximumSynonyms { return spellings }
            }
        }
        return spellings
    }

    /// Whether a word key's text is all katakana (and the prolonged sound mark).
    static func isKatakana(_ key: [UInt8]) -> Bool {
        String(decoding: key.dropFirst(), as: UTF8.self).unicodeScalars.allSatisfy { (0x30A0...0x30FF).contains($0.value) }
    }

    /// The pattern of analysed query text, and its Japanese ICU words.
    static func pattern(of analysed: AnalyzedText, lastWordIsPrefix: Bool) -> (PhrasePattern, [[UInt8]]) {
        var atoms: [PhraseAtom] = []
        var wordKeys: [[UInt8]] = []
        let bigramEnds = Set(analysed.tokens.filter { ($0.key.kind?.isGram ?? false) && !isSingleCharacter($0) }.map(\.end))
        var lastLatinWord: Int?
        for token in analysed.tokens {
            guard let kind = token.key.kind else { continue }
            let length = UInt32(token.end - token.start)
            if kind.isGram {
                if !isSingleCharacter(token) {
                    atoms.append(PhraseAtom(offset: UInt32(token.position), key: token.key.bytes, isPrefix: false,
                                            length: length, role: .bigram))
                } else if analysed.normalized.units[Int(token.end)...].contains(where: { !Segmenter.isWhitespace($0) }) {
                    // The run ends before the query does (a space, punctuation or Latin follows):
                    // the document's run must end there too, which its run-tail gram says. This
                    // keeps `"停戦 交渉"` from matching 停戦と交渉.
                    atoms.append(PhraseAtom(offset: UInt32(token.position), key: token.key.bytes, isPrefix: false,
                                            length: length, role: .runEnd))
                } else if !bigramEnds.contains(token.end) {
                    atoms.append(PhraseAtom(offset: UInt32(token.position), key: token.key.bytes, isPrefix: true,
                                            length: length, role: .character))
                }
            } else if isJapanese(token, in: analysed.normalized.units) {
                wordKeys.append(token.key.bytes)
            } else {
                atoms.append(PhraseAtom(offset: UInt32(token.position), key: token.key.bytes, isPrefix: false,
                                        length: length, role: .word))
                lastLatinWord = atoms.count - 1
            }
        }
        if lastWordIsPrefix, let index = lastLatinWord, atoms[index].offset + atoms[index].length == atoms.map({ $0.offset + $0.length }).max() {
            atoms[index].isPrefix = true
            atoms[index].role = .prefix
        }
        atoms.sort { $0.offset != $1.offset ? $0.offset < $1.offset : $0.key.lexicographicallyPrecedes($1.key) }
        if let first = atoms.first?.offset {
            for index in atoms.indices { atoms[index].offset -= first }
        }
        var uniqueWords: [[UInt8]] = []
        for key in wordKeys where !uniqueWords.contains(key) { uniqueWords.append(key) }
        return (PhrasePattern(atoms: atoms), uniqueWords)
    }

    private static func isSingleCharacter(_ token: Token) -> Bool {
        let length = token.end - token.start
        return length == 1 || (length == 2 && (token.key.bytes.count == 5))  // one supplementary-plane scalar
    }

    private static func isJapanese(_ token: Token, in units: [UInt16]) -> Bool {
        let start = Int(token.start)
        guard start < units.count else { return false }
        return JapaneseCharacters.isBigramScalar(Segmenter.scalarAt(units, start).0)
    }

    /// Removes `nothing` where it does not change the meaning: an `and` or `or` drops such
    /// children, a `not nothing` is dropped, and a group left empty is `nothing`.
    private func simplify(_ plan: QueryPlan) -> QueryPlan {
        switch plan {
        case .leaf, .nothing: return plan
        case .not(let child):
            let inner = simplify(child)
            return inner == .nothing ? .nothing : .not(inner)
        case .and(let children):
            let kept = children.map(simplify).filter { $0 != .nothing }
            let positive = kept.filter { if case .not = $0 { return false } else { return true } }
            if positive.isEmpty { return .nothing }
            return kept.count == 1 ? kept[0] : .and(kept)
        case .or(let children):
            let kept = children.map(simplify).filter { $0 != .nothing }
            if kept.isEmpty { return .nothing }
            return kept.count == 1 ? kept[0] : .or(kept)
        }
    }
}
