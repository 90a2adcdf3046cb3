#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the commit protocol needs, with errors naming the path.
enum FileSystem {
    /// The text of `errno` value `code`.
    static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// Flushes a directory's entries (after a rename or unlink in it) to disk.
    static func syncDirectory(_ path: String) throws(IndexError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IndexError.io(path: path, operation: "open directory", errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw IndexError.io(path: path, operation: "fsync directory", errno: errno) }
    }

    /// Renames `source` to `destination` atomically (same file system).
    static func rename(_ source: String, to destination: String) throws(IndexError) {
        guard Glibc.rename(source, destination) == 0 else {
            throw IndexError.io(path: destination, operation: "rename \(source) to", errno: errno)
        }
    }

    /// Removes a file; a missing file is not an error.
    static func remove(_ path: String) throws(IndexError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw IndexError.io(path: path, operation: "remove", errno: errno)
        }
    }

    /// Creates a directory (and its parents) when missing.
    static func createDirectory(_ path: String) throws(IndexError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw IndexError.io(path: partial, operation: "create directory", errno: errno)
            }
        }
    }
}
