#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the file system says about one path (`stat`, or `lstat` for the link itself): its kind,
/// its identity, its size and modification time.
///
/// Read with POSIX calls on the path's bytes (``PathName/cString(_:)``), so a name that is not
/// UTF-8 is looked up as it is on disk.
struct FileStatus: Sendable {
    /// The kinds of entries the collector tells apart.
    enum Kind: Sendable { case regularFile, directory, symbolicLink, other }

    /// What makes two paths the same file or folder: the device and the inode number. Two
    /// paths with one identity are links (symbolic or hard) to one thing.
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// A failed `stat` or `lstat`: the `errno` it set.
    struct Failure: Error, Sendable, Equatable {
        var errorNumber: Int32
    }

    /// The entry's kind; never `.symbolicLink` when links are followed.
    var kind: Kind
    var identity: Identity
    /// The size in bytes.
    var size: Int64
    /// The modification time in whole seconds since 1970.
    var modificationTime: Int64

    /// Reads the entry at `path` (escaped as ``PathName/escaped(_:)`` writes it), or at the end
    /// of its chain of links if `followingLinks`.
    ///
    /// - Throws: the call's `errno`: `ENOENT` for a missing path or a dangling link, `ELOOP` for
    ///   a loop of links, `EACCES` when a folder on the way may not be searched.
    init(path: String, followingLinks: Bool) throws(Failure) {
        var buffer = stat()
        let name = PathName.cString(path)
        let result = followingLinks ? stat(name, &buffer) : lstat(name, &buffer)
        guard result == 0 else { throw Failure(errorNumber: errno) }
        switch buffer.st_mode & S_IFMT {
        case S_IFREG: kind = .regularFile
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        identity = Identity(device: UInt64(truncatingIfNeeded: buffer.st_dev), inode: UInt64(truncatingIfNeeded: buffer.st_ino))
        size = Int64(buffer.st_size)
        modificationTime = Int64(buffer.st_mtim.tv_sec)
    }
}
