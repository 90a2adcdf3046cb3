import Foundation
import Testing
@testable import Sakuin

/// Document-level search: results grouped by document, each document ranked by its best passage
/// or by all its matching passages (`DocumentRanking`). Passages are separated by blank lines.
@Suite("document-level search")
struct DocumentSearchTests {
    /// A small collection, added in this order (so catalog ids, which break score ties, follow it).
    static let documents: [InMemoryDocument] = [
        // 停戦 and ロシア in different passages; 交渉が and 始まった cut by a blank line.
        InMemoryDocument(name: "spread", text: "停戦の交渉が\n\n始まった。\n\nロシアは拒否した。\n"),
        // Both words in one passage, and the phrase whole.
        InMemoryDocument(name: "together", text: "停戦の交渉が始まった。ロシアも同意した。\n"),
        // 停戦 in one passage only, then unrelated text.
        InMemoryDocument(name: "once", text: "停戦\n\n天気は晴れ。\n"),
        // 停戦 in two passages of the same text as `once`'s.
        InMemoryDocument(name: "twice", text: "停戦\n\n停戦\n"),
        // 停戦 and 条件 apart: the words of 停戦条件, but not the term itself.
        InMemoryDocument(name: "apart", text: "停戦の条件\n"),
    ]

    /// Runs `body` with a new index of ``documents``.
    private func withIndex(_ body: (SearchIndex) throws -> Void) throws {
        try TestIndex.withTemporaryDirectory("sakuin-documents") { directory in
            let index = try SearchIndex(directory: directory + "/index")
            try index.add(Self.documents)
            try body(index)
        }
    }

    private func options(_ ranking: DocumentRanking, limit: Int = 10) -> SearchOptions {
        var options = SearchOptions(limit: limit, groupsByDocument: true)
        options.documentRanking = ranking
        return options
    }

    @Test("every required word must occur in the document, in any of its passages")
    func wordsAcrossPassages() throws {
        try withIndex { index in
            let results = try index.search("\"停戦\" \"ロシア\"", options: options(.allPassages))
            #expect(results.total == 2)
            #expect(results.hits.map(\.document.name).sorted() == ["spread", "together"])
        }
    }

    @Test("a phrase must occur within one passage")
    func phraseWithinOnePassage() throws {
        try withIndex { index in
            let results = try index.search("\"交渉が始まった\"", options: options(.allPassages))
            #expect(results.total == 1)
            #expect(results.hits.map(\.document.name) == ["together"])
        }
    }

    @Test("a quoted word that ICU splits must match as written; unquoted, its words may be apart")
    func quotedWordIsAPhrase() throws {
        try withIndex { index in
            #expect(try index.search("\"停戦条件\"", options: options(.allPassages)).total == 0)
            let unquoted = try index.search("停戦条件", options: options(.allPassages))
            #expect(unquoted.hits.map(\.document.name) == ["apart"])
        }
    }

    @Test("the total counts documents, not passages", arguments: [DocumentRanking.bestPassage, .allPassages])
    func totalCountsDocuments(ranking: DocumentRanking) throws {
        try withIndex { index in
            let passages = try index.search("停戦", options: SearchOptions(limit: 100, groupsByDocument: false))
            #expect(passages.total == 6)
            let documents = try index.search("停戦", options: options(ranking, limit: 2))
            #expect(documents.total == 5)
            #expect(documents.hits.count == 2)
        }
    }

    @Test("a negated word keeps out documents that have it in any passage")
    func negationPerDocument() throws {
        try withIndex { index in
            let results = try index.search("\"停戦\" -ロシア", options: options(.allPassages))
            #expect(results.hits.map(\.document.name).sorted() == ["apart", "once", "twice"])
            #expect(results.total == 3)
        }
    }

    @Test("ranked by the best passage, equal passages tie and the earlier document wins")
    func bestPassageRanking() throws {
        try withIndex { index in
            let results = try index.search("\"停戦\" -交渉 -条件", options: options(.bestPassage))
            #expect(results.hits.map(\.document.name) == ["once", "twice"])
            #expect(results.hits[0].score == results.hits[1].score)
        }
    }

    @Test("ranked by all passages, a second equal passage adds half its score")
    func allPassagesRanking() throws {
        try withIndex { index in
            let passages = try index.search("\"停戦\" -交渉 -条件", options: SearchOptions(limit: 10, groupsByDocument: false))
            #expect(passages.hits.map(\.document.name) == ["once", "twice", "twice"])
            let passageScore = passages.hits[0].score
            #expect(passages.hits.allSatisfy { $0.score == passageScore })

            let results = try index.search("\"停戦\" -交渉 -条件", options: options(.allPassages))
            #expect(results.hits.map(\.document.name) == ["twice", "once"])
            #expect(results.hits.map(\.score) == [passageScore + passageScore * 0.5, passageScore])
            // The hit shows the document's best passage: the first of the equal ones.
            #expect(results.hits[0].lineStart == 1)
            #expect(results.total == 2)
        }
    }

    @Test("the ranker weighs a document's passages 1, 1/2, 1/4 … in score order")
    func rankerWeights() {
        let candidates = [
            Searcher.Candidate(score: 8, segment: 0, passage: 0, document: 1),
            Searcher.Candidate(score: 6, segment: 0, passage: 5, document: 2),
            Searcher.Candidate(score: 4, segment: 0, passage: 1, document: 1),
            Searcher.Candidate(score: 4, segment: 0, passage: 2, document: 1),
            Searcher.Candidate(score: 3, segment: 0, passage: 6, document: 2),
        ]
        let ranked = DocumentRanker(ranking: .allPassages).rank(candidates)
        #expect(ranked.map(\.document) == [1, 2])
        #expect(ranked.map(\.score) == [8 + 4 * 0.5 + 4 * 0.25, 6 + 3 * 0.5])
        #expect(ranked.map(\.passage) == [0, 5])
        let best = DocumentRanker(ranking: .bestPassage).rank(candidates)
        #expect(best.map(\.score) == [8, 6])
        #expect(best.map(\.passage) == [0, 5])
    }

    @Test("ranking documents from passages in index order gives what ranking them sorted gives")
    func groupedRankingMatchesSorted() {
        var random = SplitMix64(seed: 42)
        for round in 0..<200 {
            // Documents own consecutive passages of one segment, as in an index; scores repeat
            // often (few distinct values), so ties between passages and documents are exercised.
            var candidates: [Searcher.Candidate] = []
            var passage: UInt32 = 0
            for document in 1...Int64(1 + round % 9) {
                let segment = Int(document % 2)
                for _ in 0..<(1 + Int(random.next() % 5)) {
                    let score = Double(random.next() % 4) + 0.25 * Double(random.next() % 3)
                    candidates.append(Searcher.Candidate(score: score, segment: segment, passage: passage, document: document))
                    passage += 1
                }
            }
            let sorted = candidates.sorted(by: Searcher.Candidate.ranksBefore)
            for ranking in [DocumentRanking.allPassages, .bestPassage] {
                let ranker = DocumentRanker(ranking: ranking)
                let expected = ranker.rank(sorted)
                let grouped = ranker.rank(groupedByDocument: candidates)
                #expect(grouped.map(\.document) == expected.map(\.document))
                #expect(grouped.map(\.score) == expected.map(\.score))
                #expect(grouped.map(\.passage) == expected.map(\.passage))
                // Keeping the first k gives the first k, and still counts every document.
                for kept in [1, 2, 3, expected.count, expected.count + 1] {
                    let top = ranker.rank(groupedByDocument: candidates, keeping: kept)
                    #expect(top.documentCount == expected.count)
                    #expect(top.entries.map(\.document) == expected.prefix(kept).map(\.document))
                    #expect(top.entries.map(\.score) == expected.prefix(kept).map(\.score))
                }
            }
        }
    }

    @Test("a short page of documents ranked by all passages is the head of the full ranking", arguments: [
        "停戦", "ロシア", "ロシア ウクライナ", "\"北朝鮮\" OR 停戦", "交渉",
    ])
    func shortPageIsHeadOfFullRanking(query: String) throws {
        let index = try TestIndex.seeds()
        var all = SearchOptions(limit: 1000, groupsByDocument: true, matching: .exact)
        all.documentRanking = .allPassages
        all.includesText = false
        let full = try index.search(query, options: all)
        // Several documents, some with many passages: the kept page fills, and documents below
        // it are passed over by their bound without a sort.
        #expect(full.total >= 3)
        for limit in 1...3 {
            var page = all
            page.limit = limit
            let short = try index.search(query, options: page)
            #expect(short.total == full.total)
            #expect(short.hits.map(\.document.name) == full.hits.prefix(limit).map(\.document.name))
            #expect(short.hits.map(\.score) == full.hits.prefix(limit).map(\.score))
            #expect(short.hits.map(\.lineStart) == full.hits.prefix(limit).map(\.lineStart))
        }
    }

    @Test("the fast passage score equals the sum of the explained parts", arguments: [
        "停戦", "\"停戦\" \"ロシア\"", "停戦条件", "title:停戦 交渉",
        // A word two leaves share counts once per passage, for the first.
        "停戦交渉 停戦", "ロシア ロシア",
    ])
    func scoreMatchesExplanation(query: String) throws {
        try withIndex { index in
            let results = try index.search(query, options: SearchOptions(limit: 100, groupsByDocument: false, explains: true))
            #expect(!results.hits.isEmpty)
            for hit in results.hits {
                #expect(hit.score == hit.explanation.reduce(0) { $0 + $1.score })
            }
        }
    }
}
