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

    @Test("hits without text are where the catalog puts them: every kind, multi-line passages, sections and none")
    func locationsAsListed() throws {
        let index = try TestIndex.seeds()
        var listed = SearchOptions(limit: 1000, groupsByDocument: false)
        listed.includesText = true
        var located = listed
        located.includesText = false
        var kinds = Set<PassageKind>()
        var spans = 0, unsectioned = 0, sectioned = 0
        for query in ["ロシア", "年", "注", "戦争 OR 交渉"] {
            let full = try index.search(query, options: listed).hits
            let plain = try index.search(query, options: located).hits
            #expect(full.count == plain.count && !full.isEmpty)
            for (expected, hit) in zip(full, plain) {
                #expect(hit.document == expected.document && hit.score == expected.score)
                #expect(hit.lineStart == expected.lineStart && hit.lineEnd == expected.lineEnd)
                #expect(hit.kind == expected.kind && hit.section == expected.section)
                kinds.insert(hit.kind)
                if hit.lineEnd > hit.lineStart { spans += 1 }
                if hit.section == nil { unsectioned += 1 } else { sectioned += 1 }
            }
        }
        #expect(kinds == Set(PassageKind.allCases))
        #expect(spans > 0 && unsectioned > 0 && sectioned > 0)
    }
}
