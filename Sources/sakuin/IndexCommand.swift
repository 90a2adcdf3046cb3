import ArgumentParser
import Foundation
import Sakuin

/// `sakuin index [PATH…]`: builds or updates an index.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index .txt and .md files and folders (incrementally: only what changed).",
        discussion: """
            With no PATH, re-indexes the paths indexed before (or ./seeds for a new index). \
            Files whose content is unchanged are skipped; changed files are re-indexed; indexed \
            files that are gone from the given folders are removed. Symbolic links are followed; \
            each real file is indexed once. What is left out is listed on standard error with why. \
            Exit status: 0 done, 2 when a file or folder could not be read (the rest is still \
            indexed and committed) or on any error.
            """)

    @Argument(help: "Files and folders to index.")
    var paths: [String] = []

    @Flag(help: "Delete the index and build it again (after an analyzer or format change).")
    var rebuild = false

    @Flag(help: "Print JSON: the counts, each entry left out and each file that could not be indexed, with why.")
    var json = false

    @OptionGroup var location: IndexLocation

    func run() throws {
        let directory = location.directoryForWriting
        // Check the paths before anything is created, so a typo leaves no empty index behind.
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw SakuinError.input(.missingPath(path))
        }
        var paths = paths
        if rebuild {
            let previous = try SearchIndex.destroy(at: directory)
            if paths.isEmpty { paths = previous }
        }
        let index = try SearchIndex(directory: directory, mode: .createIfMissing)
        if paths.isEmpty, try index.documents().isEmpty, location.directory == nil {
            paths = [IndexLocation.defaultCorpus]
        }
        let started = Date()
        let summary = try index.index(paths: paths, progress: ProgressLine.makeIfTerminal())
        let seconds = Date().timeIntervalSince(started)
        for entry in summary.skippedEntries {
            FileHandleOutput.standardError("sakuin: skipped: " + TerminalText.escaped("\(entry.path) (\(entry.reason))"))
        }
        for problem in summary.problems {
            FileHandleOutput.standardError("sakuin: skipped: " + TerminalText.escaped(problem.message))
        }
        if json {
            print(try JSONOutput.encode(IndexingJSON(summary)))
        } else {
            let passages = summary.passages == 1 ? "1 passage" : "\(summary.passages) passages"
            print("\(summary.line); \(passages) in \(summary.segments) new segment(s); "
                  + String(format: "%.2f s", seconds))
        }
        if !summary.problems.isEmpty { throw ExitCode(2) }
    }
}

/// The `--json` document of `index`: the counts of the summary line, each entry left out on
/// purpose (`skipped`, with its `path` and `reason`), and each file or folder that could not be
/// read (`failed`, with its `path` and the `message` standard error shows).
struct IndexingJSON: Encodable {
    struct Skipped: Encodable {
        var path: String
        var reason: String
    }

    struct Failure: Encodable {
        var path: String
        var message: String
    }

    var added: Int
    var updated: Int
    var unchanged: Int
    var removed: Int
    var skipped: [Skipped]
    var failed: [Failure]
    var passages: Int
    var segments: Int

    init(_ summary: IndexingSummary) {
        added = summary.added
        updated = summary.updated
        unchanged = summary.unchanged
        removed = summary.removed
        skipped = summary.skippedEntries.map { Skipped(path: $0.path, reason: $0.reason) }
        failed = summary.problems.map { Failure(path: $0.path, message: $0.message) }
        passages = summary.passages
        segments = summary.segments
    }
}
