/// What one run of indexing did.
public struct IndexingSummary: Sendable, Equatable {
    /// A file that could not be indexed, and why (its earlier indexed version, if any, is
    /// kept); a folder that could not be listed (the documents indexed from it before are
    /// kept); or a metadata sidecar that could not be read (its document is indexed with
    /// metadata taken from its text).
    public struct Problem: Sendable, Equatable {
        /// The file.
        public var path: String
        /// Why it was left out, e.g. `… is not valid UTF-8 (byte offset 5)` or
        /// `permission denied: …`.
        public var message: String
    }

    /// Documents indexed for the first time.
    public var added = 0
    /// Documents whose content changed, indexed again.
    public var updated = 0
    /// Documents whose content hash was unchanged, left as they were.
    public var unchanged = 0
    /// Documents that disappeared from the indexed folders, removed from the index.
    public var removed = 0
    /// Files and folders left out on purpose, each with why (files that are not `.txt` or
    /// `.md`, repeated paths to one file, symbolic link loops, dangling links), sorted by path.
    public var skippedEntries: [SkippedSource] = []
    /// How many entries were left out on purpose: the count of ``skippedEntries``.
    public var skipped: Int { skippedEntries.count }
    /// Files that could not be read as text, folders that could not be listed, and sidecars that
    /// could not be read.
    public var problems: [Problem] = []
    /// Passages written in this run.
    public var passages = 0
    /// Segment files written in this run.
    public var segments = 0

    /// One line for the user, e.g. `5 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 0 failed`.
    public var line: String {
        "\(added) added, \(updated) updated, \(unchanged) unchanged, \(removed) removed, "
            + "\(skipped) skipped, \(problems.count) failed"
    }
}

/// How far indexing has got, for progress displays.
public struct IndexingProgress: Sendable, Equatable {
    /// Files looked at so far.
    public var completed: Int
    /// Files to look at in all.
    public var total: Int
    /// The file being looked at.
    public var path: String
}
