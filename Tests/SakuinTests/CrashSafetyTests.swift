import Foundation
import Synchronization
import Testing
@testable import Sakuin
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash safety of the commit protocol, tried the hard way: `sakuin index` killed with SIGKILL at
/// random moments, and `sakuin search` processes reading while another process commits.
@Suite("crash safety: kill -9 during indexing, readers in other processes")
struct CrashSafetyTests {
    @Test("an index killed at 50 random moments always passes check and holds one whole commit, the last or the next")
    func killedWriters() async throws {
        let tally = try await onOwnThread { () throws -> KillTally in
            var loop = try KillLoop(seed: 0x5341_4B55_494E)
            defer { loop.removeFiles() }
            try loop.run(kills: 50)
            return loop.tally
        }
        print(tally.line)
        #expect(tally.failures == [])
        #expect(tally.kills == 50)
        // Kills landed while the writer analysed, and around its segment write and commit.
        #expect(tally.beforeSegmentFile > 0)
        #expect(tally.duringSegmentWrite + tally.beforeCatalogCommit > 0)
        // Killed writers left their process id in `write.lock`, and later writers went on.
        #expect(tally.staleLockFiles > 0)
    }

    @Test("searches in three processes while another process commits 20 times each see one whole version")
    func readersInOtherProcesses() async throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let docs = directory + "/docs"
        let index = directory + "/ix"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let versions = [
            ReaderVersion(tag: "ve0a", paragraphs: 3),
            ReaderVersion(tag: "ve0b", paragraphs: 5),
        ]
        try versions[0].text.write(toFile: docs + "/a.txt", atomically: true, encoding: .utf8)
        try "# 固定文書\n\n停戦の記録は残る。\n".write(toFile: docs + "/b.txt", atomically: true, encoding: .utf8)
        let first = try CommandRunner.run(["index", docs, "--index", index], in: directory)
        try #require(first.status == 0, "\(first)")

        // The writer and the readers each on a thread of their own, started together, so that
        // none waits for a thread of the shared pool while other tests keep it busy.
        let (writerFailures, logs) = try await onOwnThread { () -> ([String], [ReaderLog]) in
            let writerDone = DoneFlag()
            let writerFailures = Collected<String>()
            let logs = Collected<ReaderLog>()
            let threads = JoinedThreads()
            threads.start {
                defer { writerDone.set() }
                for run in 1...20 {
                    do {
                        try versions[run % 2].text.write(toFile: docs + "/a.txt", atomically: true, encoding: .utf8)
                        let result = try CommandRunner.run(["index", docs, "--index", index], in: directory)
                        if result.status != 0
                            || !result.standardOutput.hasPrefix("0 added, 1 updated, 1 unchanged, 0 removed") {
                            writerFailures.append("writer run \(run): \(result)")
                        }
                    } catch {
                        writerFailures.append("writer run \(run): \(error)")
                    }
                }
            }
            for _ in 1...3 {
                threads.start {
                    var log = ReaderLog()
                    // One more search after the writer is done, so that every reader sees the end.
                    var last = false
                    while !last {
                        last = writerDone.isSet
                        do {
                            log.record(try CommandRunner.run(
                                ["search", "停戦", "--json", "--passages", "--limit", "100", "--index", index],
                                in: directory), versions: versions, docs: docs)
                        } catch {
                            log.failures.append("search \(log.searches): \(error)")
                        }
                    }
                    logs.append(log)
                }
            }
            threads.join()
            return (writerFailures.values, logs.values)
        }
        #expect(writerFailures == [])
        #expect(logs.count == 3)
        for log in logs {
            #expect(log.failures == [], "\(log.failures.prefix(3))")
            #expect(log.searches >= 2)
            // The writer's last run wrote version 0 (20 is even), so every reader ends on it.
            #expect(log.lastVersion == "ve0a")
        }
        let seen = logs.reduce(into: [String: Int]()) { totals, log in totals.merge(log.versions, uniquingKeysWith: +) }
        let searches = logs.map(\.searches).reduce(0, +)
        print("readers in other processes: \(searches) searches, versions seen \(seen.sorted { $0.key < $1.key })")
        #expect(Set(seen.keys) == ["ve0a", "ve0b"])
    }

    @Test("a writer stopped holding the lock makes a second writer exit 2 naming it; killed, its lock file blocks no one")
    func lockHeldByAnotherWriter() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let index = directory + "/ix"
        let lockPath = index + "/write.lock"
        let seeds = CommandFixtures.seedsDirectory

        let writer = try CommandRunner.start(["index", seeds, "--index", index], in: directory)
        let holder = writer.processIdentifier
        // The writer records its process id once it holds the lock; it then analyses the seeds
        // for a second or more, long enough to be caught holding it.
        var held = false
        let deadline = Date().addingTimeInterval(60)
        while !held, Date() < deadline, !(try writer.hasExited()) {
            if (try? String(contentsOfFile: lockPath, encoding: .utf8)) == "\(holder)\n" {
                held = writer.kill(signal: SIGSTOP)
            } else {
                usleep(1_000)
            }
        }
        try #require(held, "the writer ended before it was seen holding the lock")

        let second = try CommandRunner.run(["index", seeds, "--index", index], in: directory)
        #expect(second.status == 2)
        #expect(second.standardOutput == "")
        #expect(second.standardError == "sakuin: index is locked by process \(holder) (\(lockPath))\n")

        writer.kill(signal: SIGKILL)
        let killed = try writer.wait()
        #expect(killed.signal == SIGKILL)
        // The dead writer's id is still in the file, but the kernel dropped its lock with it.
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(holder)\n")

        let check = try CommandRunner.run(["check", "--index", index], in: directory)
        #expect(check.status == 0, "\(check)")
        let next = try CommandRunner.run(["index", seeds, "--index", index], in: directory)
        #expect(next.status == 0, "\(next)")
        #expect(next.standardOutput.hasPrefix("5 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed;"))
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "")
        let search = try CommandRunner.run(["search", "停戦", "--index", index], in: directory)
        #expect(search.status == 0, "\(search)")
    }
}

// MARK: - The kill loop

/// What the kill loop saw, for the log line and the expectations.
private struct KillTally: Sendable {
    var runs = 0
    /// Runs that SIGKILL ended (the others finished before it was sent).
    var kills = 0
    /// Killed before the run left any segment file: starting, collecting, analysing.
    var beforeSegmentFile = 0
    /// Killed while a segment was being written (its `.tmp` file was left behind).
    var duringSegmentWrite = 0
    /// Killed with its segments written and renamed, before its catalog transaction.
    var beforeCatalogCommit = 0
    /// Killed after its catalog transaction: the index holds its commit.
    var afterCatalogCommit = 0
    /// Runs that finished before the kill, or that were left to finish.
    var finished = 0
    /// Kills after which `write.lock` still held the dead writer's process id.
    var staleLockFiles = 0
    var failures: [String] = []

    var line: String {
        "kill -9 tally: \(runs) runs, \(kills) killed (\(beforeSegmentFile) before any segment file, "
            + "\(duringSegmentWrite) while writing a segment, \(beforeCatalogCommit) after the segments before the "
            + "catalog commit, \(afterCatalogCommit) after the commit), \(finished) finished; "
            + "\(staleLockFiles) stale lock files; \(failures.count) failures"
    }
}

/// One version of one file of the corpus the kill loop edits.
///
/// Its marker (`mk0007x0003` for version 3 of file 7) is written in `markedPassages` of its
/// passages and in no other file or version, so searching the marker tells which version of the
/// file the index holds and whether all of it is searchable.
private struct FileVersion: Hashable, Sendable {
    enum Origin: Hashable, Sendable {
        /// Generated text: a heading and this many paragraphs, each holding the marker.
        case generated(paragraphs: Int)
        /// A seed paper (by its number among the small seeds) with a paragraph holding the marker.
        case seedCopy(seed: Int)
    }

    var file: Int
    var version: Int
    var origin: Origin

    var name: String { "f" + Self.digits(file) + ".txt" }
    var marker: String { "mk" + Self.digits(file) + "x" + Self.digits(version) }

    var markedPassages: Int {
        switch origin {
        case .generated(let paragraphs): paragraphs + 1
        case .seedCopy: 1
        }
    }

    /// `7` → `0007`.
    private static func digits(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}

/// Japanese text made from a fixed vocabulary, the same for the same generator state.
private enum SyntheticText {
    static let words = [
        "停戦", "交渉", "外交", "安全保障", "経済", "制裁", "同盟", "国境", "選挙", "議会", "政府", "首脳",
        "会談", "合意", "条約", "地域", "情勢", "軍事", "支援", "復興", "難民", "世論", "報道", "資源",
        "エネルギー", "パイプライン", "ドローン", "サミット", "ウクライナ", "ロシア", "ヨーロッパ", "国連",
    ]
    static let particles = ["は", "が", "を", "に", "と", "の", "で", "へ", "から", "について"]
    static let endings = ["である。", "が続いた。", "と考えられる。", "を求めた。", "が進んだ。", "は難航した。", "に合意した。"]

    /// A paper: a heading with the marker, then `paragraphs` paragraphs of one line each (so
    /// that each is one passage), with the marker after their first sentence.
    static func paper(marker: String, paragraphs: Int, generator: inout SplitMix64) -> String {
        var text = "# 合成文書 \(marker)\n"
        for _ in 0..<paragraphs {
            var sentences: [String] = []
            for _ in 0..<Int.random(in: 5...8, using: &generator) {
                var sentence = ""
                for _ in 0..<Int.random(in: 2...4, using: &generator) {
                    sentence += pick(words, &generator) + pick(particles, &generator)
                }
                sentences.append(sentence + pick(words, &generator) + pick(endings, &generator))
            }
            sentences[0] += " \(marker) "
            text += "\n" + sentences.joined() + "\n"
        }
        return text
    }

    private static func pick(_ list: [String], _ generator: inout SplitMix64) -> String {
        list[Int.random(in: 0..<list.count, using: &generator)]
    }
}

/// Edits a corpus, runs `sakuin index` on it and kills the run with SIGKILL at a random moment,
/// then checks what the index holds: `sakuin check` passes; the documents are exactly those of
/// the last successful commit or exactly those the killed run would have committed; every
/// passage of every document is searchable and no other version is; the lock is free.
private struct KillLoop {
    let directory: String
    let corpus: String
    let index: String
    private(set) var tally = KillTally()

    private var generator: SplitMix64
    /// The texts of the small seed papers.
    private let seeds: [String]
    /// How many passages a copy of each seed has (learned from the first commit).
    private var seedPassages: [Int: Int] = [:]
    /// The corpus folder now, by file number.
    private var folder: [Int: FileVersion] = [:]
    /// The corpus as of the last successful commit.
    private var committed: [Int: FileVersion] = [:]
    private var nextFile = 1
    /// How long a run takes, measured on the runs left to finish.
    private var runSeconds = 1.0
    private var texts: [FileVersion: (text: String, hash: String)] = [:]

    init(seed: UInt64) throws {
        directory = try CommandFixtures.makeTemporaryDirectory()
        corpus = directory + "/corpus"
        index = directory + "/ix"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        generator = SplitMix64(seed: seed)
        // The small seeds keep each check short; the large one would dominate every run.
        seeds = try CommandFixtures.seedFiles().compactMap { path in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return text.utf8.count < 20_000 ? text : nil
        }
    }

    func removeFiles() { CommandFixtures.remove(directory) }

    /// Commits a first corpus, then kills runs until `kills` of them were killed, then lets one
    /// run finish and checks that it removed what the killed runs left behind.
    mutating func run(kills: Int) throws {
        guard seeds.count >= 2 else {
            tally.failures.append("the seeds folder has \(seeds.count) papers under 20,000 bytes; the loop needs 2")
            return
        }
        for seed in seeds.indices { addSeedCopy(seed) }
        for _ in 0..<4 { addGeneratedFile() }
        try write([:])
        let first = try CommandRunner.run(["index", corpus, "--index", index], in: directory)
        guard first.status == 0 else {
            tally.failures.append("the first commit failed: \(first)")
            return
        }
        let opened = try SearchIndex(directory: index, mode: .openExisting)
        for document in try opened.documents() {
            guard let file = folder.values.first(where: { corpus + "/" + $0.name == document.path }),
                  case .seedCopy(let seed) = file.origin else { continue }
            if let known = seedPassages[seed], known != document.passageCount {
                tally.failures.append("two copies of seed \(seed) have \(known) and \(document.passageCount) passages")
            }
            seedPassages[seed] = document.passageCount
        }
        committed = folder
        try verify(after: "the first commit", expecting: [committed])

        var iteration = 0
        // A run may finish before its kill lands (more often the faster indexing is), so the
        // loop allows several runs per kill; it stops at `kills` kills.
        while tally.kills < kills && tally.failures.count < 5 && iteration < kills * 4 {
            iteration += 1
            try step(finishing: iteration % 6 == 0)
        }
        try step(finishing: true)
        try expectNoLeftovers()
    }

    /// Where a run is aimed at: the kill lands a random time after the start, or after the run's
    /// first file in `segments/` appears (a segment being written), or after its segment was
    /// renamed into place (directory sync, catalog transaction, exit). Aiming at these moments
    /// rather than at a fraction of a guessed duration keeps the short phases covered however
    /// loaded the machine is.
    private enum Aim {
        case finish
        case afterStart(seconds: Double)
        case whileWritingSegment(seconds: Double)
        case afterSegmentRenamed(seconds: Double)
    }

    private mutating func aim(finishing: Bool) -> Aim {
        if finishing { return .finish }
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: return .afterStart(seconds: Double.random(in: 0..<0.9, using: &generator) * runSeconds)
        case 1: return .whileWritingSegment(seconds: Double.random(in: 0..<0.005, using: &generator))
        // A writer exits 5 to 15 ms after its rename, in a debug build on a busy machine.
        default: return .afterSegmentRenamed(seconds: Double.random(in: 0..<0.015, using: &generator))
        }
    }

    /// One run: change the corpus, start `sakuin index`, kill it (unless `finishing`), check.
    private mutating func step(finishing: Bool) throws {
        let before = folder
        change()
        try write(before)
        let target = folder
        tally.runs += 1

        let aim = aim(finishing: finishing)
        let started = Date()
        let writer = try CommandRunner.start(["index", corpus, "--index", index], in: directory)
        switch aim {
        case .finish:
            break
        case .afterStart(let seconds):
            usleep(UInt32(seconds * 1_000_000))
        case .whileWritingSegment(let seconds):
            try waitForFile(endingWith: ".skn.tmp", since: started, writer: writer)
            usleep(UInt32(seconds * 1_000_000))
        case .afterSegmentRenamed(let seconds):
            try waitForFile(endingWith: ".skn", since: started, writer: writer)
            usleep(UInt32(seconds * 1_000_000))
        }
        if case .finish = aim {} else { writer.kill(signal: SIGKILL) }
        let result = try writer.wait()
        let seconds = Date().timeIntervalSince(started)
        let label = "run \(tally.runs)"

        guard result.signal == SIGKILL else {
            tally.finished += 1
            runSeconds = runSeconds * 0.5 + seconds * 0.5
            if result.status != 0 {
                tally.failures.append("\(label) failed on its own: \(result)")
                return
            }
            committed = target
            try verify(after: label, expecting: [target])
            return
        }
        tally.kills += 1
        let leftovers = try filesWritten(since: started)
        if (try? String(contentsOfFile: index + "/write.lock", encoding: .utf8)) == "\(writer.processIdentifier)\n" {
            tally.staleLockFiles += 1
        }
        guard let found = try verify(after: "\(label), killed after \(String(format: "%.3f", seconds)) s",
                                     expecting: [committed, target]) else { return }
        if found == 1 {
            tally.afterCatalogCommit += 1
            committed = target
        } else if leftovers.contains(where: { $0.hasSuffix(".tmp") }) {
            tally.duringSegmentWrite += 1
        } else if !leftovers.isEmpty {
            tally.beforeCatalogCommit += 1
        } else {
            tally.beforeSegmentFile += 1
        }
        try expectLockIsFree(after: label)
    }

    /// Waits until the writer has made a file in `segments/` whose name ends with `suffix`, or
    /// has ended.
    private func waitForFile(endingWith suffix: String, since start: Date, writer: RunningProcess) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !(try writer.hasExited()) {
            if try filesWritten(since: start).contains(where: { $0.hasSuffix(suffix) }) { return }
            usleep(500)
        }
    }

    // MARK: Changing the corpus

    /// Changes the corpus as a user would between two runs: one or two files edited, and one
    /// file added or deleted. The folder always differs from the last commit afterwards.
    private mutating func change() {
        for _ in 0..<Int.random(in: 1...2, using: &generator) {
            guard let number = folder.keys.sorted().randomElement(using: &generator), var file = folder[number] else { continue }
            file.version += 1
            if case .generated = file.origin { file.origin = .generated(paragraphs: Int.random(in: 4...10, using: &generator)) }
            folder[number] = file
        }
        switch Int.random(in: 0..<3, using: &generator) {
        case 0 where folder.count < 10:
            addGeneratedFile()
        case 1 where folder.count > 6:
            if let number = folder.keys.sorted().randomElement(using: &generator) { folder[number] = nil }
        default:
            if folder.count < 10 { addSeedCopy(Int.random(in: 0..<seeds.count, using: &generator)) }
        }
    }

    private mutating func addGeneratedFile() {
        folder[nextFile] = FileVersion(file: nextFile, version: 1,
                                       origin: .generated(paragraphs: Int.random(in: 4...10, using: &generator)))
        nextFile += 1
    }

    private mutating func addSeedCopy(_ seed: Int) {
        folder[nextFile] = FileVersion(file: nextFile, version: 1, origin: .seedCopy(seed: seed))
        nextFile += 1
    }

    /// Makes the folder on disk match `folder`, given that it matched `before`.
    private mutating func write(_ before: [Int: FileVersion]) throws {
        for (number, file) in before where folder[number] == nil {
            try FileManager.default.removeItem(atPath: corpus + "/" + file.name)
        }
        for (number, file) in folder where before[number] != file {
            try Data(content(of: file).text.utf8).write(to: URL(fileURLWithPath: corpus + "/" + file.name))
        }
    }

    private mutating func content(of file: FileVersion) -> (text: String, hash: String) {
        if let known = texts[file] { return known }
        let text: String
        switch file.origin {
        case .generated(let paragraphs):
            var generator = SplitMix64(seed: UInt64(file.file) << 32 | UInt64(file.version))
            text = SyntheticText.paper(marker: file.marker, paragraphs: paragraphs, generator: &generator)
        case .seedCopy(let seed):
            text = seeds[seed] + "\n\n写しの標識 \(file.marker) です。\n"
        }
        let made = (text, ContentHash.sha256Hex(Array(text.utf8)))
        texts[file] = made
        return made
    }

    // MARK: Checking the index

    /// Checks the index against each of `states` and returns the one it holds, or nil after
    /// recording a failure: `sakuin check` must pass, the documents and their content hashes
    /// must be exactly those of one state, and every passage of every document searchable.
    @discardableResult
    private mutating func verify(after label: String, expecting states: [[Int: FileVersion]]) throws -> Int? {
        let check = try CommandRunner.run(["check", "--index", index], in: directory)
        guard check.status == 0 else {
            tally.failures.append("\(label): sakuin check failed: \(check)")
            return nil
        }
        let opened: SearchIndex
        do { opened = try SearchIndex(directory: index, mode: .openExisting) } catch {
            tally.failures.append("\(label): the index does not open: \(error)")
            return nil
        }
        let documents = try opened.documents()
        let held = Dictionary(documents.map { ($0.path, $0.contentHash) }, uniquingKeysWith: { first, _ in first })
        let manifests = states.map { state in
            Dictionary(uniqueKeysWithValues: state.values.map { (corpus + "/" + $0.name, content(of: $0).hash) })
        }
        guard documents.count == held.count, let found = manifests.firstIndex(of: held) else {
            let expected = manifests.map { $0.keys.sorted().map { $0.split(separator: "/").last ?? "" } }
            tally.failures.append("\(label): the index holds \(held.count) documents matching none of the "
                                  + "\(states.count) expected states \(expected): "
                                  + documents.map { "\($0.name) \($0.contentHash.prefix(8))" }.joined(separator: ", "))
            return nil
        }
        let state = states[found]
        var problems: [String] = []
        for document in documents {
            guard let file = state.values.first(where: { corpus + "/" + $0.name == document.path }) else { continue }
            let passages: Int
            switch file.origin {
            case .generated: passages = file.markedPassages
            case .seedCopy(let seed): passages = seedPassages[seed] ?? document.passageCount
            }
            if document.passageCount != passages {
                problems.append("\(file.name) has \(document.passageCount) passages, not \(passages)")
            }
            let hits = try opened.search(file.marker, options: SearchOptions(limit: 1_000, groupsByDocument: false))
            let paths = Set(hits.hits.map(\.document.path))
            if hits.total != file.markedPassages || hits.hits.count != file.markedPassages || paths != [document.path] {
                problems.append("\(file.marker) finds \(hits.total) passages in \(paths.sorted()), not "
                                + "\(file.markedPassages) in \(file.name)")
            }
        }
        let shown = Set(state.values)
        for other in Set(states.flatMap(\.values)).subtracting(shown) {
            let hits = try opened.search(other.marker, options: SearchOptions(limit: 1_000, groupsByDocument: false))
            if hits.total != 0 { problems.append("\(other.marker), not committed, finds \(hits.total) passages") }
        }
        if !problems.isEmpty {
            tally.failures.append("\(label): " + problems.joined(separator: "; "))
            return nil
        }
        return found
    }

    /// Files in `segments/` written since `start`: those of the run started then (the files of
    /// earlier commits are older; the writer removes what earlier killed runs left, before it
    /// writes anything under the same names).
    private func filesWritten(since start: Date) throws -> [String] {
        let segments = index + "/segments"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: segments)) ?? []
        return names.filter { name in
            let modified = (try? FileManager.default.attributesOfItem(atPath: segments + "/" + name))?[.modificationDate]
            // File times come from a coarser clock than `Date()`; a few milliseconds of slack.
            return ((modified as? Date) ?? .distantPast) >= start.addingTimeInterval(-0.01)
        }
    }

    /// The lock is free after a kill: a new writer could take it at once.
    private mutating func expectLockIsFree(after label: String) throws {
        let path = index + "/write.lock"
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return }  // killed before it was made
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
        } else {
            tally.failures.append("\(label): write.lock is still locked after the writer was killed (errno \(errno))")
        }
    }

    /// After a finished run, `segments/` holds exactly the files the catalog lists: the writer
    /// removed what the killed runs left.
    private mutating func expectNoLeftovers() throws {
        let listed = Set(try SearchIndex(directory: index, mode: .openExisting).catalog.segments().map(\.file))
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: index + "/segments"))
        if present != listed {
            tally.failures.append("after the last run, segments/ holds \(present.sorted()), the catalog lists \(listed.sorted())")
        }
    }
}

// MARK: - Readers

/// One version of the document the writer of the reader test swaps: `paragraphs` paragraphs,
/// each with 停戦 and the version's tag.
private struct ReaderVersion: Sendable {
    var tag: String
    var paragraphs: Int

    var text: String {
        "# 交替文書\n" + (1...paragraphs).map { "\n停戦 \(tag) の第\($0)段落。\n" }.joined()
    }

    /// The passage texts a search for 停戦 shows of this version, in line order.
    var passageTexts: [String] { (1...paragraphs).map { "停戦 \(tag) の第\($0)段落。" } }
}

/// What one reader process loop saw.
private struct ReaderLog: Sendable {
    var searches = 0
    /// How many searches showed each version.
    var versions: [String: Int] = [:]
    var lastVersion: String?
    var failures: [String] = []

    private struct Output: Decodable {
        struct Hit: Decodable {
            var path: String
            var text: String
            var line_start: Int
        }
        var total: Int
        var hits: [Hit]
    }

    /// Checks one `search 停戦 --json --passages` run: it succeeded, shows the fixed document
    /// once and exactly one version of the swapped one, whole.
    mutating func record(_ result: CommandRunner.Result, versions known: [ReaderVersion], docs: String) {
        searches += 1
        guard result.status == 0, result.standardError == "",
              let output = try? JSONDecoder().decode(Output.self, from: Data(result.standardOutput.utf8)) else {
            failures.append("search \(searches): \(result)")
            return
        }
        let swapped = output.hits.filter { $0.path == docs + "/a.txt" }.sorted { $0.line_start < $1.line_start }.map(\.text)
        let fixed = output.hits.filter { $0.path == docs + "/b.txt" }.map(\.text)
        guard let version = known.first(where: { $0.passageTexts == swapped }), fixed == ["停戦の記録は残る。"],
              output.total == output.hits.count else {
            failures.append("search \(searches) saw a.txt as \(swapped), b.txt as \(fixed), total \(output.total)")
            return
        }
        versions[version.tag, default: 0] += 1
        lastVersion = version.tag
    }
}

/// Set once by one thread, read by others.
private final class DoneFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}

/// Values appended by several threads.
private final class Collected<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    var values: [Value] { storage.withLock { $0 } }

    func append(_ value: Value) { storage.withLock { $0.append(value) } }
}

/// Threads started one by one and waited for together.
private final class JoinedThreads: Sendable {
    private let group = DispatchGroup()

    func start(_ body: @escaping @Sendable () -> Void) {
        group.enter()
        let group = group
        Thread {
            body()
            group.leave()
        }.start()
    }

    func join() { group.wait() }
}

/// Runs `body` on a thread of its own and returns its result: the loops here block on child
/// processes for a long time, and must neither hold a thread of the shared pool meanwhile nor
/// wait for one to make progress.
private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
