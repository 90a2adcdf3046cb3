import Foundation
import Testing
@testable import Sakuin
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh folder under the system's temporary directory, for one test.
private struct TemporaryFolder {
    /// The folder's standardized absolute path.
    let path: String

    /// Creates `…/sakuin-tests-<UUID>`.
    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sakuin-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = PathName.standardized(url.path, relativeTo: "/")
    }

    /// The absolute path of `relativePath` inside the folder.
    func path(_ relativePath: String) -> String { path + "/" + relativePath }

    /// Writes `bytes` to `relativePath`, creating folders on the way; returns the file's path.
    @discardableResult
    func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let filePath = path(relativePath)
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: filePath))
        return filePath
    }

    /// Writes `text` as UTF-8 to `relativePath`; returns the file's path.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, bytes: Array(text.utf8))
    }

    /// A ``SourceFile`` for the file at `relativePath`, as the collector would describe it.
    func sourceFile(_ relativePath: String) throws -> SourceFile {
        let collected = try SourceCollector.collect([path(relativePath)])
        return try #require(collected.files.first)
    }

    /// Deletes the folder and everything in it.
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Loads `bytes` written to a temporary file, returning the path it was written to.
private func load(_ bytes: [UInt8], named name: String = "paper.txt") throws -> (path: String, result: Result<LoadedSource, IngestError>) {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let filePath = try folder.write(name, bytes: bytes)
    let file = try folder.sourceFile(name)
    do {
        return (filePath, .success(try SourceReader.load(file)))
    } catch {
        return (filePath, .failure(error))
    }
}

@Suite("Source files: collecting and reading") struct SourceFileTests {
    // MARK: Collecting

    @Test("a folder expands to its .txt and .md files, sorted, hidden ones passed over, others reported")
    func collectsATree() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("a.txt", "本文")
        try folder.write("b.MD", "# 見出し")
        try folder.write("c.pdf", "%PDF-1.7")
        try folder.write(".hidden.txt", "隠し")
        try folder.write(".git/config.txt", "隠しフォルダ")
        try folder.write("sub/d.txt", "下位")

        let collected = try SourceCollector.collect([folder.path])

        #expect(collected.files.map(\.path) == [folder.path("a.txt"), folder.path("b.MD"), folder.path("sub/d.txt")])
        #expect(collected.skipped == [SkippedSource(path: folder.path("c.pdf"), reason: "not .txt or .md")])
        let first = try #require(collected.files.first)
        #expect(first.size == Int64("本文".utf8.count))
        #expect(abs(first.modificationTime - Int64(Date().timeIntervalSince1970)) < 600)
    }

    @Test("a file passed explicitly with another extension is skipped and reported")
    func explicitFileOfAnotherKind() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let pdf = try folder.write("report.pdf", "%PDF-1.7")

        let collected = try SourceCollector.collect([pdf])

        #expect(collected.files.isEmpty)
        #expect(collected.skipped == [SkippedSource(path: pdf, reason: "not .txt or .md")])
    }

    @Test("paths are made absolute and standardized, symbolic links kept, duplicates merged")
    func standardizedPaths() throws {
        #expect(PathName.standardized("sub/../a.txt", relativeTo: "/home/researcher/papers") == "/home/researcher/papers/a.txt")
        #expect(PathName.standardized("/home/researcher//papers/./b.md/", relativeTo: "/elsewhere") == "/home/researcher/papers/b.md")
        #expect(PathName.standardized("../../../..", relativeTo: "/home/researcher") == "/")

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("sub/a.txt", "本文")
        let collected = try SourceCollector.collect([folder.path("sub/../sub/a.txt"), folder.path("sub")])
        #expect(collected.files.map(\.path) == [folder.path("sub/a.txt")])
    }

    @Test("symbolic links are followed; a real file or folder is taken once, under its path without links")
    func linksFollowedOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("sub/a.txt", "本文")
        try folder.write("elsewhere/b.md", "外部")
        try FileManager.default.createSymbolicLink(atPath: folder.path("sub/loop"), withDestinationPath: folder.path)
        try FileManager.default.createSymbolicLink(atPath: folder.path("linked.txt"), withDestinationPath: folder.path("sub/a.txt"))
        try FileManager.default.createSymbolicLink(atPath: folder.path("sub/other"), withDestinationPath: "../elsewhere")

        // The link passed explicitly is followed too, yet the file keeps its path without links.
        let collected = try SourceCollector.collect([folder.path("sub"), folder.path("linked.txt")])

        #expect(collected.files.map(\.path) == [folder.path("sub/a.txt"), folder.path("sub/other/b.md")])
        #expect(collected.skipped == [
            SkippedSource(path: folder.path("linked.txt"), reason: "same file as \(folder.path("sub/a.txt"))"),
            SkippedSource(path: folder.path("sub/loop"), reason: "symbolic link loop"),
        ])
        #expect(collected.unreadable == [])
    }

    @Test("a dangling link, a loop of links and a second link to a folder are skipped with why")
    func linksSkipped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("real/a.txt", "本文")
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder.path("dangling.md"), withDestinationPath: "nowhere.md")
        try manager.createSymbolicLink(atPath: folder.path("x"), withDestinationPath: "y")
        try manager.createSymbolicLink(atPath: folder.path("y"), withDestinationPath: "x")
        try manager.createSymbolicLink(atPath: folder.path("again"), withDestinationPath: "real")
        try manager.createSymbolicLink(atPath: folder.path("real/root"), withDestinationPath: "/")

        let collected = try SourceCollector.collect([folder.path])

        #expect(collected.files.map(\.path) == [folder.path("real/a.txt")])
        #expect(collected.skipped == [
            SkippedSource(path: folder.path("again"), reason: "same folder as \(folder.path("real"))"),
            SkippedSource(path: folder.path("dangling.md"), reason: "dangling symbolic link"),
            SkippedSource(path: folder.path("real/root"), reason: "symbolic link loop"),
            SkippedSource(path: folder.path("x"), reason: "symbolic link loop"),
            SkippedSource(path: folder.path("y"), reason: "symbolic link loop"),
        ])
    }

    @Test("a missing path throws missingPath, naming it")
    func missingPath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let missing = folder.path("nowhere.txt")

        #expect(throws: IngestError.missingPath(missing)) { try SourceCollector.collect([missing]) }
        #expect(IngestError.missingPath(missing).description == "no such file or directory: \(missing)")
    }

    @Test("an unreadable folder is reported as permission denied; the walk goes on",
          .disabled(if: getuid() == 0, "root can read anything"))
    func unreadableFolder() throws {
        let folder = try TemporaryFolder()
        defer {
            chmod(folder.path("locked"), 0o755)
            folder.remove()
        }
        try folder.write("locked/a.txt", "本文")
        try folder.write("open.txt", "本文")
        chmod(folder.path("locked"), 0o000)

        let collected = try SourceCollector.collect([folder.path])
        #expect(collected.files.map(\.path) == [folder.path("open.txt")])
        #expect(collected.unreadable == [.permissionDenied(path: folder.path("locked"))])
    }

    @Test("a folder that cannot be opened is reported with the system's reason; the walk goes on")
    func folderOpenFails() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("a/one.txt", "本文")
        try folder.write("b/two.txt", "本文")
        try folder.write("c/three.txt", "本文")
        let faults: [FaultInjection.Fault] = [.init(.openDirectory, occurrence: 1, failingWith: EACCES)]
        let (collected, _) = try FaultInjection.withFaults(faults, under: folder.path("a")) {
            try FaultInjection.withFaults([.init(.openDirectory, occurrence: 1, failingWith: EIO)], under: folder.path("c")) {
                try SourceCollector.collect([folder.path])
            }.result
        }
        #expect(collected.files.map(\.path) == [folder.path("b/two.txt")])
        #expect(collected.unreadable == [.permissionDenied(path: folder.path("a")),
                                         .unreadable(path: folder.path("c"), reason: "Input/output error")])
        #expect(IngestError.permissionDenied(path: folder.path("a")).description == "permission denied: \(folder.path("a"))")
    }

    // MARK: Reading

    @Test("plain UTF-8 reads as is, with the SHA-256 of its bytes")
    func readsText() throws {
        let text = "ロシア軍の能力\n第二行\n"
        let (_, result) = try load(Array(text.utf8))
        let loaded = try result.get()
        #expect(loaded.text == text)
        #expect(loaded.contentHash == ContentHash.sha256Hex(Array(text.utf8)))
        #expect(loaded.file.size == Int64(text.utf8.count))
    }

    @Test("a UTF-8 byte order mark is stripped from the text but kept in the hash")
    func byteOrderMarkStripped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("見出し\n".utf8)
        let loaded = try load(bytes).result.get()
        #expect(loaded.text == "見出し\n")
        #expect(loaded.contentHash == ContentHash.sha256Hex(bytes))
        #expect(loaded.contentHash != ContentHash.sha256Hex(Array("見出し\n".utf8)))
    }

    @Test("an empty file reads as the empty text")
    func emptyFile() throws {
        let loaded = try load([]).result.get()
        #expect(loaded.text == "")
        #expect(loaded.contentHash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("invalid UTF-8 is reported with the offset of the first bad byte")
    func invalidUTF8() throws {
        let (path, result) = try load(Array("hello".utf8) + [0xFF] + Array("world".utf8))
        #expect(throws: IngestError.invalidUTF8(path: path, byteOffset: 5)) { try result.get() }
        #expect(IngestError.invalidUTF8(path: path, byteOffset: 5).description
            == "\(path) is not valid UTF-8 (byte offset 5)")
    }

    @Test("the offset counts the byte order mark and points at the start of a cut sequence")
    func invalidUTF8AfterByteOrderMark() throws {
        // BOM (3 bytes), "ab", then あ (E3 81 82) cut short after two bytes.
        let (path, result) = try load([0xEF, 0xBB, 0xBF, 0x61, 0x62, 0xE3, 0x81, 0x63])
        #expect(throws: IngestError.invalidUTF8(path: path, byteOffset: 5)) { try result.get() }
    }

    @Test("strict UTF-8: overlong forms, surrogates, values past U+10FFFF and cut sequences fail")
    func strictValidation() {
        #expect(SourceReader.firstInvalidUTF8Offset(in: Array("ｶﾞｽ 😀 ロシア".utf8)) == nil)
        #expect(SourceReader.firstInvalidUTF8Offset(in: [0x61, 0xC0, 0x80]) == 1)  // overlong NUL
        #expect(SourceReader.firstInvalidUTF8Offset(in: [0xE0, 0x80, 0xAF]) == 0)  // overlong /
        #expect(SourceReader.firstInvalidUTF8Offset(in: [0x61, 0x62, 0xED, 0xA0, 0x80]) == 2)  // U+D800
        #expect(SourceReader.firstInvalidUTF8Offset(in: [0xF4, 0x90, 0x80, 0x80]) == 0)  // U+110000
        #expect(SourceReader.firstInvalidUTF8Offset(in: [0x61, 0xF0, 0x9F, 0x98]) == 1)  // 😀 cut
        #expect(SourceReader.firstInvalidUTF8Offset(in: [0x61, 0x80]) == 1)  // lone continuation
    }

    @Test("a file with NUL bytes is not text")
    func nulMeansBinary() throws {
        // UTF-8 text with a NUL in the middle (UTF-16 is decoded: see EncodingTests).
        let (path, result) = try load(Array("ロシア".utf8) + [0] + Array("ウクライナ\n".utf8))
        #expect(throws: IngestError.notText(path: path)) { try result.get() }
        #expect(IngestError.notText(path: path).description == "\(path) is not a text file (it contains NUL bytes)")
    }

    @Test("a file that cannot be opened throws permissionDenied", .disabled(if: getuid() == 0, "root can read anything"))
    func unreadableFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("locked.txt", "本文")
        let file = try folder.sourceFile("locked.txt")
        chmod(file.path, 0o000)

        #expect(throws: IngestError.permissionDenied(path: file.path)) {
            try SourceReader.load(file)
        }
        #expect(IngestError.permissionDenied(path: file.path).description == "permission denied: \(file.path)")
    }

    @Test("a folder read as a file throws unreadable with the system's reason")
    func folderReadAsFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = SourceFile(path: folder.path, size: 0, modificationTime: 0)

        #expect(throws: IngestError.unreadable(path: folder.path, reason: "Is a directory")) {
            try SourceReader.load(file)
        }
    }

    @Test("a file removed after collecting throws missingPath")
    func removedFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = SourceFile(path: folder.path("gone.txt"), size: 10, modificationTime: 0)
        #expect(throws: IngestError.missingPath(file.path)) { try SourceReader.load(file) }
    }

    // MARK: SHA-256

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(ContentHash.sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Not contiguous storage: exercises the copying path too.
        #expect(ContentHash.sha256Hex(repeatElement(UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("SHA-256 pads correctly at every length around a block boundary")
    func sha256BlockBoundaries() {
        // Values from `sha256sum` of 55, 56, 63, 64 and 65 × "a".
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
        ]
        for (length, digest) in expected {
            #expect(ContentHash.sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest, "length \(length)")
        }
    }
}
