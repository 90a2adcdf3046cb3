/// Everything that can go wrong in the library, with a message for the user.
///
/// The command-line tool prints ``description`` and exits with status 2 for every case.
public enum SakuinError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The query's syntax is wrong; the error names the column.
    case query(QuerySyntaxError)
    /// A file or folder to index cannot be used (missing, unreadable, not UTF-8 text).
    case input(IngestError)
    /// The index cannot be opened, read or written: missing, locked by another writer, damaged,
    /// built by another version or analyzer, or an I/O failure. The message names the file.
    case index(String)
    /// The text analysis library (ICU) failed.
    case analysis(AnalysisError)
    /// A request that makes no sense, such as a limit below 1 or an unknown document; the
    /// message says which.
    case invalidRequest(String)

    /// The message for the user, as the command line prints it after `sakuin: `.
    public var description: String {
        switch self {
        case .query(let error): return "invalid query: \(error.message)"
        case .input(let error): return error.description
        case .index(let message): return message
        case .analysis(let error): return error.description
        case .invalidRequest(let message): return message
        }
    }

    init(_ error: IndexError) { self = .index(error.description) }
}
