import Foundation
import Testing
@testable import Sakuin

@Suite("narrowing common terms to the documents the rest of the query allows")
struct NarrowingTests {
    /// Queries whose AND has a leaf of one term beside a phrase, a compound (an OR of the whole
    /// and its words) or only other terms, and one with a negation.
    static let queries = ["ロシア 停戦", "停戦 交渉 -条件", "戦争 ウクライナ侵攻", "中国 仲介役", "加盟 NATO", "米国 停戦"]

    @Test("narrowed matches give the same documents, frequencies and document frequencies as full ones")
    func narrowedMatchesAgree() throws {
        try TestIndex.withTemporaryDirectory("sakuin-narrowing") { directory in
            let index = try SearchIndex(directory: directory)
            let seeds = TestIndex.seedFiles.map { InMemoryDocument(name: $0.name, text: (try? String(contentsOfFile: $0.path, encoding: .utf8)) ?? "") }
            #expect(seeds.count == 5)
            // Two segments, the first with a document removed (deleted passages among live ones).
            _ = try index.add(Array(seeds.prefix(2)) + [InMemoryDocument(name: "extra", text: "ロシアと停戦協議。\n\n米国の停戦案と中国。")])
            // Short papers with the common terms but none of the rarer ones beside them.
            let others = (1...40).map { InMemoryDocument(name: "other-\($0)", text: "戦争の歴史。\n\n加盟国の話。\n\n中国の経済。\n\n停戦の話。") }
            _ = try index.add(Array(seeds.dropFirst(2)) + others)
            _ = try index.remove(documents: ["extra"])
            let snapshot = try index.currentSnapshot()
            #expect(snapshot.segments.count == 2)
            #expect(snapshot.segments[0].deletions.count == 2)

            var narrowedPassages = 0
            for query in Self.queries {
                let node = try QueryParser.parse(query)
                let compiled = try #require(QueryCompiler(analyzer: index.textAnalyzer, matchesLookAlikes: false, thesaurus: nil)
                    .searchablePlan(node))
                let narrowing = NarrowedLeafEvaluation(plan: compiled.plan, leaves: compiled.leaves, lenient: false)
                #expect(!narrowing.narrowable.isEmpty, "\(query)")
                for segment in snapshot.segments {
                    let reader = segment.reader
                    let narrowed = try narrowing.matches(of: compiled.leaves, in: segment)
                    let full = try compiled.leaves.map { try LeafEvaluator(segment: segment).matches(of: $0) }
                    #expect(narrowed.map(\.documentFrequency) == full.map(\.documentFrequency), "\(query)")
                    let documents = SortedOrdinals.evaluate(
                        compiled.plan, lists: full.map { SortedOrdinals.documents(of: $0.passages, reader: reader) })
                    #expect(SortedOrdinals.evaluate(
                        compiled.plan, lists: narrowed.map { SortedOrdinals.documents(of: $0.passages, reader: reader) }) == documents)
                    for document in documents {
                        for passage in reader.documentPassages(document) {
                            for leaf in compiled.leaves.indices {
                                #expect(narrowed[leaf].frequency(of: passage) == full[leaf].frequency(of: passage),
                                        "\(query): leaf \(leaf), passage \(passage)")
                            }
                        }
                    }
                    narrowedPassages += zip(narrowed, full).reduce(0) { $0 + $1.1.passages.count - $1.0.passages.count }
                }
            }
            // Narrowing left out passages, the other papers' 160 among them: the comparison above
            // is not between two full matchings.
            #expect(narrowedPassages >= 160 + 26)
        }
    }

    @Test("nothing is narrowed for one leaf, an OR, phrases alone, a negation, or lenient matching with a partial leaf")
    func whatIsNotNarrowed() throws {
        let index = try TestIndex.seeds()
        func narrowable(_ query: String, lenient: Bool = false) throws -> [Int] {
            let compiler = QueryCompiler(analyzer: index.textAnalyzer, matchesLookAlikes: lenient, thesaurus: nil)
            let compiled = try #require(compiler.searchablePlan(try QueryParser.parse(query)))
            return NarrowedLeafEvaluation(plan: compiled.plan, leaves: compiled.leaves, lenient: lenient).narrowable
        }
        #expect(try narrowable("停戦") == [])
        #expect(try narrowable("停戦 OR 交渉") == [])
        #expect(try narrowable("ロシア ウクライナ") == [])
        #expect(try narrowable("停戦 ウクライナ侵攻") == [0])
        #expect(try narrowable("停戦 -交渉") == [])
        #expect(try narrowable("停戦 ウクライナ侵攻", lenient: true) == [])
        // Lenient matching without a leaf that may match in part narrows as exact matching does.
        #expect(try narrowable("停戦 交渉", lenient: true) == [0, 1])
    }
}
