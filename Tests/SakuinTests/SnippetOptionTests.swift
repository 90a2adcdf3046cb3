import Testing
@testable import Sakuin

/// `SearchOptions.buildsSnippets`: without snippets, a search ranks the same hits and leaves
/// the snippet and highlights empty.
@Suite("Searching without snippets")
struct SnippetOptionTests {
    @Test("the same hits, scores and lines, with empty snippets and no highlights")
    func sameHitsWithoutSnippets() throws {
        let index = try TestIndex.seeds()
        var bare = SearchOptions(limit: 5)
        bare.buildsSnippets = false
        let full = try index.search("停戦 交渉", options: SearchOptions(limit: 5))
        let plain = try index.search("停戦 交渉", options: bare)
        #expect(full.hits.count == 5)
        #expect(plain.total == full.total)
        #expect(plain.hits.map(\.document.name) == full.hits.map(\.document.name))
        #expect(plain.hits.map(\.score) == full.hits.map(\.score))
        #expect(plain.hits.map(\.lineStart) == full.hits.map(\.lineStart))
        #expect(plain.hits.map(\.text) == full.hits.map(\.text))
        #expect(plain.hits.allSatisfy { $0.snippet == Snippet(text: "", highlights: []) && $0.textHighlights.isEmpty })
        #expect(full.hits.allSatisfy { !$0.snippet.highlights.isEmpty && !$0.textHighlights.isEmpty })
    }
}
