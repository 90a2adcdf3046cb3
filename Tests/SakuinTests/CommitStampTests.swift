import Foundation
import Glibc
import Testing
@testable import Sakuin

/// The commit stamp: what a commit writes, how a long-lived index object uses it to skip the
/// catalog between commits, and what happens when it lags the catalog or cannot be written.
@Suite("commit stamp")
struct CommitStampTests {
    static let memo = InMemoryDocument(name: "memo", text: "# 覚え書き\n\n停電の記録は旧版にある。\n")
    static let note = InMemoryDocument(name: "note", text: "# 追記\n\n予備電源は三日で尽きた。\n")

    /// Hits without text: the searches the stamp lets skip the catalog.
    static let withoutText: SearchOptions = {
        var options = SearchOptions()
        options.includesText = false
        return options
    }()

    static func stamp(_ directory: String) -> [UInt8]? {
        FileManager.default.contents(atPath: directory + "/commit.stamp").map { [UInt8]($0) }
    }

    /// The bytes of a stamp that says `generation`.
    static func stampSaying(_ generation: UInt8) -> [UInt8] { Array("SKNSTAMP".utf8) + [generation, 0, 0, 0, 0, 0, 0, 0] }

    /// The documents a search without text finds for `query`.
    static func found(_ query: String, by reader: SearchIndex) throws -> [String] {
        try reader.search(query, options: withoutText).hits.map(\.document.name)
    }

    /// Runs `body` with a fresh index of the memo (commit 1) and a reader of it that has searched
    /// once, so that it holds the snapshot and the memo's name.
    static func withMemoIndex(_ body: (_ directory: String, _ reader: SearchIndex) throws -> Void) throws {
        try TestIndex.withTemporaryDirectory { directory in
            try SearchIndex(directory: directory).add([memo])
            let reader = try SearchIndex(directory: directory)
            #expect(try found("停電", by: reader) == ["memo"])
            try body(directory, reader)
        }
    }

    @Test("every commit leaves the stamp saying the catalog's commit count, after its magic")
    func stampBytes() throws {
        try TestIndex.withTemporaryDirectory { directory in
            let index = try SearchIndex(directory: directory)
            #expect(Self.stamp(directory) == nil)
            try index.add([Self.memo])
            #expect(Self.stamp(directory) == Self.stampSaying(1))
            try index.add([Self.note])
            #expect(Self.stamp(directory) == Self.stampSaying(2))
            #expect(try index.check().warnings == [])
        }
    }

    @Test("searches without text between commits open no catalog transaction; another object's commit shows at once")
    func searchesSkipTheCatalog() throws {
        // The first search loads the snapshot and reads the hit's document name.
        try Self.withMemoIndex { directory, reader in
            let transactions = reader.catalog.snapshotCount
            for _ in 0..<3 { #expect(try Self.found("停電", by: reader) == ["memo"]) }
            #expect(try Self.found("予備電源", by: reader) == [])
            #expect(reader.catalog.snapshotCount == transactions)
            // Text is read from the catalog, in a transaction.
            #expect(try reader.search("停電").hits.first?.text == "停電の記録は旧版にある。")
            #expect(reader.catalog.snapshotCount == transactions + 1)

            try SearchIndex(directory: directory).add([Self.note])
            #expect(try Self.found("予備電源", by: reader) == ["note"])
            // The stamp moved: one transaction loads the new snapshot and reads the new name.
            #expect(reader.catalog.snapshotCount == transactions + 2)
            #expect(try Self.found("予備電源", by: reader) == ["note"])
            #expect(reader.catalog.snapshotCount == transactions + 2)
            // Names are cached per commit: the memo's is read again, in a transaction of its
            // own, without ranking again; then it is cached.
            #expect(try Self.found("停電", by: reader) == ["memo"])
            #expect(reader.catalog.snapshotCount == transactions + 3)
            #expect(try Self.found("停電", by: reader) == ["memo"])
            #expect(reader.catalog.snapshotCount == transactions + 3)
        }
    }

    @Test("a commit by `sakuin index` in another process shows at the next search of an index open here")
    func commitInAnotherProcess() throws {
        try TestIndex.withTemporaryDirectory { directory in
            let index = directory + "/index"
            try "# 覚え書き\n\n停電の記録は旧版にある。\n".write(toFile: directory + "/memo.txt", atomically: true, encoding: .utf8)
            #expect(try CommandRunner.run(["index", directory + "/memo.txt", "--index", index], in: directory).status == 0)
            let reader = try SearchIndex(directory: index, mode: .openExisting)
            // Only the stamp can tell it: the catalog is not asked again within the hour.
            reader.catalogCheckInterval = .seconds(3600)
            #expect(try Self.found("停電", by: reader) == ["memo"])
            #expect(try Self.found("予備電源", by: reader) == [])
            try "# 追記\n\n予備電源は三日で尽きた。\n".write(toFile: directory + "/note.txt", atomically: true, encoding: .utf8)
            #expect(try CommandRunner.run(["index", directory + "/note.txt", "--index", index], in: directory).status == 0)
            #expect(try Self.found("予備電源", by: reader) == ["note"])
            #expect(try reader.commitCount() == 2)
        }
    }

    @Test("a stamp that lags the catalog hides a commit until the reader's check interval passes; the next writer sets it right")
    func laggingStamp() throws {
        try Self.withMemoIndex { directory, reader in
            reader.catalogCheckInterval = .seconds(3600)
            // A writer killed between its commit and the stamp: the stamp still says commit 1.
            let lagging = try #require(Self.stamp(directory))
            try SearchIndex(directory: directory).add([Self.note])
            try Data(lagging).write(to: URL(fileURLWithPath: directory + "/commit.stamp"))
            #expect(try Self.found("予備電源", by: reader) == [])
            #expect(try reader.check().warnings.map(\.description) == [
                "commit.stamp: says 1 commits, but the catalog has had 2: left by a writer that stopped between its commit "
                    + "and the stamp, or written by one committing now; the next writer sets it right",
            ])
            // Once the interval has passed, the reader asks the catalog, and goes on asking it
            // while the stamp disagrees.
            reader.catalogCheckInterval = .zero
            #expect(try Self.found("予備電源", by: reader) == ["note"])
            reader.catalogCheckInterval = .seconds(3600)
            #expect(try Self.found("予備電源", by: reader) == ["note"])
            // A writer that commits nothing still sets the stamp right when it opens.
            _ = try SearchIndex(directory: directory).remove(documents: [])
            #expect(Self.stamp(directory) == Self.stampSaying(2))
            #expect(try reader.check().warnings == [])
        }
    }

    @Test("a stamp that cannot be written is removed and the commit stands; a file that is not a stamp is replaced")
    func unwritableStamp() throws {
        try Self.withMemoIndex { directory, reader in
            let ((), plan) = try FaultInjection.withFaults([.init(.overwriteFile, occurrence: 1, failingWith: EIO)],
                                                       under: directory) { () throws(SakuinError) in
                let summary = try SearchIndex(directory: directory).add([Self.note])
                #expect(summary.line == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            }
            #expect(plan.injections.map(\.description) == ["overwriteFile #1 \(directory)/commit.stamp: errno \(EIO)"])
            #expect(Self.stamp(directory) == nil)
            // The reader's mapping of the removed stamp still says commit 1 until it checks the catalog.
            reader.catalogCheckInterval = .zero
            #expect(try Self.found("予備電源", by: reader) == ["note"])
            #expect(try reader.check().warnings == [])

            try Data("not a stamp, and longer than one".utf8).write(to: URL(fileURLWithPath: directory + "/commit.stamp"))
            #expect(try reader.check().warnings.map(\.description) == [
                "commit.stamp: not a commit stamp of 16 bytes starting \"SKNSTAMP\"; the next writer replaces it",
            ])
            _ = try SearchIndex(directory: directory).remove(documents: [])
            #expect(Self.stamp(directory) == Self.stampSaying(2))
            // The reader maps the new stamp at its next catalog check, and then skips the catalog again.
            reader.catalogCheckInterval = .seconds(3600)
            #expect(try Self.found("停電", by: reader) == ["memo"])
            let transactions = reader.catalog.snapshotCount
            #expect(try Self.found("停電", by: reader) == ["memo"])
            #expect(reader.catalog.snapshotCount == transactions)
        }
    }
}
