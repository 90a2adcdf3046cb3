/// What ``SourceCollector`` found under the paths it was given: the files to index, what it left
/// out on purpose, and what it could not look into.
struct CollectedSources: Sendable, Equatable {
    /// The `.txt` and `.md` files to index, each real file once, sorted by path (byte order of
    /// UTF-8).
    var files: [SourceFile]
    /// What was left out, with why, sorted the same way.
    var skipped: [SkippedSource]
    /// Folders that could not be listed and entries that could not be examined, sorted by path.
    /// Whatever was indexed from under them before is still there: the index keeps it rather
    /// than take it for deleted.
    var unreadable: [IngestError]
}
