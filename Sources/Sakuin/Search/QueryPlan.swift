/// One piece of a phrase pattern: a term that must occur at a fixed offset from the phrase start.
struct PhraseAtom: Sendable, Equatable {
    /// Offset from the start of the phrase, in token positions (UTF-16 units of normalized text,
    /// whitespace not counted).
    var offset: UInt32
    /// The term key, or the key prefix when `isPrefix` is true.
    var key: [UInt8]
    /// Whether every key that starts with `key` matches (a one-character gram, or `word*`).
    var isPrefix: Bool
    /// Units of normalized text the query's own text covers from `offset`.
    var length: UInt32
    /// How the atom matches.
    var role: Role

    /// How an atom matches; the cases are in the order explanations list them.
    enum Role: CaseIterable, Sendable {
        /// An exact character bigram.
        case bigram
        /// Any gram that starts with one character (a one-character run of the query).
        case character
        /// The run-tail gram of a Japanese run that must end there.
        case runEnd
        /// An exact ICU word.
        case word
        /// Any word that starts with the text (`word*`).
        case prefix

        /// The role's name in explanations, singular and plural.
        var names: (one: String, many: String) {
            switch self {
            case .bigram: ("bigram", "bigrams")
            case .character: ("character prefix", "character prefixes")
            case .runEnd: ("run end", "run ends")
            case .word: ("word", "words")
            case .prefix: ("word prefix", "word prefixes")
            }
        }
    }
}

/// A chain of atoms at fixed relative offsets: a query term, phrase or prefix after analysis.
struct PhrasePattern: Sendable, Equatable {
    /// Atoms in order of offset; the first is at offset 0.
    var atoms: [PhraseAtom]
}

/// A leaf of a compiled query: text the user typed, analysed into a pattern.
struct QueryLeaf: Sendable, Equatable {
    /// What the user typed, for explanations.
    var text: String
    /// `term`, `phrase` or `prefix`.
    var syntax: String
    /// Whether it searches titles (postings over documents) rather than passages.
    var inTitle: Bool
    /// What must match.
    var pattern: PhrasePattern
    /// ICU words of Japanese text in the leaf, scored as a second layer when a passage matches:
    /// a passage where the query is a word of its own ranks above one where it is part of a word.
    var wordKeys: [[UInt8]]
    /// Whether the leaf counts towards the score (false under a negation).
    var scores: Bool
    /// Patterns of look-alike spellings of an unquoted term (``LookAlikeSpellings``), matched as
    /// the leaf too, each occurrence counting ``QueryLeaf/variantWeight`` of an exact one.
    var variants: [PhrasePattern] = []
    /// Patterns of the term's synonyms (``Thesaurus``), matched as the leaf too, each
    /// occurrence counting ``QueryLeaf/synonymWeight`` of an exact one.
    var synonyms: [PhrasePattern] = []
    /// Pieces of an unquoted term of two or more pieces, for a partial match (``PartialMatcher``):
    /// the words of a compound ICU splits (停戦条件 → 停戦, 条件), else each bigram and Latin word.
    var parts: [PhrasePattern] = []

    /// Whether a passage may hold the leaf in part (lenient matching): it scores, in the body,
    /// and has two or more ``parts``.
    var isRelaxable: Bool { scores && !inTitle && parts.count >= 2 }

    /// What an occurrence of a look-alike spelling counts for, against 1 for the exact text: the
    /// slip is found, but a passage that has the term as typed ranks first.
    static let variantWeight = 0.5
    /// What an occurrence of a synonym counts for, against 1 for the term as typed: the same
    /// as a look-alike (0.2 to 1.0 rank the judged queries alike).
    static let synonymWeight = 0.5
}

/// The boolean shape of a compiled query over leaf numbers.
indirect enum QueryPlan: Sendable, Equatable {
    /// Leaf `n` of the plan's leaves.
    case leaf(Int)
    case and([QueryPlan])
    case or([QueryPlan])
    /// Everything its parent matches except what the child matches (only inside `and`).
    case not(QueryPlan)
    /// Matches nothing: a leaf with no searchable characters.
    case nothing
}
