#if canImport(Glibc)
import Glibc
#endif

/// Writing to standard error without Foundation.
enum FileHandleOutput {
    /// Writes `message` and a newline to standard error (file descriptor 2).
    static func standardError(_ message: String) {
        standardErrorRaw(message + "\n")
    }

    /// Writes `text` as it is to standard error.
    static func standardErrorRaw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
    }
}
