import Foundation
import Testing
@testable import Sakuin

/// Reading postings block by block (`PostingCursor`) and combining ordinal lists by merging
/// (`SortedOrdinals`), against the whole-list decoding they replace on the query path.
@Suite("Posting cursors and sorted ordinals")
struct PostingCursorTests {
    /// A segment of one document with 400 passages: `雨` in every passage (frequency 5 in passage
    /// 130, positions 0, 2, 4, 6, 8), `雪` in every third passage, so `雨` has four blocks.
    private static func withSegment(_ body: (SegmentReader) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-cursor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var builder = SegmentBuilder()
        _ = builder.addDocument(catalogID: 1, titleTokens: [])
        for passage in 0..<400 {
            var tokens = (0..<(passage == 130 ? 5 : 1)).map { token("雨", at: $0 * 2) }
            if passage % 3 == 0 { tokens.append(token("雪", at: 1)) }
            _ = builder.addPassage(length: 10, tokens: tokens)
        }
        let path = folder.appendingPathComponent("seg.skn").path
        _ = try builder.write(to: path)
        try body(try SegmentReader(path: path))
    }

    private static func token(_ text: String, at start: Int) -> Token {
        Token(key: TermKey(kind: .bodyWord, utf16: Array(text.utf16)[...]), start: Int32(start),
              end: Int32(start + text.utf16.count))
    }

    private static func term(_ text: String, in segment: SegmentReader) throws -> Int {
        try #require(segment.termIndex(of: TermKey(kind: .bodyWord, utf16: Array(text.utf16)[...]).bytes))
    }

    @Test("walking a cursor gives the ids, frequencies and positions of the decoded list")
    func walkMatchesDecodedList() throws {
        try Self.withSegment { (segment: SegmentReader) throws in
            let rain = try Self.term("雨", in: segment)
            let list = try segment.postings(at: rain)
            var cursor = try PostingCursor(reader: segment, term: rain)
            #expect(cursor.count == 400)
            var ids: [UInt32] = []
            var frequencies: [Int] = []
            while let id = try cursor.next() {
                ids.append(id)
                frequencies.append(cursor.termFrequency)
            }
            #expect(cursor.isExhausted)
            #expect(try cursor.next() == nil)
            #expect(ids == list.ids)
            #expect(frequencies == (0..<400).map { list.termFrequency(at: $0) })
            // The positions, block by block, as (id, position) pairs.
            var blocks = try PostingCursor(reader: segment, term: rain)
            var pairIDs: [UInt32] = []
            var positions: [UInt32] = []
            while try blocks.nextBlock() { try blocks.appendBlockStarts(minus: 0, ids: &pairIDs, starts: &positions) }
            #expect(pairIDs == (0..<400).flatMap { row in Array(repeating: list.ids[row], count: list.termFrequency(at: row)) })
            #expect(positions == (0..<400).flatMap { Array(list.positions(at: $0)) })
            #expect(Array(positions[130..<135]) == [0, 2, 4, 6, 8])
        }
    }

    @Test("a posting's one position read in place, and whether it occurs at a position, agree with the decoded list's positions")
    func onePositionInPlace() throws {
        try Self.withSegment { (segment: SegmentReader) throws in
            let rain = try Self.term("雨", in: segment)
            let list = try segment.postings(at: rain)
            for var cursor in [try PostingCursor(reader: segment, term: rain), PostingCursor(reader: segment, list: list)] {
                var checked = 0
                while let id = try cursor.next() {
                    let positions = Array(list.positions(at: checked))
                    if cursor.termFrequency == 1 { #expect(cursor.onlyPosition() == positions[0], "\(id)") }
                    for position: UInt32 in 0...9 {
                        #expect(try cursor.occurs(at: position) == positions.contains(position), "\(id) at \(position)")
                    }
                    checked += 1
                }
                #expect(checked == 400)
            }
            // Passage 130 has five positions: 4 is one of them, 3 is not.
            var cursor = try PostingCursor(reader: segment, term: rain)
            #expect(try cursor.advance(to: 130))
            #expect(cursor.termFrequency == 5)
            #expect(try cursor.occurs(at: 4))
            #expect(try !cursor.occurs(at: 3))
            #expect(try cursor.advance(to: 131))
            #expect(cursor.onlyPosition() == 0)
        }
    }

    @Test("draining a cursor appends every posting after the current one, across blocks, and exhausts it")
    func drainRest() throws {
        try Self.withSegment { (segment: SegmentReader) throws in
            let rain = try Self.term("雨", in: segment)
            let list = try segment.postings(at: rain)
            let frequencies = (0..<list.count).map { Double(list.termFrequency(at: $0)) }
            for var cursor in [try PostingCursor(reader: segment, term: rain), PostingCursor(reader: segment, list: list)] {
                var ids: [UInt32] = [7]
                var drained: [Double] = [0.5]
                try cursor.drain(ids: &ids, frequencies: &drained)
                #expect(ids == [7] + list.ids)
                #expect(drained == [0.5] + frequencies)
                #expect(cursor.isExhausted)
                #expect(try cursor.next() == nil)
            }
            // From the middle of the second block: the postings after passage 130.
            var cursor = try PostingCursor(reader: segment, term: rain)
            #expect(try cursor.advance(to: 130))
            var ids: [UInt32] = []
            var drained: [Double] = []
            try cursor.drain(ids: &ids, frequencies: &drained)
            #expect(ids == Array(131..<400))
            #expect(drained == Array(repeating: 1, count: 269))
            try cursor.drain(ids: &ids, frequencies: &drained)
            #expect(ids.count == 269)
        }
    }

    @Test("advancing skips to the first id at or after the target, across blocks")
    func advanceAcrossBlocks() throws {
        try Self.withSegment { (segment: SegmentReader) throws in
            var snow = try PostingCursor(reader: segment, term: try Self.term("雪", in: segment))
            #expect(snow.count == 134)
            #expect(try snow.advance(to: 3))
            #expect(try snow.advance(to: 3))
            #expect(try !snow.advance(to: 130))
            // Now on 132, the first multiple of 3 after 130.
            #expect(try snow.advance(to: 132))
            #expect(try !snow.advance(to: 397))
            #expect(!snow.isExhausted)
            #expect(try snow.advance(to: 399))
            #expect(try !snow.advance(to: 400))
            #expect(snow.isExhausted)

            var rain = try PostingCursor(reader: segment, term: try Self.term("雨", in: segment))
            #expect(try rain.advance(to: 130))
            #expect(rain.termFrequency == 5)
            #expect(try (0...9).filter { try rain.occurs(at: UInt32($0)) } == [0, 2, 4, 6, 8])
            #expect(try rain.next() == 131)
            #expect(rain.termFrequency == 1)
        }
    }

    @Test("a cursor over a decoded list behaves as one over blocks")
    func decodedListCursor() throws {
        try Self.withSegment { (segment: SegmentReader) throws in
            let list = PostingList(ids: [2, 7, 9], positionStarts: [0, 1, 3, 4], positions: [4, 1, 6, 0])
            var cursor = PostingCursor(reader: segment, list: list)
            #expect(try !cursor.advance(to: 5))
            #expect(cursor.termFrequency == 2)
            #expect(try (0...9).filter { try cursor.occurs(at: UInt32($0)) } == [1, 6])
            #expect(try cursor.next() == 9)
            #expect(try cursor.next() == nil)
            var empty = PostingCursor(reader: segment, list: PostingList.empty)
            #expect(empty.count == 0)
            #expect(try empty.next() == nil)
            #expect(try !empty.advance(to: 0))
        }
    }

    @Test("sorted ordinal lists combine as sets do")
    func sortedOrdinals() {
        #expect(SortedOrdinals.union([1, 4, 9], [2, 4, 10, 11]) == [1, 2, 4, 9, 10, 11])
        #expect(SortedOrdinals.union([], [3]) == [3])
        #expect(SortedOrdinals.intersection([1, 4, 9, 12], [2, 4, 9, 11]) == [4, 9])
        #expect(SortedOrdinals.subtracting([4, 12, 20], from: [1, 4, 9, 12]) == [1, 9])
        let lists: [[UInt32]] = [[1, 2, 3, 5], [2, 3, 4], [3, 7], [9]]
        // (0 and 1) or 3, minus 2
        let plan = QueryPlan.and([.or([.and([.leaf(0), .leaf(1)]), .leaf(3)]), .not(.leaf(2))])
        #expect(SortedOrdinals.evaluate(plan, lists: lists) == [2, 9])
        #expect(SortedOrdinals.evaluate(.not(.leaf(0)), lists: lists) == [])
        #expect(SortedOrdinals.evaluate(.nothing, lists: lists) == [])
    }

    @Test("a walk through a leaf's matches finds what a search finds, for dense and sparse lookups")
    func leafMatchesWalk() {
        var random = SplitMix64(seed: 7)
        for round in 0..<100 {
            var matches = LeafMatches()
            var id: UInt32 = 0
            for _ in 0..<(round * 3) {
                id += 1 + UInt32(random.next() % 40)
                matches.passages.append(id)
                matches.frequencies.append(Double(id % 7) + 0.5)
            }
            // Ascending lookups, some in the list and some not, some far apart.
            var lookups: [UInt32] = []
            var next: UInt32 = 0
            while next <= id + 2 {
                lookups.append(next)
                next += round % 2 == 0 ? 1 + UInt32(random.next() % 5) : 1 + UInt32(random.next() % 400)
            }
            var start = 0
            for passage in lookups {
                let walked = matches.frequency(of: passage, from: &start)
                #expect(walked == matches.frequency(of: passage), "passage \(passage), round \(round)")
                #expect(start == matches.passages.firstIndex { $0 >= passage } ?? matches.passages.count)
            }
        }
    }
}
