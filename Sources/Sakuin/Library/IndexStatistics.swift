/// Figures about an index, as `sakuin stats` shows them.
public struct IndexStatistics: Sendable, Equatable {
    /// The index directory.
    public var directory: String
    /// Live documents.
    public var documents: Int
    /// Live passages.
    public var passages: Int
    /// Passages marked deleted but still held in segment files.
    public var deletedPassages: Int
    /// Segment files.
    public var segments: Int
    /// Dictionary entries summed over segments (a term in two segments counts twice).
    public var terms: Int
    /// Bytes of segment files.
    public var segmentBytes: Int64
    /// Bytes of the catalog (database and write-ahead log).
    public var catalogBytes: Int64
    /// Bytes of the indexed source texts.
    public var sourceBytes: Int64
    /// Commits so far.
    public var generation: Int64
    /// The analyzer the index was built with.
    public var analyzerFingerprint: String
}

/// A document of the index, as listed by ``SearchIndex/documents()``.
public struct DocumentInfo: Sendable, Equatable {
    /// The file's stem, or an in-memory document's name.
    public var name: String
    /// The absolute path, or an in-memory document's name.
    public var path: String
    /// The first heading or first line.
    public var title: String?
    /// Lowercase hex SHA-256 of the file's bytes.
    public var contentHash: String
    /// Size in bytes.
    public var size: Int64
    /// Passages.
    public var passageCount: Int
}

/// A passage of a document, as ``SearchIndex/passages(of:)`` returns it.
public struct PassageInfo: Sendable, Equatable {
    /// What kind of passage it is.
    public var kind: PassageKind
    /// First line in the file, from 1.
    public var lineStart: Int
    /// Last line in the file, inclusive.
    public var lineEnd: Int
    /// The heading the passage is under, if any.
    public var section: String?
    /// A footnote's number.
    public var footnoteNumber: Int?
    /// The passage's lines as stored (line breaks as `\n`).
    public var text: String
}
