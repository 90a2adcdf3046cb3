import ArgumentParser
import Foundation
import Sakuin

/// The `--index DIR` option shared by the commands that read or write an index.
struct IndexLocation: ParsableArguments {
    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory.", valueName: "DIR"))
    var directory: String?

    /// The default index directory and corpus, relative to the working directory.
    static let defaultDirectory = "index"
    static let defaultCorpus = "seeds"

    /// The index to read. With no `--index` and no index in `./index` (or only one that no
    /// commit ever wrote to, left by a failed first `sakuin index`), builds it from `./seeds`
    /// first, saying so on standard error.
    func openForReading() throws -> SearchIndex {
        if let directory {
            return try SearchIndex(directory: directory, mode: .openExisting)
        }
        if SearchIndex.exists(at: Self.defaultDirectory) {
            let index = try SearchIndex(directory: Self.defaultDirectory, mode: .openExisting)
            if try index.commitCount() > 0 { return index }
        }
        guard FileManager.default.fileExists(atPath: Self.defaultCorpus) else {
            throw SakuinError.index(
                "no index in ./\(Self.defaultDirectory) and no ./\(Self.defaultCorpus) to build one from; "
                    + "run `sakuin index PATH…` first")
        }
        FileHandleOutput.standardError(
            "sakuin: no index in ./\(Self.defaultDirectory); building it from ./\(Self.defaultCorpus) first")
        let index = try SearchIndex(directory: Self.defaultDirectory, mode: .createIfMissing)
        let summary = try index.index(paths: [Self.defaultCorpus], progress: ProgressLine.makeIfTerminal())
        FileHandleOutput.standardError("sakuin: indexed ./\(Self.defaultCorpus): \(summary.line)")
        return index
    }

    /// The directory to write.
    var directoryForWriting: String { directory ?? Self.defaultDirectory }
}

/// Paths as the user sees them in text output: relative to the working directory when inside
/// it, with control and bidi characters escaped (a file named `a\nb.txt` shows as `a\u{A}b.txt`,
/// keeping its hit on one line). JSON output carries the path as it is.
enum DisplayPath {
    static let workingDirectory: String = FileManager.default.currentDirectoryPath

    static func of(_ path: String) -> String {
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return TerminalText.escaped(path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path)
    }
}
