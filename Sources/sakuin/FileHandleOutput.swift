#if canImport(Glibc)
import Glibc
#endif

/// Writing to standard error without Foundation.
enum FileHandleOutput {
    /// Writes `message` and a newline to standard error.
    static func standardError(_ message: String) {
        fputs(message + "\n", stderr)
    }
}
