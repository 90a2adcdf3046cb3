/// The result of checking an index on disk, as ``SearchIndex/check()`` returns it: every problem
/// found, each naming its file, and how much was verified.
///
/// ```swift
/// let report = try SearchIndex(directory: "index", mode: .openExisting).check()
/// for problem in report.problems { print(problem) }  // segments/seg-1.skn: checksum mismatch: …
/// print(report.isSound ? "ok: \(report.passages) passages" : "damaged: \(report.problems.count) problems")
/// ```
public struct IndexCheckReport: Sendable, Equatable {
    /// One thing wrong (or, among ``IndexCheckReport/warnings``, out of place) in a file of the index.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The file, relative to the index directory: `catalog.sqlite`, `segments/seg-1.skn`.
        public var file: String
        /// What is wrong, for example `checksum mismatch: the footer says 0x1A2B3C4D, the contents give 0x5E6F7081`.
        public var message: String

        /// `file: message`.
        public var description: String { "\(file): \(message)" }

        init(file: String, message: String) {
            self.file = file
            self.message = message
        }
    }

    /// The index directory, absolute.
    public var directory: String
    /// The commit that was checked (commits count from 1); every figure comes from this one commit.
    public var generation: Int64
    /// Damage found: files that are missing, corrupt or disagree with each other. Empty when the
    /// index is sound.
    public var problems: [Problem]
    /// Files in the index directory that are not part of the index, such as segments left by a
    /// writer that was interrupted. They do no harm, and the next writer removes those in `segments/`.
    public var warnings: [Problem]
    /// Documents of the catalog verified against their segments.
    public var documents: Int
    /// Passages of the catalog verified against their segments, text included.
    public var passages: Int
    /// Segment files verified: size, checksum, structure.
    public var segments: Int
    /// Terms of the segment dictionaries whose postings were decoded, summed over segments.
    public var terms: Int
    /// Postings (term occurrences in a passage or a title) decoded, summed over segments.
    public var postings: Int

    /// Whether no problem was found (warnings do not count).
    public var isSound: Bool { problems.isEmpty }

    init(directory: String, generation: Int64 = 0, problems: [Problem] = [], warnings: [Problem] = [],
         documents: Int = 0, passages: Int = 0, segments: Int = 0, terms: Int = 0, postings: Int = 0) {
        self.directory = directory
        self.generation = generation
        self.problems = problems
        self.warnings = warnings
        self.documents = documents
        self.passages = passages
        self.segments = segments
        self.terms = terms
        self.postings = postings
    }
}
