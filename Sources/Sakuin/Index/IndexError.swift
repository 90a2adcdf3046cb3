/// An error of the index layer: segment files, the catalog, the writer lock.
///
/// Every case names the file it is about, and `description` is a sentence a command-line tool can
/// print as is, for example:
///
/// ```
/// cannot open segment /x/seg-1.skn: No such file or directory
/// segment /x/seg-1.skn is corrupt: checksum mismatch (stored 0x1A2B3C4D, computed 0x5E6F7081)
/// ```
enum IndexError: Error, Equatable, CustomStringConvertible {
    /// A system call failed. `operation` is a verb phrase placed before the path, such as
    /// `open segment` or `fsync`; `errno` is the system's error number.
    case io(path: String, operation: String, errno: Int32)
    /// A segment file is damaged: bad magic, unsupported version, checksum mismatch, truncation, a
    /// section or posting out of bounds, a malformed varint.
    case corruptSegment(path: String, detail: String)
    /// A file the index needs does not exist.
    case notFound(path: String)
    /// Another process holds the writer lock at `path`; `pid` is that process, when known.
    case locked(path: String, pid: Int32?)
    /// The index was built with a different analyzer configuration than the one running now.
    case fingerprintMismatch(stored: String, current: String)
    /// A file was written in a format version this build does not read.
    case formatVersion(path: String, found: Int, supported: Int)
    /// The catalog database failed; the message is SQLite's, as given.
    case catalog(String)

    var description: String {
        switch self {
        case .io(let path, let operation, let errno):
            "cannot \(operation) \(path): \(MappedFile.systemErrorMessage(errno))"
        case .corruptSegment(let path, let detail):
            "segment \(path) is corrupt: \(detail)"
        case .notFound(let path):
            "file not found: \(path)"
        case .locked(let path, let pid?):
            "index is locked by process \(pid) (\(path))"
        case .locked(let path, nil):
            "index is locked by another process (\(path))"
        case .fingerprintMismatch(let stored, let current):
            "the index was built with different analysis settings (stored \(stored), current \(current)); "
                + "rebuild it with `sakuin index --rebuild`"
        case .formatVersion(let path, let found, let supported):
            "\(path) has format version \(found), but this build of sakuin reads version \(supported); "
                + "rebuild the index with `sakuin index --rebuild`"
        case .catalog(let message):
            message
        }
    }
}
