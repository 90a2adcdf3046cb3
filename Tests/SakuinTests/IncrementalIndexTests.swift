import Foundation
import Synchronization
import Testing
@testable import Sakuin

/// A folder of papers that the tests edit between runs of indexing.
private struct Papers {
    let folder: String

    init(in directory: String) throws {
        folder = URL(fileURLWithPath: directory + "/papers").standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder + "/" + name }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
    }

    func delete(_ name: String) throws { try FileManager.default.removeItem(atPath: path(name)) }
}

/// What a summary says, without the paths of its problems' messages spelled out twice.
private func counts(_ summary: IndexingSummary) -> [String: Int] {
    ["added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged, "removed": summary.removed,
     "skipped": summary.skipped, "problems": summary.problems.count, "passages": summary.passages,
     "segments": summary.segments]
}

private func expectedCounts(added: Int = 0, updated: Int = 0, unchanged: Int = 0, removed: Int = 0, skipped: Int = 0,
                            problems: Int = 0, passages: Int = 0, segments: Int = 0) -> [String: Int] {
    ["added": added, "updated": updated, "unchanged": unchanged, "removed": removed, "skipped": skipped,
     "problems": problems, "passages": passages, "segments": segments]
}

/// The figures of `statistics` the tests pin, in words.
private func figures(_ statistics: IndexStatistics) -> String {
    "\(statistics.documents) documents, \(statistics.passages) passages, \(statistics.deletedPassages) deleted, "
        + "\(statistics.segments) segments"
}

/// Where each probe word of the papers is found, as `document:lineStart-lineEnd`.
private func probe(_ index: SearchIndex) throws -> [String: [String]] {
    var found: [String: [String]] = [:]
    for word in ["持続", "旧案", "新案", "幻影", "新星", "編集文書"] {
        found[word] = try index.passageHits(word).map(\.description)
    }
    return found
}

@Suite("incremental indexing of a folder")
struct IncrementalIndexTests {
    @Test("index, change the folder, index again, then again unchanged; remove; reopen")
    func incrementalRuns() throws {
        try TestIndex.withTemporaryDirectory("sakuin-e2e-incremental") { directory in
            let papers = try Papers(in: directory)
            try papers.write("keep.txt", "# 保持文書\n\n変わらない本文は持続する。\n")
            try papers.write("edit.txt", "# 編集文書\n\n古い本文には旧案がある。\n")
            try papers.write("gone.md", "# 削除文書\n\n消える本文は幻影です。\n")
            try papers.write("empty.txt", "")
            try papers.write("figure.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let index = try SearchIndex(directory: directory + "/index")

            // First run: four documents (the empty one without passages), the image skipped.
            let first = try index.index(paths: [papers.folder])
            #expect(counts(first) == expectedCounts(added: 4, skipped: 1, passages: 6, segments: 1))
            #expect(first.problems == [])
            #expect(first.line == "4 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 0 failed")
            #expect(try probe(index) == [
                "持続": ["keep:3-3"], "旧案": ["edit:3-3"], "新案": [], "幻影": ["gone:3-3"], "新星": [],
                "編集文書": ["edit:1-1"],
            ])
            var statistics = try index.statistics()
            #expect(figures(statistics) == "4 documents, 6 passages, 0 deleted, 1 segments")

            // Edit one, add one, delete one, add a PDF and a file that is not UTF-8.
            try papers.write("edit.txt", "# 編集文書\n\n新しい本文には新案がある。\n")
            try papers.write("new.txt", "# 新規文書\n\n追加された本文は新星です。\n")
            try papers.delete("gone.md")
            try papers.write("paper.pdf", bytes: Array("%PDF-1.4\n".utf8))
            try papers.write("bad.txt", bytes: Array("停戦".utf8) + [0xFF, 0x41])
            let badProblem = IndexingSummary.Problem(
                path: papers.path("bad.txt"), message: "\(papers.path("bad.txt")) is not valid UTF-8 (byte offset 6)")

            let second = try index.index(paths: [papers.folder])
            #expect(counts(second) == expectedCounts(added: 1, updated: 1, unchanged: 2, removed: 1, skipped: 2,
                                                     problems: 1, passages: 4, segments: 1))
            #expect(second.problems == [badProblem])
            #expect(second.line == "1 added, 1 updated, 2 unchanged, 1 removed, 2 skipped, 1 failed")
            let afterChanges: [String: [String]] = [
                "持続": ["keep:3-3"], "旧案": [], "新案": ["edit:3-3"], "幻影": [], "新星": ["new:3-3"],
                "編集文書": ["edit:1-1"],
            ]
            #expect(try probe(index) == afterChanges)
            #expect(try index.passageHits("停戦") == [])
            #expect(try index.documents().map(\.name).sorted() == ["edit", "empty", "keep", "new"])
            // The first segment keeps keep's 2 live passages; edit's and gone's 4 are marked deleted.
            statistics = try index.statistics()
            #expect(figures(statistics) == "4 documents, 6 passages, 4 deleted, 2 segments")

            // Third run, nothing changed: nothing written.
            let generation = statistics.generation
            let third = try index.index(paths: [papers.folder])
            #expect(counts(third) == expectedCounts(unchanged: 4, skipped: 2, problems: 1))
            #expect(third.problems == [badProblem])
            #expect(try index.statistics().generation == generation)
            #expect(try probe(index) == afterChanges)

            // A new object over the same directory sees the same index.
            let reopened = try SearchIndex(directory: directory + "/index", mode: .openExisting)
            #expect(try probe(reopened) == afterChanges)
            #expect(try reopened.statistics().passages == 6)

            // Removing a document by name. The first segment then holds only deleted passages, but it
            // stays: the empty document, which has no passages, still lives in it.
            let removal = try index.remove(documents: ["keep"])
            #expect(counts(removal) == expectedCounts(removed: 1))
            #expect(try index.passageHits("持続") == [])
            #expect(try reopened.passageHits("持続") == [])
            statistics = try index.statistics()
            #expect(figures(statistics) == "3 documents, 4 passages, 6 deleted, 2 segments")

            // The file is still in the folder, so the next run adds it again.
            let fourth = try index.index(paths: [papers.folder])
            #expect(counts(fourth) == expectedCounts(added: 1, unchanged: 3, skipped: 2, problems: 1, passages: 2, segments: 1))
            #expect(try probe(index)["持続"] == ["keep:3-3"])

            // Running with no paths indexes the folders indexed before.
            let again = try index.index(paths: [])
            #expect(counts(again) == expectedCounts(unchanged: 4, skipped: 2, problems: 1))
        }
    }

    @Test("an empty file is indexed without error, has no passages and yields no hits")
    func emptyFile() throws {
        try TestIndex.withTemporaryDirectory("sakuin-e2e-empty") { directory in
            let papers = try Papers(in: directory)
            try papers.write("empty.txt", "")
            try papers.write("blank.md", "\n\n   \n")
            let index = try SearchIndex(directory: directory + "/index")
            let summary = try index.index(paths: [papers.folder])
            #expect(counts(summary) == expectedCounts(added: 2, segments: 1))
            #expect(summary.problems == [])
            let empty = try index.passages(of: "empty")
            #expect(empty.document.passageCount == 0)
            #expect(empty.document.size == 0)
            #expect(empty.document.title == nil)
            #expect(empty.passages == [])
            #expect(try index.passages(of: "blank").passages == [])
            #expect(try index.passageHits("a") == [])
            let statistics = try index.statistics()
            #expect(figures(statistics).hasPrefix("2 documents, 0 passages, 0 deleted,"))
        }
    }

    @Test("in-memory documents: unchanged text is left alone, changed text replaces, remove deletes")
    func inMemoryUpdates() throws {
        try TestIndex.withTemporaryDirectory("sakuin-e2e-memory") { directory in
            let index = try SearchIndex(directory: directory)
            let first = try index.add([InMemoryDocument(name: "memo", text: "停戦交渉の記録"),
                                       InMemoryDocument(name: "note", text: "和平案の草稿")])
            #expect(counts(first) == expectedCounts(added: 2, passages: 2, segments: 1))
            let second = try index.add([InMemoryDocument(name: "memo", text: "停戦交渉の記録"),
                                        InMemoryDocument(name: "note", text: "和平案の決定稿")])
            #expect(counts(second) == expectedCounts(updated: 1, unchanged: 1, passages: 1, segments: 1))
            #expect(try index.passageHits("草稿") == [])
            #expect(try index.passageHits("決定稿") == [HitLocation("note", 1, 1)])
            #expect(try index.passageHits("停戦") == [HitLocation("memo", 1, 1)])
            var statistics = try index.statistics()
            #expect(figures(statistics) == "2 documents, 2 passages, 1 deleted, 2 segments")

            let removal = try index.remove(documents: ["memo"])
            #expect(counts(removal) == expectedCounts(removed: 1))
            #expect(try index.passageHits("停戦") == [])
            statistics = try index.statistics()
            #expect(figures(statistics) == "1 documents, 1 passages, 0 deleted, 1 segments")
        }
    }
}

/// Readers running while a writer commits see one commit or the next, never a mix.
@Suite("concurrent reader and writer")
struct ConcurrentReaderTests {
    @Test("a reader searching while a writer replaces a document always sees exactly one version")
    func readerSeesWholeCommits() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sakuin-concurrent-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try SearchIndex(directory: directory)
        try writer.add([InMemoryDocument(name: "a", text: "停戦の版0\n")])

        // The writer runs on a thread of its own, so that it makes progress however busy the
        // test scheduler's threads are with other tests.
        let versions = 30
        let writerError = Mutex<(any Error)?>(nil)
        let writerDone = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let index = try SearchIndex(directory: directory, mode: .openExisting)
                for version in 1...versions {
                    try index.add([InMemoryDocument(name: "a", text: "停戦の版\(version)\n")])
                }
            } catch {
                writerError.withLock { $0 = error }
            }
            writerDone.signal()
        }
        thread.start()

        let reader = try SearchIndex(directory: directory, mode: .openExisting)
        var seen: [String] = []
        // Search until the last version shows up (bounded by time, not by a count).
        let deadline = Date().addingTimeInterval(60)
        while seen.last != "停戦の版\(versions)" && Date() < deadline {
            let results = try reader.search("停戦", options: SearchOptions(limit: 10, groupsByDocument: false))
            #expect(results.total == 1, "a search saw \(results.total) versions at once")
            seen.append(contentsOf: results.hits.map(\.text))
        }
        writerDone.wait()
        #expect(writerError.withLock { $0 } == nil)
        #expect(seen.last == "停戦の版\(versions)")
        // Every passage seen is a whole version, and versions never go backwards.
        let numbers = seen.compactMap { Int($0.replacingOccurrences(of: "停戦の版", with: "")) }
        #expect(numbers.count == seen.count)
        #expect(numbers == numbers.sorted())
        let final = try writer.search("停戦")
        #expect(final.hits.map(\.text) == ["停戦の版\(versions)"])
    }
}

@Suite("commit count")
struct CommitCountTests {
    @Test("a new index has no commits; each change commits once; an unchanged add commits nothing")
    func counts() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sakuin-commits-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try SearchIndex(directory: directory)
        #expect(try index.commitCount() == 0)
        try index.add([InMemoryDocument(name: "a", text: "停戦\n")])
        #expect(try index.commitCount() == 1)
        try index.add([InMemoryDocument(name: "a", text: "停戦\n")])
        #expect(try index.commitCount() == 1)
        try index.add([InMemoryDocument(name: "a", text: "和平\n")])
        #expect(try index.commitCount() == 2)
    }
}
