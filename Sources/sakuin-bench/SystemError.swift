#if canImport(Glibc)
import Glibc
#endif

/// The C library's reason for an `errno`, as `strerror` gives it.
enum SystemError {
    static func message(_ errorNumber: Int32) -> String {
        guard let text = strerror(errorNumber) else { return "error \(errorNumber)" }
        return String(cString: text)
    }
}
