/// A file chosen for indexing, as the collector found it on disk.
///
/// `size` and `modificationTime` let an incremental index tell an unchanged file from a changed
/// one without reading it; the content hash (see ``LoadedSource``) settles the doubtful cases.
struct SourceFile: Sendable, Hashable {
    /// The file's absolute path, standardized (no `.` or `..` components, no repeated or trailing
    /// `/`) but with symbolic links left as they are, so it reads as the user wrote it; bytes of
    /// the name that are not UTF-8 are escaped as ``PathName/escaped(_:)`` says, and
    /// ``PathName/fileSystemBytes(of:)`` gives back the name to open.
    var path: String
    /// The file's size in bytes, when it was collected.
    var size: Int64
    /// The file's last modification, in whole seconds since 1970-01-01 00:00 UTC.
    var modificationTime: Int64
}
