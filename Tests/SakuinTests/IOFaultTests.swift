import Foundation
import Testing
@testable import Sakuin

/// A committed index for the fault tests, built once per test process and only ever copied: every
/// test breaks the commit of a fresh copy.
///
/// Commit 1 holds the two smallest seed papers (`segments/seg-1.skn`), commit 2 the in-memory
/// memo (`segments/seg-2.skn`). The change each test makes replaces the memo and adds a note, so
/// its commit writes `seg-3.skn` and empties `seg-2.skn`.
private enum CommittedIndex {
    static let root: String = FileManager.default.temporaryDirectory
        .appendingPathComponent("sakuin-fault-committed-\(getpid())").path

    static let memo = InMemoryDocument(name: "memo", text: "# 覚え書き\n\n停電の記録は旧版にある。\n")
    static let revisedMemo = InMemoryDocument(name: "memo", text: "# 覚え書き\n\n停電の記録は改訂版にある。\n")
    static let note = InMemoryDocument(name: "note", text: "# 追記\n\n予備電源は三日で尽きた。\n")

    /// The change the tests make fail: one document replaced, one added.
    static let change = [revisedMemo, note]
    /// The summary of the change once it is committed.
    static let changeSummary = "1 added, 1 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed"

    static let pristine: Result<String, SakuinError> = {
        let path = root + "/index"
        try? FileManager.default.removeItem(atPath: root)
        atexit { try? FileManager.default.removeItem(atPath: CommittedIndex.root) }
        let sizes = TestIndex.seedFiles.map { file in
            (file.path, (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0)
        }
        do throws(SakuinError) {
            // The index object is released before any copy is made, so its connection has folded
            // the write-ahead log into the catalog file.
            let index = try SearchIndex(directory: path)
            _ = try index.index(paths: sizes.sorted { $0.1 < $1.1 }.prefix(2).map(\.0))
            try index.add([memo])
            return .success(path)
        } catch {
            return .failure(error)
        }
    }()

    /// Runs `body` with a fresh copy of the committed index (its directory), removed afterwards.
    static func withCopy<R>(_ body: (String) throws -> R) throws -> R {
        let source = try pristine.get()
        return try TestIndex.withTemporaryDirectory("sakuin-fault") { folder in
            let destination = folder + "/index"
            let fileManager = FileManager.default
            try fileManager.createDirectory(atPath: destination + "/segments", withIntermediateDirectories: true)
            let files = ["catalog.sqlite", "catalog.sqlite-wal", "write.lock", "commit.stamp"]
            for name in files where fileManager.fileExists(atPath: source + "/" + name) {
                try fileManager.copyItem(atPath: source + "/" + name, toPath: destination + "/" + name)
            }
            for name in try fileManager.contentsOfDirectory(atPath: source + "/segments") {
                try fileManager.copyItem(atPath: source + "/segments/" + name, toPath: destination + "/segments/" + name)
            }
            return try body(IndexLayout(directory: destination).directory)
        }
    }
}

/// What a reader can see of an index: the commit, the documents, what some queries find.
private struct VisibleState: Equatable {
    var generation: Int64
    var documents: [String]
    var hits: [String: [String]]

    static let queries = ["旧版", "改訂版", "予備電源", "停電", "停戦交渉", "トランプ", "ウクライナ"]

    init(_ index: SearchIndex) throws {
        generation = try index.commitCount()
        documents = try index.documents().map { "\($0.name) \($0.passageCount) \($0.contentHash.prefix(8))" }
        hits = [:]
        for query in Self.queries { hits[query] = try index.passageHits(query).map(\.description) }
    }

    /// What a new process opening the index sees.
    init(directory: String) throws {
        try self.init(SearchIndex(directory: directory, mode: .openExisting))
    }
}

/// The names in `segments/`, sorted.
private func segmentFiles(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory + "/segments").sorted()
}

/// The warning `check` gives for a file in `segments/` that the catalog does not list.
private func strayWarning(_ name: String) -> String {
    "segments/\(name): not listed in the catalog: left by a writer that stopped before its commit, "
        + "or written by one committing now; the next writer removes it"
}

/// Runs `body` with `faults` armed for `directory`; returns the message of the error it throws
/// (nil if none) and the faults that fired, with `directory` written `INDEX`.
private func messageAndInjections(
    _ faults: [FaultInjection.Fault], under directory: String, _ body: () throws(SakuinError) -> Void
) -> (message: String?, injections: [String]) {
    let (message, plan) = FaultInjection.withFaults(faults, under: directory) { TestIndex.errorMessage(body) }
    return (message?.replacingOccurrences(of: directory, with: "INDEX"),
            plan.injections.map { $0.description.replacingOccurrences(of: directory, with: "INDEX") })
}

/// Checks that `directory` is sound, shows exactly what it showed before (`before`), and holds
/// the committed segments plus `leftovers`; then that the next run makes the change and commits,
/// leaving no stray file.
private func expectIntactThenRecovery(_ directory: String, before: VisibleState, leftovers: [String],
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(try VisibleState(directory: directory) == before, sourceLocation: sourceLocation)
    let files = (["seg-1.skn", "seg-2.skn"] + leftovers).sorted()
    #expect(try segmentFiles(directory) == files, sourceLocation: sourceLocation)
    let report = try SearchIndex(directory: directory, mode: .openExisting).check()
    #expect(report.problems.map(\.description) == [], sourceLocation: sourceLocation)
    let warnings = leftovers.sorted().map(strayWarning)
    #expect(report.warnings.map(\.description) == warnings, sourceLocation: sourceLocation)
    #expect(report.generation == 2, sourceLocation: sourceLocation)
    #expect(report.documents == 3, sourceLocation: sourceLocation)

    // The next run, in a new index object as a new process would open it.
    let next = try SearchIndex(directory: directory, mode: .openExisting)
    let summary = try next.add(CommittedIndex.change)
    #expect(summary.line == CommittedIndex.changeSummary, sourceLocation: sourceLocation)
    #expect(summary.segments == 1, sourceLocation: sourceLocation)
    try expectChangeCommitted(directory, generation: 3, sourceLocation: sourceLocation)
}

/// Checks that the change is committed as commit `generation`, whole, with no stray file left.
private func expectChangeCommitted(_ directory: String, generation: Int64,
                                   segments: [String] = ["seg-1.skn", "seg-3.skn"],
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
    let after = try VisibleState(directory: directory)
    #expect(after.generation == generation, sourceLocation: sourceLocation)
    #expect(after.hits["旧版"] == [], sourceLocation: sourceLocation)
    #expect(after.hits["改訂版"] == ["memo:3-3"], sourceLocation: sourceLocation)
    #expect(after.hits["予備電源"] == ["note:3-3"], sourceLocation: sourceLocation)
    #expect(after.documents.count == 4, sourceLocation: sourceLocation)
    #expect(try segmentFiles(directory) == segments, sourceLocation: sourceLocation)
    let report = try SearchIndex(directory: directory, mode: .openExisting).check()
    #expect(report.problems.map(\.description) == [], sourceLocation: sourceLocation)
    #expect(report.warnings.map(\.description) == [], sourceLocation: sourceLocation)
    #expect(report.generation == generation, sourceLocation: sourceLocation)
}

/// One way for the commit of the change to fail, and what it must say and leave behind.
struct FailingCommit: Sendable, CustomTestStringConvertible {
    var name: String
    var faults: [FaultInjection.Fault]
    /// The error message, the index directory written `INDEX`.
    var message: String
    /// The faults that fired, as `FaultInjection.Injection` describes them.
    var injections: [String]
    /// Files in `segments/` after the failure besides the committed ones.
    var leftovers: [String] = []

    var testDescription: String { name }

    static let temporary = "INDEX/segments/seg-3.skn.tmp"

    static let all: [FailingCommit] = [
        FailingCommit(
            name: "read-only file system at the first change (the stale temporary file's removal)",
            faults: [.init(.remove, occurrence: 1, failingWith: EROFS)],
            message: "cannot remove \(temporary): Read-only file system",
            injections: ["remove #1 \(temporary): errno \(EROFS)"]),
        FailingCommit(
            name: "I/O error removing the stale temporary file",
            faults: [.init(.remove, occurrence: 1, failingWith: EIO)],
            message: "cannot remove \(temporary): Input/output error",
            injections: ["remove #1 \(temporary): errno \(EIO)"]),
        FailingCommit(
            name: "no inode left to create the segment file",
            faults: [.init(.createFile, occurrence: 1, failingWith: ENOSPC)],
            message: "cannot create segment \(temporary): No space left on device",
            injections: ["createFile #1 \(temporary): errno \(ENOSPC)"]),
        FailingCommit(
            name: "disk full at the first write of the segment",
            faults: [.init(.write, occurrence: 1, failingWith: ENOSPC)],
            message: "cannot write segment \(temporary): No space left on device",
            injections: ["write #1 \(temporary): errno \(ENOSPC)"]),
        FailingCommit(
            name: "disk full after a short write: the second write fails",
            faults: [.init(.write, occurrence: 1, outcome: .shortWrite(bytes: 100)),
                     .init(.write, occurrence: 2, failingWith: ENOSPC)],
            message: "cannot write segment \(temporary): No space left on device",
            injections: ["write #1 \(temporary): short write of 100 bytes", "write #2 \(temporary): errno \(ENOSPC)"]),
        FailingCommit(
            name: "I/O error at the third write, after two short ones",
            faults: [.init(.write, occurrence: 1, outcome: .shortWrite(bytes: 1)),
                     .init(.write, occurrence: 2, outcome: .shortWrite(bytes: 200)),
                     .init(.write, occurrence: 3, failingWith: EIO)],
            message: "cannot write segment \(temporary): Input/output error",
            injections: ["write #1 \(temporary): short write of 1 bytes", "write #2 \(temporary): short write of 200 bytes",
                         "write #3 \(temporary): errno \(EIO)"]),
        FailingCommit(
            name: "I/O error at the segment's fsync",
            faults: [.init(.syncFile, occurrence: 1, failingWith: EIO)],
            message: "cannot fsync segment \(temporary): Input/output error",
            injections: ["syncFile #1 \(temporary): errno \(EIO)"]),
        FailingCommit(
            name: "disk full reported at the segment's fsync",
            faults: [.init(.syncFile, occurrence: 1, failingWith: ENOSPC)],
            message: "cannot fsync segment \(temporary): No space left on device",
            injections: ["syncFile #1 \(temporary): errno \(ENOSPC)"]),
        FailingCommit(
            name: "I/O error at the segment's close",
            faults: [.init(.closeFile, occurrence: 1, failingWith: EIO)],
            message: "cannot close segment \(temporary): Input/output error",
            injections: ["closeFile #1 \(temporary): errno \(EIO)"]),
        FailingCommit(
            name: "I/O error renaming the segment into place: the temporary file stays for the next writer",
            faults: [.init(.rename, occurrence: 1, failingWith: EIO)],
            message: "cannot rename \(temporary) to INDEX/segments/seg-3.skn: Input/output error",
            injections: ["rename #1 INDEX/segments/seg-3.skn: errno \(EIO)"],
            leftovers: ["seg-3.skn.tmp"]),
        FailingCommit(
            name: "I/O error at the directory's fsync: the renamed segment stays for the next writer",
            faults: [.init(.syncDirectory, occurrence: 1, failingWith: EIO)],
            message: "cannot fsync directory INDEX/segments: Input/output error",
            injections: ["syncDirectory #1 INDEX/segments: errno \(EIO)"],
            leftovers: ["seg-3.skn"]),
    ]
}

@Suite("I/O faults in a commit")
struct IOFaultTests {
    @Test("the committed index the tests start from")
    func committedIndex() throws {
        try CommittedIndex.withCopy { directory in
            let before = try VisibleState(directory: directory)
            #expect(before.generation == 2)
            #expect(before.documents.count == 3)
            #expect(before.hits["旧版"] == ["memo:3-3"])
            #expect(before.hits["改訂版"] == [])
            #expect(before.hits["予備電源"] == [])
            #expect(before.hits["トランプ"]?.isEmpty == false)
            #expect(try segmentFiles(directory) == ["seg-1.skn", "seg-2.skn"])
            // The operations of the change, in order, none of them failing.
            let (summary, plan) = try FaultInjection.withFaults([], under: directory) { () throws(SakuinError) in
                try SearchIndex(directory: directory, mode: .openExisting).add(CommittedIndex.change)
            }
            #expect(summary.line == CommittedIndex.changeSummary)
            #expect(plan.injections == [])
            #expect(plan.counts == [.remove: 2, .createFile: 1, .write: 1, .syncFile: 1, .closeFile: 1, .rename: 1,
                                    .syncDirectory: 1, .overwriteFile: 1])
            try expectChangeCommitted(directory, generation: 3)
        }
    }

    @Test("a failed commit throws a message naming the file and the error; the index stays as it was; the next run commits",
          arguments: FailingCommit.all)
    func failedCommit(_ failure: FailingCommit) throws {
        try CommittedIndex.withCopy { directory in
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            let before = try VisibleState(index)
            let (message, injections) = messageAndInjections(failure.faults, under: directory) {
                () throws(SakuinError) in _ = try index.add(CommittedIndex.change)
            }
            #expect(message == failure.message)
            #expect(injections == failure.injections)
            // The index object that failed still reads the last commit.
            #expect(try VisibleState(index) == before)
            try expectIntactThenRecovery(directory, before: before, leftovers: failure.leftovers)
        }
    }

    @Test("short writes are resumed until the segment is whole")
    func shortWrites() throws {
        try CommittedIndex.withCopy { directory in
            let faults: [FaultInjection.Fault] = [
                .init(.write, occurrence: 1, outcome: .shortWrite(bytes: 1)),
                .init(.write, occurrence: 2, outcome: .shortWrite(bytes: 7)),
                .init(.write, occurrence: 3, outcome: .shortWrite(bytes: 500)),
            ]
            let (summary, plan) = try FaultInjection.withFaults(faults, under: directory) { () throws(SakuinError) in
                try SearchIndex(directory: directory, mode: .openExisting).add(CommittedIndex.change)
            }
            #expect(summary.line == CommittedIndex.changeSummary)
            #expect(plan.injections.count == 3)
            #expect(plan.counts[.write] == 4)
            try expectChangeCommitted(directory, generation: 3)
        }
    }

    @Test("a fault's position counts across commits: the second commit's fsync fails, the first stands")
    func positionAcrossCommits() throws {
        try CommittedIndex.withCopy { directory in
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            let (message, injections) = messageAndInjections([.init(.syncFile, occurrence: 2, failingWith: EIO)],
                                                             under: directory) { () throws(SakuinError) in
                _ = try index.add([CommittedIndex.revisedMemo])
                _ = try index.add([CommittedIndex.note])
            }
            #expect(message == "cannot fsync segment INDEX/segments/seg-4.skn.tmp: Input/output error")
            #expect(injections == ["syncFile #2 INDEX/segments/seg-4.skn.tmp: errno \(EIO)"])
            let state = try VisibleState(directory: directory)
            #expect(state.generation == 3)
            #expect(state.hits["改訂版"] == ["memo:3-3"])
            #expect(state.hits["予備電源"] == [])
            #expect(try segmentFiles(directory) == ["seg-1.skn", "seg-3.skn"])
            #expect(try index.check().problems.map(\.description) == [])

            #expect(try SearchIndex(directory: directory, mode: .openExisting).add([CommittedIndex.note]).line
                == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            try expectChangeCommitted(directory, generation: 4, segments: ["seg-1.skn", "seg-3.skn", "seg-4.skn"])
        }
    }

    @Test("the file of a segment the commit emptied cannot be removed: the commit stands, the next writer removes the file")
    func emptiedSegmentNotRemoved() throws {
        try CommittedIndex.withCopy { directory in
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            var summary: IndexingSummary?
            let (message, injections) = messageAndInjections([.init(.remove, occurrence: 2, failingWith: EIO)],
                                                             under: directory) { () throws(SakuinError) in
                summary = try index.add(CommittedIndex.change)
            }
            #expect(message == nil)
            #expect(injections == ["remove #2 INDEX/segments/seg-2.skn: errno \(EIO)"])
            #expect(summary?.line == CommittedIndex.changeSummary)
            #expect(try index.commitCount() == 3)
            #expect(try segmentFiles(directory) == ["seg-1.skn", "seg-2.skn", "seg-3.skn"])
            let report = try index.check()
            #expect(report.problems.map(\.description) == [])
            #expect(report.warnings.map(\.description) == [strayWarning("seg-2.skn")])

            // A writer that commits nothing still removes the leftover when it starts.
            #expect(try SearchIndex(directory: directory, mode: .openExisting).add([]).line
                == "0 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            try expectChangeCommitted(directory, generation: 3)
        }
    }

    @Test("a leftover the next writer cannot remove stops it before it writes anything")
    func leftoverNotRemovable() throws {
        try CommittedIndex.withCopy { directory in
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            let before = try VisibleState(index)
            let first = messageAndInjections([.init(.rename, occurrence: 1, failingWith: ENOSPC)], under: directory) {
                () throws(SakuinError) in _ = try index.add(CommittedIndex.change)
            }
            #expect(first.message
                == "cannot rename INDEX/segments/seg-3.skn.tmp to INDEX/segments/seg-3.skn: No space left on device")
            #expect(try segmentFiles(directory) == ["seg-1.skn", "seg-2.skn", "seg-3.skn.tmp"])

            let second = messageAndInjections([.init(.remove, occurrence: 1, failingWith: EIO)], under: directory) {
                () throws(SakuinError) in _ = try index.add(CommittedIndex.change)
            }
            #expect(second.message == "cannot remove INDEX/segments/seg-3.skn.tmp: Input/output error")
            #expect(second.injections == ["remove #1 INDEX/segments/seg-3.skn.tmp: errno \(EIO)"])
            try expectIntactThenRecovery(directory, before: before, leftovers: ["seg-3.skn.tmp"])
        }
    }

    @Test("disk full while indexing a folder: the message names the segment and the error")
    func diskFullWhileIndexingFolder() throws {
        try CommittedIndex.withCopy { directory in
            let papers = URL(fileURLWithPath: directory).deletingLastPathComponent().path + "/papers"
            try FileManager.default.createDirectory(atPath: papers, withIntermediateDirectories: true)
            try Data(CommittedIndex.note.text.utf8).write(to: URL(fileURLWithPath: papers + "/note.txt"))
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            let before = try VisibleState(index)
            let faults: [FaultInjection.Fault] = [.init(.write, occurrence: 1, outcome: .shortWrite(bytes: 512)),
                                                  .init(.write, occurrence: 2, failingWith: ENOSPC)]
            let (message, injections) = messageAndInjections(faults, under: directory) { () throws(SakuinError) in
                _ = try index.index(paths: [papers])
            }
            #expect(message == "cannot write segment INDEX/segments/seg-3.skn.tmp: No space left on device")
            #expect(injections.count == 2)
            #expect(try VisibleState(index) == before)
            #expect(try segmentFiles(directory) == ["seg-1.skn", "seg-2.skn"])
            #expect(try index.check().problems.map(\.description) == [])

            let summary = try SearchIndex(directory: directory, mode: .openExisting).index(paths: [papers])
            #expect(summary.line == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            let after = try VisibleState(directory: directory)
            #expect(after.generation == 3)
            #expect(after.hits["予備電源"] == ["note:3-3"])
            #expect(try segmentFiles(directory) == ["seg-1.skn", "seg-2.skn", "seg-3.skn"])
            let report = try index.check()
            #expect(report.problems.map(\.description) == [])
            #expect(report.warnings.map(\.description) == [])
        }
    }

    @Test("a new index whose folders cannot be created")
    func directoriesNotCreated() throws {
        try TestIndex.withTemporaryDirectory("sakuin-fault-new") { folder in
            let directory = folder + "/index"
            // The directory the faults apply to is the folder, so messages read `INDEX/index`.
            let faults: [FaultInjection.Fault] = [.init(.createDirectory, occurrence: 1, failingWith: EROFS)]
            let (message, injections) = messageAndInjections(faults, under: folder) {
                () throws(SakuinError) in _ = try SearchIndex(directory: directory)
            }
            #expect(message == "cannot create directory INDEX/index: Read-only file system")
            #expect(injections == ["createDirectory #1 INDEX/index: errno \(EROFS)"])
            #expect(!FileManager.default.fileExists(atPath: directory))

            // The catalog is created with the index; `segments/` by the first writer.
            let index = try SearchIndex(directory: directory)
            let writer = messageAndInjections([.init(.createDirectory, occurrence: 1, failingWith: ENOSPC)], under: folder) {
                () throws(SakuinError) in _ = try index.add([CommittedIndex.note])
            }
            #expect(writer.message == "cannot create directory INDEX/index/segments: No space left on device")
            #expect(writer.injections == ["createDirectory #1 INDEX/index/segments: errno \(ENOSPC)"])
            #expect(try index.commitCount() == 0)
            #expect(try index.documents().isEmpty)
            #expect(try index.check().problems.map(\.description) == [])

            #expect(try index.add([CommittedIndex.note]).line
                == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            #expect(try index.commitCount() == 1)
            #expect(try index.passageHits("予備電源").map(\.description) == ["note:3-3"])
            #expect(try segmentFiles(directory) == ["seg-1.skn"])
        }
    }

    @Test("the catalog runs out of space inside its transaction: the written segment is removed, nothing is committed")
    func catalogFull() throws {
        try CommittedIndex.withCopy { directory in
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            let before = try VisibleState(index)
            // SQLite's own limit on the file's pages: growing past it fails as a full disk does.
            let pageCount: Int64
            do {
                let statement = try index.catalog.database.prepare("PRAGMA page_count")
                _ = try statement.step()
                pageCount = statement.int64(at: 0)
            }
            try index.catalog.database.execute("PRAGMA max_page_count = \(pageCount)")
            let (message, injections) = messageAndInjections([], under: directory) {
                () throws(SakuinError) in _ = try index.add([CommittedIndex.revisedMemo, Self.longNote])
            }
            #expect(message == "catalog INDEX/catalog.sqlite: database or disk is full")
            #expect(injections == [])
            #expect(try VisibleState(index) == before)
            try expectIntactThenRecovery(directory, before: before, leftovers: [])
        }
    }

    @Test("the catalog refuses to be written and the written segment cannot be removed: it stays for the next writer")
    func catalogReadOnly() throws {
        try CommittedIndex.withCopy { directory in
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            let before = try VisibleState(index)
            // The connection refuses every change, as a catalog on read-only storage does.
            try index.catalog.database.execute("PRAGMA query_only = ON")
            // Remove #1 is the stale temporary file's; #2 the written segment's, after the failure.
            let (message, injections) = messageAndInjections([.init(.remove, occurrence: 2, failingWith: EIO)],
                                                             under: directory) {
                () throws(SakuinError) in _ = try index.add(CommittedIndex.change)
            }
            #expect(message == "catalog INDEX/catalog.sqlite: attempt to write a readonly database")
            #expect(injections == ["remove #2 INDEX/segments/seg-3.skn: errno \(EIO)"])
            #expect(try VisibleState(index) == before)
            try expectIntactThenRecovery(directory, before: before, leftovers: ["seg-3.skn"])
        }
    }

    @Test("a read-only index directory: the first file the writer creates is refused",
          .disabled(if: getuid() == 0, "root writes into read-only directories"))
    func readOnlyDirectory() throws {
        try CommittedIndex.withCopy { directory in
            let index = try SearchIndex(directory: directory, mode: .openExisting)
            let before = try VisibleState(index)
            let fileManager = FileManager.default
            let folders = [directory, directory + "/segments"]
            func setWritable(_ writable: Bool) throws {
                for path in folders {
                    try fileManager.setAttributes([.posixPermissions: writable ? 0o755 : 0o555], ofItemAtPath: path)
                }
            }
            defer { try? setWritable(true) }

            // The index was written before: its lock file exists, and the segment is refused.
            try setWritable(false)
            let message = TestIndex.errorMessage {
                () throws(SakuinError) in _ = try index.add(CommittedIndex.change)
            }
            #expect(message == "cannot create segment \(directory)/segments/seg-3.skn.tmp: Permission denied")
            #expect(try VisibleState(index) == before)
            #expect(try index.check().problems.map(\.description) == [])

            // Without a lock file, the lock is refused first.
            try setWritable(true)
            try fileManager.removeItem(atPath: directory + "/write.lock")
            try setWritable(false)
            let lockMessage = TestIndex.errorMessage {
                () throws(SakuinError) in _ = try index.add(CommittedIndex.change)
            }
            #expect(lockMessage == "cannot open lock file \(directory)/write.lock: Permission denied")

            try setWritable(true)
            try expectIntactThenRecovery(directory, before: before, leftovers: [])
        }
    }

    /// A note long enough that its passages need new pages of the catalog: its 1,500 passage
    /// rows take about 60 KB, more than the free room in the catalog's 16 KB pages.
    static let longNote = InMemoryDocument(
        name: "note",
        text: "# 追記\n\n予備電源は三日で尽きた。\n" + (1...1500).map {
            "\n第\($0)項の記録では、発電機の燃料と配電盤の点検を順に行い、その結果を日誌に残した。\n"
        }.joined())
}

