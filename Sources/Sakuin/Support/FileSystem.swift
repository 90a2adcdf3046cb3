#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the commit protocol needs, with errors naming the path.
///
/// Every operation that changes the disk goes through here, and asks `FaultInjection` first, so
/// that tests can make any one of them fail as a full or failing disk would.
enum FileSystem {
    /// The text of `errno` value `code`.
    static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// Writes `bytes` to a new file at `path` (created with `O_CREAT | O_EXCL`: fails if it
    /// exists), fsyncs it and closes it. On failure the partly written file is removed. `kind`
    /// names the file in errors, as in `cannot write segment PATH: No space left on device`.
    static func writeFile(_ bytes: [UInt8], to path: String, kind: String) throws(IndexError) {
        let file = try SequentialFile(creating: path, kind: kind)
        do throws(IndexError) {
            try file.append(bytes)
            try file.finish()
        } catch {
            // The error that stopped the write is the one to report; a file that cannot be
            // removed now is an orphan the next writer removes.
            file.discard()
            throw error
        }
    }

    /// Writes `bytes` over the start of the file at `path`, creating it if it is missing, in one
    /// `pwrite` and without truncating it first: a reader may have the file mapped, and a mapping
    /// of a truncated file faults. Not synced: for a file that may be lost or lag, as the commit
    /// stamp may. `kind` names the file in errors.
    static func overwrite(_ bytes: [UInt8], at path: String, kind: String) throws(IndexError) {
        if let code = FaultInjection.failure(of: .overwriteFile, at: path) {
            throw .io(path: path, operation: "write \(kind)", errno: code)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, operation: "open \(kind)", errno: errno) }
        defer { close(descriptor) }
        let written = pwrite(descriptor, bytes, bytes.count, 0)
        guard written == bytes.count else {
            throw .io(path: path, operation: "write \(kind)", errno: written < 0 ? errno : EIO)
        }
    }

    /// Flushes a directory's entries (after a rename or unlink in it) to disk.
    static func syncDirectory(_ path: String) throws(IndexError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IndexError.io(path: path, operation: "open directory", errno: errno) }
        defer { close(descriptor) }
        if let code = FaultInjection.failure(of: .syncDirectory, at: path) {
            throw IndexError.io(path: path, operation: "fsync directory", errno: code)
        }
        guard fsync(descriptor) == 0 else { throw IndexError.io(path: path, operation: "fsync directory", errno: errno) }
    }

    /// Renames `source` to `destination` atomically (same file system).
    static func rename(_ source: String, to destination: String) throws(IndexError) {
        if let code = FaultInjection.failure(of: .rename, at: destination) {
            throw IndexError.io(path: destination, operation: "rename \(source) to", errno: code)
        }
        guard Glibc.rename(source, destination) == 0 else {
            throw IndexError.io(path: destination, operation: "rename \(source) to", errno: errno)
        }
    }

    /// Removes a file; a missing file is not an error.
    static func remove(_ path: String) throws(IndexError) {
        if let code = FaultInjection.failure(of: .remove, at: path) {
            throw IndexError.io(path: path, operation: "remove", errno: code)
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw IndexError.io(path: path, operation: "remove", errno: errno)
        }
    }

    /// Creates a directory (and its parents) when missing.
    static func createDirectory(_ path: String) throws(IndexError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            // Only a directory that is missing can fail to be created: an existing one is
            // `EEXIST`, whatever state the disk is in.
            if FaultInjection.isArmed, access(partial, F_OK) != 0,
               let code = FaultInjection.failure(of: .createDirectory, at: partial) {
                throw IndexError.io(path: partial, operation: "create directory", errno: code)
            }
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw IndexError.io(path: partial, operation: "create directory", errno: errno)
            }
        }
    }
}
