/// A failure of a benchmark command, with a message the user can act on: which file, which line,
/// what is wrong. The command prints it after `sakuin-bench: ` and exits with status 2.
struct BenchFailure: Error, CustomStringConvertible {
    /// The whole message, as printed.
    var message: String

    var description: String { message }

    init(_ message: String) { self.message = message }

    /// A line of an input file that cannot be used: `corpus.jsonl:12: the "id" is missing`.
    static func badLine(_ path: String, line: Int, _ problem: String) -> BenchFailure {
        BenchFailure("\(path):\(line): \(problem)")
    }

    /// A file that cannot be opened, read or written, with the system's reason.
    static func file(_ path: String, _ action: String, errorNumber: Int32) -> BenchFailure {
        BenchFailure("cannot \(action) \(path): \(SystemError.message(errorNumber))")
    }
}
