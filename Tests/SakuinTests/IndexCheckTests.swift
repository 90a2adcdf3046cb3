import Foundation
import Synchronization
import Testing
@testable import Sakuin

/// Indexes for the damage tests, each built once per test process and only ever copied: every
/// test damages a fresh copy.
private enum PristineIndex {
    /// Holds every pristine index; removed when the test process exits.
    static let root: String = FileManager.default.temporaryDirectory
        .appendingPathComponent("sakuin-check-pristine-\(getpid())").path

    /// The five seed papers: 5 documents, 353 passages, one segment.
    static let seeds: Result<String, SakuinError> = build("seeds", [TestIndex.seedsDirectory])

    /// The two smallest seed papers: small enough to check a few hundred times in a test.
    static let small: Result<String, SakuinError> = {
        let sizes = TestIndex.seedFiles.map { file in
            (file.path, (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0)
        }
        return build("small", sizes.sorted { $0.1 < $1.1 }.prefix(2).map(\.0))
    }()

    private static func build(_ name: String, _ sources: [String]) -> Result<String, SakuinError> {
        let path = root + "/" + name
        if (try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)) != nil {
            atexit { try? FileManager.default.removeItem(atPath: PristineIndex.root) }
        }
        do throws(SakuinError) {
            // The index object is released before any copy is made, so its connection has folded
            // the write-ahead log into the catalog file.
            _ = try SearchIndex(directory: path).index(paths: sources)
            return .success(path)
        } catch {
            return .failure(error)
        }
    }

    /// The bytes of a file of a pristine index.
    static func bytes(_ index: Result<String, SakuinError>, _ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: try index.get() + "/" + file)))
    }

    /// Copies an index into `destination` (created): the catalog and the segment, nothing else.
    static func copy(_ index: Result<String, SakuinError>, to destination: String) throws {
        let source = try index.get()
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: destination + "/segments", withIntermediateDirectories: true)
        for name in ["catalog.sqlite", "catalog.sqlite-wal"] where fileManager.fileExists(atPath: source + "/" + name) {
            try fileManager.copyItem(atPath: source + "/" + name, toPath: destination + "/" + name)
        }
        try fileManager.copyItem(atPath: source + "/segments/seg-1.skn", toPath: destination + "/segments/seg-1.skn")
    }

    /// Runs `body` with a fresh copy of an index, removed afterwards.
    static func withCopy<R>(of index: Result<String, SakuinError> = seeds, _ body: (String) throws -> R) throws -> R {
        try TestIndex.withTemporaryDirectory("sakuin-check") { folder in
            try copy(index, to: folder + "/index")
            return try body(folder + "/index")
        }
    }

    /// Replaces the text of passage `localID` of segment 1 inside its document's stored text by
    /// `edit` of it (of the same byte length, so no other passage moves), compressed again, as a
    /// hand-edited catalog would hold it.
    static func editPassageText(_ index: String, localID: Int64, _ edit: (String) -> String) throws {
        let database = try SQLiteDatabase(path: index + "/catalog.sqlite", mode: .readWrite)
        let select = try database.prepare("""
            SELECT d.id, d.text_length, d.text, p.text_start, p.text_length
            FROM passages p JOIN documents d ON d.id = p.document WHERE p.segment = 1 AND p.local_id = ?
            """)
        try select.bind([.integer(localID)])
        #expect(try select.step())
        let document = select.int64(at: 0)
        var text = try TextCompression.decompress(select.blob(at: 2), expectedLength: select.int(at: 1))
        let range = select.int(at: 3)..<(select.int(at: 3) + select.int(at: 4))
        try select.reset()
        let edited = Array(edit(String(decoding: text[range], as: UTF8.self)).utf8)
        #expect(edited.count == range.count)
        text.replaceSubrange(range, with: edited)
        // Cut into blocks at the document's passage ends, as the writer does.
        let ends = try database.prepare("SELECT text_start + text_length FROM passages WHERE document = ? ORDER BY local_id")
        try ends.bind([.integer(document)])
        var passageEnds: [Int] = []
        while try ends.step() { passageEnds.append(ends.int(at: 0)) }
        try database.prepare("UPDATE documents SET text = ? WHERE id = ?")
            .run(.blob(TextCompression.compress(text, passageEnds: passageEnds)), .integer(document))
    }

    /// Runs SQL on a copy's catalog, as a damaged or hand-edited catalog would hold it.
    static func edit(_ index: String, _ sql: String) throws {
        let database = try SQLiteDatabase(path: index + "/catalog.sqlite", mode: .readWrite)
        try database.execute(sql)
    }
}

/// Where SQLite keeps nothing in a database file: in every b-tree page, the gap between the cell
/// pointer array and the cell content area and the bodies of free blocks; in every overflow page,
/// what follows the payload it carries. SQLite never reads these bytes, so damage there changes
/// nothing and no check can (or should) report it.
private struct SQLiteFreeSpace {
    /// One flag per byte of the file.
    var unused: [Bool]
    /// Per b-tree page: the unused bytes found here, and the unused bytes SQLite's `dbstat` counts
    /// minus the page's fragment count (which names no offsets). The two must agree.
    var pageTallies: [(page: Int, found: Int, counted: Int)] = []

    init(path: String) throws {
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func uint16(_ offset: Int) -> Int { Int(file[offset]) << 8 | Int(file[offset + 1]) }
        unused = [Bool](repeating: false, count: file.count)
        let pageSize = uint16(16) == 1 ? 65536 : uint16(16)
        let database = try SQLiteDatabase(path: path, mode: .readOnly)
        let pages = try database.prepare("SELECT pageno, pagetype, payload, unused FROM dbstat ORDER BY pageno")
        while try pages.step() {
            let page = pages.int(at: 0)
            let pageStart = (page - 1) * pageSize
            guard pages.string(at: 1) != "overflow" else {
                // Four bytes of next-page number, then the payload.
                for offset in pageStart + 4 + pages.int(at: 2)..<pageStart + pageSize { unused[offset] = true }
                continue
            }
            let header = page == 1 ? 100 : pageStart
            let headerSize = file[header] == 2 || file[header] == 5 ? 12 : 8
            let cellPointersEnd = header + headerSize + 2 * uint16(header + 3)
            let contentStart = pageStart + (uint16(header + 5) == 0 ? 65536 : uint16(header + 5))
            var found = 0
            for offset in cellPointersEnd..<max(cellPointersEnd, contentStart) {
                unused[offset] = true
                found += 1
            }
            var freeBlock = uint16(header + 1)
            while freeBlock != 0 {
                let size = uint16(pageStart + freeBlock + 2)
                for offset in pageStart + freeBlock + 4..<pageStart + freeBlock + size {
                    unused[offset] = true
                    found += 1
                }
                found += 4  // dbstat counts the free block's header as unused too
                freeBlock = uint16(pageStart + freeBlock)
            }
            pageTallies.append((page, found, pages.int(at: 3) - Int(file[header + 7])))
        }
    }
}

@Suite("index check") struct IndexCheckTests {
    @Test("a hit whose passage row or document row is gone from the catalog is an error that says to rebuild")
    func hitRowsGone() throws {
        let query = "\"プーチン大統領は北朝鮮を訪問\""
        try PristineIndex.withCopy { index in
            let hit = try #require(try SearchIndex(directory: index, mode: .openExisting)
                .search(query, options: SearchOptions(groupsByDocument: false)).hits.first)
            #expect(hit.document.name == "004_52d9f2df84919290" && hit.lineStart == 45)
            let catalog = try SQLiteDatabase(path: index + "/catalog.sqlite", mode: .readOnly)
            let row = try catalog.prepare("SELECT document, local_id, segment FROM passages WHERE line_start = ? AND document = (SELECT id FROM documents WHERE name = ?)")
            try row.bind([.integer(Int64(hit.lineStart)), .text(hit.document.name)])
            #expect(try row.step())
            let (document, localID, segment) = (row.int64(at: 0), row.int64(at: 1), row.int64(at: 2))
            try row.reset()
            try PristineIndex.edit(index, "DELETE FROM documents WHERE id = \(document)")
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try SearchIndex(directory: index, mode: .openExisting).search(query)
            } == "catalog has no document \(document); run `sakuin index --rebuild`")
            var withoutText = SearchOptions()
            withoutText.includesText = false
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try SearchIndex(directory: index, mode: .openExisting).search(query, options: withoutText)
            } == "catalog has no document \(document); run `sakuin index --rebuild`")
            try PristineIndex.edit(index, "DELETE FROM passages WHERE document = \(document) AND local_id = \(localID)")
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try SearchIndex(directory: index, mode: .openExisting).search(query)
            } == "catalog has no passage \(localID) of segment \(segment); run `sakuin index --rebuild`")
        }
    }

    /// The kind prior weighs a heading at half; its kind comes from the segment, so a search
    /// without text ranks the same with the heading's catalog row gone.
    @Test("a search without text weighs passages by the kinds their segments record, reading no passage row")
    func kindsFromSegments() throws {
        var options = SearchOptions(groupsByDocument: false)
        options.includesText = false
        try PristineIndex.withCopy { index in
            let before = try SearchIndex(directory: index, mode: .openExisting).search("はじめに", options: options).hits
            let heading = try #require(before.first)
            #expect(heading.document.name == "001_49dd464655a60e45" && heading.lineStart == 50 && heading.kind == .heading)
            try PristineIndex.edit(index, "DELETE FROM passages WHERE line_start = 50 AND document = "
                + "(SELECT id FROM documents WHERE name = '001_49dd464655a60e45')")
            let after = try SearchIndex(directory: index, mode: .openExisting).search("はじめに", options: options).hits
            #expect(after.map(\.score) == before.map(\.score))
            #expect(after.map(\.lineStart) == before.map(\.lineStart))
            #expect(after.first?.kind == .heading)
        }
    }

    typealias Problem = IndexCheckReport.Problem

    /// The problems of a report, as the lines `file: message`.
    func lines(_ problems: [Problem]) -> [String] { problems.map(\.description) }

    func check(_ index: String) throws -> IndexCheckReport {
        try SearchIndex(directory: index, mode: .openExisting).check()
    }

    // MARK: - Sound indexes

    @Test("a sound index of the seeds checks ok, with exact counts")
    func soundSeedIndex() throws {
        let index = try TestIndex.seeds()
        let report = try index.check()
        #expect(report.problems == [])
        #expect(report.warnings == [])
        #expect(report.isSound)
        #expect(report.directory == index.directory)
        #expect(report.generation == 1)
        #expect(report.documents == 5)
        #expect(report.passages == 353)
        #expect(report.segments == 1)
        #expect(report.terms == 11_612)
        #expect(report.postings == 39_695)
    }

    @Test("an index with replaced and removed documents, over several segments, checks ok")
    func soundIndexWithDeletions() throws {
        try TestIndex.withTemporaryDirectory("sakuin-check") { directory in
            let index = try SearchIndex(directory: directory)
            try index.add([
                InMemoryDocument(name: "a", text: "# 停戦交渉\n\n停戦交渉は難航した。\n\n双方が譲らない。\n"),
                InMemoryDocument(name: "b", text: "和平への道\n\n| 国 | 立場 |\n| ロシア | 強硬 |\n"),
                InMemoryDocument(name: "c", text: "消える文書。\n"),
            ])
            try index.add([InMemoryDocument(name: "a", text: "# 停戦交渉\n\n交渉は再開された。\n")])
            try index.remove(documents: ["c"])
            let report = try index.check()
            #expect(lines(report.problems) == [])
            #expect(report.warnings == [])
            #expect(report.generation == 3)
            #expect(report.documents == 2)
            #expect(report.passages == 5)
            #expect(report.segments == 2)
        }
    }

    @Test("an index of unusual documents checks ok: pieces of long passages and headings, CRLF, empty, footnotes, tables")
    func soundUnusualDocuments() throws {
        try TestIndex.withTemporaryDirectory("sakuin-check") { directory in
            let index = try SearchIndex(directory: directory)
            try index.add([
                InMemoryDocument(name: "long", text: "# " + String(repeating: "停戦交渉", count: 700) + "\n\n"
                    + String(repeating: "長い段落の文。", count: 900) + "\n\n## 次の節\n\n本文。\n"),
                InMemoryDocument(name: "crlf", text: "見出し\r\n\r\n本文の一行目\r\n二行目\r\n\r\n\r\n最後\r"),
                InMemoryDocument(name: "empty", text: ""),
                InMemoryDocument(name: "notes", text: "本文です¹。\n\n1 注の本文。\n2 二つ目の注。\n"),
                InMemoryDocument(name: "table", text: "| 国 | 立場 |\n|---|---|\n| ロシア | 強硬 |\n"),
            ])
            let report = try index.check()
            #expect(lines(report.problems) == [])
            #expect(report.documents == 5)
            let pieces = try index.passages(of: "long").passages
            #expect(pieces.filter { $0.kind == .heading }.count == 3)  // two pieces of the long heading, and 次の節
        }
    }

    @Test("a directory without an index is an error, not a report")
    func notAnIndex() throws {
        try TestIndex.withTemporaryDirectory("sakuin-check") { directory in
            let checker = IndexChecker(layout: IndexLayout(directory: directory), analyzer: Analyzer())
            #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try checker.check() }
                == "no index at \(directory); build one with `sakuin index PATH…`")
        }
    }

    // MARK: - Byte flips

    @Test("every byte flipped in a segment file is detected, and blamed on that file")
    func segmentByteFlips() throws {
        let original = try PristineIndex.bytes(PristineIndex.small, "segments/seg-1.skn")
        var generator = SplitMix64(seed: 2024)
        // Random offsets over the whole file, plus every header field and every footer byte.
        var offsets = generator.distinctOffsets(200, below: original.count)
        offsets += [0, 7, 8, 12, 16, 20, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 191]
        offsets += (original.count - 16..<original.count).map { $0 }
        offsets = Array(Set(offsets)).sorted()
        #expect(offsets.count >= 230)

        var detected = 0
        for offset in offsets {
            try PristineIndex.withCopy(of: PristineIndex.small) { index in
                var bytes = original
                bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
                try Data(bytes).write(to: URL(fileURLWithPath: index + "/segments/seg-1.skn"))
                let report = try IndexChecker(layout: IndexLayout(directory: index), analyzer: Analyzer()).check()
                if !report.isSound { detected += 1 }
                // Only the segment is named: the intact catalog is never blamed.
                #expect(Set(report.problems.map(\.file)) == ["segments/seg-1.skn"], "offset \(offset): \(lines(report.problems))")
            }
        }
        print("segment flips: \(detected) of \(offsets.count) detected in a file of \(original.count) bytes")
        #expect(detected == offsets.count)
    }

    @Test("bytes flipped in the catalog are detected wherever SQLite keeps something")
    func catalogByteFlips() throws {
        let catalog = try PristineIndex.small.get() + "/catalog.sqlite"
        let original = try PristineIndex.bytes(PristineIndex.small, "catalog.sqlite")
        let freeSpace = try SQLiteFreeSpace(path: catalog)
        for tally in freeSpace.pageTallies {
            #expect(tally.found == tally.counted, "page \(tally.page)")
        }
        // 200 offsets drawn over the whole file, then 100 more drawn among the bytes SQLite keeps
        // something in (most of a small catalog is free space inside its pages).
        var generator = SplitMix64(seed: 1868)
        let uniform = generator.distinctOffsets(200, below: original.count)
        let drawn = Set(uniform)
        let used = (0..<original.count).filter { !freeSpace.unused[$0] && !drawn.contains($0) }
        let extra = generator.distinctOffsets(100, below: used.count).map { used[$0] }

        var inFreeSpace = 0
        var reportedInFreeSpace: [Int] = []
        var detected = (uniform: 0, extra: 0)
        var missed: [Int] = []
        for offset in uniform + extra {
            try PristineIndex.withCopy(of: PristineIndex.small) { index in
                var bytes = original
                bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
                try Data(bytes).write(to: URL(fileURLWithPath: index + "/catalog.sqlite"))
                let checker = IndexChecker(layout: IndexLayout(directory: index), analyzer: Analyzer())
                let isSound = (try? checker.check().isSound) ?? false
                if freeSpace.unused[offset] {
                    inFreeSpace += 1
                    if !isSound { reportedInFreeSpace.append(offset) }
                } else if isSound {
                    missed.append(offset)
                } else if uniform.contains(offset) {
                    detected.uniform += 1
                } else {
                    detected.extra += 1
                }
            }
        }
        let usedInUniform = uniform.count - inFreeSpace
        print("catalog flips in a file of \(original.count) bytes: of \(uniform.count) anywhere, \(inFreeSpace) in free space "
            + "(\(reportedInFreeSpace.count) reported) and \(detected.uniform) of \(usedInUniform) elsewhere detected; "
            + "of \(extra.count) more where SQLite keeps something, \(detected.extra) detected; missed at \(missed)")
        // Free space is never read: damage there is harmless and is not reported.
        #expect(reportedInFreeSpace == [])
        // Of the bytes SQLite keeps, only what nothing else records goes unnoticed: a file's size
        // or modification time, the schema's SQL text where a change means nothing, header fields
        // SQLite ignores.
        #expect(Double(detected.uniform + detected.extra) >= 0.9 * Double(usedInUniform + extra.count), "missed at \(missed)")
    }

    // MARK: - Damage, exactly

    @Test("a truncated segment is reported with its size and the missing footer")
    func truncatedSegment() throws {
        let size = try PristineIndex.bytes(PristineIndex.seeds, "segments/seg-1.skn").count
        try PristineIndex.withCopy { index in
            let handle = try #require(FileHandle(forWritingAtPath: index + "/segments/seg-1.skn"))
            try handle.truncate(atOffset: UInt64(size - 1000))
            try handle.close()
            let report = try check(index)
            #expect(lines(report.problems) == [
                "segments/seg-1.skn: the file is \(size - 1000) bytes, but the catalog records \(size)",
                "segments/seg-1.skn: no footer at the end of the file: it is truncated or was not completely written",
            ])
            #expect(report.segments == 0)
            #expect(report.passages == 0)
            #expect(report.documents == 5)
        }
    }

    @Test("a missing segment file is reported")
    func missingSegment() throws {
        try PristineIndex.withCopy { index in
            try FileManager.default.removeItem(atPath: index + "/segments/seg-1.skn")
            let report = try check(index)
            #expect(lines(report.problems) == ["segments/seg-1.skn: the catalog lists this segment, but the file does not exist"])
            #expect(report.warnings == [])
        }
    }

    @Test("stray files are warnings, and the index is still sound")
    func strayFiles() throws {
        try PristineIndex.withCopy { index in
            try Data("notes".utf8).write(to: URL(fileURLWithPath: index + "/notes.txt"))
            try FileManager.default.copyItem(atPath: index + "/segments/seg-1.skn", toPath: index + "/segments/seg-2.skn.tmp")
            try Data("# The index\n".utf8).write(to: URL(fileURLWithPath: index + "/README.md"))
            let report = try check(index)
            #expect(report.isSound)
            #expect(report.problems == [])
            #expect(lines(report.warnings) == [
                "notes.txt: not part of the index",
                "segments/seg-2.skn.tmp: not listed in the catalog: left by a writer that stopped before its commit, "
                    + "or written by one committing now; the next writer removes it",
            ])
            #expect(report.passages == 353)
        }
    }

    @Test("a catalog row pointing to a passage its segment lacks is reported, and the passage left without a row")
    func rowPointingToMissingPassage() throws {
        try PristineIndex.withCopy { index in
            try PristineIndex.edit(index, "UPDATE passages SET local_id = 1000 WHERE segment = 1 AND local_id = 352")
            let report = try check(index)
            #expect(lines(report.problems) == [
                "catalog.sqlite: passage 1000 of seg-1.skn (document 5) does not exist: the segment holds 353 passages",
                "catalog.sqlite: passage 352 of seg-1.skn is live in the segment, but the catalog has no row for it",
            ])
            #expect(report.passages == 352)
        }
    }

    @Test("a passage's or a title's stored text that no longer gives its terms is reported")
    func editedText() throws {
        try PristineIndex.withCopy { index in
            try PristineIndex.editPassageText(index, localID: 5) { $0.replacingOccurrences(of: "停戦", with: "停止") }
            try PristineIndex.edit(index, "UPDATE documents SET title = title || '続' WHERE id = 2;")
            let report = try check(index)
            let title = try #require(TestIndex.seedFiles.dropFirst().first)
            #expect(lines(report.problems) == [
                "catalog.sqlite: document 2 (\(title.path)): its title does not give the title terms seg-1.skn holds for it",
                "catalog.sqlite: passage 5 of seg-1.skn (document 1, lines 17-17): its text does not give the terms the segment holds for it",
                "catalog.sqlite: passage 5 of seg-1.skn: it is a heading, but its section \"「停戦」の中身\" is not its text \"「停止」の中身\"",
            ])
        }
    }

    @Test("a passage under the wrong section, and a column whose type the schema changed, are reported")
    func sectionsAndSchema() throws {
        try PristineIndex.withCopy { index in
            try PristineIndex.edit(index, """
                INSERT INTO sections(document, number, title) VALUES(1, 99, '別の節');
                UPDATE passages SET section = 99 WHERE segment = 1 AND local_id = 7;
                PRAGMA writable_schema = ON;
                UPDATE sqlite_schema SET sql = replace(sql, 'title TEXT,', 'title BLOB,') WHERE name = 'documents';
                """)
            let problems = lines(try check(index).problems)
            #expect(problems == [
                "catalog.sqlite: the table documents declares \"title BLOB\", expected \"title TEXT\"",
                "catalog.sqlite: passage 7 of seg-1.skn: the catalog puts it at lines 21-21, a paragraph under section "
                    + "\"別の節\", but the segment at lines 21-21, a paragraph under section \"「停戦」の中身\"",
                "catalog.sqlite: passage 7 of seg-1.skn: its section is \"別の節\", but the heading before it is \"「停戦」の中身\"",
            ])
        }
    }

    @Test("a section number without a title, a title that is not text, and sections of no passage or of no document are reported")
    func sectionTable() throws {
        try PristineIndex.withCopy { index in
            try PristineIndex.edit(index, """
                UPDATE passages SET section = 42 WHERE segment = 1 AND local_id = 7;
                UPDATE sections SET title = CAST(title AS BLOB) WHERE document = 2 AND number = 1;
                INSERT INTO sections(document, number, title) VALUES(1, 50, '未使用'), (77, 1, '迷子');
                """)
            #expect(lines(try check(index).problems) == [
                "catalog.sqlite: passage 7 of seg-1.skn: its section 42 is not a section of document 1",
                "catalog.sqlite: section 50 of document 1 is the section of none of its passages",
                "catalog.sqlite: section 1 of document 2: its title is of type blob, expected text",
                "catalog.sqlite: section 1 of document 77 belongs to a document the catalog does not hold",
            ])
        }
    }

    @Test("deletion bits beyond the segment's passages, or splitting a document, are reported")
    func deletionBitmaps() throws {
        try PristineIndex.withCopy { index in
            // 353 passages take 45 bytes; bit 1 of the last byte would be passage 353.
            try PristineIndex.edit(index, "UPDATE segments SET deleted = CAST(zeroblob(44) || X'02' AS BLOB) WHERE id = 1")
            let beyond = lines(try check(index).problems)
            #expect(beyond == [
                "catalog.sqlite: segment seg-1.skn: the deletion bitmap marks passage 353, but the segment holds 353 passages",
            ])
            try PristineIndex.edit(index, "UPDATE segments SET deleted = CAST(X'01' || zeroblob(44) AS BLOB), deleted_count = 1 WHERE id = 1")
            let passages = try #require(try SearchIndex(directory: index, mode: .openExisting).documents().first?.passageCount)
            let split = lines(try check(index).problems)
            #expect(split == [
                "catalog.sqlite: document 1 (ordinal 0 of seg-1.skn) has 1 of its \(passages) passages deleted, but documents are deleted whole",
                "catalog.sqlite: passage 0 of seg-1.skn is deleted in the segment, but the catalog still lists it",
            ])
        }
    }

    @Test("a catalog of another analyzer is reported with the opener's message")
    func wrongFingerprint() throws {
        try PristineIndex.withCopy { index in
            try PristineIndex.edit(index, "UPDATE meta SET value = 'sakuin-analyzer/1 older' WHERE key = 'analyzer'")
            let message = "the index was built with different analysis settings (stored sakuin-analyzer/1 older, "
                + "current \(Analyzer().fingerprint)); rebuild it with `sakuin index --rebuild`"
            let report = try IndexChecker(layout: IndexLayout(directory: index), analyzer: Analyzer()).check()
            #expect(lines(report.problems) == ["catalog.sqlite: " + message])
            // The structure is still verified; only the text is not analysed again.
            #expect(report.passages == 353)
            #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try SearchIndex(directory: index, mode: .openExisting) } == message)
        }
    }

    @Test("a document's metadata that is not metadata JSON, a malformed sidecar hash, or a wrong note flag is reported")
    func badMetadata() throws {
        try PristineIndex.withCopy { index in
            try PristineIndex.edit(index, """
                UPDATE documents SET metadata = '{"title": 5}' WHERE id = 1;
                UPDATE documents SET metadata_hash = 'xyz' WHERE id = 2;
                UPDATE passages SET note = 1 WHERE segment = 1 AND local_id = 0;
                """)
            let first = try #require(TestIndex.seedFiles.first)
            let second = try #require(TestIndex.seedFiles.dropFirst().first)
            #expect(lines(try check(index).problems) == [
                "catalog.sqlite: document 1 (\(first.path)): its metadata is not a valid metadata JSON object",
                "catalog.sqlite: document 2 (\(second.path)): its metadata hash \"xyz\" is neither empty nor 64 lowercase hex digits",
                "catalog.sqlite: passage 0 of seg-1.skn: its note flag is 1, expected 0 for its kind and section",
            ])
        }
    }

    @Test("a catalog of another format version is reported with the opener's message")
    func wrongFormatVersion() throws {
        try PristineIndex.withCopy { index in
            try PristineIndex.edit(index, "UPDATE meta SET value = '1' WHERE key = 'format_version'")
            let layout = IndexLayout(directory: index)
            let report = try IndexChecker(layout: layout, analyzer: Analyzer()).check()
            #expect(lines(report.problems) == [
                "catalog.sqlite: \(layout.catalogPath) has format version 1, but this build of sakuin reads version 4; "
                    + "rebuild the index with `sakuin index --rebuild`",
            ])
        }
    }

    @Test("the check leaves the index's files exactly as they were")
    func readsOnly() throws {
        try PristineIndex.withCopy { index in
            func contents() throws -> [String: Data] {
                var files: [String: Data] = [:]
                for name in ["catalog.sqlite", "segments/seg-1.skn"] {
                    files[name] = try Data(contentsOf: URL(fileURLWithPath: index + "/" + name))
                }
                return files
            }
            let before = try contents()
            _ = try IndexChecker(layout: IndexLayout(directory: index), analyzer: Analyzer()).check()
            #expect(try contents() == before)
            #expect(!FileManager.default.fileExists(atPath: index + "/write.lock"))
        }
    }

    // MARK: - Concurrency

    @Test("a check while a writer commits sees one whole commit each time")
    func checkWhileWriting() throws {
        try TestIndex.withTemporaryDirectory("sakuin-check-concurrent") { directory in
            let writer = try SearchIndex(directory: directory)
            try writer.add([InMemoryDocument(name: "a", text: "停戦の版0\n"), InMemoryDocument(name: "b", text: "和平\n")])
            let versions = 20
            let writerError = Mutex<(any Error)?>(nil)
            let writerDone = Atomic<Bool>(false)
            // The writer runs on a thread of its own; each commit replaces document "a", so its
            // old segment is dropped and unlinked while checks run.
            let thread = Thread {
                do {
                    let index = try SearchIndex(directory: directory, mode: .openExisting)
                    for version in 1...versions {
                        try index.add([InMemoryDocument(name: "a", text: "停戦の版\(version)\n")])
                    }
                } catch {
                    writerError.withLock { $0 = error }
                }
                writerDone.store(true, ordering: .releasing)
            }
            thread.start()
            let checker = IndexChecker(layout: IndexLayout(directory: directory), analyzer: Analyzer())
            var generations: [Int64] = []
            let deadline = Date().addingTimeInterval(120)
            while !writerDone.load(ordering: .acquiring) && Date() < deadline {
                let report = try checker.check()
                #expect(lines(report.problems) == [], "generation \(report.generation)")
                #expect(report.documents == 2)
                generations.append(report.generation)
            }
            #expect(writerError.withLock { $0 } == nil)
            #expect(generations == generations.sorted())
            let final = try checker.check()
            #expect(final.problems == [])
            #expect(final.generation == Int64(versions + 1))
        }
    }

    // MARK: - Command line

    @Test("sakuin check on a sound index prints the summary and exits 0")
    func commandLineSound() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let run = try CommandRunner.run(["check", "--index", shared.index], in: shared.workingDirectory)
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput == "ok: 5 documents, 353 passages, 1 segment, 11,612 terms verified\n")
        #expect(run.standardError == "")

        let json = try CommandRunner.run(["check", "--json", "--index", shared.index], in: shared.workingDirectory)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true)
        #expect(object["documents"] as? Int == 5)
        #expect(object["passages"] as? Int == 353)
        #expect(object["segments"] as? Int == 1)
        #expect(object["terms"] as? Int == 11_612)
        #expect((object["problems"] as? [Any])?.isEmpty == true)
        #expect(object["directory"] as? String == shared.index)
    }

    @Test("sakuin check on a damaged index lists the problems and exits 2")
    func commandLineDamaged() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        try PristineIndex.copy(PristineIndex.seeds, to: directory + "/index")
        try FileManager.default.removeItem(atPath: directory + "/index/segments/seg-1.skn")
        try Data().write(to: URL(fileURLWithPath: directory + "/index/stray"))

        let run = try CommandRunner.run(["check"], in: directory)
        #expect(run.status == 2, "\(run)")
        #expect(run.standardOutputLines == [
            "index/segments/seg-1.skn: the catalog lists this segment, but the file does not exist",
            "index/stray: warning: not part of the index",
            "damaged: 1 problem; 1 warning",
        ])
        #expect(run.standardError == "")

        let json = try CommandRunner.run(["check", "--json"], in: directory)
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        let problems = try #require(object["problems"] as? [[String: String]])
        #expect(problems == [[
            "file": directory + "/index/segments/seg-1.skn",
            "message": "the catalog lists this segment, but the file does not exist",
        ]])
    }

    @Test("sakuin check where there is no index says so in one line, exits 2 and builds nothing")
    func commandLineNoIndex() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        try FileManager.default.copyItem(atPath: CommandFixtures.seedsDirectory, toPath: directory + "/seeds")
        let run = try CommandRunner.run(["check"], in: directory)
        #expect(run.status == 2)
        #expect(run.standardOutput == "")
        #expect(run.standardError == "sakuin: no index at \(directory)/index; build one with `sakuin index PATH…`\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/index"))
    }
}
