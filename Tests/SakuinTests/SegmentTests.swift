import Foundation
import Glibc
import Testing
@testable import Sakuin

/// A fresh folder under the temporary directory, removed when the test is done.
private func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-segment-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

/// A token of `text` of `kind`, starting at UTF-16 offset `start`.
private func token(_ kind: TermKey.Kind, _ text: String, at start: Int) -> Token {
    Token(key: TermKey(kind: kind, utf16: Array(text.utf16)[...]), start: Int32(start), end: Int32(start + text.utf16.count))
}

/// The key bytes of `text` of `kind`.
private func key(_ kind: TermKey.Kind, _ text: String) -> [UInt8] {
    TermKey(kind: kind, utf16: Array(text.utf16)[...]).bytes
}

/// The error `body` throws, which must be an `IndexError`.
private func indexError(_ body: () throws(IndexError) -> Void) -> IndexError? {
    do { try body() } catch { return error }
    return nil
}

/// The (offset, length) of a section, read from a segment file's header.
private func sectionBounds(_ section: SegmentFormat.Section, in file: [UInt8]) -> (offset: Int, length: Int) {
    func uint64(at offset: Int) -> Int { file[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | Int($1) } }
    return (uint64(at: section.headerOffset), uint64(at: section.headerOffset + 8))
}

/// The sample segment used by most tests:
///
/// - document 0 (catalog id 101, title "露朝"): passages 0 and 1;
/// - document 1 (catalog id -7, no title): passages 2 …< 2 + manyCount, each with "天気" (so
///   its postings span three blocks) with `1 + i % 4` positions, and "露天" in every 100th;
/// - document 2 (catalog id 303, title "朝"): no passages.
private enum Sample {
    static let manyCount = 310

    static func builder() -> SegmentBuilder {
        var builder = SegmentBuilder()
        _ = builder.addDocument(catalogID: 101, titleTokens: [
            token(.titleWord, "露朝", at: 0), token(.titleGram, "露朝", at: 0),
        ])
        // Tokens out of order, with a repeated key and a duplicate (key, position).
        _ = builder.addPassage(length: 10, tokens: [
            token(.bodyGram, "朝日", at: 1), token(.bodyGram, "露朝", at: 5), token(.bodyGram, "露朝", at: 0),
            token(.bodyWord, "露朝", at: 0), token(.bodyGram, "露", at: 9), token(.bodyGram, "露朝", at: 5),
        ])
        _ = builder.addPassage(length: 20, tokens: [token(.bodyGram, "露朝", at: 3), token(.bodyGram, "露", at: 4)])
        _ = builder.addDocument(catalogID: -7, titleTokens: [])
        for i in 0..<manyCount {
            var tokens = (0..<(1 + i % 4)).reversed().map { token(.bodyGram, "天気", at: $0 * 7 + i % 3) }
            if i % 100 == 0 { tokens.append(token(.bodyGram, "露天", at: 40)) }
            _ = builder.addPassage(length: UInt32(5 + i % 11), tokens: tokens)
        }
        _ = builder.addDocument(catalogID: 303, titleTokens: [token(.titleGram, "朝", at: 0)])
        return builder
    }

    /// The postings of "天気" that `builder()` adds.
    static var weatherPostings: PostingList {
        var list = PostingList()
        for i in 0..<manyCount {
            list.append(id: UInt32(2 + i), positions: (0..<(1 + i % 4)).map { UInt32($0 * 7 + i % 3) })
        }
        return list
    }
}

@Suite struct SegmentTests {
    // MARK: - CRC-32 and varints

    @Test("CRC-32 matches zlib's check values")
    func crcVectors() {
        #expect(CRC32.checksum(of: Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(of: []) == 0)
        #expect(CRC32.checksum(of: Array("a".utf8)) == 0xE8B7_BE43)
        #expect(CRC32.checksum(of: Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test("CRC-32 fed in pieces equals CRC-32 in one go")
    func crcIncremental() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var crc = CRC32()
        crc.update(Array(bytes[0..<3]).span)
        crc.update(Array(bytes[3..<517]).span)
        crc.update(Array(bytes[517...]).span)
        #expect(crc.value == CRC32.checksum(of: bytes))
    }

    @Test("the CRC-32 of two parts combines into the CRC-32 of both, at every split")
    func crcCombine() {
        var generator = SplitMix64(seed: 41)
        let bytes = (0..<700).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for split in [0, 1, 2, 7, 8, 9, 255, 256, 257, 512, 699, 700] {
            let first = CRC32.checksum(of: Array(bytes[..<split]))
            let second = CRC32.checksum(of: Array(bytes[split...]))
            #expect(CRC32.combine(first, second, secondLength: bytes.count - split) == CRC32.checksum(of: bytes),
                    "split at \(split)")
        }
        // A second part of zeros moves the first checksum on: not the same as leaving it.
        #expect(CRC32.combine(CRC32.checksum(of: [1, 2, 3]), CRC32.checksum(of: [0, 0]), secondLength: 2)
                == CRC32.checksum(of: [1, 2, 3, 0, 0]))
    }

    @Test("a mapped file reads the same bytes after their memory is let go of, whatever the range")
    func releasedBytesReadTheSame() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("bytes").path
            let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let file = try MappedFile(path: path)
            #expect(try file.bytes(in: 0..<bytes.count) == bytes)
            for range in [0..<20_000, 1..<4097, 4096..<8192, 5000..<5001, 9000..<9000, 12_000..<40_000, -5..<3] {
                file.release(range)
                #expect(try file.bytes(in: 0..<bytes.count) == bytes, "after releasing \(range)")
            }
        }
    }

    @Test("varints round-trip, with the expected byte counts")
    func varIntRoundTrip() throws {
        let cases: [(UInt32, [UInt8])] = [
            (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
            (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]),
            (UInt32.max, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        ]
        var all: [UInt8] = []
        for (value, encoding) in cases {
            var bytes: [UInt8] = []
            VarInt.append(value, to: &bytes)
            #expect(bytes == encoding)
            all += bytes
        }
        var position = 0
        for (value, _) in cases {
            #expect(try VarInt.decode(all[...], at: &position) == value)
        }
        #expect(position == all.count)
    }

    @Test("varint decoding rejects truncated input and encodings longer than 32 bits")
    func varIntErrors() {
        var position = 0
        #expect(throws: VarInt.DecodingError.truncated(offset: 0)) { try VarInt.decode([][...], at: &position) }
        position = 0
        #expect(throws: VarInt.DecodingError.truncated(offset: 0)) { try VarInt.decode([0x80, 0x80][...], at: &position) }
        #expect(position == 0)
        position = 1
        #expect(throws: VarInt.DecodingError.truncated(offset: 1)) { try VarInt.decode([0x05, 0xFF][...], at: &position) }
        position = 0
        #expect(throws: VarInt.DecodingError.overlong(offset: 0)) {
            try VarInt.decode([0xFF, 0xFF, 0xFF, 0xFF, 0x1F][...], at: &position)
        }
        position = 0
        #expect(throws: VarInt.DecodingError.overlong(offset: 0)) {
            try VarInt.decode([0x80, 0x80, 0x80, 0x80, 0x80, 0x00][...], at: &position)
        }
        // A slice is read only within its own bounds.
        let bytes: [UInt8] = [0x80, 0x01]
        position = 0
        #expect(throws: VarInt.DecodingError.truncated(offset: 0)) { try VarInt.decode(bytes[0..<1], at: &position) }
    }

    // MARK: - Building and reading

    @Test("the builder numbers documents and passages and counts them")
    func builderCounts() {
        var builder = SegmentBuilder()
        #expect(builder.estimatedMemory == 0)
        #expect(builder.addDocument(catalogID: 9, titleTokens: []) == 0)
        #expect(builder.addPassage(length: 3, tokens: [token(.bodyGram, "露朝", at: 0)]) == 0)
        #expect(builder.addPassage(length: 3, tokens: []) == 1)
        #expect(builder.addDocument(catalogID: 10, titleTokens: []) == 1)
        #expect(builder.addPassage(length: 3, tokens: []) == 2)
        #expect(builder.documentCount == 2)
        #expect(builder.passageCount == 3)
        #expect(builder.estimatedMemory > 0)
    }

    @Test("a written segment reads back: counts, passages, documents")
    func tablesRoundTrip() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg-1.skn").path
            let summary = try Sample.builder().write(to: path)
            let segment = try SegmentReader(path: path)

            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect(summary.size == (attributes[.size] as? Int64))
            #expect(segment.fileSize == Int(summary.size))
            #expect(segment.checksum == summary.checksum)
            #expect(segment.path == path)

            #expect(segment.documentCount == 3)
            #expect(segment.passageCount == 2 + Sample.manyCount)
            #expect(segment.passageLength(0) == 10)
            #expect(segment.passageLength(1) == 20)
            #expect(segment.passageLength(2) == 5)
            #expect(segment.passageLength(13) == 5 + 11 % 11)
            #expect(segment.passageLength(UInt32(1 + Sample.manyCount)) == UInt32(5 + (Sample.manyCount - 1) % 11))
            let expectedTotal = 30 + (0..<Sample.manyCount).reduce(0) { $0 + 5 + $1 % 11 }
            #expect(segment.totalPassageLength == UInt64(expectedTotal))

            #expect(segment.passageDocument(0) == 0)
            #expect(segment.passageDocument(1) == 0)
            #expect(segment.passageDocument(2) == 1)
            #expect(segment.passageDocument(UInt32(1 + Sample.manyCount)) == 1)
            #expect(segment.documentCatalogID(0) == 101)
            #expect(segment.documentCatalogID(1) == -7)
            #expect(segment.documentCatalogID(2) == 303)
            #expect(segment.documentPassages(0) == 0..<2)
            #expect(segment.documentPassages(1) == 2..<UInt32(2 + Sample.manyCount))
            #expect(segment.documentPassages(2) == UInt32(2 + Sample.manyCount)..<UInt32(2 + Sample.manyCount))
        }
    }

    @Test("the dictionary is sorted bytewise and finds exact keys and prefixes")
    func dictionary() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg-1.skn").path
            _ = try Sample.builder().write(to: path)
            let segment = try SegmentReader(path: path)

            let expectedKeys = [
                key(.bodyGram, "天気"), key(.bodyGram, "朝日"), key(.bodyGram, "露"), key(.bodyGram, "露天"),
                key(.bodyGram, "露朝"), key(.bodyWord, "露朝"), key(.titleGram, "朝"), key(.titleGram, "露朝"),
                key(.titleWord, "露朝"),
            ].sorted { $0.lexicographicallyPrecedes($1) }
            #expect(segment.termCount == 9)
            #expect((0..<segment.termCount).map { segment.termKey(at: $0) } == expectedKeys)

            for (index, expected) in expectedKeys.enumerated() {
                #expect(segment.termIndex(of: expected) == index)
            }
            #expect(segment.termIndex(of: key(.bodyGram, "露露")) == nil)
            #expect(segment.termIndex(of: key(.bodyGram, "")) == nil)
            #expect(segment.termIndex(of: key(.bodyWord, "天気")) == nil)
            #expect(segment.termIndex(of: []) == nil)
            #expect(segment.termIndex(of: [0xFF]) == nil)

            let gramsOfDew = segment.termIndices(withPrefix: key(.bodyGram, "露"))
            #expect(gramsOfDew.map { segment.termKey(at: $0) } == [key(.bodyGram, "露"), key(.bodyGram, "露天"), key(.bodyGram, "露朝")])
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "")).count == 5)
            #expect(segment.termIndices(withPrefix: [TermKey.Kind.titleGram.rawValue]).map { segment.termKey(at: $0) }
                == [key(.titleGram, "朝"), key(.titleGram, "露朝")])
            #expect(segment.termIndices(withPrefix: []) == 0..<9)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "雨")).isEmpty)
            #expect(segment.termIndices(withPrefix: [0xFF]).isEmpty)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "露朝朝")).isEmpty)

            // An index outside the dictionary is an empty term, not a trap.
            #expect(segment.termKey(at: 9) == [])
            #expect(segment.termKey(at: -1) == [])
            #expect(segment.documentFrequency(at: 9) == 0)
            #expect(throws: IndexError.corruptSegment(path: path, detail: "there is no term 9: the dictionary holds 9 terms")) {
                try segment.postings(at: 9)
            }
            #expect(throws: IndexError.self) { try segment.blocks(at: -1) }
        }
    }

    @Test("postings read back exactly: ids, positions, document frequencies, blocks")
    func postingsRoundTrip() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg-1.skn").path
            _ = try Sample.builder().write(to: path)
            let segment = try SegmentReader(path: path)

            func postings(_ kind: TermKey.Kind, _ text: String) throws -> PostingList {
                let index = try #require(segment.termIndex(of: key(kind, text)))
                return try segment.postings(at: index)
            }

            // Positions sorted and duplicates dropped.
            let dewMorning = try postings(.bodyGram, "露朝")
            #expect(dewMorning == PostingList(ids: [0, 1], positionStarts: [0, 2, 3], positions: [0, 5, 3]))
            #expect(dewMorning.count == 2)
            #expect(dewMorning.termFrequency(at: 0) == 2)
            #expect(Array(dewMorning.positions(at: 0)) == [0, 5])
            #expect(Array(dewMorning.positions(at: 1)) == [3])
            #expect(try postings(.bodyGram, "露") == PostingList(ids: [0, 1], positionStarts: [0, 1, 2], positions: [9, 4]))
            #expect(try postings(.bodyWord, "露朝") == PostingList(ids: [0], positionStarts: [0, 1], positions: [0]))
            #expect(try postings(.bodyGram, "露天") == PostingList(ids: [2, 102, 202, 302], positionStarts: [0, 1, 2, 3, 4], positions: [40, 40, 40, 40]))

            // Title postings are over document ordinals.
            #expect(try postings(.titleGram, "露朝") == PostingList(ids: [0], positionStarts: [0, 1], positions: [0]))
            #expect(try postings(.titleWord, "露朝") == PostingList(ids: [0], positionStarts: [0, 1], positions: [0]))
            #expect(try postings(.titleGram, "朝") == PostingList(ids: [2], positionStarts: [0, 1], positions: [0]))

            // A term over three blocks.
            let weatherIndex = try #require(segment.termIndex(of: key(.bodyGram, "天気")))
            let weather = try segment.postings(at: weatherIndex)
            #expect(weather == Sample.weatherPostings)
            #expect(weather.count == Sample.manyCount)
            #expect(segment.documentFrequency(at: weatherIndex) == Sample.manyCount)
            #expect(try segment.blocks(at: weatherIndex) == [
                PostingBlockInfo(lastID: 129, count: 128, maxTermFrequency: 4),
                PostingBlockInfo(lastID: 257, count: 128, maxTermFrequency: 4),
                PostingBlockInfo(lastID: 311, count: 54, maxTermFrequency: 4),
            ])
            let dewIndex = try #require(segment.termIndex(of: key(.bodyGram, "露朝")))
            #expect(segment.documentFrequency(at: dewIndex) == 2)
            #expect(try segment.blocks(at: dewIndex) == [PostingBlockInfo(lastID: 1, count: 2, maxTermFrequency: 2)])

            try segment.verifyChecksum()
        }
    }

    @Test("block maxima follow the term frequencies of each block")
    func blockMaxima() throws {
        try withTemporaryDirectory { folder in
            var builder = SegmentBuilder()
            _ = builder.addDocument(catalogID: 1, titleTokens: [])
            // Term frequency 1 everywhere except 5 in passage 130 (second block) and 3 in passage 300.
            for passage in 0..<400 {
                let frequency = passage == 130 ? 5 : passage == 300 ? 3 : 1
                _ = builder.addPassage(length: 1, tokens: (0..<frequency).map { token(.bodyWord, "雨", at: $0 * 2) })
            }
            let path = folder.appendingPathComponent("seg.skn").path
            _ = try builder.write(to: path)
            let segment = try SegmentReader(path: path)
            #expect(segment.termCount == 1)
            #expect(try segment.blocks(at: 0) == [
                PostingBlockInfo(lastID: 127, count: 128, maxTermFrequency: 1),
                PostingBlockInfo(lastID: 255, count: 128, maxTermFrequency: 5),
                PostingBlockInfo(lastID: 383, count: 128, maxTermFrequency: 3),
                PostingBlockInfo(lastID: 399, count: 16, maxTermFrequency: 1),
            ])
            let postings = try segment.postings(at: 0)
            #expect(postings.ids == (0..<400).map { UInt32($0) })
            #expect(Array(postings.positions(at: 130)) == [0, 2, 4, 6, 8])
            #expect(postings.termFrequency(at: 300) == 3)
        }
    }

    @Test("an empty segment round-trips")
    func emptySegment() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("empty.skn").path
            let summary = try SegmentBuilder().write(to: path)
            // Only the passage locations section is not empty: its header and the title offset 0.
            #expect(summary.size == Int64(SegmentFormat.headerSize + 12 + SegmentFormat.footerSize))
            let segment = try SegmentReader(path: path)
            #expect(segment.passageCount == 0)
            #expect(segment.documentCount == 0)
            #expect(segment.termCount == 0)
            #expect(segment.totalPassageLength == 0)
            #expect(segment.termIndex(of: key(.bodyGram, "露")) == nil)
            #expect(segment.termIndices(withPrefix: []) == 0..<0)
            try segment.verifyChecksum()
        }
    }

    @Test("the file starts and ends with the magic, and its checksum is zlib's CRC-32 of the body")
    func fileFraming() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            let summary = try Sample.builder().write(to: path)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(Array(bytes[0..<8]) == Array("SAKUINSG".utf8))
            #expect(Array(bytes[(bytes.count - 8)...]) == Array("SAKUINSG".utf8))
            #expect(Array(bytes[8..<12]) == [3, 0, 0, 0])
            let body = Array(bytes[..<(bytes.count - 16)])
            let stored = bytes[(bytes.count - 16)..<(bytes.count - 12)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(stored == CRC32.checksum(of: body))
            #expect(stored == summary.checksum)
        }
    }

    // MARK: - Damage

    @Test("a byte flipped in the middle of the postings or the dictionary fails verifyChecksum",
          arguments: [SegmentFormat.Section.postings, .dictionary])
    func flippedByte(section: SegmentFormat.Section) throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            _ = try Sample.builder().write(to: path)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            // Opening checks the passage and document tables but not these two sections, so the
            // damage there is left for the checksum to find.
            let (offset, length) = sectionBounds(section, in: bytes)
            bytes[offset + length / 2] ^= 0x10
            let damaged = folder.appendingPathComponent("damaged.skn").path
            try Data(bytes).write(to: URL(fileURLWithPath: damaged))

            let segment = try SegmentReader(path: damaged)
            let error = indexError { () throws(IndexError) in try segment.verifyChecksum() }
            guard case .corruptSegment(let errorPath, let detail)? = error else {
                Issue.record("expected corruptSegment, got \(String(describing: error))")
                return
            }
            #expect(errorPath == damaged)
            #expect(detail.hasPrefix("checksum mismatch"))
            #expect(error?.description.hasPrefix("segment \(damaged) is corrupt: checksum mismatch: the footer says 0x") == true)
        }
    }

    @Test("the checksum is verified in pieces of any size: a whole file passes, a flipped byte is caught",
          arguments: [1, 7, 100, 4096, SegmentReader.checksumPiece])
    func checksumInPieces(piece: Int) throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            _ = try Sample.builder().write(to: path)
            try SegmentReader(path: path).verifyChecksum(piece: piece)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let (offset, length) = sectionBounds(.postings, in: bytes)
            bytes[offset + length - 1] ^= 0x01
            let damaged = folder.appendingPathComponent("damaged.skn").path
            try Data(bytes).write(to: URL(fileURLWithPath: damaged))
            let error = indexError { () throws(IndexError) in try SegmentReader(path: damaged).verifyChecksum(piece: piece) }
            #expect(error?.description.hasPrefix("segment \(damaged) is corrupt: checksum mismatch") == true)
        }
    }

    @Test("a byte flipped in the middle of the file is caught when opening or by verifyChecksum")
    func flippedMiddleByte() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            _ = try Sample.builder().write(to: path)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[bytes.count / 2] ^= 0x10
            let damaged = folder.appendingPathComponent("damaged.skn").path
            try Data(bytes).write(to: URL(fileURLWithPath: damaged))
            let error = indexError { () throws(IndexError) in try SegmentReader(path: damaged).verifyChecksum() }
            guard case .corruptSegment(damaged, _)? = error else {
                Issue.record("expected corruptSegment, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("a truncated file is reported as corrupt, at every length")
    func truncatedFile() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            _ = try Sample.builder().write(to: path)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let damaged = folder.appendingPathComponent("truncated.skn").path
            for length in [bytes.count - 1, bytes.count - 16, bytes.count / 2, 300, 207, 100, 8, 1] {
                try? FileManager.default.removeItem(atPath: damaged)
                try Data(bytes[0..<length]).write(to: URL(fileURLWithPath: damaged))
                let error = indexError { () throws(IndexError) in _ = try SegmentReader(path: damaged) }
                guard case .corruptSegment(let errorPath, _)? = error else {
                    Issue.record("length \(length): expected corruptSegment, got \(String(describing: error))")
                    continue
                }
                #expect(errorPath == damaged)
            }
        }
    }

    @Test("a zero-length file is corrupt; a missing file is not found")
    func emptyAndMissingFiles() throws {
        try withTemporaryDirectory { folder in
            let empty = folder.appendingPathComponent("empty.skn").path
            #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
            let error = indexError { () throws(IndexError) in _ = try SegmentReader(path: empty) }
            guard case .corruptSegment(empty, _)? = error else {
                Issue.record("expected corruptSegment, got \(String(describing: error))")
                return
            }
            let missing = folder.appendingPathComponent("missing.skn").path
            #expect(throws: IndexError.notFound(path: missing)) { try SegmentReader(path: missing) }
        }
    }

    @Test("writing over an existing file fails with an I/O error and leaves it alone")
    func existingPath() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3])))
            #expect(throws: IndexError.io(path: path, operation: "create segment", errno: EEXIST)) {
                try Sample.builder().write(to: path)
            }
            let contents = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(contents == Data([1, 2, 3]))
            #expect(IndexError.io(path: path, operation: "create segment", errno: EEXIST).description
                == "cannot create segment \(path): File exists")
        }
    }

    @Test("a byte flipped anywhere is reported as corrupt or read through, never trapped on")
    func damageAnywhere() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            _ = try Sample.builder().write(to: path)
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let (postingsOffset, postingsLength) = sectionBounds(.postings, in: original)
            let probes = [key(.bodyGram, "天気"), key(.bodyGram, "露朝"), key(.titleGram, "朝"), key(.bodyGram, "雨")]
            var corruptPostingsCount = 0
            for offset in stride(from: 0, to: original.count, by: 3) {
                var bytes = original
                bytes[offset] ^= 0xA5
                let damaged = folder.appendingPathComponent("damaged-\(offset).skn").path
                try Data(bytes).write(to: URL(fileURLWithPath: damaged))
                defer { try? FileManager.default.removeItem(atPath: damaged) }
                do throws(IndexError) {
                    let segment = try SegmentReader(path: damaged)
                    for probe in probes { _ = segment.termIndex(of: probe) }
                    _ = segment.termIndices(withPrefix: key(.bodyGram, "露"))
                    for term in 0..<segment.termCount {
                        _ = segment.termKey(at: term)
                        _ = segment.documentFrequency(at: term)
                        do throws(IndexError) {
                            _ = try segment.blocks(at: term)
                            _ = try segment.postings(at: term)
                        } catch {
                            guard case .corruptSegment(damaged, _) = error else {
                                Issue.record("offset \(offset): unexpected \(error)")
                                continue
                            }
                            if (postingsOffset..<postingsOffset + postingsLength).contains(offset) {
                                corruptPostingsCount += 1
                            }
                        }
                    }
                    // Whatever the reads made of it, the checksum catches the damage.
                    try segment.verifyChecksum()
                    Issue.record("offset \(offset): the checksum missed the damage")
                } catch {
                    // A changed version field reads as a file of another version.
                    if case .formatVersion(damaged, _, 3) = error, (8..<12).contains(offset) { continue }
                    guard case .corruptSegment(damaged, _) = error else {
                        Issue.record("offset \(offset): unexpected \(error)")
                        continue
                    }
                }
            }
            #expect(corruptPostingsCount > 0)
        }
    }

    @Test("a segment of format version 1 is refused with the message that says to rebuild")
    func versionOneRefused() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seg.skn").path
            _ = try Sample.builder().write(to: path)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[8] = 1
            let old = folder.appendingPathComponent("old.skn").path
            try Data(bytes).write(to: URL(fileURLWithPath: old))
            #expect(throws: IndexError.formatVersion(path: old, found: 1, supported: 3)) { try SegmentReader(path: old) }
            #expect(IndexError.formatVersion(path: old, found: 1, supported: 3).description
                == "\(old) has format version 1, but this build of sakuin reads version 3; "
                + "rebuild the index with `sakuin index --rebuild`")
        }
    }

    /// A segment of one term, `雨` in 400 passages (four blocks, so a skip table), and the path
    /// of a copy whose byte at `offset` of `section` is replaced by `edit`.
    private func rainSegment(in folder: URL, section: SegmentFormat.Section, offset: Int,
                             edit: (UInt8) -> UInt8) throws -> String {
        var builder = SegmentBuilder()
        _ = builder.addDocument(catalogID: 1, titleTokens: [])
        for _ in 0..<400 { _ = builder.addPassage(length: 1, tokens: [token(.bodyWord, "雨", at: 0)]) }
        let path = folder.appendingPathComponent("rain.skn").path
        _ = try builder.write(to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try FileManager.default.removeItem(atPath: path)
        let start = sectionBounds(section, in: bytes).offset
        bytes[start + offset] = edit(bytes[start + offset])
        let damaged = folder.appendingPathComponent("rain-damaged.skn").path
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        return damaged
    }

    @Test("a skip table that disagrees with its blocks is reported exactly")
    func damagedSkipTable() throws {
        try withTemporaryDirectory { folder in
            // The skip table starts the term's postings: block 0's last id 127 (one byte), its
            // largest frequency 1, its data length.
            let lastID = try rainSegment(in: folder, section: .postings, offset: 0) { $0 - 1 }
            let segment = try SegmentReader(path: lastID)
            #expect(try segment.blocks(at: 0).first == PostingBlockInfo(lastID: 126, count: 128, maxTermFrequency: 1))
            let detail = "postings of term 0, block 0: the data (last id 127, largest frequency 1) "
                + "disagrees with the skip table (last id 126, largest frequency 1)"
            #expect(throws: IndexError.corruptSegment(path: lastID, detail: detail)) { try segment.postings(at: 0) }
            var cursor = try PostingCursor(reader: segment, term: 0)
            #expect(throws: IndexError.corruptSegment(path: lastID, detail: detail)) { try cursor.next() }

            try FileManager.default.removeItem(atPath: lastID)
            let frequency = try rainSegment(in: folder, section: .postings, offset: 1) { _ in 0 }
            #expect(throws: IndexError.corruptSegment(
                path: frequency, detail: "postings of term 0, block 0: the skip table's largest term frequency is 0")) {
                try SegmentReader(path: frequency).termBlocks(at: 0)
            }

            // Block 0's entry takes three bytes (127, 1, 19: 3 header bytes and 16 of ids); block
            // 1's begins with its last id's step from block 0's, which may not be 0.
            try FileManager.default.removeItem(atPath: frequency)
            let step = try rainSegment(in: folder, section: .postings, offset: 3) { _ in 0 }
            #expect(throws: IndexError.corruptSegment(
                path: step, detail: "postings of term 0, block 1: the skip table's last id does not exceed the previous block's 127")) {
                try SegmentReader(path: step).termBlocks(at: 0)
            }
            // The table (11 bytes) and four blocks (19, 19, 19, 5) take 73 bytes: 127 for block 0
            // runs past them.
            try FileManager.default.removeItem(atPath: step)
            let length = try rainSegment(in: folder, section: .postings, offset: 2) { _ in 127 }
            #expect(throws: IndexError.corruptSegment(
                path: length, detail: "postings of term 0, block 0: its 127 bytes of data run past the term's postings")) {
                try SegmentReader(path: length).termBlocks(at: 0)
            }
        }
    }

    @Test("a damaged dictionary entry is reported exactly, and reads as an empty term")
    func damagedDictionary() throws {
        try withTemporaryDirectory { folder in
            // The first entry: shared length 0, suffix length 4 (the kind byte and 雨), the key.
            let shared = try rainSegment(in: folder, section: .dictionary, offset: 0) { _ in 1 }
            let segment = try SegmentReader(path: shared)
            #expect(segment.termKey(at: 0) == [])
            #expect(segment.documentFrequency(at: 0) == 0)
            #expect(segment.termIndex(of: key(.bodyWord, "雨")) == nil)
            #expect(throws: IndexError.corruptSegment(
                path: shared, detail: "the dictionary entry of term 0: its key shares 1 bytes with the key before it, which has 0")) {
                try segment.postings(at: 0)
            }

            try FileManager.default.removeItem(atPath: shared)
            let suffix = try rainSegment(in: folder, section: .dictionary, offset: 1) { _ in 100 }
            #expect(throws: IndexError.corruptSegment(
                path: suffix, detail: "the dictionary entry of term 0: its key's 100 more bytes run past the end of its block")) {
                try SegmentReader(path: suffix).postings(at: 0)
            }
        }
    }

    /// A segment of one document with a passage per text, each holding that body gram; and the
    /// gram keys sorted as the dictionary sorts them.
    private func segment(ofGrams texts: [String], in folder: URL, named name: String) throws -> (SegmentReader, [[UInt8]]) {
        var builder = SegmentBuilder()
        _ = builder.addDocument(catalogID: 1, titleTokens: [])
        for (index, text) in texts.enumerated() {
            _ = builder.addPassage(length: 50, tokens: [token(.bodyGram, text, at: index)])
        }
        let path = folder.appendingPathComponent(name).path
        _ = try builder.write(to: path)
        return (try SegmentReader(path: path), texts.map { key(.bodyGram, $0) }.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test("dictionary blocks of 16 terms find every key and prefix, long keys too")
    func manyTerms() throws {
        try withTemporaryDirectory { folder in
            // 3 × 15 keys sharing prefixes of several lengths and three more: 48 terms, so three
            // blocks, the last starting with a key of 181 bytes (its length a two-byte varint).
            let long = String(repeating: "長", count: 60)
            let texts = ["天", "天気", "雨"].flatMap { stem in (0..<15).map { stem + String(repeating: "の", count: $0) } }
                + ["天天", "天天天", long]
            let (segment, sorted) = try segment(ofGrams: texts, in: folder, named: "many.skn")
            #expect(segment.termCount == 48)
            #expect((0..<48).map { segment.termKey(at: $0) } == sorted)
            #expect(segment.termIndex(of: key(.bodyGram, long)) == 32)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "長長")) == 32..<33)
            var postingsStarts: [Int] = []
            for (index, expected) in sorted.enumerated() {
                #expect(segment.termIndex(of: expected) == index)
                #expect(segment.documentFrequency(at: index) == 1)
                // A location carries what a second lookup would read: blocks the same as by index.
                let location = try #require(segment.termLocation(of: expected))
                #expect(location.index == index && location.documentFrequency == 1 && location.kind == expected[0])
                let byLocation = try segment.termBlocks(at: location)
                let byIndex = try segment.termBlocks(at: index)
                #expect(byLocation.term == index && byLocation.count == byIndex.count && byLocation.lastIDs == byIndex.lastIDs)
                postingsStarts.append(location.postings.lowerBound)
                #expect(location.postings.count > 0)
            }
            // The terms' postings follow one another across the blocks.
            #expect(postingsStarts == postingsStarts.sorted() && Set(postingsStarts).count == 48)
            #expect(segment.termLocation(of: [key(.bodyGram, "天")[0]]) == nil)
            #expect(segment.termLocation(of: []) == nil)
            #expect(segment.termLocation(of: key(.bodyGram, "天の").dropLast().map { $0 }) == nil)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "天")).count == 32)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "天気")).count == 15)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "雨ののの")).count == 12)
            #expect(segment.termIndex(of: key(.bodyGram, "天の")) != nil)
            #expect(segment.termIndex(of: key(.bodyGram, "天気気")) == nil)
            let rain = try #require(segment.termIndex(of: key(.bodyGram, "雨の")))
            #expect(try segment.postings(at: rain) == PostingList(ids: [31], positionStarts: [0, 1], positions: [31]))
            try segment.verifyChecksum()
        }
    }

    @Test("a dictionary of 190 blocks finds every key, and no key between them, where first keys tie on eight bytes too")
    func manyBlocks() throws {
        try withTemporaryDirectory { folder in
            // 3,030 keys of two to four characters, 7 to 13 bytes with the kind: the first keys
            // of many blocks share their first eight bytes, so the search must read the keys.
            func text(_ number: Int) -> String {
                let head = Unicode.Scalar(UInt32(0x4E00 + number / 30)) ?? "一"
                let tail = Unicode.Scalar(UInt32(0x3041 + number % 10)) ?? "ぁ"
                let middle = String(repeating: "の", count: 1 + number % 30 / 10)
                return String(Character(head)) + middle + String(Character(tail))
            }
            let (segment, sorted) = try segment(ofGrams: (0..<3_030).map(text), in: folder, named: "sampled.skn")
            #expect(segment.termCount == 3_030)
            for (index, expected) in sorted.enumerated() {
                #expect(segment.termLocation(of: expected)?.index == index)
                // Between this key and the next, nothing: the key with one more byte.
                #expect(segment.termLocation(of: expected + [0]) == nil)
            }
            #expect(segment.termLocation(of: key(.bodyGram, "")) == nil)
            #expect(segment.termLocation(of: key(.bodyGram, "\u{9FFF}")) == nil)
            #expect(segment.termLocation(of: [0xFF]) == nil)
            // Blocks' first keys, and the keys just before them.
            for block in [1, 64, 65, 128, 189] {
                #expect(segment.termIndex(of: sorted[block * 16]) == block * 16)
                #expect(segment.termIndex(of: sorted[block * 16 - 1]) == block * 16 - 1)
            }
            #expect(segment.termIndices(withPrefix: key(.bodyGram, "一")) == 0..<30)
            // Prefix ranges: one across block 64 (term 1,024), the last, and prefixes of 10 and
            // 13 bytes, longer than the prefixes held in memory (block 65 starts at term 1,040).
            func head(_ number: Int) -> String { String(Character(Unicode.Scalar(UInt32(0x4E00 + number)) ?? "一")) }
            #expect(segment.termIndices(withPrefix: key(.bodyGram, head(34))) == 1_020..<1_050)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, head(34) + "のの")) == 1_030..<1_050)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, head(34) + "ののの")) == 1_040..<1_050)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, head(34) + "ののぁ")) == 1_030..<1_031)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, head(100))) == 3_000..<3_030)
            #expect(segment.termIndices(withPrefix: key(.bodyGram, head(101))).isEmpty)
        }
    }

    @Test("keys whose eight-byte prefixes differ order as the prefixes do, zero bytes and short keys too")
    func keyPrefixOrder() {
        var random = SplitMix64(seed: 7)
        // Few byte values, zero among them, and lengths around eight: ties and padding collide.
        func randomKey() -> [UInt8] {
            (0..<Int(random.next() % 11)).map { _ in [0, 1, 0x7F, 0xE3, 0xFF][Int(random.next() % 5)] }
        }
        func prefix(_ key: [UInt8]) -> UInt64 { key.withUnsafeBufferPointer { SegmentReader.keyPrefix(of: $0) } }
        #expect(prefix([0x01, 0x02]) == 0x0102_0000_0000_0000)
        #expect(prefix([1, 2, 3, 4, 5, 6, 7, 8, 9]) == 0x0102_0304_0506_0708)
        var differing = 0
        for _ in 0..<5_000 {
            let (first, second) = (randomKey(), randomKey())
            guard prefix(first) != prefix(second) else { continue }
            differing += 1
            #expect((prefix(first) < prefix(second)) == first.lexicographicallyPrecedes(second), "\(first) \(second)")
        }
        #expect(differing > 3_000)
    }

    @Test("error messages name the file and say what to do")
    func errorMessages() {
        #expect(IndexError.io(path: "/x/seg-1.skn", operation: "open segment", errno: ENOENT).description
            == "cannot open segment /x/seg-1.skn: No such file or directory")
        #expect(IndexError.corruptSegment(path: "/x/seg-1.skn", detail: "bad magic").description
            == "segment /x/seg-1.skn is corrupt: bad magic")
        #expect(IndexError.locked(path: "/x/write.lock", pid: 123).description == "index is locked by process 123 (/x/write.lock)")
        #expect(IndexError.fingerprintMismatch(stored: "a", current: "b").description.contains("sakuin index --rebuild"))
        #expect(IndexError.catalog("disk I/O error").description == "disk I/O error")
        #expect(IndexError.notFound(path: "/x/seg-2.skn").description.contains("/x/seg-2.skn"))
    }
}
