import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A path the user passed, or a file found under one, that was left out of indexing, with why.
struct SkippedSource: Sendable, Hashable {
    /// The absolute, standardized path that was left out.
    var path: String
    /// Why, in a few words a CLI can print after the path: `not .txt or .md`,
    /// `symbolic link to a folder, not followed`, `not a regular file`.
    var reason: String
}

/// Expands the paths the user passed into the text files to index.
///
/// Only `.txt` and `.md` files are indexed (the extension in any case). Folders are walked
/// recursively; what is inside is filtered so that a folder of papers can be passed as is:
/// hidden entries (names starting with `.`) and metadata sidecars (`NAME.meta.json`, read with
/// the document `NAME.txt` or `NAME.md`) are passed over silently, files of other kinds are
/// reported as skipped, and symbolic links to folders are reported and not followed, so a link
/// back up the tree cannot make the walk loop. An entry whose name is not valid UTF-8 is reported
/// as skipped under its name with the bad bytes escaped (`\xFF.txt`): paths are text throughout
/// the index, and such a name has no text that opens the file. A path passed explicitly is taken
/// as given, even when hidden or a symbolic link.
enum SourceCollector {
    /// The extensions of files to index, lowercased.
    static let textExtensions: Set<String> = ["txt", "md"]

    /// Expands `paths` (files and folders, absolute or relative to the working directory) into
    /// the `.txt` and `.md` files to index.
    ///
    /// - Returns: the files, sorted by path (byte order of UTF-8) and without duplicates, and
    ///   the paths left out with their reasons, sorted the same way.
    /// - Throws: ``IngestError/missingPath(_:)`` for a path that does not exist;
    ///   ``IngestError/unreadable(path:reason:)`` for a path that cannot be examined or a
    ///   folder that cannot be listed.
    static func collect(_ paths: [String]) throws(IngestError) -> (files: [SourceFile], skipped: [SkippedSource]) {
        let workingDirectory = FileManager.default.currentDirectoryPath
        var files: [String: SourceFile] = [:]
        var skipped: [String: SkippedSource] = [:]
        for argument in paths {
            let path = PathName.standardized(argument, relativeTo: workingDirectory)
            // An explicit path is followed if it is a link: the user named it.
            let entry = try FileEntry(path: path, followingLinks: true)
            switch entry.kind {
            case .directory:
                try walk(directory: path, files: &files, skipped: &skipped)
            case .regularFile:
                take(entry, path: path, files: &files, skipped: &skipped)
            case .symbolicLink, .other:
                skipped[path] = SkippedSource(path: path, reason: Reason.notRegular)
            }
        }
        return (sortedByPath(files.values, path: \.path), sortedByPath(skipped.values, path: \.path))
    }

    /// Adds a regular file to `files` if it is `.txt` or `.md`, otherwise to `skipped`.
    private static func take(_ entry: FileEntry, path: String, files: inout [String: SourceFile],
                             skipped: inout [String: SkippedSource]) {
        if isTextFileName(path) {
            files[path] = entry.sourceFile(path: path)
        } else if MetadataSidecar.isSidecar(fileName: String(PathName.lastComponent(of: path))) {
            skipped[path] = SkippedSource(path: path, reason: Reason.sidecar)
        } else {
            skipped[path] = SkippedSource(path: path, reason: Reason.notText)
        }
    }

    /// The words a ``SkippedSource`` gives as its reason.
    private enum Reason {
        static let notText = "not .txt or .md"
        static let sidecar = "metadata sidecar, read with its document"
        static let linkToFolder = "symbolic link to a folder, not followed"
        static let notRegular = "not a regular file"
        static let nameNotUTF8 = "file name is not valid UTF-8"
    }

    /// Adds the files under `directory`, recursively, to `files`, and what it leaves out to
    /// `skipped`. Hidden entries are passed over without a word.
    private static func walk(directory: String, files: inout [String: SourceFile],
                             skipped: inout [String: SkippedSource]) throws(IngestError) {
        for nameBytes in try entryNames(of: directory) where nameBytes.first != UInt8(ascii: ".") {
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                let path = PathName.appending(PathName.escaped(nameBytes), to: directory)
                skipped[path] = SkippedSource(path: path, reason: Reason.nameNotUTF8)
                continue
            }
            // Metadata sidecars are read with their documents, not indexed: passed over silently.
            if MetadataSidecar.isSidecar(fileName: name) { continue }
            let path = PathName.appending(name, to: directory)
            let entry = try FileEntry(path: path, followingLinks: false)
            switch entry.kind {
            case .directory:
                try walk(directory: path, files: &files, skipped: &skipped)
            case .regularFile:
                take(entry, path: path, files: &files, skipped: &skipped)
            case .symbolicLink:
                // A link to a file is indexed under the link's own path; a link to a folder is
                // not followed (it could lead back up the tree); a dangling link is reported.
                guard let target = try? FileEntry(path: path, followingLinks: true) else {
                    skipped[path] = SkippedSource(path: path, reason: Reason.notRegular)
                    continue
                }
                switch target.kind {
                case .directory:
                    skipped[path] = SkippedSource(path: path, reason: Reason.linkToFolder)
                case .regularFile where isTextFileName(path):
                    files[path] = target.sourceFile(path: path)
                case .regularFile:
                    skipped[path] = SkippedSource(path: path, reason: Reason.notText)
                case .symbolicLink, .other:
                    skipped[path] = SkippedSource(path: path, reason: Reason.notRegular)
                }
            case .other:
                skipped[path] = SkippedSource(path: path, reason: Reason.notRegular)
            }
        }
    }

    /// The names of the entries of `directory` (without `.` and `..`), as the file system stores
    /// them. Read with `readdir` rather than `FileManager`, which repairs a name that is not
    /// UTF-8 into U+FFFD: that name then names no file, and looking it up would stop the walk.
    private static func entryNames(of directory: String) throws(IngestError) -> [[UInt8]] {
        guard let stream = opendir(directory) else { throw .systemError(errno, path: directory) }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw .systemError(errno, path: directory) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
    }

    /// Whether the last component of `path` ends in `.txt` or `.md`, in any case.
    static func isTextFileName(_ path: String) -> Bool {
        let name = PathName.lastComponent(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let pathExtension = name[name.index(after: dot)...].lowercased()
        return textExtensions.contains(pathExtension)
    }

    /// `values` sorted by the UTF-8 bytes of their path, so the order never depends on locale.
    private static func sortedByPath<Value>(_ values: some Sequence<Value>, path: KeyPath<Value, String>) -> [Value] {
        values.sorted { $0[keyPath: path].utf8.lexicographicallyPrecedes($1[keyPath: path].utf8) }
    }
}

/// What the file system says about one path: its kind, size and modification time.
private struct FileEntry {
    /// The kinds of entries the collector tells apart.
    enum Kind { case regularFile, directory, symbolicLink, other }

    /// The entry's kind; never `.symbolicLink` when links are followed.
    var kind: Kind
    /// The size in bytes.
    var size: Int64
    /// The modification time in whole seconds since 1970.
    var modificationTime: Int64

    /// Reads the entry at `path`, or at the end of its chain of links if `followingLinks`.
    init(path: String, followingLinks: Bool) throws(IngestError) {
        let manager = FileManager.default
        var attributes: [FileAttributeKey: Any]
        do {
            attributes = try manager.attributesOfItem(atPath: path)
            if followingLinks, attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                attributes = try manager.attributesOfItem(atPath: target)
            }
        } catch {
            throw Self.ingestError(for: error, path: path)
        }
        switch attributes[.type] as? FileAttributeType {
        case .typeRegular?: kind = .regularFile
        case .typeDirectory?: kind = .directory
        case .typeSymbolicLink?:
            // Still a link after resolving: a dangling link, or a loop of links.
            if followingLinks { throw IngestError.missingPath(path) }
            kind = .symbolicLink
        default: kind = .other
        }
        size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        modificationTime = Int64(modified.rounded(.down))
    }

    /// The entry as a file to index under `path`.
    func sourceFile(path: String) -> SourceFile {
        SourceFile(path: path, size: size, modificationTime: modificationTime)
    }

    /// Turns an error from `FileManager` about `path` into the ingest error to show.
    static func ingestError(for error: any Error, path: String) -> IngestError {
        if let posix = (error as? CocoaError)?.underlying as? POSIXError ?? error as? POSIXError {
            return .systemError(posix.code.rawValue, path: path)
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return .missingPath(path)
            case .fileReadNoPermission: return .unreadable(path: path, reason: "Permission denied")
            default: break
            }
        }
        return .unreadable(path: path, reason: "\(error)")
    }
}
