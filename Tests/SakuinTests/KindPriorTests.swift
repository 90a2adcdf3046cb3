import Testing
@testable import Sakuin

@Suite("ranking: the passage kind prior")
struct KindPriorTests {
    static let s001 = "001_49dd464655a60e45"
    static let s003 = "003_57592eb5b33f72b7"

    @Test("安全の保証: paragraphs that discuss it rank above the chronology's table rows that list it")
    func paragraphsBeforeTableRows() throws {
        let index = try TestIndex.seeds()
        let results = try index.search("安全の保証", options: SearchOptions(limit: 5, groupsByDocument: false))
        #expect(results.hits.map(HitLocation.init) == [
            HitLocation(Self.s001, 195, 195), HitLocation(Self.s003, 11, 11), HitLocation(Self.s001, 201, 201),
            HitLocation(Self.s001, 179, 179), HitLocation(Self.s003, 20, 20),
        ])
        #expect(results.hits.allSatisfy { $0.kind == .paragraph })
    }

    @Test("a table row's and a heading's scores are their BM25 parts times the kind's weight", arguments: [
        (PassageKind.tableRow, "安全の保証"), (PassageKind.heading, "停戦交渉"),
    ])
    func weightedScores(kind: PassageKind, query: String) throws {
        let index = try TestIndex.seeds()
        let results = try index.search(query, options: SearchOptions(limit: 1000, groupsByDocument: false, explains: true))
        let hit = try #require(results.hits.first { $0.kind == kind })
        let parts = hit.explanation.reduce(0) { $0 + $1.score }
        #expect(abs(hit.score - parts * PassageKindPrior.weight(of: kind)) < 1e-9)
        #expect(PassageKindPrior.weight(of: kind) < 1)
        // Still best first, the weights included.
        #expect(zip(results.hits, results.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test("paging through the weighted ranking gives every hit once, in the same order as one long page")
    func pagesAgreeWithOnePage() throws {
        let index = try TestIndex.seeds()
        let whole = try index.search("停戦", options: SearchOptions(limit: 63, groupsByDocument: false))
        var paged: [HitLocation] = []
        for offset in stride(from: 0, to: 63, by: 7) {
            let page = try index.search("停戦", options: SearchOptions(limit: 7, offset: offset, groupsByDocument: false))
            paged += page.hits.map(HitLocation.init)
        }
        #expect(paged == whole.hits.map(HitLocation.init))
    }
}
