import Foundation
import Testing
@testable import Sakuin
#if canImport(Glibc)
import Glibc
#endif

// The robustness checklist for bad input, case by case (1–22 indexing, 23–40 querying). Every
// case ends with the checklist's two rules checked: the seed index passes `sakuin check`, and
// `停戦` finds the same seed passages as before. Indexing cases run on a private copy of the seed
// index; query cases run on the shared one and must leave its files byte for byte as they were.
//
// Cases covered here by a test named `bad input N: …`: 1–17, 20–40. Cases covered elsewhere:
// - 18 (kill -9 during a commit): `CrashSafetyTests`.
// - 19 (two indexers at once): `CommandLineTests.secondWriterIsLocked` ("index is locked by
//   process N (PATH)", exit 2, readers go on) and `SearchIndexTests.BadInput.lockedIndex`.
// Also pinned elsewhere, and not repeated: the decoding rules of 3–9 and 11, 13 byte by byte
// (`EncodingTests`, `SourceFileTests`), 10 at the splitter (`PassageSplitterTests`: "\r\n and
// lone \r give the same passages"), 22's catalog of another format version (`IndexCheckTests`),
// and the parser's side of 24, 26–29, 33–35 (`QueryParserTests.badQueries`, `deepNesting`,
// `hugeQuery`, `bidiControls`).

/// A private copy of the command-line tests' seed index, with a `docs` folder for a case's files.
private struct SeedIndexCopy {
    /// The working directory of every run: holds `index/` and `docs/`.
    let directory: String
    /// The copy of the seed index.
    var index: String { directory + "/index" }
    /// The case's files.
    var docs: String { directory + "/docs" }

    init() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        directory = try CommandFixtures.makeTemporaryDirectory()
        // The catalog and the segments are the index; the lock file and SQLite's shared-memory
        // files belong to the processes that have the original open.
        let manager = FileManager.default
        try manager.createDirectory(atPath: index, withIntermediateDirectories: true)
        try manager.copyItem(atPath: shared.index + "/catalog.sqlite", toPath: index + "/catalog.sqlite")
        try manager.copyItem(atPath: shared.index + "/segments", toPath: index + "/segments")
        try manager.createDirectory(atPath: docs, withIntermediateDirectories: true)
    }

    /// Runs `sakuin` in the working directory.
    func sakuin(_ arguments: String...) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: directory)
    }

    /// Writes `bytes` to `relativePath` under the working directory; returns the absolute path.
    @discardableResult
    func write(_ relativePath: String, _ bytes: [UInt8]) throws -> String {
        let path = directory + "/" + relativePath
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, Array(text.utf8))
    }

    /// A path as the checks compare it: relative to the repository (`seeds/…`) or to the working
    /// directory (`docs/…`).
    func shortPath(_ path: String) -> String {
        for base in [CommandFixtures.repositoryRoot + "/", directory + "/"] where path.hasPrefix(base) {
            return String(path.dropFirst(base.count))
        }
        return path
    }

    /// Every passage `query` finds, as `path:line_start-line_end`, sorted.
    func passageHits(_ query: String) throws -> [String] {
        try BadInput.passageHits(try sakuin("search", query, "--passages", "--json", "--limit", "100000", "--index", index),
                                 shortPath: shortPath)
    }

    /// `show DOC --json`: the document's title and passages.
    func shown(_ document: String) throws -> (title: String?, passages: NSArray) {
        let run = try sakuin("show", document, "--json", "--index", index)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                                  "\(run)")
        return (object["title"] as? String, try #require(object["passages"] as? NSArray))
    }

    /// The checklist's closing rules: `check` passes with these counts and nothing else to say,
    /// and `停戦` finds the seed passages it found before, plus `extraHits` (`docs/…:1-1`).
    func expectIntact(documents: Int, passages: Int, segments: Int, extraHits: [String] = [],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let check = try sakuin("check", "--index", index)
        #expect(check.status == 0, "\(check)", sourceLocation: sourceLocation)
        #expect(check.standardOutputLines.count == 1, "\(check)", sourceLocation: sourceLocation)
        let counts = "ok: \(documents) documents, \(passages) passages, "
            + (segments == 1 ? "1 segment" : "\(segments) segments") + ", "
        let summary = check.standardOutputLines.last ?? ""
        #expect(summary.hasPrefix(counts) && BadInput.matches(String(summary.dropFirst(counts.count)), #"[\d,]+ terms verified"#),
                "\(summary)", sourceLocation: sourceLocation)
        let expected = try SeedBaseline.ceasefireHits() + extraHits
        #expect(try passageHits("停戦") == expected.sorted(), sourceLocation: sourceLocation)
    }

    func remove() { CommandFixtures.remove(directory) }
}

/// What the shared seed index gives before any case runs.
private enum SeedBaseline {
    /// The passages `停戦` finds in the shared seed index (which is checked sound first).
    static func ceasefireHits() throws -> [String] { try ceasefire.get() }

    /// The passages `query` finds in the shared seed index.
    static func phraseHits(_ query: String) throws -> [String] {
        let shared = try CommandFixtures.sharedSeedIndex()
        let search = try CommandRunner.run(["search", query, "--passages", "--json", "--limit", "100000", "--index", shared.index],
                                           in: shared.workingDirectory)
        return try BadInput.passageHits(search, shortPath: BadInput.repositoryRelative)
    }

    private static let ceasefire = Result { () throws -> [String] in
        let shared = try CommandFixtures.sharedSeedIndex()
        let check = try CommandRunner.run(["check", "--index", shared.index], in: shared.workingDirectory)
        guard check.status == 0 else { throw RunFailure(description: "the seed index fails check: \(check)") }
        let search = try CommandRunner.run(["search", "停戦", "--passages", "--json", "--limit", "100000", "--index", shared.index],
                                           in: shared.workingDirectory)
        return try BadInput.passageHits(search, shortPath: BadInput.repositoryRelative)
    }
}

/// A run of the tool that a case needs to succeed failed.
private struct RunFailure: Error, CustomStringConvertible {
    var description: String
}

/// What the cases share: reading results, making files, seed texts.
private enum BadInput {
    /// The hits of a `search --passages --json` run as sorted `path:line_start-line_end`.
    static func passageHits(_ run: CommandRunner.Result, shortPath: (String) -> String) throws -> [String] {
        guard run.status == 0 || run.status == 1 else { throw RunFailure(description: "search failed: \(run)") }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let hits = try #require(object["hits"] as? [[String: Any]])
        return try hits.map { hit in
            let path = try #require(hit["path"] as? String)
            let start = try #require(hit["line_start"] as? Int)
            let end = try #require(hit["line_end"] as? Int)
            return "\(shortPath(path)):\(start)-\(end)"
        }.sorted()
    }

    /// `path` relative to the repository when inside it (`seeds/…`).
    static func repositoryRelative(_ path: String) -> String {
        let base = CommandFixtures.repositoryRoot + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        (try? Regex(pattern).wholeMatch(in: text)) != nil
    }

    /// The summary line of `sakuin index` without its timing, or nil if stdout is not one.
    static func summary(_ run: CommandRunner.Result) -> String? {
        let line = run.standardOutput.trimmingCharacters(in: .newlines)
        guard let regex = try? Regex(#"(.*); \d+\.\d{2} s"#),
              let match = try? regex.wholeMatch(in: line), let captured = match.output[1].substring else { return nil }
        return String(captured)
    }

    /// The seed paper whose name starts with `prefix`.
    static func seed(_ prefix: String) throws -> (name: String, path: String, text: String) {
        let path = try #require(try CommandFixtures.seedFiles().first { ($0 as NSString).lastPathComponent.hasPrefix(prefix) })
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return (name, path, try String(contentsOfFile: path, encoding: .utf8))
    }

    /// `text` in UTF-16 of the given byte order, with or without a byte order mark.
    static func utf16(_ text: String, bigEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        let units = (byteOrderMark ? [0xFEFF] : []) + Array(text.utf16)
        for unit in units {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    /// The seed hits of `停戦` in the document `seedName`, as they are found again in a copy at
    /// `copyPath` (`docs/…`).
    static func ceasefireHits(of seedName: String, copiedTo copyPath: String) throws -> [String] {
        hits(try SeedBaseline.ceasefireHits(), of: seedName, copiedTo: copyPath)
    }

    /// Those of `hits` in the document `seedName`, with the path of its copy.
    static func hits(_ hits: [String], of seedName: String, copiedTo copyPath: String) -> [String] {
        hits.filter { $0.hasPrefix("seeds/\(seedName).txt:") }.map { copyPath + $0.dropFirst("seeds/\(seedName).txt".count) }
    }

    /// The bytes of every file of the index directory, by name (SQLite's `-wal` and `-shm`
    /// files, which readers create and remove, and the lock file left out).
    static func indexFiles(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        files["catalog.sqlite"] = try Data(contentsOf: URL(fileURLWithPath: directory + "/catalog.sqlite"))
        for name in try FileManager.default.contentsOfDirectory(atPath: directory + "/segments") {
            files["segments/" + name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/segments/" + name))
        }
        return files
    }

    /// Creates a file whose name is `nameBytes` (which need not be UTF-8) in `directory`.
    static func createFile(named nameBytes: [UInt8], in directory: String, contents: String) throws {
        let path = Array(directory.utf8) + [0x2F] + nameBytes + [0]
        let descriptor = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { name in
                name.baseAddress.map { open($0, O_CREAT | O_WRONLY | O_TRUNC, 0o644) } ?? -1
            }
        }
        try #require(descriptor >= 0, "cannot create the file: errno \(errno)")
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        try #require(written == bytes.count)
    }

    /// Removes a file whose name is `nameBytes` from `directory`.
    static func removeFile(named nameBytes: [UInt8], in directory: String) {
        let path = Array(directory.utf8) + [0x2F] + nameBytes + [0]
        _ = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { name in name.baseAddress.map { unlink($0) } }
        }
    }
}

@Suite("Bad input: indexing") struct BadInputIndexingTests {
    // MARK: 1–2 Empty and blank files

    @Test("bad input 1: an empty file is indexed as a document with no passages; no search returns it")
    func emptyFile() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/empty.txt", [])

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 0, "\(run)")
        #expect(run.standardError == "")
        #expect(BadInput.summary(run) == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; 0 passages in 1 new segment(s)")
        let shown = try copy.shown("empty")
        #expect(shown.title == nil)
        #expect(shown.passages.count == 0)
        try copy.expectIntact(documents: 6, passages: 353, segments: 2)
    }

    @Test("bad input 2: a file of spaces, tabs, newlines and U+3000 has no passages and no postings")
    func whitespaceOnlyFile() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/ws.txt", " \t\n\u{3000}\n")

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 0, "\(run)")
        #expect(run.standardError == "")
        #expect(BadInput.summary(run) == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; 0 passages in 1 new segment(s)")
        #expect(try copy.shown("ws").passages.count == 0)
        // `check` decodes every posting list of the new segment: a zero-length posting would fail it.
        try copy.expectIntact(documents: 6, passages: 353, segments: 2)
    }

    // MARK: 3–5 Ill-formed UTF-8

    /// Indexes a bad file beside a good one and checks the report, the good file and the index.
    private func expectSkipped(_ bytes: [UInt8], named name: String, message: (String) -> String) throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let path = try copy.write("docs/" + name, bytes)
        try copy.write("docs/good.txt", "和平交渉の記録\n")

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 2, "\(run)")
        #expect(run.standardError == "sakuin: skipped: " + message(path) + "\n")
        #expect(BadInput.summary(run) == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed; 1 passage in 1 new segment(s)")
        let good = try copy.sakuin("search", "和平交渉の記録", "--index", "index")
        #expect(good.standardOutput == "docs/good.txt:1-1: 和平交渉の記録\n")
        try copy.expectIntact(documents: 6, passages: 354, segments: 2)
    }

    @Test("bad input 3: invalid bytes inside good text: the file is skipped at the byte's offset, the others indexed")
    func invalidBytesInsideText() throws {
        try expectSkipped(Array("ロシア".utf8) + [0xFF, 0xFE] + Array("ウクライナ\n".utf8), named: "bad.txt") {
            "\($0) is not valid UTF-8 (byte offset 9)"
        }
    }

    @Test("bad input 4: a multi-byte sequence cut at the end of the file is skipped, never read past the end")
    func truncatedSequence() throws {
        try expectSkipped(Array("ロシ".utf8) + [0xE3, 0x82], named: "trunc.txt") { "\($0) is not valid UTF-8 (byte offset 6)" }
    }

    @Test("bad input 5: an overlong '/' and an encoded surrogate are invalid UTF-8, never decoded")
    func overlongAndSurrogate() throws {
        try expectSkipped([0x61, 0xC0, 0xAF, 0x62, 0xED, 0xA0, 0x80, 0x63], named: "overlong.txt") {
            "\($0) is not valid UTF-8 (byte offset 1)"
        }
        try expectSkipped([0x61, 0x62, 0xED, 0xA0, 0x80, 0x63], named: "surrogate.txt") {
            "\($0) is not valid UTF-8 (byte offset 2)"
        }
    }

    // MARK: 6–10 Other encodings and line ends

    /// Indexes copies of the seed `seedPrefix` and checks that each has the seed's title and
    /// passages exactly, and that `停戦` finds each copy where it finds the seed.
    private func expectSameAsSeed(_ seedPrefix: String, copies: [(name: String, bytes: [UInt8])]) throws {
        let seed = try BadInput.seed(seedPrefix)
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        for file in copies { try copy.write("docs/" + file.name, file.bytes) }

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 0, "\(run)")
        #expect(run.standardError == "")
        let original = try copy.shown(seed.name)
        var extraHits: [String] = []
        for file in copies {
            let name = (file.name as NSString).deletingPathExtension
            let shown = try copy.shown(name)
            #expect(shown.title == original.title, "\(file.name)")
            #expect(shown.passages == original.passages, "\(file.name)")
            extraHits += try BadInput.ceasefireHits(of: seed.name, copiedTo: "docs/" + file.name)
        }
        let passages = original.passages.count
        #expect(BadInput.summary(run) == "\(copies.count) added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; "
                + "\(passages * copies.count) passages in 1 new segment(s)")
        try copy.expectIntact(documents: 5 + copies.count, passages: 353 + passages * copies.count, segments: 2,
                              extraHits: extraHits)
    }

    @Test("bad input 6: UTF-16LE with a byte order mark gives the seed's passages on the same lines")
    func utf16LittleEndian() throws {
        let text = try BadInput.seed("000").text
        try expectSameAsSeed("000", copies: [("u16.txt", BadInput.utf16(text, bigEndian: false, byteOrderMark: true))])
    }

    @Test("bad input 7: UTF-16BE with a byte order mark, and UTF-16 of either order without one, are read alike")
    func utf16OtherForms() throws {
        let text = try BadInput.seed("000").text
        try expectSameAsSeed("000", copies: [
            ("be.txt", BadInput.utf16(text, bigEndian: true, byteOrderMark: true)),
            ("be-nobom.txt", BadInput.utf16(text, bigEndian: true, byteOrderMark: false)),
            ("le-nobom.txt", BadInput.utf16(text, bigEndian: false, byteOrderMark: false)),
        ])
    }

    @Test("bad input 8: a UTF-8 byte order mark is dropped: same passages, first word searchable, no U+FEFF shown")
    func utf8ByteOrderMark() throws {
        let text = try BadInput.seed("000").text
        try expectSameAsSeed("000", copies: [("bom.txt", [0xEF, 0xBB, 0xBF] + Array(text.utf8))])

        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/first.txt", [0xEF, 0xBB, 0xBF] + Array("霧雨計画の見通し\n二行目の文。\n".utf8))
        #expect(try copy.sakuin("index", "docs", "--index", "index").status == 0)
        let search = try copy.sakuin("search", "霧雨計画", "--index", "index")
        #expect(search.standardOutput == "docs/first.txt:1-2: 霧雨計画の見通し二行目の文。\n")
        let shown = try copy.shown("first")
        #expect(shown.title == "霧雨計画の見通し")
        #expect((shown.passages.firstObject as? [String: Any])?["text"] as? String == "霧雨計画の見通し\n二行目の文。")
    }

    @Test("bad input 9: Shift_JIS and EUC-JP copies of a seed are decoded, not indexed as mojibake")
    func legacyJapaneseEncodings() throws {
        let text = try BadInput.seed("003").text
        try expectSameAsSeed("003", copies: [
            ("sjis.txt", try TextEncoding.shiftJIS.encode(text)),
            ("euc.txt", try TextEncoding.eucJP.encode(text)),
        ])
    }

    @Test("bad input 10: CRLF and lone CR give the LF file's passages and lines; a phrase across a break matches")
    func lineEnds() throws {
        let text = try BadInput.seed("004").text
        try expectSameAsSeed("004", copies: [
            ("crlf.txt", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ("cr.txt", Array(text.replacingOccurrences(of: "\n", with: "\r").utf8)),
        ])

        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/crlf.txt", text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(try copy.sakuin("index", "docs", "--index", "index").status == 0)
        // seeds/004 lines 6-7: "…ロシア軍" / "の能力…".
        let phrase = try copy.sakuin("search", "\"ロシア軍の能力\"", "--passages", "--json", "--index", "index")
        let hits = try BadInput.passageHits(phrase, shortPath: copy.shortPath)
        let seedHits = try SeedBaseline.phraseHits("\"ロシア軍の能力\"")
        #expect(seedHits.count == 1)
        #expect(hits == (try BadInput.hits(seedHits, of: BadInput.seed("004").name, copiedTo: "docs/crlf.txt")) + seedHits)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(phrase.standardOutput.utf8)) as? [String: Any])
        for hit in try #require(object["hits"] as? [[String: Any]]) {
            #expect((hit["snippet"] as? String)?.contains("\r") == false)
            #expect((hit["text"] as? String)?.contains("\r") == false)
        }
    }

    // MARK: 11–13 NUL bytes, huge lines, binary files

    @Test("bad input 11: a NUL byte makes the file binary: skipped whole, nothing of it cut off and indexed")
    func nulBytes() throws {
        try expectSkipped(Array("ロシア".utf8) + [0] + Array("ウクライナ\n".utf8), named: "nul.txt") {
            "\($0) is not a text file (it contains NUL bytes)"
        }
    }

    @Test("bad input 12: a title is at most 200 UTF-16 units: a longer first line is a paragraph, not a title")
    func longFirstLineIsNoTitle() {
        let words = String(repeating: "停戦交渉 ", count: 10_000)
        // Lengths are compared, so that a failure does not print a 50,000-unit title.
        #expect(PassageSplitter.split(words).title?.utf16.count == nil)
        #expect(PassageSplitter.split(String(repeating: "停", count: 200) + "\n本文").title == String(repeating: "停", count: 200))
        #expect(PassageSplitter.split(String(repeating: "停", count: 201) + "\n本文").title?.utf16.count == nil)
        #expect(PassageSplitter.split("# " + String(repeating: "停", count: 201) + "\n本文").title?.utf16.count == nil)
        // The title is the first line's trimmed text: spaces around it do not count.
        #expect(PassageSplitter.split("  " + String(repeating: "停", count: 200) + "  \n").title == String(repeating: "停", count: 200))
    }

    /// Case 12 at 0.5 MB rather than 50 MB, so that it takes seconds in a debug build: indexing
    /// is linear in the line's length (the 50 MB line was measured by hand with the release build).
    @Test("bad input 12: a 0.5 MB line with no newline is cut into bounded passages, all on line 1; snippets are bounded")
    func hugeSingleLine() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let repetitions = 40_000  // 520,000 bytes, 200,000 UTF-16 units
        try copy.write("docs/long.txt", String(repeating: "停戦交渉 ", count: repetitions))

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 0, "\(run)")
        #expect(run.standardError == "")
        // Cut after the space that ends the 2,000th unit: 400 repetitions a passage, the space trimmed.
        let passages = (repetitions + 399) / 400
        #expect(BadInput.summary(run)
                == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; \(passages) passages in 1 new segment(s)")
        let shown = try copy.shown("long")
        #expect(shown.title == nil)
        #expect(shown.passages.count == passages)
        for case let passage as [String: Any] in shown.passages {
            #expect(passage["line_start"] as? Int == 1 && passage["line_end"] as? Int == 1)
            #expect(((passage["text"] as? String)?.utf16.count ?? .max) <= PassageSplitter.maximumPassageLength)
        }

        let search = try copy.sakuin("search", "停戦交渉", "--json", "--limit", "1", "--index", "index")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(search.standardOutput.utf8)) as? [String: Any])
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        #expect(hit["path"] as? String == copy.docs + "/long.txt")
        #expect(hit["title"] == nil)
        #expect(hit["line_start"] as? Int == 1 && hit["line_end"] as? Int == 1)
        // Every passage is the same 399 words and a last one; the snippet is its first 120 scalars.
        #expect(hit["text"] as? String == String(repeating: "停戦交渉 ", count: 399) + "停戦交渉")
        #expect(hit["snippet"] as? String == String(repeating: "停戦交渉 ", count: 23) + "停戦交渉…")
        try copy.expectIntact(documents: 6, passages: 353 + passages, segments: 2,
                              extraHits: Array(repeating: "docs/long.txt:1-1", count: passages))
    }

    @Test("bad input 13: binary files named .txt (image, executable, gzip, random bytes) are skipped with a message")
    func binaryFiles() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 8) + [0x03, 0x00, 0x3E, 0x00]
        let gzip: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]
        // Control characters without a NUL, in a file that is not UTF-8 (valid UTF-8 is text
        // whatever its controls: they become spaces in the analysed text).
        let controls: [UInt8] = Array("ab".utf8) + Array(repeating: Array(1...8) as [UInt8], count: 20).flatMap { $0 } + [0xFF, 0xFE]
        var paths: [String] = []
        for (name, bytes) in [("image.txt", png), ("ls.txt", elf), ("archive.txt", gzip),
                              ("random.txt", SplitMix64.bytes(count: 100_000, seed: 13))] {
            paths.append(try copy.write("docs/" + name, bytes))
        }
        let controlPath = try copy.write("docs/controls.txt", controls)

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 2, "\(run)")
        let nul = paths.sorted().map { "sakuin: skipped: \($0) is not a text file (it contains NUL bytes)" }
        let expected = (nul + ["sakuin: skipped: \(controlPath) is not a text file (it contains control characters, the first at byte offset 2)"])
            .sorted()
        #expect(run.standardErrorLines == expected)
        #expect(BadInput.summary(run) == "0 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 5 failed; 0 passages in 0 new segment(s)")
        try copy.expectIntact(documents: 5, passages: 353, segments: 1)
    }

    // MARK: 14–15 Symbolic links

    @Test("bad input 14: link loops and dangling links are skipped and listed with why; the walk ends; each real file once")
    func symbolicLinkLoops() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/real.txt", "循環試験の本文\n")
        try FileManager.default.createDirectory(atPath: copy.docs + "/sub", withIntermediateDirectories: true)
        for (link, target) in [("loop", "."), ("b", "a"), ("a", "b"), ("dangling.txt", "nowhere.txt"), ("sub/up", ".."),
                               ("sub/top", "/")] {
            try FileManager.default.createSymbolicLink(atPath: copy.docs + "/" + link, withDestinationPath: target)
        }

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 0, "\(run)")
        // Links to a folder that holds them (., .., /) lead back to the link; a ↔ b never ends.
        let docs = copy.docs
        #expect(run.standardErrorLines == [
            "sakuin: skipped: \(docs)/a (symbolic link loop)",
            "sakuin: skipped: \(docs)/b (symbolic link loop)",
            "sakuin: skipped: \(docs)/dangling.txt (dangling symbolic link)",
            "sakuin: skipped: \(docs)/loop (symbolic link loop)",
            "sakuin: skipped: \(docs)/sub/top (symbolic link loop)",
            "sakuin: skipped: \(docs)/sub/up (symbolic link loop)",
        ])
        #expect(BadInput.summary(run) == "1 added, 0 updated, 0 unchanged, 0 removed, 6 skipped, 0 failed; 1 passage in 1 new segment(s)")
        let search = try copy.sakuin("search", "循環試験", "--index", "index")
        #expect(search.standardOutput == "docs/real.txt:1-1: 循環試験の本文\n")

        // The JSON summary lists the same entries with their reasons.
        let json = try copy.sakuin("index", "docs", "--json", "--index", "index")
        #expect(json.status == 0, "\(json)")
        let skipped = [("a", "symbolic link loop"), ("b", "symbolic link loop"), ("dangling.txt", "dangling symbolic link"),
                       ("loop", "symbolic link loop"), ("sub/top", "symbolic link loop"), ("sub/up", "symbolic link loop")]
        #expect(json.standardOutput == #"{"added":0,"failed":[],"passages":0,"removed":0,"segments":0,"skipped":["#
                + skipped.map { #"{"path":"\#(docs)/\#($0.0)","reason":"\#($0.1)"}"# }.joined(separator: ",")
                + #"],"unchanged":1,"updated":0}"# + "\n")
        try copy.expectIntact(documents: 6, passages: 354, segments: 2)
    }

    @Test("bad input 15: links are followed, to files and folders, in the tree or out of it; a real file is indexed once")
    func symbolicLinksOutOfTheTree() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let outside = try copy.write("outside/host.txt", "外部の文書\n")
        try copy.write("outside/folder/inner.txt", "外部フォルダの文書\n")
        try copy.write("docs/own.txt", "自前の文書\n")
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: copy.docs + "/host.txt", withDestinationPath: outside)
        try manager.createSymbolicLink(atPath: copy.docs + "/folder", withDestinationPath: copy.directory + "/outside/folder")
        try manager.createSymbolicLink(atPath: copy.docs + "/mirror", withDestinationPath: "folder")
        // Sorts before own.txt, yet own.txt keeps the file: a path without links comes first.
        try manager.createSymbolicLink(atPath: copy.docs + "/alias.txt", withDestinationPath: "own.txt")

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 0, "\(run)")
        let docs = copy.docs
        #expect(run.standardErrorLines == [
            "sakuin: skipped: \(docs)/alias.txt (same file as \(docs)/own.txt)",
            "sakuin: skipped: \(docs)/mirror (same folder as \(docs)/folder)",
        ])
        #expect(BadInput.summary(run) == "3 added, 0 updated, 0 unchanged, 0 removed, 2 skipped, 0 failed; 3 passages in 1 new segment(s)")
        #expect(try copy.sakuin("search", "\"外部の文書\"", "--index", "index").standardOutput == "docs/host.txt:1-1: 外部の文書\n")
        #expect(try copy.sakuin("search", "外部フォルダ", "--index", "index").standardOutput
                == "docs/folder/inner.txt:1-1: 外部フォルダの文書\n")
        #expect(try copy.sakuin("search", "自前の文書", "--index", "index").standardOutput == "docs/own.txt:1-1: 自前の文書\n")
        try copy.expectIntact(documents: 8, passages: 356, segments: 2)
    }

    // MARK: 16–17 Unreadable and changing files

    @Test("bad input 16: an unreadable file is skipped as permission denied; the rest is indexed; status 2",
          .disabled(if: getuid() == 0, "root can read anything"))
    func unreadableFile() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let secret = try copy.write("docs/secret.txt", "秘密の文書\n")
        try copy.write("docs/open.txt", "公開の文書\n")
        chmod(secret, 0o000)
        defer { chmod(secret, 0o644) }

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 2, "\(run)")
        #expect(run.standardError == "sakuin: skipped: permission denied: \(secret)\n")
        #expect(BadInput.summary(run) == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed; 1 passage in 1 new segment(s)")
        try copy.expectIntact(documents: 6, passages: 354, segments: 2)
    }

    @Test("bad input 16: an unreadable folder is skipped as permission denied; the rest is indexed and committed; status 2",
          .disabled(if: getuid() == 0, "root can read anything"))
    func unreadableFolder() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/locked/inner.txt", "鍵の中\n")
        try copy.write("docs/open.txt", "公開の文書\n")
        chmod(copy.docs + "/locked", 0o000)
        defer { chmod(copy.docs + "/locked", 0o755) }

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 2, "\(run)")
        #expect(run.standardError == "sakuin: skipped: permission denied: \(copy.docs)/locked\n")
        #expect(BadInput.summary(run) == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed; 1 passage in 1 new segment(s)")
        let json = try copy.sakuin("index", "docs", "--json", "--index", "index")
        #expect(json.status == 2, "\(json)")
        #expect(json.standardOutput == #"{"added":0,"failed":[{"message":"permission denied: \#(copy.docs)/locked","#
                + #""path":"\#(copy.docs)/locked"}],"passages":0,"removed":0,"segments":0,"skipped":[],"unchanged":1,"updated":0}"# + "\n")
        try copy.expectIntact(documents: 6, passages: 354, segments: 2)
    }

    /// Indexes `docs` (a `locked` folder and a changed `open.txt`) with a fault that makes opening
    /// `failing` (a folder or a file) fail as `chmod 000` does, for a user who is not root.
    private func expectPermissionDenied(_ operation: FaultInjection.Operation, failing relativePath: String) throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/locked/inner.txt", "鍵の中\n")
        try copy.write("docs/open.txt", "公開の文書\n")
        #expect(try copy.sakuin("index", "docs", "--index", "index").status == 0)
        try copy.write("docs/open.txt", "公開の文書の改訂\n")
        try copy.write("docs/locked/inner.txt", "鍵の中の改訂\n")

        let failing = copy.docs + "/" + relativePath
        let index = try SearchIndex(directory: copy.index, mode: .openExisting)
        let (summary, plan) = try FaultInjection.withFaults([.init(operation, occurrence: 1, failingWith: EACCES)],
                                                            under: failing) { () throws(SakuinError) in
            try index.index(paths: [copy.docs])
        }
        #expect(plan.injections.map(\.description) == ["\(operation) #1 \(failing): errno \(EACCES)"])
        #expect(summary.problems == [.init(path: failing, message: "permission denied: \(failing)")])
        #expect(summary.line == "0 added, 1 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed")
        // What the first run indexed from behind the failure is kept, neither removed nor changed.
        #expect(try copy.sakuin("search", "鍵の中", "--index", "index").standardOutput == "docs/locked/inner.txt:1-1: 鍵の中\n")
        #expect(try copy.sakuin("search", "公開の文書の改訂", "--index", "index").standardOutput
                == "docs/open.txt:1-1: 公開の文書の改訂\n")
        try copy.expectIntact(documents: 7, passages: 355, segments: 3)
    }

    @Test("bad input 16, also as root: a folder that cannot be opened is reported; the rest is committed; what it held is kept")
    func folderOpenDenied() throws {
        try expectPermissionDenied(.openDirectory, failing: "locked")
    }

    @Test("bad input 16, also as root: a file that cannot be opened is reported; its indexed version is kept")
    func fileOpenDenied() throws {
        try expectPermissionDenied(.openFile, failing: "locked/inner.txt")
    }

    @Test("bad input 17: a file deleted, emptied or rewritten while indexing: skipped, or read from one snapshot")
    func filesChangingDuringTheRun() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let deleted = try copy.write("docs/a-deleted.txt", "消える文書\n")
        let emptied = try copy.write("docs/b-emptied.txt", "空になる文書\n")
        let rewritten = try copy.write("docs/c-rewritten.txt", "書き換わる前\n")
        try copy.write("docs/d-stable.txt", "変わらない文書\n")

        let summary = try SearchIndex(directory: copy.index, mode: .openExisting).index(paths: [copy.docs]) { progress in
            // Called for each file just before it is read.
            switch progress.path {
            case deleted: try? FileManager.default.removeItem(atPath: deleted)
            case emptied: _ = truncate(emptied, 0)
            case rewritten: try? "書き換わった後の文書\n".write(toFile: rewritten, atomically: false, encoding: .utf8)
            default: break
            }
        }
        #expect(summary.problems == [.init(path: deleted, message: "no such file or directory: \(deleted)")])
        #expect(summary.line == "3 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed")
        #expect(summary.passages == 2)

        #expect(try copy.shown("b-emptied").passages.count == 0)
        let after = try copy.sakuin("search", "\"書き換わった後\"", "--index", "index")
        #expect(after.standardOutput == "docs/c-rewritten.txt:1-1: 書き換わった後の文書\n", "\(after)")
        #expect(try copy.sakuin("search", "\"書き換わる前\"", "--index", "index").status == 1)
        try copy.expectIntact(documents: 8, passages: 355, segments: 2)
    }

    // MARK: 20–22 The index directory itself

    @Test("bad input 20: a read-only index directory: a clear error, the previous index intact, no files left",
          .disabled(if: getuid() == 0, "root can write anywhere"))
    func readOnlyIndexDirectory() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/new.txt", "新しい文書\n")
        let before = try BadInput.indexFiles(copy.index)
        chmod(copy.index + "/segments", 0o555)
        chmod(copy.index, 0o555)

        let run = try copy.sakuin("index", "docs", "--index", "index")
        chmod(copy.index, 0o755)
        chmod(copy.index + "/segments", 0o755)
        #expect(run.status == 2, "\(run)")
        #expect(run.standardOutput == "")
        #expect(run.standardError == "sakuin: catalog \(copy.index)/catalog.sqlite: attempt to write a readonly database\n")
        #expect(try BadInput.indexFiles(copy.index) == before)
        try copy.expectIntact(documents: 5, passages: 353, segments: 1)
    }

    @Test("bad input 21: odd file names are indexed; paths are escaped in text output and exact in JSON")
    func oddFileNames() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let notUTF8: [UInt8] = [0xFF] + Array(".txt".utf8)
        defer { BadInput.removeFile(named: notUTF8, in: copy.docs) }
        let long = String(repeating: "長", count: 80) + ".txt"  // 244 bytes
        try copy.write("docs/a\nb.txt", "改行名の文書\n")
        try copy.write("docs/-n.txt", "ダッシュ名の文書\n")
        try copy.write("docs/ロシア 報告.txt", "日本語名の文書\n")
        try copy.write("docs/" + long, "長名の文書\n")
        try BadInput.createFile(named: notUTF8, in: copy.docs, contents: "不正名の文書\n")

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 0, "\(run)")
        #expect(run.standardError == "")
        #expect(BadInput.summary(run) == "5 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; 5 passages in 1 new segment(s)")

        for (query, name) in [("改行名", "a\nb.txt"), ("ダッシュ名", "-n.txt"), ("日本語名", "ロシア 報告.txt"), ("長名", long)] {
            let text = try copy.sakuin("search", query, "--index", "index")
            let shown = name.replacingOccurrences(of: "\n", with: "\\u{A}")
            #expect(text.standardOutput == "docs/\(shown):1-1: \(query)の文書\n")
            let json = try copy.sakuin("search", query, "--json", "--index", "index")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            #expect((object["hits"] as? [[String: Any]])?.first?["path"] as? String == copy.docs + "/" + name)
        }
        // The byte that is not UTF-8 is shown as \xFF, in text and in JSON (as JSON writes a backslash).
        let text = try copy.sakuin("search", "不正名", "--index", "index")
        #expect(text.standardOutput == "docs/\\xFF.txt:1-1: 不正名の文書\n")
        let json = try copy.sakuin("search", "不正名", "--json", "--index", "index")
        #expect(json.standardOutput.contains(#""doc":"\\xFF","#) && json.standardOutput.contains(#""path":"\#(copy.docs)/\\xFF.txt""#),
                "\(json)")
        #expect(try copy.shown("\\xFF").passages.count == 1)

        // The next run opens the file by its bytes again: unchanged, then changed.
        let again = try copy.sakuin("index", "docs", "--index", "index")
        #expect(BadInput.summary(again) == "0 added, 0 updated, 5 unchanged, 0 removed, 0 skipped, 0 failed; 0 passages in 0 new segment(s)")
        try BadInput.createFile(named: notUTF8, in: copy.docs, contents: "不正名の改訂\n")
        let changed = try copy.sakuin("index", "docs", "--index", "index")
        #expect(BadInput.summary(changed) == "0 added, 1 updated, 4 unchanged, 0 removed, 0 skipped, 0 failed; 1 passage in 1 new segment(s)")
        #expect(try copy.sakuin("search", "不正名の改訂", "--index", "index").standardOutput == "docs/\\xFF.txt:1-1: 不正名の改訂\n")

        // A name that starts with '-' is a path after `--`, and an (unknown) option before it.
        let explicit = try CommandRunner.run(["index", "--index", copy.index, "--", "-n.txt"], in: copy.docs)
        #expect(explicit.status == 0, "\(explicit)")
        #expect(BadInput.summary(explicit) == "0 added, 0 updated, 1 unchanged, 0 removed, 0 skipped, 0 failed; 0 passages in 0 new segment(s)")
        let option = try CommandRunner.run(["index", "-n.txt", "--index", copy.index], in: copy.docs)
        #expect(option.status == 2)
        #expect(option.standardErrorLines.first == "Error: Unknown option '-n.txt'")
        try copy.expectIntact(documents: 10, passages: 358, segments: 3)
    }

    @Test("bad input 21: a file name whose text is a literal \\x is told apart from a byte that is not UTF-8")
    func literalBackslashNames() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let notUTF8: [UInt8] = [0xFF] + Array(".txt".utf8)
        defer { BadInput.removeFile(named: notUTF8, in: copy.docs) }
        try BadInput.createFile(named: notUTF8, in: copy.docs, contents: "バイト名の文書\n")
        try copy.write("docs/\\xFF.txt", "文字名の文書\n")

        let collected = try SourceCollector.collect([copy.docs])
        #expect(collected.files.map(\.path) == [copy.docs + "/\\x5CxFF.txt", copy.docs + "/\\xFF.txt"])
        #expect(try collected.files.map { try SourceReader.load($0).text } == ["文字名の文書\n", "バイト名の文書\n"])
        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(BadInput.summary(run) == "2 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; 2 passages in 1 new segment(s)")
        #expect(try copy.sakuin("search", "文字名", "--index", "index").standardOutput == "docs/\\x5CxFF.txt:1-1: 文字名の文書\n")
        #expect(try copy.sakuin("search", "バイト名", "--index", "index").standardOutput == "docs/\\xFF.txt:1-1: バイト名の文書\n")
        try copy.expectIntact(documents: 7, passages: 355, segments: 2)
    }

    @Test("bad input 21: a path that is not UTF-8 is shown with its bytes escaped, never dropped, and read back exactly")
    func escapedPathNames() {
        #expect(PathName.escaped(Array("/docs/ロシア.txt".utf8)) == "/docs/ロシア.txt")
        #expect(PathName.escaped([0x2F, 0xFF, 0x2E, 0x74]) == "/\\xFF.t")
        // A cut sequence and an overlong one: each byte escaped, the good text around them kept.
        let mixed: [UInt8] = [0xE3, 0x83, 0x61, 0xC0, 0xAF, 0xE5, 0x81, 0x9C]
        #expect(PathName.escaped(mixed) == "\\xE3\\x83a\\xC0\\xAF停")
        // A backslash before an x is escaped itself, so that every \x in the result is an escape;
        // any other backslash stays as it is.
        #expect(PathName.escaped(Array(#"a\xFF\b\"#.utf8)) == #"a\x5CxFF\b\"#)
        #expect(PathName.escaped([0x5C, 0xFF]) == #"\\xFF"#)
        for bytes: [UInt8] in [Array("/docs/ロシア.txt".utf8), [0x2F, 0xFF, 0x2E, 0x74], mixed, Array(#"a\xFF\b\"#.utf8),
                               [0x5C, 0xFF], [0x5C, 0x78, 0x5C], [0x5C]] {
            #expect(PathName.fileSystemBytes(of: PathName.escaped(bytes)) == bytes, "\(bytes)")
        }
    }

    @Test("bad input 22: a folder that is no index, or a catalog that is no database, is refused and left as it was")
    func notAnIndex() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let folder = directory + "/random"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("メモ\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        try Data(SplitMix64.bytes(count: 1000, seed: 22)).write(to: URL(fileURLWithPath: folder + "/blob.bin"))

        for arguments in [["search", "停戦"], ["check"], ["stats"]] {
            let run = try CommandRunner.run(arguments + ["--index", folder], in: directory)
            #expect(run.status == 2)
            #expect(run.standardOutput == "")
            #expect(run.standardError == "sakuin: no index at \(folder); build one with `sakuin index PATH…`\n", "\(arguments)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["blob.bin", "notes.txt"])

        let catalog = SplitMix64.bytes(count: 5000, seed: 2222)
        try Data(catalog).write(to: URL(fileURLWithPath: folder + "/catalog.sqlite"))
        try Data("新しい文書\n".utf8).write(to: URL(fileURLWithPath: directory + "/new.txt"))
        for arguments in [["search", "停戦"], ["check"], ["index", "new.txt"]] {
            let run = try CommandRunner.run(arguments + ["--index", folder], in: directory)
            #expect(run.status == 2)
            #expect(run.standardOutput == "")
            #expect(run.standardError == "sakuin: catalog \(folder)/catalog.sqlite: file is not a database\n", "\(arguments)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["blob.bin", "catalog.sqlite", "notes.txt"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/catalog.sqlite")) == Data(catalog))
    }

    /// `0x1A2B3C4D`.
    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// What `index` says when it refuses to write onto a damaged segment.
    private static func damaged(_ segment: String, _ detail: String) -> String {
        "sakuin: index damaged: \(segment) (\(detail)); `sakuin check` lists what is wrong, "
            + "and `sakuin index --rebuild` builds the index again from its files\n"
    }

    @Test("bad input 22: a truncated segment: searches name the damaged file, check lists what is wrong, index refuses to write")
    func truncatedSegment() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/new.txt", "新しい文書\n")
        let segment = copy.index + "/segments/seg-1.skn"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int)
        #expect(truncate(segment, 1000) == 0)
        let before = try BadInput.indexFiles(copy.index)

        let search = try copy.sakuin("search", "停戦", "--index", "index")
        #expect(search.status == 2)
        #expect(search.standardOutput == "")
        #expect(search.standardError == "sakuin: segment \(segment) is corrupt: no footer at the end of the file: "
                + "it is truncated or was not completely written\n")
        let check = try copy.sakuin("check", "--index", "index")
        #expect(check.status == 2)
        #expect(check.standardOutputLines == [
            "index/segments/seg-1.skn: the file is 1000 bytes, but the catalog records \(size)",
            "index/segments/seg-1.skn: no footer at the end of the file: it is truncated or was not completely written",
            "damaged: 2 problems",
        ])
        let index = try copy.sakuin("index", "docs", "--index", "index")
        #expect(index.status == 2)
        #expect(index.standardOutput == "")
        #expect(index.standardError == Self.damaged(segment, "the file is 1000 bytes, but the catalog records \(size)"))
        let json = try copy.sakuin("index", "docs", "--json", "--index", "index")
        #expect(json.status == 2)
        #expect(json.standardOutput == #"{"error":{"kind":"index","message":"index damaged: \#(segment) (the file is 1000 bytes, "#
                + #"but the catalog records \#(size)); `sakuin check` lists what is wrong, and `sakuin index --rebuild` "#
                + #"builds the index again from its files"}}"# + "\n")
        #expect(try BadInput.indexFiles(copy.index) == before)
    }

    @Test("bad input 22: a segment whose bytes changed is refused by index, which never writes over it; --rebuild starts again")
    func damagedSegmentChecksum() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/new.txt", "新しい文書\n")
        let segment = copy.index + "/segments/seg-1.skn"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: segment))
        let offset = bytes.count / 2
        bytes[offset] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: segment))
        let before = try BadInput.indexFiles(copy.index)

        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 2)
        #expect(run.standardOutput == "")
        let footer = try SegmentReader(path: segment).checksum
        let contents = CRC32.checksum(of: Array(bytes.dropLast(SegmentFormat.footerSize)))
        #expect(run.standardError == Self.damaged(segment, "checksum mismatch: the footer says \(Self.hex(footer)), "
                                                  + "the contents give \(Self.hex(contents))"))
        #expect(try BadInput.indexFiles(copy.index) == before)
        let check = try copy.sakuin("check", "--index", "index")
        #expect(check.status == 2)
        #expect(check.standardOutputLines.last == "damaged: 1 problem")

        // The file made whole again, but recorded otherwise in the catalog: refused too.
        bytes[offset] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: segment))
        try SQLiteDatabase(path: copy.index + "/catalog.sqlite", mode: .readWrite).execute("UPDATE segments SET checksum = 305419896")
        let recorded = try copy.sakuin("index", "docs", "--index", "index")
        #expect(recorded.status == 2)
        #expect(recorded.standardError == Self.damaged(segment, "the catalog records checksum 0x12345678, but the file has \(Self.hex(footer))"))

        let rebuilt = try copy.sakuin("index", "--rebuild", "--index", "index")
        #expect(rebuilt.status == 0, "\(rebuilt)")
        #expect(BadInput.summary(rebuilt) == "5 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; 353 passages in 1 new segment(s)")
        try copy.expectIntact(documents: 5, passages: 353, segments: 1)
    }

    // MARK: 34–37 Bad content reaches the output escaped; bad JSON input

    @Test("bad input 34, 35: escape codes and bidi controls in a document are never written raw to a terminal")
    func controlsInDocumentsAreEscaped() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        try copy.write("docs/esc.txt", "注入試験\u{1B}[31m赤字\u{1B}[0mです。\u{202E}反転文字\u{202C}あり。\u{8}後退\n")
        #expect(try copy.sakuin("index", "docs", "--index", "index").status == 0)

        let search = try copy.sakuin("search", "反転文字", "--index", "index")
        #expect(search.standardOutput == "docs/esc.txt:1-1: 注入試験 [31m赤字 [0mです。\\u{202E}反転文字\\u{202C}あり。 後退\n")
        let coloured = try copy.sakuin("search", "反転文字", "--color", "always", "--index", "index")
        #expect(coloured.standardOutput == "\u{1B}[35mdocs/esc.txt\u{1B}[0m:\u{1B}[32m1-1\u{1B}[0m: 注入試験 [31m赤字 [0mです。"
                + "\\u{202E}\u{1B}[1;31m反転文字\\u{202C}\u{1B}[0mあり。 後退\n")
        let show = try copy.sakuin("show", "esc", "--index", "index")
        #expect(show.standardOutputLines == [
            "docs/esc.txt:1-1: [paragraph]",
            "  1\t注入試験\\u{1B}[31m赤字\\u{1B}[0mです。\\u{202E}反転文字\\u{202C}あり。\\u{8}後退",
        ])
        // JSON carries the text as it is, escaped by JSON's own rules.
        let json = try copy.sakuin("search", "反転文字", "--json", "--index", "index")
        #expect(json.standardOutput.contains(#""text":"注入試験\u001b[31m赤字\u001b[0mです。\#u{202E}反転文字\#u{202C}あり。\b後退""#))
        try copy.expectIntact(documents: 6, passages: 354, segments: 2)
    }

    @Test("bad input 36, 37: sidecar JSON with lone surrogates, wrong types or huge numbers is refused by key; text metadata used")
    func badSidecarJSON() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let sidecars: [(name: String, json: String, problem: String)] = [
            ("a", #"{"title": "\ud800停戦"}"#, "not valid JSON at line 1, column 12: \\u escape of a lone surrogate"),
            ("b", #"{"title": "\udc00"}"#, "not valid JSON at line 1, column 12: \\u escape of a lone surrogate"),
            ("c", #"{"title": 123}"#, "\"title\" must be a string, not a number"),
            ("d", "[]", "must hold one JSON object such as {\"title\": \"…\"}, not an array"),
            ("e", #"{"date": 1e309}"#, "\"date\" must be a string, not a number"),
            ("f", #"{"authors": ["x", -1]}"#, "\"authors\" must be an array of strings, not an array holding a number"),
        ]
        for sidecar in sidecars {
            try copy.write("docs/\(sidecar.name).txt", "文書\(sidecar.name)の本文\n")
            try copy.write("docs/\(sidecar.name).meta.json", sidecar.json)
        }
        let run = try copy.sakuin("index", "docs", "--index", "index")
        #expect(run.status == 2)
        #expect(run.standardErrorLines == sidecars.map {
            "sakuin: skipped: \(copy.docs)/\($0.name).meta.json: \($0.problem); its document is indexed with metadata taken from its text"
        })
        #expect(BadInput.summary(run) == "6 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 6 failed; 6 passages in 1 new segment(s)")
        let cite = try copy.sakuin("cite", "文書aの本文", "--json", "--index", "index")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(cite.standardOutput.utf8)) as? [String: Any])
        let metadata = try #require((object["matches"] as? [[String: Any]])?.first?["metadata"] as? [String: Any])
        #expect(metadata["source"] as? String == "extracted")
        #expect(metadata["title"] as? String == "文書aの本文")
        try copy.expectIntact(documents: 11, passages: 359, segments: 2)
    }
}

// MARK: - Querying

/// One query case: the arguments after `search`, and what the tool must do with them.
struct BadQueryCase: Sendable, CustomTestStringConvertible {
    /// What standard output must be.
    enum Output: Sendable {
        /// Nothing.
        case empty
        /// Exactly what the same search with these arguments instead prints (not empty).
        case sameAs([String])
    }

    var number: Int
    var arguments: [String]
    var status: Int32
    /// The first line of standard error, exactly (nil: standard error is empty).
    var error: String?
    var output: Output = .empty

    var testDescription: String { "\(number): \(arguments.joined(separator: " ").prefix(40))" }
}

@Suite("Bad input: querying") struct BadInputQueryingTests {
    static let noSearchableTerms = "sakuin: nothing found: the query has no searchable terms (it needs a letter, a digit or a Japanese character)"

    static let cases: [BadQueryCase] = [
        // 23: an empty query is a usage error, never every document.
        BadQueryCase(number: 23, arguments: [""], status: 2, error: "Error: the query is empty"),
        BadQueryCase(number: 23, arguments: ["   "], status: 2, error: "Error: the query is empty"),
        BadQueryCase(number: 23, arguments: ["\u{3000}"], status: 2, error: "Error: the query is empty"),
        // 24: 40,000 characters (the most one argument can carry is 128 KiB); the parser's own
        // test takes 100,000 characters.
        BadQueryCase(number: 24, arguments: [String(repeating: "停戦", count: 20_000)], status: 2,
                     error: "sakuin: invalid query: query too long (40000 characters, max 4096)"),
        // 25, 26: nothing searchable is an empty result with a note, never a match on everything;
        // symbols that are syntax keep their errors (28).
        BadQueryCase(number: 25, arguments: ["。、「」！？…"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 25, arguments: ["!!!"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 25, arguments: ["!!! OR 。"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 25, arguments: ["\"!!!\""], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 25, arguments: ["!!! 停戦"], status: 0, output: .sameAs(["停戦"])),
        BadQueryCase(number: 26, arguments: ["🇺🇦🤝🇷🇺"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 26, arguments: ["👩\u{200D}👩\u{200D}👧"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 26, arguments: ["\u{FE0F}\u{200D}"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 26, arguments: ["停戦\u{FE0F}"], status: 0, output: .sameAs(["停戦"])),
        // 27: marks without a base; a decomposed ガ finds ガ.
        BadQueryCase(number: 27, arguments: ["\u{301}\u{308}"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 27, arguments: ["\u{3099}カ"], status: 1),
        BadQueryCase(number: 27, arguments: ["カ\u{3099}"], status: 0, output: .sameAs(["ガ"])),
        // 28: unbalanced quotes and parentheses, with the column.
        BadQueryCase(number: 28, arguments: ["\"停戦交渉"], status: 2, error: "sakuin: invalid query: unclosed quote at column 1"),
        BadQueryCase(number: 28, arguments: ["(NATO OR 加盟"], status: 2, error: "sakuin: invalid query: unclosed '(' at column 1"),
        BadQueryCase(number: 28, arguments: ["NATO)"], status: 2, error: "sakuin: invalid query: unmatched ')' at column 5"),
        // 29: 10,000 levels are too long before they are too deep; 65 levels are too deep.
        BadQueryCase(number: 29, arguments: [String(repeating: "(", count: 10_000) + "停戦" + String(repeating: ")", count: 10_000)],
                     status: 2, error: "sakuin: invalid query: query too long (20002 characters, max 4096)"),
        BadQueryCase(number: 29, arguments: [String(repeating: "(", count: 65) + "停戦" + String(repeating: ")", count: 65)],
                     status: 2, error: "sakuin: invalid query: query nested too deeply (max 64) at column 65"),
        // 30: fields.
        BadQueryCase(number: 30, arguments: ["nosuchfield:停戦"], status: 2,
                     error: "sakuin: invalid query: unknown field 'nosuchfield' at column 1 (fields: title)"),
        BadQueryCase(number: 30, arguments: ["title:"], status: 2,
                     error: "sakuin: invalid query: field 'title' needs a term after ':' at column 1"),
        // 31: wildcards; a one-character prefix is the one character.
        BadQueryCase(number: 31, arguments: ["*"], status: 2,
                     error: "sakuin: invalid query: a prefix needs at least one character before '*' at column 1"),
        BadQueryCase(number: 31, arguments: ["?"], status: 1, error: noSearchableTerms),
        BadQueryCase(number: 31, arguments: ["停*", "--passages", "--limit", "1000"], status: 0,
                     output: .sameAs(["停", "--passages", "--limit", "1000"])),
        // 32: a query that only excludes is an error, never "everything but".
        BadQueryCase(number: 32, arguments: ["--", "-ロシア"], status: 2,
                     error: "sakuin: invalid query: '-ロシア' at column 1 only excludes; a query needs at least one term to search for"),
        BadQueryCase(number: 32, arguments: ["NOT 停戦"], status: 2,
                     error: "sakuin: invalid query: 'NOT 停戦' at column 1 only excludes; a query needs at least one term to search for"),
        // 33: operators alone or misplaced.
        BadQueryCase(number: 33, arguments: ["AND"], status: 2, error: "sakuin: invalid query: 'AND' at column 1 needs a term on both sides"),
        BadQueryCase(number: 33, arguments: ["OR OR"], status: 2, error: "sakuin: invalid query: 'OR' at column 1 needs a term on both sides"),
        BadQueryCase(number: 33, arguments: ["NATO AND"], status: 2,
                     error: "sakuin: invalid query: 'AND' at column 6 needs a term on both sides"),
        // 34: control characters are refused by column (a NUL cannot be in an argument: see the
        // library test); a carriage return separates terms like a space.
        BadQueryCase(number: 34, arguments: ["停\u{1}戦"], status: 2, error: "sakuin: invalid query: control character U+0001 at column 2"),
        BadQueryCase(number: 34, arguments: ["\u{1B}[31m停戦"], status: 2,
                     error: "sakuin: invalid query: control character U+001B at column 1"),
        BadQueryCase(number: 34, arguments: ["停\u{7}戦"], status: 2, error: "sakuin: invalid query: control character U+0007 at column 2"),
        BadQueryCase(number: 34, arguments: ["停\u{7F}戦"], status: 2, error: "sakuin: invalid query: control character U+007F at column 2"),
        BadQueryCase(number: 34, arguments: ["停\r戦"], status: 0, output: .sameAs(["停 戦"])),
        // 35: right-to-left text finds nothing; bidi controls are dropped.
        BadQueryCase(number: 35, arguments: ["שלום"], status: 1),
        BadQueryCase(number: 35, arguments: ["\u{202E}停戦"], status: 0, output: .sameAs(["停戦"])),
        // 38 (and the limits of 37): out of range is a usage error naming the option, a huge limit
        // is clamped to 10,000, an offset past the end is an empty page (exit 1, a note).
        BadQueryCase(number: 38, arguments: ["停戦", "--limit", "0"], status: 2, error: "Error: --limit must be 1 or more, not 0"),
        BadQueryCase(number: 38, arguments: ["停戦", "--limit", "-5"], status: 2, error: "Error: --limit must be 1 or more, not -5"),
        BadQueryCase(number: 38, arguments: ["停戦", "--limit", "99999999999", "--passages"], status: 0,
                     output: .sameAs(["停戦", "--limit", "10000", "--passages"])),
        BadQueryCase(number: 38, arguments: ["停戦", "--limit", "99999999999999999999"], status: 2,
                     error: "Error: The value '99999999999999999999' is invalid for '--limit <limit>'"),
        BadQueryCase(number: 38, arguments: ["停戦", "--offset", "-1"], status: 2, error: "Error: --offset must be 0 or more, not -1"),
        BadQueryCase(number: 38, arguments: ["停戦", "--offset", "5"], status: 1, error: "sakuin: --offset 5 skips all 5 documents"),
        BadQueryCase(number: 38, arguments: ["停戦", "--offset", "99999999999"], status: 1,
                     error: "sakuin: --offset 99999999999 skips all 5 documents"),
        BadQueryCase(number: 38, arguments: ["停戦", "--offset", "0"], status: 0, output: .sameAs(["停戦"])),
        // 39: width variants and compatibility characters are normalized as the index is.
        BadQueryCase(number: 39, arguments: ["ＮＡＴＯ", "--passages", "--limit", "1000"], status: 0,
                     output: .sameAs(["NATO", "--passages", "--limit", "1000"])),
        BadQueryCase(number: 39, arguments: ["ｳｸﾗｲﾅ", "--passages", "--limit", "1000"], status: 0,
                     output: .sameAs(["ウクライナ", "--passages", "--limit", "1000"])),
        BadQueryCase(number: 39, arguments: ["ﾌﾟｰﾁﾝ", "--passages", "--limit", "1000"], status: 0,
                     output: .sameAs(["プーチン", "--passages", "--limit", "1000"])),
        BadQueryCase(number: 39, arguments: ["Ⅱ", "--passages"], status: 0, output: .sameAs(["II", "--passages"])),
        BadQueryCase(number: 39, arguments: ["③", "--passages", "--limit", "1000"], status: 0,
                     output: .sameAs(["3", "--passages", "--limit", "1000"])),
        BadQueryCase(number: 39, arguments: ["㍻"], status: 1),
        BadQueryCase(number: 39, arguments: ["ﷺ"], status: 1),
    ]

    @Test("bad input 23–35, 38, 39: each query exits as it must, prints exactly this, and changes nothing", arguments: cases)
    func query(_ query: BadQueryCase) throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let before = try BadInput.indexFiles(shared.index)
        // `--index` first: after `--` everything is the query.
        let run = try CommandRunner.run(["search", "--index", shared.index] + query.arguments, in: shared.workingDirectory)
        #expect(run.status == query.status, "\(run)")
        if let error = query.error {
            #expect(run.standardErrorLines.first == error, "\(run)")
            if error.hasPrefix("sakuin: ") { #expect(run.standardErrorLines.count == 1) }
        } else {
            #expect(run.standardError == "", "\(run)")
        }
        switch query.output {
        case .empty:
            #expect(run.standardOutput == "", "\(run)")
        case .sameAs(let arguments):
            let other = try CommandRunner.run(["search", "--index", shared.index] + arguments, in: shared.workingDirectory)
            #expect(!other.standardOutput.isEmpty)
            #expect(run.standardOutput == other.standardOutput)
        }
        // The checklist's closing rules: the files are those that passed `check`, and 停戦 is unchanged.
        #expect(try BadInput.indexFiles(shared.index) == before)
        let ceasefire = try CommandRunner.run(["search", "停戦", "--passages", "--json", "--limit", "100000", "--index", shared.index],
                                              in: shared.workingDirectory)
        #expect(try BadInput.passageHits(ceasefire, shortPath: BadInput.repositoryRelative) == SeedBaseline.ceasefireHits())
    }

    @Test("bad input 25, 38: nothing to search, or an offset past the end, is an empty page in JSON too, with offset and total")
    func emptyPagesAsJSON() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let symbols = try CommandRunner.run(["search", "--index", shared.index, "--json", "!!!"], in: shared.workingDirectory)
        #expect(symbols.status == 1)
        #expect(symbols.standardOutput == #"{"hits":[],"offset":0,"query":"!!!","total":0}"# + "\n")
        #expect(symbols.standardError == Self.noSearchableTerms + "\n")
        let past = try CommandRunner.run(["search", "--index", shared.index, "--json", "--offset", "7", "停戦"],
                                         in: shared.workingDirectory)
        #expect(past.status == 1)
        #expect(past.standardOutput == #"{"hits":[],"offset":7,"query":"停戦","total":5}"# + "\n")
        #expect(past.standardError == "")
    }

    @Test("bad input 25, 26: the library returns an empty result for a query with nothing to search, and says so")
    func nothingToSearchInTheLibrary() throws {
        let index = try TestIndex.seeds()
        for query in ["。、「」！？…", "!!!", "🇺🇦🤝🇷🇺", "👩\u{200D}👩\u{200D}👧", "\"。、\" OR ！"] {
            let results = try index.search(query)
            #expect(results == SearchResults(query: query, total: 0, hits: [], offset: 0, hasSearchableTerms: false), "\(query)")
        }
        #expect(try index.search("!!! 停戦").hasSearchableTerms)
        #expect(try index.search("zzzzqqq").hasSearchableTerms)
        // Syntax keeps its errors.
        let error = TestIndex.errorMessage { () throws(SakuinError) in _ = try index.search("\"!!!") }
        #expect(error == "invalid query: unclosed quote at column 1")
    }

    @Test("bad input 34: a NUL inside a query is refused at its column, never cut off there")
    func nulInQuery() throws {
        let index = try TestIndex.seeds()
        let error = TestIndex.errorMessage { () throws(SakuinError) in _ = try index.search("停\u{0}戦") }
        #expect(error == "invalid query: control character U+0000 at column 2")
    }

    @Test("bad input 36: lone surrogates cannot reach the library: Swift strings hold none, JSON decoding refuses them")
    func loneSurrogates() throws {
        // What a server would do with `{"query": "\ud800停戦"}`: Foundation's decoder refuses it.
        struct Request: Decodable { var query: String }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Request.self, from: Data(#"{"query": "\ud800停戦"}"#.utf8)) }
        // Ill-formed UTF-16 made into a string is repaired, so a query never holds a lone half.
        let repaired = String(decoding: [0xD800, 0x505C, 0x6226] as [UInt16], as: UTF16.self)
        #expect(repaired == "\u{FFFD}停戦")
        let index = try TestIndex.seeds()
        #expect(try index.search(repaired).hits.map(\.document.name) == index.search("停戦").hits.map(\.document.name))
    }

    @Test("bad input 40: a query that is not UTF-8 is refused, also as JSON; never searched as mojibake")
    func queryNotUTF8() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // ロシア in Shift_JIS: 83 8D 83 56 83 41.
        process.arguments = ["-c", #"exec "$0" search --json --index "$1" "$(printf '\203\215\203V\203A')""#,
                             try CommandRunner.executableURL().path, shared.index]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message == "sakuin: argument 5 is not valid UTF-8; give queries and paths in UTF-8\n")
        #expect(printed == #"{"error":{"kind":"usage","message":"argument 5 is not valid UTF-8; give queries and paths in UTF-8"}}"# + "\n")
    }
}

// MARK: - Errors as JSON

@Suite("Bad input: errors as JSON") struct BadInputJSONErrorTests {
    /// An error run with `--json`: status 2, the usual line on standard error, and one object.
    private func expectJSONError(_ arguments: [String], in directory: String, json expected: String, error line: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try CommandRunner.run(arguments, in: directory)
        #expect(run.status == 2, "\(run)", sourceLocation: sourceLocation)
        #expect(run.standardOutput == expected + "\n", sourceLocation: sourceLocation)
        #expect(run.standardErrorLines.first == line, sourceLocation: sourceLocation)
        #expect(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) is [String: Any], sourceLocation: sourceLocation)
    }

    @Test("bad input 28: a query error names its kind and column")
    func queryError() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        try expectJSONError(["search", "\"停戦交渉", "--json", "--index", shared.index], in: shared.workingDirectory,
                            json: #"{"error":{"column":1,"kind":"query","message":"invalid query: unclosed quote at column 1"}}"#,
                            error: "sakuin: invalid query: unclosed quote at column 1")
    }

    @Test("bad input 23, 38: usage errors are JSON too, without the usage text")
    func usageErrors() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        try expectJSONError(["search", "\u{3000}", "--json", "--index", shared.index], in: shared.workingDirectory,
                            json: #"{"error":{"kind":"usage","message":"the query is empty"}}"#, error: "Error: the query is empty")
        try expectJSONError(["search", "停戦", "--json", "--limit", "-5", "--index", shared.index], in: shared.workingDirectory,
                            json: #"{"error":{"kind":"usage","message":"--limit must be 1 or more, not -5"}}"#,
                            error: "Error: --limit must be 1 or more, not -5")
        try expectJSONError(["refs", "Zartman", "--json", "--bogus", "--index", shared.index], in: shared.workingDirectory,
                            json: #"{"error":{"kind":"usage","message":"Unknown option '--bogus'"}}"#,
                            error: "Error: Unknown option '--bogus'")
    }

    @Test("bad input 22: index errors, input errors and bad requests have their kinds; a path is given whole")
    func otherKinds() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let shared = try CommandFixtures.sharedSeedIndex()
        let missing = directory + "/no\nindex"
        try expectJSONError(["check", "--json", "--index", missing], in: directory,
                            json: #"{"error":{"kind":"index","message":"no index at \#(directory)/no\nindex; build one with `sakuin index PATH…`"}}"#,
                            error: "sakuin: no index at \(directory)/no\\u{A}index; build one with `sakuin index PATH…`")
        try expectJSONError(["index", "--json", "nowhere\u{202E}.txt", "--index", directory + "/ix"], in: directory,
                            json: #"{"error":{"kind":"input","message":"no such file or directory: nowhere\#u{202E}.txt","path":"nowhere\#u{202E}.txt"}}"#,
                            error: "sakuin: no such file or directory: nowhere\\u{202E}.txt")
        try expectJSONError(["show", "nosuch", "--json", "--index", shared.index], in: shared.workingDirectory,
                            json: #"{"error":{"kind":"invalid_request","message":"no document named \"nosuch\" in the index"}}"#,
                            error: "sakuin: no document named \"nosuch\" in the index")
    }

    @Test("bad input 3: index --json lists the files it could not index, and exits 2")
    func indexJSON() throws {
        let copy = try SeedIndexCopy()
        defer { copy.remove() }
        let bad = try copy.write("docs/bad.txt", Array("ロシア".utf8) + [0xFF] + Array("\n".utf8))
        try copy.write("docs/good.txt", "和平交渉の記録\n")
        let run = try copy.sakuin("index", "docs", "--json", "--index", "index")
        #expect(run.status == 2, "\(run)")
        #expect(run.standardOutput == #"{"added":1,"failed":[{"message":"\#(bad) is not valid UTF-8 (byte offset 9)","path":"\#(bad)"}],"#
                + #""passages":1,"removed":0,"segments":1,"skipped":[],"unchanged":0,"updated":0}"# + "\n")
        #expect(run.standardError == "sakuin: skipped: \(bad) is not valid UTF-8 (byte offset 9)\n")
        try copy.expectIntact(documents: 6, passages: 354, segments: 2)
    }
}
