import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands the paths the user passed into the text files to index.
///
/// Only `.txt` and `.md` files are indexed (the extension in any case). Folders are walked
/// recursively, each folder's entries in byte order of their names; what is inside is filtered
/// so that a folder of papers can be passed as is: hidden entries (names starting with `.`) and
/// metadata sidecars (`NAME.meta.json`, read with the document `NAME.txt` or `NAME.md`) are passed
/// over silently, and files of other kinds are reported as skipped.
///
/// Symbolic links are followed, to files and to folders, inside the tree or out of it, and each
/// real file or folder (told by device and inode) is taken once:
/// - under its path without links, when it has one; otherwise under the first link to it the
///   walk meets (links are followed after every folder reached without one has been walked);
/// - any other path to it is skipped as `same file as PATH` or `same folder as PATH`, so hard
///   links and symbolic links never index one file twice;
/// - a link to a folder that holds the link (`.`, `..`, `/`, or any folder above it) is skipped
///   as `symbolic link loop`, as is a chain of links that never ends; a link to nothing is
///   skipped as `dangling symbolic link`. The walk always ends.
///
/// A name that is not valid UTF-8 is indexed under its escaped form (``PathName/escaped(_:)``),
/// and opened again by its bytes. A folder that cannot be listed (`permission denied`) or an
/// entry that cannot be examined is reported in ``CollectedSources/unreadable`` and the walk goes
/// on. A path passed explicitly is taken as given, even when hidden.
enum SourceCollector {
    /// The extensions of files to index, lowercased.
    static let textExtensions: Set<String> = ["txt", "md"]

    /// Expands `paths` (files and folders, absolute or relative to the working directory) into
    /// the `.txt` and `.md` files to index.
    ///
    /// - Returns: the files, what was left out, and what could not be read, each sorted by path
    ///   (byte order of UTF-8) and without duplicates.
    /// - Throws: ``IngestError/missingPath(_:)`` for a path that does not exist (or is a
    ///   dangling link); ``IngestError/unreadable(path:reason:)`` or
    ///   ``IngestError/permissionDenied(path:)`` for a path that cannot be examined.
    static func collect(_ paths: [String]) throws(IngestError) -> CollectedSources {
        let workingDirectory = FileManager.default.currentDirectoryPath
        var walk = SourceWalk()
        let roots = Set(paths.map { PathName.escaped(Array(PathName.standardized($0, relativeTo: workingDirectory).utf8)) })
        for root in roots.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let entry: FileStatus
            do { entry = try FileStatus(path: root, followingLinks: false) } catch {
                throw IngestError.systemError(error.errorNumber, path: root)
            }
            if entry.kind == .symbolicLink {
                // Followed, as the user named it, but after the folders reached without links.
                let target: FileStatus
                do { target = try FileStatus(path: root, followingLinks: true) } catch {
                    throw IngestError.systemError(error.errorNumber, path: root)
                }
                walk.pendingLinks.append((root, target, explicit: true))
            } else {
                walk.visit(root, entry)
            }
        }
        walk.followPendingLinks()
        return walk.result
    }

    /// Whether the last component of `path` ends in `.txt` or `.md`, in any case.
    static func isTextFileName(_ path: String) -> Bool {
        let name = PathName.lastComponent(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let pathExtension = name[name.index(after: dot)...].lowercased()
        return textExtensions.contains(pathExtension)
    }

    /// The words a ``SkippedSource`` gives as its reason.
    fileprivate enum Reason {
        static let notText = "not .txt or .md"
        static let sidecar = "metadata sidecar, read with its document"
        static let notRegular = "not a regular file"
        static let linkLoop = "symbolic link loop"
        static let danglingLink = "dangling symbolic link"
        static func sameFile(as path: String) -> String { "same file as \(path)" }
        static func sameFolder(as path: String) -> String { "same folder as \(path)" }
    }
}

/// The state of one collection: what was found so far and who owns each real file and folder.
private struct SourceWalk {
    var files: [String: SourceFile] = [:]
    var skipped: [String: SkippedSource] = [:]
    var unreadable: [String: IngestError] = [:]
    /// The path each real file was taken under: the first one, so later paths are repeats.
    var fileOwners: [FileStatus.Identity: String] = [:]
    /// The path each real folder was walked under.
    var folderOwners: [FileStatus.Identity: String] = [:]
    /// Symbolic links met so far, with what they lead to, in the order met; followed once every
    /// folder reached without a link has been walked, so that a real path owns its file before
    /// any link to it is looked at. Links met while following one are appended and followed too.
    var pendingLinks: [(path: String, target: FileStatus, explicit: Bool)] = []

    var result: CollectedSources {
        func sorted<Value>(_ values: some Sequence<Value>, by path: (Value) -> String) -> [Value] {
            values.sorted { path($0).utf8.lexicographicallyPrecedes(path($1).utf8) }
        }
        return CollectedSources(files: sorted(files.values, by: \.path), skipped: sorted(skipped.values, by: \.path),
                                unreadable: sorted(unreadable.values, by: \.path))
    }

    /// Takes the entry `status` at `path` (not a link): walks a folder, takes a file.
    mutating func visit(_ path: String, _ status: FileStatus) {
        switch status.kind {
        case .directory: walk(folder: path, status)
        case .regularFile: take(file: path, status)
        case .symbolicLink, .other: skip(path, SourceCollector.Reason.notRegular)
        }
    }

    private mutating func skip(_ path: String, _ reason: String) {
        skipped[path] = SkippedSource(path: path, reason: reason)
    }

    /// Adds a regular file to `files` if it is `.txt` or `.md` and its first path, otherwise to
    /// `skipped`. The same path met again (a root inside another root) is no repeat.
    private mutating func take(file path: String, _ status: FileStatus) {
        guard SourceCollector.isTextFileName(path) else {
            let isSidecar = MetadataSidecar.isSidecar(fileName: String(PathName.lastComponent(of: path)))
            skip(path, isSidecar ? SourceCollector.Reason.sidecar : SourceCollector.Reason.notText)
            return
        }
        if let owner = fileOwners[status.identity] {
            if owner != path { skip(path, SourceCollector.Reason.sameFile(as: owner)) }
            return
        }
        fileOwners[status.identity] = path
        files[path] = SourceFile(path: path, size: status.size, modificationTime: status.modificationTime)
    }

    /// Adds the entries of the folder at `path`, recursively, leaving links for later.
    private mutating func walk(folder path: String, _ status: FileStatus) {
        if let owner = folderOwners[status.identity] {
            if owner != path { skip(path, SourceCollector.Reason.sameFolder(as: owner)) }
            return
        }
        folderOwners[status.identity] = path
        let names: [[UInt8]]
        do { names = try Self.entryNames(of: path) } catch {
            unreadable[path] = error
            return
        }
        for nameBytes in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) where nameBytes.first != UInt8(ascii: ".") {
            let name = PathName.escaped(nameBytes)
            // Metadata sidecars are read with their documents, not indexed: passed over silently.
            if MetadataSidecar.isSidecar(fileName: name) { continue }
            let entryPath = PathName.appending(name, to: path)
            let entry: FileStatus
            do { entry = try FileStatus(path: entryPath, followingLinks: false) } catch {
                // An entry removed since the folder was listed has nothing left to index.
                if error.errorNumber != ENOENT { unreadable[entryPath] = .systemError(error.errorNumber, path: entryPath) }
                continue
            }
            guard entry.kind == .symbolicLink else {
                visit(entryPath, entry)
                continue
            }
            do {
                pendingLinks.append((entryPath, try FileStatus(path: entryPath, followingLinks: true), explicit: false))
            } catch {
                switch error.errorNumber {
                case ENOENT, ENOTDIR: skip(entryPath, SourceCollector.Reason.danglingLink)
                case ELOOP: skip(entryPath, SourceCollector.Reason.linkLoop)
                default: unreadable[entryPath] = .systemError(error.errorNumber, path: entryPath)
                }
            }
        }
    }

    /// Follows the links met so far, and those met while following them, in order.
    mutating func followPendingLinks() {
        var next = 0
        while next < pendingLinks.count {
            let (path, target, explicit) = pendingLinks[next]
            next += 1
            // A link the user named is followed even into a folder above it: the walk from there
            // meets the link again, and skips it then.
            if target.kind == .directory, !explicit, Self.folder(target.identity, holds: path) {
                skip(path, SourceCollector.Reason.linkLoop)
            } else {
                visit(path, target)
            }
        }
    }

    /// Whether the folder `identity` is the folder holding `path` or one above it, on disk:
    /// `..` is resolved by the kernel from where a link actually leads, so this climbs the real
    /// folders, not the path's text.
    private static func folder(_ identity: FileStatus.Identity, holds path: String) -> Bool {
        var folder = PathName.parent(of: path)
        var seen = Set<FileStatus.Identity>()
        while let status = try? FileStatus(path: folder, followingLinks: true), seen.insert(status.identity).inserted {
            if status.identity == identity { return true }
            // The root is its own parent: `seen` ends the climb there.
            folder += "/.."
        }
        return false
    }

    /// The names of the entries of `directory` (without `.` and `..`), as the file system stores
    /// them. Read with `readdir` rather than `FileManager`, which repairs a name that is not
    /// UTF-8 into U+FFFD: that name then names no file.
    private static func entryNames(of directory: String) throws(IngestError) -> [[UInt8]] {
        if let code = FaultInjection.failure(of: .openDirectory, at: directory) { throw .systemError(code, path: directory) }
        guard let stream = opendir(PathName.cString(directory)) else { throw .systemError(errno, path: directory) }
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
}
