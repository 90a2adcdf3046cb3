import Foundation
import Testing
@testable import Sakuin

/// Shared set-up of the end-to-end tests: temporary folders, the seed papers and an index of them.
enum TestIndex {
    /// The repository's `seeds/` folder, found from this file's path.
    static let seedsDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SakuinTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("seeds").path

    /// The seed papers, by document name (file stem), sorted.
    static let seedFiles: [(name: String, path: String)] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map {
            (String($0.dropLast(4)), seedsDirectory + "/" + $0)
        }
    }()

    /// The lines of the seed paper `name` (without line terminators), from line 1.
    static func seedLines(_ name: String) -> [String] {
        guard let path = seedFiles.first(where: { $0.name == name })?.path,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }

    /// Where the seed index of this test process lives.
    static let seedIndexPath: String = FileManager.default.temporaryDirectory
        .appendingPathComponent("sakuin-e2e-seeds-\(getpid())").path

    /// The directory of an index of the seed papers, built once per test process on first use
    /// and removed when the process exits. Only read from it: open a `SearchIndex` per test.
    static let seedIndexDirectory: Result<String, SakuinError> = {
        let directory = seedIndexPath
        try? FileManager.default.removeItem(atPath: directory)
        atexit { try? FileManager.default.removeItem(atPath: TestIndex.seedIndexPath) }
        do throws(SakuinError) {
            let index = try SearchIndex(directory: directory)
            _ = try index.index(paths: [seedsDirectory])
            return .success(directory)
        } catch {
            return .failure(error)
        }
    }()

    /// A new `SearchIndex` object over the shared seed index.
    static func seeds() throws -> SearchIndex {
        let directory = try seedIndexDirectory.get()
        return try SearchIndex(directory: directory, mode: .openExisting)
    }

    /// A new empty folder under the temporary directory.
    static func makeTemporaryDirectory(prefix: String) -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(getpid())-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with a new empty folder, removed afterwards.
    static func withTemporaryDirectory<R>(_ prefix: String = "sakuin-e2e", _ body: (String) throws -> R) throws -> R {
        let path = makeTemporaryDirectory(prefix: prefix)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// The error `body` throws, as the message a user sees, or nil if it does not throw.
    static func errorMessage(_ body: () throws(SakuinError) -> Void) -> String? {
        do { try body() } catch { return error.description }
        return nil
    }
}

/// A hit reduced to what the exact assertions compare: the document and the lines.
struct HitLocation: Hashable, CustomStringConvertible, Comparable {
    var document: String
    var lineStart: Int
    var lineEnd: Int

    init(_ document: String, _ lineStart: Int, _ lineEnd: Int) {
        self.document = document
        self.lineStart = lineStart
        self.lineEnd = lineEnd
    }

    init(_ hit: SearchHit) { self.init(hit.document.name, hit.lineStart, hit.lineEnd) }

    var description: String { "\(document):\(lineStart)-\(lineEnd)" }

    static func < (left: HitLocation, right: HitLocation) -> Bool {
        (left.document, left.lineStart, left.lineEnd) < (right.document, right.lineStart, right.lineEnd)
    }
}

extension SearchIndex {
    /// Every matching passage of `query`, sorted by document and line (not by score).
    func passageHits(_ query: String) throws -> [HitLocation] {
        try search(query, options: SearchOptions(limit: 100_000, groupsByDocument: false)).hits
            .map(HitLocation.init).sorted()
    }

    /// The names of the documents that match `query`, sorted.
    func documentHits(_ query: String) throws -> [String] {
        try search(query, options: SearchOptions(limit: 100_000, groupsByDocument: true)).hits
            .map(\.document.name).sorted()
    }
}
