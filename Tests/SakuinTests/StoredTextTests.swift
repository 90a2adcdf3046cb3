import Foundation
import Testing
@testable import Sakuin

/// The catalog stores each document's passage texts once, compressed; passages point into them.
@Suite("stored text") struct StoredTextTests {
    /// A text long enough to be compressed, and repetitive enough that it shrinks.
    static let longText = Array(String(repeating: "停戦交渉は難航した。双方が譲らない。\n", count: 20).utf8)

    // MARK: - The blob

    /// The blob of `bytes` as one block: the text ends only at its end.
    static func oneBlock(_ bytes: [UInt8]) -> [UInt8] {
        TextCompression.compress(bytes, passageEnds: [bytes.count])
    }

    @Test("one block of 64 bytes or more is a zlib stream after its table and flag byte 1, and comes back exactly")
    func compressedRoundTrip() throws {
        let blob = Self.oneBlock(Self.longText)
        #expect(Self.longText.count == 1100)
        // One block of 1100 text bytes (varint 0xCC 0x08) stored in the rest of the blob.
        #expect(Array(blob[0...3]) == [1, 0xCC, 0x08, UInt8(blob.count - 4)])
        #expect(blob[4] == 1)
        // zlib header for level 6 with a 32 KB window: 0x78 0x9C.
        #expect(Array(blob[5...6]) == [0x78, 0x9C])
        #expect(blob.count < Self.longText.count / 4)
        #expect(try TextCompression.decompress(blob, expectedLength: Self.longText.count) == Self.longText)
        let trailer = blob.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(trailer == TextCompression.adler32(Self.longText))
    }

    @Test("a block under 64 bytes is stored after the flag byte 0; the empty text has no block")
    func storedRoundTrip() throws {
        let short = Array("停戦交渉。".utf8)
        #expect(Self.oneBlock(short) == [1, 15, 16, 0] + short)
        #expect(try TextCompression.decompress([1, 15, 16, 0] + short, expectedLength: 15) == short)
        #expect(TextCompression.compress([], passageEnds: []) == [0])
        #expect(TextCompression.compress([], passageEnds: [0, 0]) == [0])
        #expect(try TextCompression.decompress([0], expectedLength: 0) == [])
    }

    @Test("a block deflate cannot shrink is stored")
    func incompressible() throws {
        var generator = SplitMix64(seed: 64)
        let noise = (0..<300).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        // 300 is the varint 0xAC 0x02, 301 is 0xAD 0x02.
        #expect(Self.oneBlock(noise) == [1, 0xAC, 0x02, 0xAD, 0x02, 0] + noise)
    }

    @Test("Adler-32 gives zlib's values")
    func adler() {
        #expect(TextCompression.adler32([]) == 1)
        #expect(TextCompression.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        // Past one run of 5552 bytes, where the sums are reduced.
        #expect(TextCompression.adler32([UInt8](repeating: 0xFF, count: 6000)) == 0xA497_59EA)
    }

    /// Six passages of 60, 40, 100, 150, 10 and 30 bytes, each repetitive enough to shrink.
    static let passageLengths = [60, 40, 100, 150, 10, 30]
    static let passages: [[UInt8]] = passageLengths.enumerated().map { index, length in
        (0..<length).map { UInt8(ascii: "a") + UInt8((index + $0 / 7) % 26) }
    }
    static let passageText = passages.flatMap { $0 }
    static let passageEnds = passageLengths.reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1) }
    /// With blocks of at least 100 bytes: 60 + 40 close the first at exactly 100, the passage of
    /// exactly 100 bytes is the second, the one of 150 the third, and 10 + 30 end the text.
    static let blockedBlob = TextCompression.compress(passageText, passageEnds: passageEnds, blockSize: 100)

    static func table(_ blob: [UInt8], expectedLength: Int) throws -> TextCompression.BlockTable {
        let result = blob.withUnsafeBytes { bytes in
            Result { () throws(TextCompression.DamageError) in try TextCompression.blockTable(bytes, expectedLength: expectedLength) }
        }
        return try result.get()
    }

    @Test("blocks close at the first passage end at or past the block size, and each passage reads from one block")
    func blocksAtPassageEnds() throws {
        #expect(Self.passageEnds == [60, 100, 200, 350, 360, 390])
        let table = try Self.table(Self.blockedBlob, expectedLength: 390)
        #expect(table.textEnds == [100, 200, 350, 390])
        #expect(table.payloadStart == 10)
        #expect(table.blobEnds.last == Self.blockedBlob.count)
        // The table: four blocks of 100, 100, 150 (0x96 0x01) and 40 text bytes.
        #expect(Self.blockedBlob[0] == 4)
        #expect([Self.blockedBlob[1], Self.blockedBlob[3], Self.blockedBlob[5], Self.blockedBlob[6], Self.blockedBlob[8]]
            == [100, 100, 0x96, 0x01, 40])
        var start = 0
        for (passage, end) in zip(Self.passages, Self.passageEnds) {
            let blocks = try #require(table.blocks(covering: start..<end))
            #expect(blocks.count == 1)
            let block = try #require(blocks.first)
            let text = try Self.blockedBlob.withUnsafeBytes { bytes in
                try Result { () throws(TextCompression.DamageError) in
                    try TextCompression.decompress(block: block, of: bytes, table: table)
                }.get()
            }
            let blockStart = table.textRange(of: block).lowerBound
            #expect(Array(text[(start - blockStart)..<(end - blockStart)]) == passage)
            start = end
        }
        #expect(try TextCompression.decompress(Self.blockedBlob, expectedLength: 390) == Self.passageText)
    }

    @Test("a range maps to the blocks it overlaps; an empty range to the block it starts in")
    func blocksCovering() throws {
        let table = try Self.table(Self.blockedBlob, expectedLength: 390)
        #expect(table.blocks(covering: 0..<100) == 0..<1)
        #expect(table.blocks(covering: 100..<200) == 1..<2)
        #expect(table.blocks(covering: 99..<101) == 0..<2)
        #expect(table.blocks(covering: 50..<360) == 0..<4)
        #expect(table.blocks(covering: 100..<100) == 1..<2)
        #expect(table.blocks(covering: 390..<390) == 3..<4)
        #expect(table.blocks(covering: 380..<391) == nil)
        let empty = try Self.table([0], expectedLength: 0)
        #expect(empty.blocks(covering: 0..<0) == 0..<0)
        #expect(empty.blocks(covering: 0..<1) == nil)
    }

    @Test("a passage longer than the block size is a block of its own, compressed")
    func longPassage() throws {
        let text = Self.longText + Array("短い。".utf8)
        let blob = TextCompression.compress(text, passageEnds: [1100, 1109], blockSize: 100)
        let table = try Self.table(blob, expectedLength: 1109)
        #expect(table.textEnds == [1100, 1109])
        #expect(blob[table.blobRange(of: 0).lowerBound] == 1)
        #expect(Array(blob[table.blobRange(of: 1)]) == [0] + Array("短い。".utf8))
        #expect(try TextCompression.decompress(blob, expectedLength: 1109) == text)
    }

    @Test("damaged blobs give typed errors with exact messages")
    func damage() throws {
        let blob = Self.blockedBlob
        let length = 390
        let table = try Self.table(blob, expectedLength: length)
        typealias Damage = TextCompression.DamageError
        #expect(throws: Damage.damagedTable("it ends inside the block count")) {
            try TextCompression.decompress([], expectedLength: 0)
        }
        #expect(throws: Damage.damagedTable("it ends inside block 0's stored length")) {
            try TextCompression.decompress([1, 15, 0x80, 0x80], expectedLength: 15)
        }
        #expect(throws: Damage.damagedTable("it counts 1 block in a 2-byte blob")) {
            try TextCompression.decompress([1, 15], expectedLength: 15)
        }
        #expect(throws: Damage.damagedTable("it counts 127 blocks in a \(blob.count)-byte blob")) {
            try TextCompression.decompress([0x7F] + blob.dropFirst(), expectedLength: length)
        }
        #expect(throws: Damage.damagedTable("the block count is longer than 9 bytes")) {
            try TextCompression.decompress([UInt8](repeating: 0xFF, count: 12), expectedLength: 0)
        }
        #expect(throws: Damage.damagedTable("its blocks hold 390 bytes of text, but the recorded length is 391")) {
            try TextCompression.decompress(blob, expectedLength: length + 1)
        }
        #expect(throws: Damage.damagedTable("its blocks hold more than the recorded length 389")) {
            try TextCompression.decompress(blob, expectedLength: length - 1)
        }
        #expect(throws: Damage.damagedTable("its blocks take \(blob.count - 10) bytes, but \(blob.count - 8) follow it")) {
            try TextCompression.decompress(blob + [0, 0], expectedLength: length)
        }
        #expect(throws: Damage.damagedTable("block 0 has the text length 0 and the stored length 1, expected at least 1 each")) {
            try TextCompression.decompress([1, 0, 1, 0], expectedLength: 0)
        }
        #expect(throws: Damage.damagedTable("its blocks take more than the blob's 5 bytes")) {
            try TextCompression.decompress([1, 1, 9, 0, 0x41], expectedLength: 1)
        }
        var unknown = blob
        unknown[table.blobRange(of: 1).lowerBound] = 7
        #expect(throws: Damage.unknownFormat(block: 1, 7)) { try TextCompression.decompress(unknown, expectedLength: length) }
        var wrongChecksum = blob
        wrongChecksum[table.blobRange(of: 2).upperBound - 1] ^= 0x01
        #expect(throws: Damage.corruptStream(block: 2, "corruptData")) {
            try TextCompression.decompress(wrongChecksum, expectedLength: length)
        }
        #expect(throws: Damage.lengthMismatch(block: 0, expected: 3, found: 2)) {
            try TextCompression.decompress([1, 3, 3, 0, 0x41, 0x42], expectedLength: 3)
        }
        // A block length no stream of this size can reach is refused before allocating it:
        // 65536 (0x80 0x80 0x04) bytes from a 2-byte stream.
        #expect(throws: Damage.implausibleLength(block: 0, expected: 65536, compressedBytes: 2)) {
            try TextCompression.decompress([1, 0x80, 0x80, 0x04, 3, 1, 0x78, 0x9C], expectedLength: 65536)
        }
        #expect(Damage.lengthMismatch(block: 0, expected: 3, found: 2).description
            == "block 0 of the stored text holds 2 bytes, but its recorded length is 3")
        #expect(Damage.corruptStream(block: 1, "corruptData").description
            == "block 1 of the stored text has a damaged zlib stream (corruptData)")
        #expect(Damage.damagedTable("it ends inside the block count").description
            == "the stored text's block table is damaged (it ends inside the block count)")
    }

    @Test("a stream cut short is found by its missing checksum")
    func truncatedStream() throws {
        let blob = Self.oneBlock(Self.longText)
        // The table's stored length shrinks with the stream, so the table still adds up.
        var cut = Array(blob.dropLast(4))
        cut[3] -= 4
        #expect(throws: TextCompression.DamageError.corruptStream(block: 0, "it ends early")) {
            try TextCompression.decompress(cut, expectedLength: Self.longText.count)
        }
    }

    @Test("every byte of a blocked blob flipped is detected, or changes nothing")
    func everyFlipDetected() throws {
        let blob = Self.blockedBlob
        var wrongText: [Int] = []
        var harmless: [Int] = []
        for offset in 0..<blob.count {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = blob
                damaged[offset] ^= mask
                guard let text = try? TextCompression.decompress(damaged, expectedLength: 390) else { continue }
                if text == Self.passageText { harmless.append(offset) } else { wrongText.append(offset) }
            }
        }
        // The last block, 40 bytes, is stored: it has no checksum (`sakuin check` finds damage
        // to it by analysing the text again). Every zlib block's damage is caught.
        let table = try Self.table(blob, expectedLength: 390)
        #expect(Array(blob[table.blobRange(of: 3)]) == [0] + Self.passageText[350...])
        #expect(wrongText == table.blobRange(of: 3).dropFirst().flatMap { [$0, $0, $0] })
        // Only padding bits after a zlib stream's last deflate block are never read.
        #expect(harmless.count == 4)
    }

    // MARK: - In the catalog

    @Test("passages are cut from their document's stored text, with their kinds")
    func catalogRoundTrip() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let index = try SearchIndex(directory: folder + "/index")
            let text = "# 停戦交渉\n\n停戦交渉は難航した¹。\n双方が譲らない。\n\n| 国 | 立場 |\n| ロシア | 強硬 |\n\n1 注の本文。\n"
            _ = try index.add([InMemoryDocument(name: "memo", text: text)])
            let (_, passages) = try index.passages(of: "memo")
            #expect(passages.map(\.kind) == [.heading, .paragraph, .tableRow, .tableRow, .footnote])
            #expect(passages.map(\.text) == [
                "# 停戦交渉", "停戦交渉は難航した¹。\n双方が譲らない。", "| 国 | 立場 |", "| ロシア | 強硬 |", "1 注の本文。",
            ])

            let database = try SQLiteDatabase(path: folder + "/index/catalog.sqlite", mode: .readOnly)
            let document = try database.prepare("SELECT text_length, text FROM documents WHERE name = 'memo'")
            #expect(try document.step())
            let joined = passages.map(\.text).joined()
            #expect(document.int(at: 0) == joined.utf8.count)
            #expect(try TextCompression.decompress(document.blob(at: 1), expectedLength: document.int(at: 0))
                == Array(joined.utf8))
            let rows = try database.prepare("SELECT kind, text_start, text_length FROM passages ORDER BY local_id")
            var found: [[Int]] = []
            while try rows.step() { found.append([rows.int(at: 0), rows.int(at: 1), rows.int(at: 2)]) }
            #expect(found == [[1, 0, 14], [0, 14, 57], [3, 71, 16], [3, 87, 22], [2, 109, 17]])
        }
    }

    @Test("a prepared document carries its passages' texts compressed as the catalog stores them, and its records none")
    func preparedDocumentCompresses() throws {
        let text = "# 停戦交渉\n\n停戦交渉は難航した¹。\n双方が譲らない。\n\n1 注の本文。\n"
        let input = DocumentInput(path: "memo", name: "memo", text: text, contentHash: "", size: Int64(text.utf8.count),
                                  modificationTime: 0, metadata: nil, metadataHash: "")
        let prepared = PreparedDocument(input, analyzer: try TextAnalyzer(Analyzer()))
        #expect(prepared.passages.map(\.record.kind) == [.heading, .paragraph, .footnote])
        #expect(prepared.passages.allSatisfy { $0.record.text.isEmpty })
        #expect(prepared.storedText == StoredText(passageTexts: ["# 停戦交渉", "停戦交渉は難航した¹。\n双方が譲らない。", "1 注の本文。"]))
    }

    @Test("a commit whose stored texts do not match its passages is refused, and changes nothing")
    func storedTextMismatch() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let path = folder + "/catalog.sqlite"
            let catalog = try Catalog(path: path, fingerprint: Analyzer().fingerprint, create: true)
            let segment = CatalogSegment(id: 1, file: "seg-1.skn", size: 100, checksum: 0, passageCount: 2, documentCount: 1,
                                         deletions: DeletionSet(passageCount: 2))
            let document = CatalogDocument(id: 1, path: "memo", name: "memo", contentHash: "", size: 10, modificationTime: 0,
                                           title: nil, segmentID: 1, ordinal: 0, firstPassage: 0, passageCount: 2,
                                           metadata: "{}", metadataHash: "")
            let passages = (0..<2).map { local in
                CatalogPassage(segmentID: 1, localID: UInt32(local), documentID: 1, kind: .paragraph, lineStart: local + 1,
                               lineEnd: local + 1, section: nil, footnoteNumber: nil, text: "", analysedRange: 0..<0,
                               cellSeparatorsAreSpaces: false, page: nil)
            }
            var commit = CatalogCommit()
            commit.segments = [(segment, [.init(document: document, passages: passages,
                                                storedText: StoredText(passageTexts: ["一つだけ。"]))])]
            let error = { () -> IndexError? in
                do throws(IndexError) { _ = try catalog.apply(commit) } catch { return error }
                return nil
            }()
            #expect(error?.description == "catalog \(path): document 1 has 2 passages but 1 stored texts")
            #expect(try catalog.segments().isEmpty)
            #expect(try catalog.documents().isEmpty)
        }
    }

    @Test("a search hit's text is its passage's stored text")
    func hitText() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let index = try SearchIndex(directory: folder + "/index")
            _ = try index.add([
                InMemoryDocument(name: "a", text: "前置き。\n\n停戦交渉は難航した。\n"),
                InMemoryDocument(name: "b", text: String(repeating: "和平への道。", count: 30) + "\n\n停戦の合意。\n"),
            ])
            let hits = try index.search("停戦").hits
            #expect(Set(hits.map(\.text)) == ["停戦交渉は難航した。", "停戦の合意。"])
        }
    }

    @Test("a document id given again after a removal reads the new document's text")
    func reusedIDReadsNewText() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let index = try SearchIndex(directory: folder + "/index")
            _ = try index.add([InMemoryDocument(name: "old", text: "古い本文。\n")])
            #expect(try index.passages(of: "old").passages.map(\.text) == ["古い本文。"])
            _ = try index.remove(documents: ["old"])
            // The catalog is empty again, so the next document takes id 1 once more.
            _ = try index.add([InMemoryDocument(name: "new", text: "新しい本文。\n")])
            #expect(try index.passages(of: "new").passages.map(\.text) == ["新しい本文。"])
            #expect(try index.search("本文").hits.map(\.text) == ["新しい本文。"])
        }
    }

    @Test("a hit's document is the one that holds its id now, after a removal gives the id again, in this index and in another reader")
    func reusedIDShowsNewDocument() throws {
        try TestIndex.withTemporaryDirectory("sakuin-reference") { folder in
            let writer = try SearchIndex(directory: folder + "/index")
            _ = try writer.add([InMemoryDocument(name: "old", text: "古い本文。\n")])
            let reader = try SearchIndex(directory: folder + "/index")
            #expect(try writer.search("本文").hits.map(\.document.name) == ["old"])
            #expect(try reader.search("本文").hits.map(\.document.name) == ["old"])
            _ = try writer.remove(documents: ["old"])
            // The catalog is empty again, so the next document takes id 1 once more.
            _ = try writer.add([InMemoryDocument(name: "new", text: "新しい本文。\n")])
            #expect(try writer.search("本文").hits.map(\.document.name) == ["new"])
            #expect(try reader.search("本文").hits.map(\.document.name) == ["new"])
            #expect(try reader.search("本文").hits.map(\.document.path) == ["new"])
        }
    }

    /// Twenty paragraphs of exactly 1001 bytes (`段落NN：` and 33 sentences), so that a document
    /// of them spans several blocks whatever the block size up to 19 KB.
    static let paragraphs = (1...20).map { number in
        "段落" + (number < 10 ? "0" : "") + "\(number)：" + String(repeating: "停戦交渉は難航した。", count: 33)
    }
    /// How many paragraphs close a block: the first count whose bytes reach the block size.
    static let paragraphsPerBlock = (TextCompression.blockSize + 1000) / 1001

    /// The block table of document `name` in the catalog at `path`.
    static func storedTable(_ path: String, name: String) throws -> (blob: [UInt8], table: TextCompression.BlockTable) {
        let database = try SQLiteDatabase(path: path + "/catalog.sqlite", mode: .readOnly)
        let select = try database.prepare("SELECT text_length, text FROM documents WHERE name = ?")
        try select.bind([.text(name)])
        #expect(try select.step())
        let blob = select.blob(at: 1)
        return (blob, try table(blob, expectedLength: select.int(at: 0)))
    }

    @Test("a document of many blocks gives back every passage, each from one block")
    func catalogBlocksRoundTrip() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let path = folder + "/index"
            let index = try SearchIndex(directory: path)
            _ = try index.add([InMemoryDocument(name: "long", text: Self.paragraphs.joined(separator: "\n\n") + "\n")])
            #expect(try index.passages(of: "long").passages.map(\.text) == Self.paragraphs)
            let (_, table) = try Self.storedTable(path, name: "long")
            let perBlock = Self.paragraphsPerBlock
            #expect(table.count == (20 + perBlock - 1) / perBlock)
            #expect(table.textEnds == Array(stride(from: perBlock * 1001, to: 20 * 1001, by: perBlock * 1001)) + [20 * 1001])
            // One passage at a time, as search hits read them: the first and last of each block.
            for localID: UInt32 in [0, UInt32(perBlock - 1), UInt32(perBlock), 19] {
                index.catalog.forgetStoredTexts()
                let passage = try #require(try index.catalog.passage(segment: 1, localID: localID))
                #expect(passage.text == Self.paragraphs[Int(localID)])
            }
            // Paragraph k starts on line 2k + 1; every hit's text is its own paragraph's.
            let hits = try index.search("段落").hits
            #expect(hits.count == 1)
            #expect(hits.map(\.text) == hits.map { Self.paragraphs[($0.lineStart - 1) / 2] })
        }
    }

    @Test("a passage read without its text reads no stored text")
    func passageWithoutText() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let path = folder + "/index"
            do {
                _ = try SearchIndex(directory: path).add([InMemoryDocument(name: "memo", text: "一つ目。\n\n二つ目。\n")])
            }
            let database = try SQLiteDatabase(path: path + "/catalog.sqlite", mode: .readWrite)
            try database.prepare("UPDATE documents SET text = ? WHERE name = 'memo'").run(.blob([9]))
            let index = try SearchIndex(directory: path, mode: .openExisting)
            let passage = try #require(try index.catalog.passage(segment: 1, localID: 1, includingText: false))
            #expect(passage.text == "")
            #expect(passage.lineStart == 3)
            #expect(passage.kind == .paragraph)
            #expect(passage.documentID == 1)
            #expect(throws: IndexError.catalog("catalog \(path)/catalog.sqlite: document 1: the stored text's block table is damaged "
                + "(it counts 9 blocks in a 1-byte blob); run `sakuin check`, then `sakuin index --rebuild`")) {
                try index.catalog.passage(segment: 1, localID: 1)
            }
        }
    }

    @Test("a damaged block table is reported by check, naming the document")
    func checkFindsDamagedTable() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let path = folder + "/index"
            do {
                _ = try SearchIndex(directory: path).add([InMemoryDocument(name: "long", text: Self.paragraphs.joined(separator: "\n\n"))])
            }
            var (blob, _) = try Self.storedTable(path, name: "long")
            // The first block's text length grows by one: the table no longer adds up.
            blob[1] += 1
            let database = try SQLiteDatabase(path: path + "/catalog.sqlite", mode: .readWrite)
            try database.prepare("UPDATE documents SET text = ? WHERE name = 'long'").run(.blob(blob))
            let index = try SearchIndex(directory: path, mode: .openExisting)
            #expect(try index.check().problems.map(\.description) == [
                "catalog.sqlite: document 1 (long): the stored text's block table is damaged "
                    + "(its blocks hold more than the recorded length 20020)",
            ])
        }
    }

    @Test("a byte flipped in a second block is reported by check naming the document; the first block still reads")
    func checkFindsDamagedBlock() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let path = folder + "/index"
            do {
                let index = try SearchIndex(directory: path)
                _ = try index.add([InMemoryDocument(name: "long", text: Self.paragraphs.joined(separator: "\n\n")),
                                   InMemoryDocument(name: "other", text: "別の文書。\n")])
                #expect(try index.check().problems == [])
            }
            var (blob, table) = try Self.storedTable(path, name: "long")
            #expect(blob[table.blobRange(of: 1).lowerBound] == 1)
            // The block's last byte is its checksum's: zlib itself then refuses the stream.
            blob[table.blobRange(of: 1).upperBound - 1] ^= 0x40
            let database = try SQLiteDatabase(path: path + "/catalog.sqlite", mode: .readWrite)
            try database.prepare("UPDATE documents SET text = ? WHERE name = 'long'").run(.blob(blob))

            let index = try SearchIndex(directory: path, mode: .openExisting)
            #expect(try index.check().problems.map(\.description) == [
                "catalog.sqlite: document 1 (long): block 1 of the stored text has a damaged zlib stream (corruptData)",
            ])
            let message = TestIndex.errorMessage { () throws(SakuinError) in _ = try index.passages(of: "long") }
            #expect(message
                == "catalog \(path)/catalog.sqlite: document 1: block 1 of the stored text has a damaged zlib stream (corruptData); "
                + "run `sakuin check`, then `sakuin index --rebuild`")
            // Passages of the first block, and the other document, still read.
            #expect(try index.catalog.passage(segment: 1, localID: 0)?.text == Self.paragraphs[0])
            #expect(try index.passages(of: "other").passages.map(\.text) == ["別の文書。"])
        }
    }

    @Test("a passage range outside its document's stored text is reported by check")
    func checkFindsRangeOutside() throws {
        try TestIndex.withTemporaryDirectory("sakuin-stored") { folder in
            let path = folder + "/index"
            do {
                _ = try SearchIndex(directory: path).add([InMemoryDocument(name: "memo", text: "一つ目。\n\n二つ目。\n")])
            }
            let database = try SQLiteDatabase(path: path + "/catalog.sqlite", mode: .readWrite)
            try database.execute("UPDATE passages SET text_length = 100 WHERE local_id = 1")
            let index = try SearchIndex(directory: path, mode: .openExisting)
            #expect(try index.check().problems.map(\.description) == [
                "catalog.sqlite: passage 1 of seg-1.skn: its text range 12..<112 does not lie in the 24 bytes of document 1's stored text",
            ])
        }
    }
}
