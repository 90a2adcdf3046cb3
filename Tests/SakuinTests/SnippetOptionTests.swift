import Testing
@testable import Sakuin

/// `SearchOptions.includesText`: without text, a search ranks the same hits and leaves the
/// text, snippet and highlights empty.
@Suite("Searching without text")
struct SnippetOptionTests {
    @Test("the same hits, scores, lines, kinds and sections, with no text, snippet or highlights")
    func sameHitsWithoutText() throws {
        let index = try TestIndex.seeds()
        var bare = SearchOptions(limit: 5)
        bare.includesText = false
        let full = try index.search("停戦 交渉", options: SearchOptions(limit: 5))
        let plain = try index.search("停戦 交渉", options: bare)
        #expect(full.hits.count == 5)
        #expect(plain.total == full.total)
        #expect(plain.hits.map(\.document.name) == full.hits.map(\.document.name))
        #expect(plain.hits.map(\.score) == full.hits.map(\.score))
        #expect(plain.hits.map(\.lineStart) == full.hits.map(\.lineStart))
        #expect(plain.hits.map(\.lineEnd) == full.hits.map(\.lineEnd))
        #expect(plain.hits.map(\.kind) == full.hits.map(\.kind))
        #expect(plain.hits.map(\.section) == full.hits.map(\.section))
        #expect(plain.hits.allSatisfy { $0.text.isEmpty && $0.snippet == Snippet(text: "", highlights: []) && $0.textHighlights.isEmpty })
        #expect(full.hits.allSatisfy { !$0.text.isEmpty })
        #expect(full.hits.allSatisfy { !$0.snippet.highlights.isEmpty && !$0.textHighlights.isEmpty })
    }
}
