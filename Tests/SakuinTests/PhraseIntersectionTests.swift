import Foundation
import Testing
@testable import Sakuin

/// Finding phrases a block of the lead atom at a time (`PhraseIntersection`), and the cursor
/// steps it and word scoring use, against counting by hand over the passages' tokens.
@Suite("Phrase intersection")
struct PhraseIntersectionTests {
    /// Three terms spread at random over 700 passages of 14 positions, so that each term has
    /// several blocks and many postings with more than one position; every tenth passage holds
    /// a single token, for postings of one position.
    private static func withRandomSegment(_ body: (SegmentReader, [[String?]]) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-phrase-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: 11)
        var builder = SegmentBuilder()
        _ = builder.addDocument(catalogID: 1, titleTokens: [])
        var layouts: [[String?]] = []
        for passage in 0..<700 {
            var layout = [String?](repeating: nil, count: 14)
            if passage % 10 == 0 {
                layout[Int(random.next() % 14)] = ["あ", "い", "う"][Int(random.next() % 3)]
            } else {
                for position in 0..<14 where random.next() % 5 != 0 {
                    layout[position] = ["あ", "い", "う"][Int(random.next() % 3)]
                }
            }
            let tokens = layout.enumerated().compactMap { position, text in text.map { token($0, at: position) } }
            _ = builder.addPassage(length: 14, tokens: tokens)
            layouts.append(layout)
        }
        let path = folder.appendingPathComponent("seg.skn").path
        _ = try builder.write(to: path)
        try body(try SegmentReader(path: path), layouts)
    }

    private static func token(_ text: String, at start: Int) -> Token {
        Token(key: key(text), start: Int32(start), end: Int32(start + text.utf16.count))
    }

    private static func key(_ text: String) -> TermKey {
        TermKey(kind: .bodyWord, utf16: Array(text.utf16)[...])
    }

    /// The passages holding every atom (`text` at `offset` past a start) and none of `absent`,
    /// and how many starts each has.
    private static func expected(_ atoms: [(String, UInt32)], absent: [(String, UInt32)] = [],
                                 in layouts: [[String?]]) -> ([UInt32], [Double]) {
        var ids: [UInt32] = []
        var frequencies: [Double] = []
        for (passage, layout) in layouts.enumerated() {
            let starts = (0..<layout.count).filter { start in
                atoms.allSatisfy { text, offset in
                    start + Int(offset) < layout.count && layout[start + Int(offset)] == text
                } && !absent.contains { text, offset in
                    start + Int(offset) < layout.count && layout[start + Int(offset)] == text
                }
            }
            if !starts.isEmpty {
                ids.append(UInt32(passage))
                frequencies.append(Double(starts.count))
            }
        }
        return (ids, frequencies)
    }

    private static func occurrences(_ cursors: [PostingCursor], offsets: [UInt32], required: Int? = nil) throws -> ([UInt32], [Double]) {
        var cursors = cursors
        var ids: [UInt32] = []
        var frequencies: [Double] = []
        try cursors.withUnsafeMutableBufferPointer { (cursors) throws(IndexError) in
            try PhraseIntersection.occurrences(cursors, offsets: offsets, required: required ?? cursors.count,
                                               ids: &ids, frequencies: &frequencies)
        }
        return (ids, frequencies)
    }

    @Test("phrases found a block at a time are the passages and start counts found by hand, whichever atom leads")
    func phrasesMatchCountingByHand() throws {
        try Self.withRandomSegment { (segment: SegmentReader, layouts: [[String?]]) throws in
            let patterns: [[(String, UInt32)]] = [
                [("あ", 0), ("い", 1)],
                [("あ", 0), ("い", 1), ("う", 2)],
                [("い", 0), ("あ", 2)],
                [("う", 0), ("う", 1), ("う", 2)],
                [("あ", 3), ("い", 0)],
                [("あ", 0), ("あ", 1), ("い", 2), ("い", 3)],
            ]
            var severalStarts = 0
            for atoms in patterns {
                let (ids, frequencies) = Self.expected(atoms, in: layouts)
                #expect(!ids.isEmpty, "\(atoms)")
                if frequencies.contains(where: { $0 > 1 }) { severalStarts += 1 }
                let terms = try atoms.map { text, _ in try #require(segment.termIndex(of: Self.key(text).bytes)) }
                let offsets = atoms.map(\.1)
                // In pattern order and reversed, from blocks.
                let blocks = try terms.map { try PostingCursor(reader: segment, term: $0) }
                let found = try Self.occurrences(blocks, offsets: offsets)
                #expect(found.0 == ids, "\(atoms)")
                #expect(found.1 == frequencies, "\(atoms)")
                let reversed = try Self.occurrences(blocks.reversed(), offsets: offsets.reversed())
                #expect(reversed.0 == ids, "\(atoms) reversed")
                #expect(reversed.1 == frequencies, "\(atoms) reversed")
                // With decoded lists (as a prefix's union is) leading and following.
                let lists = try terms.map { PostingCursor(reader: segment, list: try segment.postings(at: $0)) }
                let fromLists = try Self.occurrences(lists, offsets: offsets)
                #expect(fromLists.0 == ids, "\(atoms) from lists")
                #expect(fromLists.1 == frequencies, "\(atoms) from lists")
                let mixed = try Self.occurrences([lists[0]] + blocks.dropFirst(), offsets: offsets)
                #expect(mixed.0 == ids, "\(atoms) from a list and blocks")
                #expect(mixed.1 == frequencies, "\(atoms) from a list and blocks")
            }
            // Passages where the phrase starts more than once, in most patterns.
            #expect(severalStarts >= 4)
        }
    }

    @Test("atoms required to be absent drop exactly the starts where their term occurs, whichever atom leads")
    func absentAtomsMatchCountingByHand() throws {
        try Self.withRandomSegment { (segment: SegmentReader, layouts: [[String?]]) throws in
            // Required atoms, then absent ones.
            let patterns: [([(String, UInt32)], [(String, UInt32)])] = [
                ([("あ", 0), ("い", 2)], [("う", 1)]),
                ([("あ", 0), ("い", 2)], [("あ", 1), ("う", 1)]),
                ([("う", 0), ("あ", 1), ("う", 3)], [("い", 2), ("あ", 4)]),
                ([("い", 1), ("い", 0)], [("あ", 2)]),
            ]
            for (atoms, absent) in patterns {
                let (ids, frequencies) = Self.expected(atoms, absent: absent, in: layouts)
                let (allIDs, allFrequencies) = Self.expected(atoms, in: layouts)
                // Each absent set drops some passages and some starts of passages it keeps.
                #expect(!ids.isEmpty && ids.count < allIDs.count, "\(atoms) without \(absent)")
                let kept = zip(allIDs, allFrequencies).filter { ids.contains($0.0) }.map(\.1)
                #expect(kept != frequencies, "\(atoms) without \(absent)")
                let cursors = try (atoms + absent).map { text, _ in
                    try PostingCursor(reader: segment, term: try #require(segment.termIndex(of: Self.key(text).bytes)))
                }
                let found = try Self.occurrences(cursors, offsets: (atoms + absent).map(\.1), required: atoms.count)
                #expect(found.0 == ids, "\(atoms) without \(absent)")
                #expect(found.1 == frequencies, "\(atoms) without \(absent)")
                // A required atom from a decoded list, and the absent ones in the other order.
                let list = PostingCursor(reader: segment, list: try segment.postings(at: try #require(segment.termIndex(of: Self.key(atoms[0].0).bytes))))
                let swapped = [list] + cursors[1..<atoms.count] + cursors[atoms.count...].reversed()
                let offsets = atoms.map(\.1) + absent.reversed().map(\.1)
                let fromList = try Self.occurrences(swapped, offsets: offsets, required: atoms.count)
                #expect(fromList.0 == ids, "\(atoms) without \(absent), reordered")
                #expect(fromList.1 == frequencies, "\(atoms) without \(absent), reordered")
            }
        }
    }

    @Test("a block's starts are every position at or past the offset, less the offset, block after block")
    func blockStarts() throws {
        try Self.withRandomSegment { (segment: SegmentReader, layouts: [[String?]]) throws in
            let term = try #require(segment.termIndex(of: Self.key("い").bytes))
            var cursor = try PostingCursor(reader: segment, term: term)
            var ids: [UInt32] = []
            var starts: [UInt32] = []
            var blocks = 0
            while try cursor.nextBlock() {
                try cursor.appendBlockStarts(minus: 2, ids: &ids, starts: &starts)
                blocks += 1
            }
            #expect(cursor.isExhausted)
            #expect(try !cursor.nextBlock())
            var expectedIDs: [UInt32] = []
            var expectedStarts: [UInt32] = []
            for (passage, layout) in layouts.enumerated() {
                for position in 2..<layout.count where layout[position] == "い" {
                    expectedIDs.append(UInt32(passage))
                    expectedStarts.append(UInt32(position - 2))
                }
            }
            #expect(blocks == (cursor.count + 127) / 128)
            #expect(blocks > 2)
            #expect(ids == expectedIDs)
            #expect(starts == expectedStarts)
        }
    }

    @Test("intersecting a cursor with ascending targets gives the targets it holds, with their frequencies, from any point")
    func intersectWithTargets() throws {
        try Self.withRandomSegment { (segment: SegmentReader, layouts: [[String?]]) throws in
            let term = try #require(segment.termIndex(of: Self.key("う").bytes))
            let list = try segment.postings(at: term)
            let frequencyOf = Dictionary(uniqueKeysWithValues: (0..<list.count).map { (list.ids[$0], Double(list.termFrequency(at: $0))) })
            var random = SplitMix64(seed: 3)
            for round in 0..<12 {
                // Dense targets in even rounds, sparse ones (with gaps of whole blocks) in odd rounds,
                // and ids past the last passage.
                var targets: [UInt32] = []
                var next = UInt32(random.next() % 5)
                while next < 760 {
                    targets.append(next)
                    next += round % 2 == 0 ? 1 + UInt32(random.next() % 3) : 1 + UInt32(random.next() % 300)
                }
                let expected = targets.filter { frequencyOf[$0] != nil }
                for var cursor in [try PostingCursor(reader: segment, term: term), PostingCursor(reader: segment, list: list)] {
                    var ids: [UInt32] = [9]
                    var frequencies: [Double] = [0.5]
                    try cursor.intersect(with: targets, ids: &ids, frequencies: &frequencies)
                    #expect(ids == [9] + expected, "round \(round)")
                    #expect(frequencies == [0.5] + expected.map { frequencyOf[$0] ?? 0 }, "round \(round)")
                    #expect(cursor.isExhausted)
                }
            }
            // From the middle: after advancing to the 200th posting, targets from there on.
            var cursor = try PostingCursor(reader: segment, term: term)
            let middle = list.ids[200]
            #expect(try cursor.advance(to: middle))
            var ids: [UInt32] = []
            var frequencies: [Double] = []
            try cursor.intersect(with: Array(middle..<UInt32(layouts.count)), ids: &ids, frequencies: &frequencies)
            #expect(ids == Array(list.ids[200...]))
            #expect(frequencies == (200..<list.count).map { Double(list.termFrequency(at: $0)) })
            // Nothing to find: no target, and targets past every id.
            var untouched = try PostingCursor(reader: segment, term: term)
            try untouched.intersect(with: [], ids: &ids, frequencies: &frequencies)
            try untouched.intersect(with: [5_000, 6_000], ids: &ids, frequencies: &frequencies)
            #expect(ids.count == list.count - 200)
        }
    }

    @Test("positions that do not ascend are a corrupt segment, whether the term leads a phrase, confirms it or must be absent")
    func positionsNotAscending() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-phrase-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // One passage: あ at 3 and 5, い at 6. あ's one block is its 3-byte header (id, frequency
        // and position widths 0, 1, 3), one byte of frequencies (2 − 1) and one of positions
        // (3 | 5 << 3); 5 | 3 << 3 makes them descend.
        var builder = SegmentBuilder()
        _ = builder.addDocument(catalogID: 1, titleTokens: [])
        _ = builder.addPassage(length: 10, tokens: [Self.token("あ", at: 3), Self.token("あ", at: 5), Self.token("い", at: 6)])
        let path = folder.appendingPathComponent("seg.skn").path
        _ = try builder.write(to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let block: [UInt8] = [0, 1, 3, 0x01, 3 | 5 << 3]
        let found = bytes.indices.dropLast(block.count - 1).filter { Array(bytes[$0..<($0 + block.count)]) == block }
        try #require(found.count == 1)
        bytes[found[0] + 4] = 5 | 3 << 3
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let segment = try SegmentReader(path: path)
        let a = try #require(segment.termIndex(of: Self.key("あ").bytes))
        let i = try #require(segment.termIndex(of: Self.key("い").bytes))
        let message = "segment \(path) is corrupt: postings of term \(a), block 0: positions of posting 0 are not ascending"
        // あ leads `あい`: its block's starts are read.
        #expect {
            _ = try Self.occurrences([try PostingCursor(reader: segment, term: a), try PostingCursor(reader: segment, term: i)],
                                     offsets: [0, 1])
        } throws: { "\($0)" == message }
        // い leads `いあ` (あ wanted at 7): あ's positions are read past the first.
        #expect {
            _ = try Self.occurrences([try PostingCursor(reader: segment, term: i), try PostingCursor(reader: segment, term: a)],
                                     offsets: [0, 1])
        } throws: { "\($0)" == message }
        // あ must be absent after `いい` (い at 6 twice, あ looked for at 7): its positions are
        // read past the first as well.
        #expect {
            _ = try Self.occurrences([try PostingCursor(reader: segment, term: i), try PostingCursor(reader: segment, term: i),
                                      try PostingCursor(reader: segment, term: a)],
                                     offsets: [0, 0, 1], required: 2)
        } throws: { "\($0)" == message }
    }

    @Test("a score from a passage's norm equals the score from its length, to the bit")
    func normScoreAgrees() {
        let bm25 = BM25()
        for length: UInt32 in [0, 1, 7, 40, 1_000] {
            for frequency in [0.5, 1, 3, 17] {
                let norm = bm25.norm(length: length, averageLength: 23.7)
                #expect(bm25.score(frequency: frequency, norm: norm, idf: 2.3)
                    == bm25.score(frequency: frequency, length: length, averageLength: 23.7, idf: 2.3))
            }
        }
    }
}
