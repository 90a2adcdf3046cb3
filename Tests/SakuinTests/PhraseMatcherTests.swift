import Testing
@testable import Sakuin

/// Phrase starts found atom by atom agree with the starts found all at once.
@Suite("Phrase matching")
struct PhraseMatcherTests {
    @Test("narrowing keeps the starts at which the atom occurs at its offset")
    func narrow() {
        var starts: [UInt32] = [0, 4, 9, 20]
        PhraseMatcher.narrow(&starts, toAtomAt: 2, positions: [2, 3, 11, 21, 22][...])
        #expect(starts == [0, 9, 20])
        PhraseMatcher.narrow(&starts, toAtomAt: 1, positions: [10][...])
        #expect(starts == [9])
        PhraseMatcher.narrow(&starts, toAtomAt: 1, positions: [][...])
        #expect(starts.isEmpty)
    }

    @Test("a start whose atom would lie past the largest position is dropped, not wrapped")
    func narrowAtTheTop() {
        var starts: [UInt32] = [5, UInt32.max - 1]
        PhraseMatcher.narrow(&starts, toAtomAt: 3, positions: [2, 8][...])
        #expect(starts == [5])
    }

    @Test("narrowing from any atom, and the starts of the pattern, are every start at which all atoms occur")
    func narrowingMatchesStarts() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let atomCount = 2 + Int(random.next() % 4)
            let atoms = (0..<atomCount).map { index in
                PhraseAtom(offset: UInt32(index), key: [1, UInt8(index)], isPrefix: false, length: 2, role: .bigram)
            }
            let pattern = PhrasePattern(atoms: atoms)
            let positions: [ArraySlice<UInt32>] = atoms.map { _ in
                Array(Set((0..<Int(random.next() % 12)).map { _ in UInt32(random.next() % 24) })).sorted()[...]
            }
            // Every start, tried one by one.
            let expected = (UInt32(0)..<32).filter { start in
                atoms.indices.allSatisfy { positions[$0].contains(start + atoms[$0].offset) }
            }
            #expect(PhraseMatcher.starts(of: pattern, positions: positions) == expected)
            let first = Int(random.next() % UInt64(atomCount))
            var starts = positions[first].filter { $0 >= atoms[first].offset }.map { $0 - atoms[first].offset }
            for index in atoms.indices where index != first {
                PhraseMatcher.narrow(&starts, toAtomAt: atoms[index].offset, positions: positions[index])
            }
            #expect(starts == expected)
        }
    }

    @Test("a phrase counts once per start, whether its rarest atom has one position or several")
    func phraseFrequencies() throws {
        try TestIndex.withTemporaryDirectory("sakuin-phrase") { directory in
            let index = try SearchIndex(directory: directory)
            // `ウク` is the rarest atom of ウクライナ: two positions in "twice", one in "once" (where
            // `ライ` has two), one in "apart" (where the rest of the phrase is elsewhere).
            _ = try index.add([
                InMemoryDocument(name: "twice", text: "ウクライナとウクライナ"),
                InMemoryDocument(name: "once", text: "ライナーとウクライナ"),
                InMemoryDocument(name: "apart", text: "ウクとクライナ"),
                InMemoryDocument(name: "none", text: "クライナ"),
            ])
            let options = SearchOptions(limit: 10, groupsByDocument: false, explains: true, matching: .exact)
            let results = try index.search("ウクライナ", options: options)
            #expect(results.hits.map(\.document.name) == ["twice", "once"])
            #expect(results.hits.map { $0.explanation.first?.termFrequency } == [2, 1])
        }
    }
}
