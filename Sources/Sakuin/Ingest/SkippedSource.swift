/// A file or folder that indexing left out on purpose, and why.
///
/// Not an error: the run goes on and its exit status does not change. Compare
/// ``IndexingSummary/Problem``, a file that should have been indexed but could not be.
///
/// ```swift
/// let summary = try index.index(paths: ["papers"])
/// for entry in summary.skippedEntries {
///     print("\(entry.path) (\(entry.reason))")  // /home/me/papers/figure.png (not .txt or .md)
/// }
/// ```
public struct SkippedSource: Sendable, Hashable {
    /// The absolute, standardized path that was left out (bytes of its name that are not UTF-8
    /// escaped as `\xFF`).
    public var path: String
    /// Why, in a few words to print after the path: `not .txt or .md`, `not a regular file`,
    /// `metadata sidecar, read with its document`, `symbolic link loop`, `dangling symbolic
    /// link`, `same file as PATH`, `same folder as PATH`.
    public var reason: String
}
