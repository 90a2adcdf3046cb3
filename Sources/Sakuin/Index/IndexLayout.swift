import Foundation

/// Where the files of an index live inside its directory.
///
/// ```
/// index/
///   catalog.sqlite      the catalog (SQLite, WAL)
///   write.lock          held by the one writer
///   commit.stamp        the catalog's commit count, for readers (``CommitStamp``)
///   segments/NAME.skn   immutable segment files
/// ```
struct IndexLayout: Sendable, Equatable {
    /// The index directory.
    var directory: String

    init(directory: String) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
    }

    var catalogPath: String { directory + "/catalog.sqlite" }
    var lockPath: String { directory + "/write.lock" }
    var stampPath: String { directory + "/" + IndexLayout.stampName }
    /// The commit stamp's file name (``CommitStamp``).
    static let stampName = "commit.stamp"
    var segmentsDirectory: String { directory + "/segments" }

    /// The path of the segment file `name` (a bare file name from the catalog).
    func segmentPath(_ name: String) -> String { segmentsDirectory + "/" + name }

    /// Whether the directory holds a catalog.
    var exists: Bool { FileManager.default.fileExists(atPath: catalogPath) }
}
