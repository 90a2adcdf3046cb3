/// A file chosen for indexing, as the collector found it on disk.
///
/// `size` and `modificationTime` let an incremental index tell an unchanged file from a changed
/// one without reading it; the content hash (see ``LoadedSource``) settles the doubtful cases.
struct SourceFile: Sendable, Hashable {
    /// The file's absolute path, standardized (no `.` or `..` components, no repeated or trailing
    /// `/`) but with symbolic links left as they are, so it reads as the user wrote it.
    var path: String
    /// The file's size in bytes, when it was collected.
    var size: Int64
    /// The file's last modification, in whole seconds since 1970-01-01 00:00 UTC.
    var modificationTime: Int64
}

/// The path convention of ``SourceFile``: absolute and standardized by text alone.
///
/// Standardizing by text rather than through the file system (`realpath`) keeps symbolic links
/// as the user sees them, and works the same for paths that do not exist yet.
enum PathName {
    /// `path` made absolute against `workingDirectory`, with `.` components, `..` components
    /// (with the component before them), repeated `/` and a trailing `/` removed.
    ///
    /// `..` above the root stays at the root, as the kernel reads it.
    static func standardized(_ path: String, relativeTo workingDirectory: String) -> String {
        let full = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        var components: [Substring] = []
        for component in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// `name` as an entry of the folder `directory` (a standardized path).
    static func appending(_ name: String, to directory: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }

    /// The last component of a standardized path: the file or folder name.
    static func lastComponent(of path: String) -> Substring {
        guard let slash = path.lastIndex(of: "/") else { return path[...] }
        return path[path.index(after: slash)...]
    }
}
