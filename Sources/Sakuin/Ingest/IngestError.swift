#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from the ingest stage: a path the user gave, or a file found under it, that cannot be
/// indexed. Every case names the path, and ``description`` is a message a CLI can print as is.
///
/// ```swift
/// let error = IngestError.invalidUTF8(path: "/papers/a.txt", byteOffset: 1234)
/// print(error)  // /papers/a.txt is not valid UTF-8 (byte offset 1234)
/// ```
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing exists at the path (or it is a symbolic link to nothing).
    case missingPath(String)
    /// The file or folder exists but cannot be read; `reason` is the system's explanation,
    /// such as `Input/output error`.
    case unreadable(path: String, reason: String)
    /// The file or folder may not be read by this user (`EACCES`: its mode, or a folder above
    /// it that may not be searched).
    case permissionDenied(path: String)
    /// The file is not valid UTF-8; `byteOffset` counts from the first byte of the file
    /// (a byte order mark included) to the first byte of the first ill-formed sequence.
    case invalidUTF8(path: String, byteOffset: Int)
    /// The file is binary rather than text: it contains a NUL byte (or, decoded from UTF-16, a
    /// U+0000).
    case notText(path: String)
    /// The file is binary rather than text: more than 1% of it are control characters other
    /// than tab, line feed, vertical tab, form feed, carriage return, SUB and escape;
    /// `byteOffset` is where the first one starts.
    case controlCharacters(path: String, byteOffset: Int)
    /// The file declares its encoding with a byte order mark (UTF-16) but is not valid in it:
    /// `byteOffset`, counted from the first byte of the file, is where the first ill-formed unit
    /// starts (a surrogate without its partner, or an odd last byte).
    case invalidText(path: String, encoding: TextEncoding, byteOffset: Int)
    /// The file is not UTF-8 and looks like `encoding` (by ICU's charset detection, or by the
    /// escape sequences of ISO-2022-JP), but is not valid in it from `byteOffset` on: damaged,
    /// or in yet another encoding. Convert it to UTF-8 to index it.
    case suspectedEncoding(path: String, encoding: TextEncoding, byteOffset: Int)

    /// The path the error is about.
    public var path: String {
        switch self {
        case .missingPath(let path): return path
        case .unreadable(let path, _): return path
        case .permissionDenied(let path): return path
        case .invalidUTF8(let path, _): return path
        case .notText(let path): return path
        case .controlCharacters(let path, _): return path
        case .invalidText(let path, _, _): return path
        case .suspectedEncoding(let path, _, _): return path
        }
    }

    /// A one-line message naming the path and what is wrong with it.
    public var description: String {
        switch self {
        case .missingPath(let path):
            return "no such file or directory: \(path)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .permissionDenied(let path):
            return "permission denied: \(path)"
        case .invalidUTF8(let path, let byteOffset):
            return "\(path) is not valid UTF-8 (byte offset \(byteOffset))"
        case .notText(let path):
            return "\(path) is not a text file (it contains NUL bytes)"
        case .controlCharacters(let path, let byteOffset):
            return "\(path) is not a text file (it contains control characters, the first at byte offset \(byteOffset))"
        case .invalidText(let path, let encoding, let byteOffset):
            return "\(path) is not valid \(encoding.name) (byte offset \(byteOffset))"
        case .suspectedEncoding(let path, .iso2022JP, let byteOffset):
            return "\(path) has ISO-2022-JP escape sequences, but byte offset \(byteOffset) is not valid ISO-2022-JP"
        case .suspectedEncoding(let path, let encoding, let byteOffset):
            return "\(path) is not UTF-8 and looks like \(encoding.name), but byte offset \(byteOffset) is not valid \(encoding.name)"
        }
    }
}

extension IngestError {
    /// The error for a system call on `path` that failed with `errorNumber` (an `errno` value):
    /// `ENOENT` means the path is missing, `EACCES` that it may not be read, anything else that
    /// it cannot be read, with the system's own words for why.
    static func systemError(_ errorNumber: Int32, path: String) -> IngestError {
        switch errorNumber {
        case ENOENT: return .missingPath(path)
        case EACCES: return .permissionDenied(path: path)
        default: return .unreadable(path: path, reason: FileSystem.message(for: errorNumber))
        }
    }
}
