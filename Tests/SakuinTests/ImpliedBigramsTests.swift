import Foundation
import Testing
@testable import Sakuin

/// Reading a phrase's middle bigram as the absence of a run end (`ImpliedBigrams`), against the
/// whole chain of bigrams and against counting by hand.
@Suite("Implied bigrams")
struct ImpliedBigramsTests {
    /// 300 passages of `パッケージ` and 300 of `ケーキ`, so that every gram of `パッケージ` has more
    /// than two blocks of postings and `ケー` twice as many as the others; `パッケージ` split by a
    /// space (twice in one document, once beside two whole ones in another) gives the run-tail
    /// gram `ケ` a few postings.
    private static func withIndex(_ body: (SearchIndex) throws -> Void) throws {
        try TestIndex.withTemporaryDirectory("sakuin-implied") { directory in
            let index = try SearchIndex(directory: directory)
            var documents = (1...10).map { number in
                InMemoryDocument(name: "package-\(number)",
                                 text: Array(repeating: "パッケージを入れる。", count: 30).joined(separator: "\n\n"))
            }
            documents += (1...10).map { number in
                InMemoryDocument(name: "cake-\(number)", text: Array(repeating: "ケーキを焼く。", count: 30).joined(separator: "\n\n"))
            }
            documents.append(InMemoryDocument(name: "split", text: "パッケ ージの話。\n\nパッケ\u{3000}ージと書く。"))
            documents.append(InMemoryDocument(name: "both", text: "パッケ ージとパッケージとパッケージ。"))
            _ = try index.add(documents)
            try body(index)
        }
    }

    private static func leaf(_ query: String, in index: SearchIndex) throws -> QueryLeaf {
        let compiled = try #require(QueryCompiler(analyzer: index.textAnalyzer, matchesLookAlikes: false, thesaurus: nil)
            .searchablePlan(try QueryParser.parse(query)))
        return try #require(compiled.leaves.first)
    }

    @Test("the middle bigram of パッケージ is replaced by the absence of the run end ケ, and the phrase split by a space is not found")
    func splitPhraseIsNotFound() throws {
        try Self.withIndex { index in
            let snapshot = try index.currentSnapshot()
            try #require(snapshot.segments.count == 1)
            let segment = snapshot.segments[0]
            let reader = segment.reader
            let pattern = try Self.leaf("パッケージ", in: index).pattern
            #expect(pattern.atoms.map(\.offset) == [0, 1, 2, 3])
            let locations = try pattern.atoms.map { try #require(reader.termLocation(of: $0.key)) }
            #expect(locations.map(\.documentFrequency) == [303, 303, 601, 303])
            let runEnd = try #require(reader.termLocation(of: Array(pattern.atoms[2].key.prefix(4))))
            #expect(runEnd.documentFrequency == 3)
            #expect(ImpliedBigrams.replacements(of: pattern.atoms, locations: locations, reader: reader)
                == [ImpliedBigrams.Replacement(atom: 2, runEnd: runEnd)])

            // With the replacement: the 300 whole ones and the passage of `both`, where it occurs twice.
            let matches = try LeafEvaluator(segment: segment).matches(of: Self.leaf("パッケージ", in: index))
            #expect(matches.passages.count == 301)
            #expect(matches.frequencies.reduce(0, +) == 302)
            #expect(matches.frequencies.filter { $0 != 1 } == [2])
            // The whole chain, every bigram read, finds the same.
            var cursors = try locations.map { try PostingCursor(reader: reader, location: $0) }
            var ids: [UInt32] = []
            var frequencies: [Double] = []
            try cursors.withUnsafeMutableBufferPointer { (cursors) throws(IndexError) in
                try PhraseIntersection.occurrences(cursors, offsets: [0, 1, 2, 3], ids: &ids, frequencies: &frequencies)
            }
            #expect(ids == matches.passages)
            #expect(frequencies == matches.frequencies)

            let results = try index.search("\"パッケージ\"", options: SearchOptions(limit: 100, groupsByDocument: true))
            #expect(results.hits.map(\.document.name).sorted() == ["both"] + (1...10).map { "package-\($0)" }.sorted())
        }
    }

    @Test("no bigram is replaced when an atom has fewer postings than two blocks")
    func rareAtomKeepsTheChain() throws {
        try Self.withIndex { index in
            let segment = try index.currentSnapshot().segments[0]
            let reader = segment.reader
            // `ジと` leads: the other atoms are read only in the blocks where it is.
            let pattern = try Self.leaf("パッケージと", in: index).pattern
            let locations = try pattern.atoms.map { try #require(reader.termLocation(of: $0.key)) }
            #expect(locations.map(\.documentFrequency) == [303, 303, 601, 303, 2])
            #expect(ImpliedBigrams.replacements(of: pattern.atoms, locations: locations, reader: reader).isEmpty)
            let matches = try LeafEvaluator(segment: segment).matches(of: Self.leaf("パッケージと", in: index))
            #expect(matches.frequencies == [1])
        }
    }
}
