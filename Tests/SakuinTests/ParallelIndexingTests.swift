import Foundation
import Testing
@testable import Sakuin

/// The seed papers as writer inputs, in file order.
private func seedInputs() throws -> [DocumentInput] {
    try CommandFixtures.seedFiles().filter { $0.hasSuffix(".txt") }.map { path in
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return DocumentInput(path: path, name: IndexWriter.stem(of: path), text: text, contentHash: "",
                             size: Int64(text.utf8.count), modificationTime: 0, metadata: nil, metadataHash: "")
    }
}

/// The bytes of the segment built from `documents`, in order.
private func segmentBytes(of documents: [PreparedDocument]) throws -> [UInt8] {
    var builder = SegmentBuilder()
    for (number, document) in documents.enumerated() {
        _ = builder.addDocument(catalogID: Int64(number + 1), titleTerms: document.titleTerms)
        for passage in document.passages {
            _ = builder.addPassage(length: passage.length, terms: passage.terms, location: passage.record.location)
        }
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-parallel-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try builder.write(to: path)
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

private func token(_ kind: TermKey.Kind, _ text: String, at start: Int) -> Token {
    Token(key: TermKey(kind: kind, utf16: Array(text.utf16)[...]), start: Int32(start), end: Int32(start + text.utf16.count))
}

@Suite struct ParallelIndexingTests {
    @Test("term occurrences group tokens by key, positions ascending and distinct")
    func grouping() {
        let terms = TermOccurrences([
            token(.bodyGram, "朝日", at: 1), token(.bodyGram, "露朝", at: 5), token(.bodyGram, "露朝", at: 0),
            token(.bodyWord, "露朝", at: 0), token(.bodyGram, "露", at: 9), token(.bodyGram, "露朝", at: 5),
        ])
        let keys = (0..<terms.count).map { TermKey(bytes: Array(terms.key(at: $0))) }
        #expect(terms.keyHashes == keys.map { TermKeyHash.of($0.bytes) })
        // Keys in the order first seen, each with its positions ascending and distinct.
        #expect(keys.map { "\($0.kind == .bodyWord ? "word" : "gram"):\($0.text)" }
                == ["gram:朝日", "gram:露朝", "word:露朝", "gram:露"])
        #expect((0..<terms.count).map { Array(terms.positions(at: $0)) } == [[1], [0, 5], [0], [9]])
        #expect(terms.positionCount == 5)
        #expect(TermOccurrences([]).count == 0)
    }

    @Test("keys that share a hash are grouped apart, each with its own positions")
    func groupingCollidingKeys() {
        var log = TokenLog()
        for (text, position) in [("露", 4), ("朝", 2), ("露", 1), ("朝日", 2), ("露", 4), ("朝", 0)] {
            log.append(kind: .bodyGram, utf16: Array(text.utf16)[...], position: Int32(position))
        }
        for hash in [{ (_: UnsafeRawBufferPointer) in UInt64(7) }, { $0.count == 4 ? 1 : 2 }, TermKeyHash.of] {
            let terms = TermOccurrences(log, hash: hash)
            #expect((0..<terms.count).map { TermKey(bytes: Array(terms.key(at: $0))).text } == ["露", "朝", "朝日"])
            #expect((0..<terms.count).map { Array(terms.positions(at: $0)) } == [[1, 4], [0, 2], [2]])
            #expect(terms.positionCount == 5)
        }
    }

    @Test("random tokens in random order group as counting by hand does, whatever the hash")
    func groupingRandomTokens() {
        var generator = SplitMix64(seed: 31)
        let texts = ["露", "朝", "露朝", "朝露", "停戦", "a", "ab", "2014", "𠮷野"]
        for round in 0..<200 {
            var log = TokenLog()
            var expected: [[UInt8]: Set<UInt32>] = [:]
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                let text = texts[Int.random(in: 0..<texts.count, using: &generator)]
                let kind: TermKey.Kind = Bool.random(using: &generator) ? .bodyGram : .bodyWord
                let position = Int32.random(in: 0..<40, using: &generator)
                log.append(kind: kind, utf16: Array(text.utf16)[...], position: position)
                expected[TermKey(kind: kind, utf16: Array(text.utf16)[...]).bytes, default: []].insert(UInt32(position))
            }
            let hash: (UnsafeRawBufferPointer) -> UInt64 = round % 2 == 0 ? TermKeyHash.of : { UInt64($0.count % 3) }
            let terms = TermOccurrences(log, hash: hash)
            var found: [[UInt8]: [UInt32]] = [:]
            for index in 0..<terms.count { found[Array(terms.key(at: index))] = Array(terms.positions(at: index)) }
            #expect(terms.count == expected.count)
            #expect(found == expected.mapValues { $0.sorted() })
        }
    }

    @Test("the term table numbers keys in order first seen and lists them in byte order")
    func termTable() {
        var table = TermTable()
        let source: [UInt8] = [0x01, 0x62, 0x01, 0x61, 0x02, 0x61, 0x01, 0x62]
        let hash = { (range: Range<Int>) in TermKeyHash.of(Array(source[range])) }
        #expect(table.number(of: 0..<2, in: source, hash: hash(0..<2)) == (0, true))
        #expect(table.number(of: 2..<4, in: source, hash: hash(2..<4)) == (1, true))
        #expect(table.number(of: 4..<6, in: source, hash: hash(4..<6)) == (2, true))
        #expect(table.number(of: 6..<8, in: source, hash: hash(6..<8)) == (0, false))
        #expect(table.count == 3)
        #expect(table.numbersInKeyOrder() == [1, 0, 2])
        // Enough keys to grow the table several times; every one keeps its number.
        var many = TermTable()
        let keys = (0..<20_000).map { [0x01] + Array("k\($0)".utf8) }
        for (index, key) in keys.enumerated() {
            #expect(many.number(of: 0..<key.count, in: key, hash: TermKeyHash.of(key)) == (UInt32(index), true))
        }
        for (index, key) in keys.enumerated() where index % 997 == 0 {
            #expect(many.number(of: 0..<key.count, in: key, hash: TermKeyHash.of(key)) == (UInt32(index), false))
        }
        #expect(many.count == 20_000)
    }

    @Test("documents prepared on two workers give the same segment and records as on one")
    func twoWorkersMatchOne() throws {
        let inputs = try seedInputs()
        #expect(inputs.count == 5)
        let analyzer = try TextAnalyzer(Analyzer())
        let serial = DocumentPreparer(analyzer: analyzer, workerCount: 1)
        let parallel = DocumentPreparer(analyzer: try TextAnalyzer(Analyzer()), workerCount: 2)
        #expect(serial.workerCount == 1)
        #expect(parallel.workerCount == 2)
        let one = serial.prepare(inputs)
        let two = parallel.prepare(inputs)
        #expect(two.map(\.input.path) == inputs.map(\.path))
        #expect(two.map(\.title) == one.map(\.title))
        #expect(two.map(\.metadataJSON) == one.map(\.metadataJSON))
        #expect(two.map { $0.passages.map(\.record) } == one.map { $0.passages.map(\.record) })
        #expect(two.map { $0.passages.map(\.length) } == one.map { $0.passages.map(\.length) })
        let bytes = try segmentBytes(of: one)
        #expect(try segmentBytes(of: two) == bytes)
        #expect(bytes.count > 100_000)
    }

    @Test("grouped terms build the same segment as the tokens they came from")
    func groupedMatchesTokens() throws {
        let analyzer = try TextAnalyzer(Analyzer())
        let inputs = try seedInputs()
        let prepared = DocumentPreparer(analyzer: analyzer, workerCount: 1).prepare(inputs)
        var builder = SegmentBuilder()
        for (number, input) in inputs.enumerated() {
            let split = PassageSplitter.split(input.text)
            let titleTokens = split.title.map { analyzer.analyze(Array($0.utf16), title: true).tokens } ?? []
            _ = builder.addDocument(catalogID: Int64(number + 1), titleTokens: titleTokens)
            for draft in split.passages {
                let analysed = analyzer.analyze(draft.joined.units)
                _ = builder.addPassage(length: UInt32(analysed.normalized.units.count), tokens: analysed.tokens,
                                       location: PassageLocation(lineStart: draft.lineStart, lineEnd: draft.lineEnd,
                                                                 kind: draft.kind, section: draft.section))
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-tokens-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try builder.write(to: path)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == (try segmentBytes(of: prepared)))
    }

    @Test("a small memory budget flushes several segments, and searches find exactly what one segment gives")
    func memoryBudgetFlushes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-budget-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let seeds = CommandFixtures.seedsDirectory
        let whole = try SearchIndex(directory: root + "/whole")
        let wholeSummary = try whole.index(paths: [seeds])
        #expect(wholeSummary.segments == 1)

        let layout = IndexLayout(directory: root + "/flushed")
        let flushed = try SearchIndex(directory: layout.directory)
        let catalog = try Catalog(path: layout.catalogPath, fingerprint: Analyzer().fingerprint, create: false)
        // Unmerged: the commit keeps its three flushed segments.
        let writer = try IndexWriter(layout: layout, catalog: catalog, analyzer: try TextAnalyzer(Analyzer()),
                                     memoryBudget: 256 << 10, mergedSegmentLimit: 0)
        let summary = try writer.index(paths: [seeds])
        writer.close()
        #expect(summary.added == 5)
        #expect(summary.passages == wholeSummary.passages)
        #expect(summary.segments == 3)

        let report = try flushed.check()
        #expect(report.problems.isEmpty)
        #expect(report.segments == 3)
        #expect(report.documents == 5)
        for query in ["停戦", "ロシア 北朝鮮", "\"軍事支援\"", "露"] {
            #expect(try flushed.search(query) == (try whole.search(query)), "\(query)")
        }
        #expect(try flushed.search("停戦").total > 0)
    }
}
