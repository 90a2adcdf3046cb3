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

    /// A file name or path as the file system stores it (bytes, not necessarily UTF-8) made
    /// into text to show: well-formed UTF-8 as it is, each byte of an ill-formed sequence as
    /// `\xFF`, so that nothing is dropped or silently repaired into U+FFFD.
    ///
    /// ```swift
    /// PathName.escaped([0x2F, 0xFF, 0x2E, 0x74]) == "/\\xFF.t"  // true: shown as /\xFF.t
    /// ```
    ///
    /// The result names the file for a person; it cannot be used to open it.
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            let validCount = SourceReader.firstInvalidUTF8Offset(in: Array(rest)) ?? rest.count
            text += String(decoding: rest.prefix(validCount), as: UTF8.self)
            rest = rest.dropFirst(validCount)
            if let byte = rest.popFirst() {
                let digits = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return text
    }

    /// The last component of a standardized path: the file or folder name.
    static func lastComponent(of path: String) -> Substring {
        guard let slash = path.lastIndex(of: "/") else { return path[...] }
        return path[path.index(after: slash)...]
    }
}
