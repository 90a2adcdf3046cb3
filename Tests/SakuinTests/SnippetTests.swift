import Foundation
import Testing
@testable import Sakuin

@Suite("Snippets") struct SnippetTests {
    let analyzer: TextAnalyzer
    init() throws { analyzer = try TextAnalyzer(Analyzer()) }

    /// A passage as the search engine sees it: original, joined and normalized.
    struct Prepared {
        var units: [UInt16]
        var joined: JoinedText
        var normalized: NormalizedText
    }

    /// Joins and normalizes the whole of `text`, as the indexer does.
    func prepare(_ text: String) -> Prepared {
        let units = Array(text.utf16)
        let joined = LineJoiner.join(units, range: 0..<units.count)
        return Prepared(units: units, joined: joined, normalized: analyzer.normalize(joined.units))
    }

    /// Every occurrence of `query`, normalized, in the normalized passage, as the engine reports
    /// matches: ranges of normalized units.
    func matches(of query: String, in passage: Prepared) -> [Range<Int>] {
        let needle = analyzer.normalize(Array(query.utf16)).units
        let haystack = passage.normalized.units
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        return (0...(haystack.count - needle.count))
            .filter { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
            .map { $0..<($0 + needle.count) }
    }

    /// The snippet of `text` for `queries`, with the builder's default length unless given.
    func snippet(_ text: String, _ queries: [String], maximumLength: Int = 120) -> Snippet {
        let passage = prepare(text)
        let found = queries.flatMap { matches(of: $0, in: passage) }
        return SnippetBuilder(maximumLength: maximumLength)
            .snippet(joined: passage.joined, normalized: passage.normalized, matches: found)
    }

    /// The original-text highlights of `text` for `query`.
    func originalHighlights(_ text: String, _ query: String) -> [Range<Int>] {
        let passage = prepare(text)
        return SnippetBuilder().originalHighlights(passageText: passage.units, joined: passage.joined,
                                                   normalized: passage.normalized,
                                                   matches: matches(of: query, in: passage))
    }

    /// The substrings of `text` that `ranges` (of scalars) cover.
    func pieces(of text: String, _ ranges: [Range<Int>]) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return ranges.map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    @Test("a short passage is shown whole, without ellipses")
    func shortPassage() {
        let result = snippet("ロシア軍の能力は限定的である。", ["能力"])
        #expect(result == Snippet(text: "ロシア軍の能力は限定的である。", highlights: [5..<7]))
    }

    @Test("a long passage is cut around the match, with a fifth of the window before it")
    func longPassage() {
        let text = String(repeating: "あ", count: 150) + "ロシア" + String(repeating: "い", count: 147)
        let result = snippet(text, ["ロシア"])
        // Window [126, 246): 24 scalars of context, the match, then 93 more.
        let expected = "…" + String(repeating: "あ", count: 24) + "ロシア" + String(repeating: "い", count: 93) + "…"
        #expect(result == Snippet(text: expected, highlights: [25..<28]))
        #expect(result.text.unicodeScalars.count == 120 + 2)
    }

    @Test("without matches, the snippet is the passage's beginning")
    func noMatches() {
        let text = String(repeating: "あ", count: 300)
        #expect(snippet(text, []) == Snippet(text: String(repeating: "あ", count: 120) + "…", highlights: []))
        #expect(snippet("短い本文", []) == Snippet(text: "短い本文", highlights: []))
    }

    @Test("a match near the end pulls the window back so it stays full")
    func matchNearTheEnd() {
        let text = String(repeating: "😀", count: 200) + "ロシア"
        let result = snippet(text, ["ロシア"])
        // The window [83, 203) ends with the text, so there is only a leading ellipsis; each
        // emoji is one scalar though two UTF-16 units.
        let expected = "…" + String(repeating: "😀", count: 117) + "ロシア"
        #expect(result == Snippet(text: expected, highlights: [118..<121]))
    }

    @Test("the window goes to the densest cluster of matches")
    func densestCluster() {
        let text = "能力" + String(repeating: "あ", count: 200)
            + "能力" + String(repeating: "い", count: 10) + "能力" + String(repeating: "い", count: 10) + "能力"
            + String(repeating: "う", count: 80)
        let result = snippet(text, ["能力"])
        // Cluster [202, 228) with three matches; window [178, 298).
        let expected = "…" + String(repeating: "あ", count: 24)
            + "能力" + String(repeating: "い", count: 10) + "能力" + String(repeating: "い", count: 10) + "能力"
            + String(repeating: "う", count: 70) + "…"
        #expect(result == Snippet(text: expected, highlights: [25..<27, 37..<39, 49..<51]))
    }

    @Test("overlapping and touching matches are merged into one highlight")
    func mergedMatches() {
        let result = snippet("ロシア軍の能力", ["能力", "軍", "の能"])
        #expect(result == Snippet(text: "ロシア軍の能力", highlights: [3..<7]))
    }

    @Test("a match across a hard line break is one range, and covers the break in the original")
    func acrossALineBreak() {
        let text = "ロシア軍\nの能力"
        #expect(snippet(text, ["軍の能"]) == Snippet(text: "ロシア軍の能力", highlights: [3..<6]))
        let original = originalHighlights(text, "軍の能")
        #expect(original == [3..<7])
        #expect(pieces(of: text, original) == ["軍\nの能"])
    }

    @Test("a full-width match highlights the full-width characters")
    func fullWidthDigits() {
        let text = "これは２０１４年の話"
        let result = snippet(text, ["2014年"])
        #expect(result == Snippet(text: text, highlights: [3..<8]))
        #expect(pieces(of: result.text, result.highlights) == ["２０１４年"])
    }

    @Test("half-width katakana contracted by normalization is highlighted whole")
    func halfWidthKatakana() {
        let text = "天然ｶﾞｽの輸入"
        let result = snippet(text, ["ガス"])
        // ｶﾞｽ is three characters normalized to two (ガス): the highlight covers all three.
        #expect(result == Snippet(text: text, highlights: [2..<5]))
        #expect(pieces(of: result.text, result.highlights) == ["ｶﾞｽ"])
        #expect(originalHighlights(text, "ガス") == [2..<5])
    }

    @Test("a character expanded by normalization is highlighted whole for a part of it")
    func expandedCharacter() {
        // ㍻ normalizes to 平成; a match on 成 alone still highlights ㍻.
        let result = snippet("㍻元年", ["成元"])
        #expect(result == Snippet(text: "㍻元年", highlights: [0..<2]))
    }

    @Test("offsets count Unicode scalars, not UTF-16 units, after a surrogate pair")
    func surrogatePairBeforeTheMatch() {
        let text = "😀絵文字の後にロシア軍"
        let result = snippet(text, ["ロシア"])
        #expect(result == Snippet(text: text, highlights: [7..<10]))
        #expect(pieces(of: result.text, result.highlights) == ["ロシア"])
        #expect(originalHighlights(text, "ロシア") == [7..<10])
    }

    @Test("in Latin text the cut falls between words")
    func latinWordBoundaries() {
        let text = String(repeating: "word ", count: 40) + "target" + String(repeating: " word", count: 40)
        let result = snippet(text, ["target"])
        // The window [176, 296) would start inside a word: it moves to the next word, at 180.
        let expected = "…" + String(repeating: "word ", count: 4) + "target" + String(repeating: " word", count: 18) + "…"
        #expect(result == Snippet(text: expected, highlights: [21..<27]))
    }

    @Test("matches out of bounds or empty are ignored")
    func outOfBoundsMatches() {
        let passage = prepare("ロシア軍")
        let result = SnippetBuilder().snippet(joined: passage.joined, normalized: passage.normalized,
                                              matches: [2..<2, 3..<99, -5..<1])
        #expect(result == Snippet(text: "ロシア軍", highlights: [0..<1, 3..<4]))
    }

    @Test("a snippet round-trips through JSON")
    func codable() throws {
        let original = Snippet(text: "…ロシア軍の能力…", highlights: [4..<7])
        let decoded = try JSONDecoder().decode(Snippet.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
    }
}
