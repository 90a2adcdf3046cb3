/// A document given as text rather than as a file.
///
/// ```swift
/// let note = InMemoryDocument(name: "note", text: "停戦交渉の記録")
/// ```
public struct InMemoryDocument: Sendable, Equatable {
    /// The document's name, shown as its `doc` and `path` in results; adding a document with a
    /// name already in the index replaces it when its text changed.
    public var name: String
    /// The document's text, split into passages like a file's.
    public var text: String
    /// The document's bibliographic metadata for citations; when nil, it is extracted from the
    /// text (first heading as title, author and date lines near the top).
    public var metadata: DocumentMetadata?

    /// A document called `name` with the text `text` and, optionally, its metadata.
    public init(name: String, text: String, metadata: DocumentMetadata? = nil) {
        self.name = name
        self.text = text
        self.metadata = metadata
    }
}
