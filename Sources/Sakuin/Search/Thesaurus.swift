import Foundation

/// Groups of words that mean the same thing, for widening a search: with lenient matching, an
/// unquoted query term that is a word of a group also matches the group's other words, and a
/// compound term also matches itself with one of its words replaced (非ナチス化 finds 非ナチ化),
/// each occurrence counting half an occurrence of the term as typed.
///
/// ``general`` holds the synonym groups of SudachiDict (nouns only): spelling variants
/// (アメリカ, 米国, 亜米利加), short and long names (ナチ, ナチス), and words of one meaning (仲介,
/// 斡旋, 橋渡し). A file of the user's own groups adds to it:
///
/// ```swift
/// // terms.txt:  停戦協議, 和平交渉, 停戦交渉
/// let terms = try Thesaurus(contentsOfFile: "terms.txt")
/// var options = SearchOptions()
/// options.thesaurus = Thesaurus.general.adding(terms)
/// ```
///
/// Words are compared after NFKC and case folding, so `ＵＳＡ`, `usa` and `USA` are one word.
public struct Thesaurus: Sendable, Equatable {
    /// One set of groups, with its words indexed.
    final class Layer: Sendable {
        let groups: [[String]]
        /// Each folded word's groups.
        let groupsByWord: [String: [Int32]]

        init(groups: [[String]]) {
            self.groups = groups
            var index: [String: [Int32]] = [:]
            index.reserveCapacity(groups.count * 3)
            for (number, words) in groups.enumerated() {
                for word in words { index[word, default: []].append(Int32(number)) }
            }
            groupsByWord = index
        }
    }

    /// A layer: the general groups, read in place (``GeneralThesaurus``), or groups given.
    enum LayerReference: Sendable {
        case general
        case given(Layer)

        /// The groups holding `word` (folded).
        func groups(containing word: String) -> [[String]] {
            switch self {
            case .general: return GeneralThesaurus.groups(containing: word)
            case .given(let layer): return (layer.groupsByWord[word] ?? []).map { layer.groups[Int($0)] }
            }
        }

        /// Every group.
        var groups: [[String]] {
            switch self {
            case .general: return GeneralThesaurus.allGroups
            case .given(let layer): return layer.groups
            }
        }

        /// Whether both name the same layer: both the general one, or one object given.
        func isSame(as other: LayerReference) -> Bool {
            switch (self, other) {
            case (.general, .general): return true
            case (.given(let first), .given(let second)): return first === second
            default: return false
            }
        }
    }

    let layers: [LayerReference]

    /// No groups: terms match only themselves.
    public static let empty = Thesaurus(layers: [])

    /// The general groups, from SudachiDict's synonym groups (24,688 groups of nouns).
    public static let general = Thesaurus(layers: [.general])

    init(layers: [LayerReference]) { self.layers = layers }

    /// Groups given in code. Each group needs two or more different words (after folding).
    public init(groups: [[String]]) throws(SakuinError) {
        var folded: [[String]] = []
        for (number, group) in groups.enumerated() {
            let words = try Thesaurus.foldedGroup(group) { "group \(number + 1): \($0)" }
            folded.append(words)
        }
        layers = [.given(Layer(groups: folded))]
    }

    /// Reads a file of groups: one group a line, its words separated by commas (`,` or `，`,
    /// spaces around them ignored). Empty lines, and lines starting with `#`, are skipped.
    /// Errors name the file and line.
    public init(contentsOfFile path: String) throws(SakuinError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SakuinError.invalidRequest("the synonyms file \(path) does not exist")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SakuinError.invalidRequest("cannot read the synonyms file \(path) as UTF-8 text")
        }
        var groups: [[String]] = []
        // `\r\n` is one Character, and a line break of its own.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "，" })
                .map(String.init)
            groups.append(try Thesaurus.foldedGroup(words) { "\(path):\(offset + 1): \($0)" })
        }
        layers = [.given(Layer(groups: groups))]
    }

    /// This thesaurus and `other` together: a word's synonyms are those of both.
    public func adding(_ other: Thesaurus) -> Thesaurus {
        Thesaurus(layers: layers + other.layers.filter { layer in !layers.contains { $0.isSame(as: layer) } })
    }

    /// Every group, each as folded words in the order given.
    public var groups: [[String]] { layers.flatMap(\.groups) }

    /// The other words of every group `word` (folded) belongs to, in group order, without
    /// repeats.
    func synonyms(of word: String) -> [String] {
        var result: [String] = []
        for layer in layers {
            for group in layer.groups(containing: word) {
                for other in group where other != word && !result.contains(other) {
                    result.append(other)
                }
            }
        }
        return result
    }

    /// `word` as the thesaurus compares words: NFKC with case folding.
    static func fold(_ word: String) -> String {
        String(decoding: Normalizer.nfkcCasefold(Array(word.utf16)).units, as: UTF16.self)
    }

    /// A group's words, trimmed, folded and without repeats; an error (worded by `place`) when
    /// fewer than two different words are left.
    private static func foldedGroup(_ words: [String], place: (String) -> String) throws(SakuinError) -> [String] {
        var folded: [String] = []
        for word in words {
            let trimmed = word.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                throw SakuinError.invalidRequest(place("an empty word (two commas in a row, or one at an end)"))
            }
            let key = fold(trimmed)
            if !folded.contains(key) { folded.append(key) }
        }
        guard folded.count >= 2 else {
            throw SakuinError.invalidRequest(place("a group needs two or more different words, separated by commas"))
        }
        return folded
    }

    /// Whether both have the same groups in the same order (at once when they share their
    /// layers, as copies of ``general`` do).
    public static func == (lhs: Thesaurus, rhs: Thesaurus) -> Bool {
        if lhs.layers.count == rhs.layers.count, zip(lhs.layers, rhs.layers).allSatisfy({ $0.isSame(as: $1) }) { return true }
        return lhs.groups == rhs.groups
    }
}
