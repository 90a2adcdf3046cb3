import Foundation
import Testing
@testable import Sakuin

/// The words of a query count by their live passages, whichever passages get scored.
@Suite("Word frequencies")
struct WordFrequencyTests {
    @Test("a word's document frequency counts live passages only, after a document is removed")
    func liveWordFrequency() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let index = try SearchIndex(directory: folder)
            try index.add([
                InMemoryDocument(name: "a", text: "停戦協議が始まった。"),
                InMemoryDocument(name: "b", text: "停戦協議は続く。"),
                InMemoryDocument(name: "c", text: "停戦の後に協議があった。"),
            ])
            try index.remove(documents: ["b"])
            var options = SearchOptions(limit: 10, groupsByDocument: false, explains: true)
            options.matching = .exact
            let results = try index.search("停戦協議", options: options)
            #expect(results.hits.map(\.document.name) == ["a", "c"])
            let words = results.hits[0].explanation.filter { $0.matchedAs == "word" }
            #expect(words.map(\.term) == ["停戦", "協議"])
            // The query is the two words, in one document: `a` has them together, `c` apart, and
            // each word is in those two live passages; `b`'s passage is deleted and not counted.
            #expect(words.map(\.documentFrequency) == [2, 2])
        }
    }
}
