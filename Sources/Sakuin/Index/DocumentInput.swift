/// A document the writer is to add: its text and what the catalog records about its source.
struct DocumentInput: Sendable {
    /// The absolute path of the file, or the name given to an in-memory document.
    var path: String
    /// The file's stem, or the in-memory document's name.
    var name: String
    var text: String
    /// Lowercase hex SHA-256 of the text's bytes.
    var contentHash: String
    var size: Int64
    /// Seconds since 1970.
    var modificationTime: Int64
    /// Metadata given with the document (a sidecar, or the caller's); nil to extract it from the text.
    var metadata: DocumentMetadata?
    /// Lowercase hex SHA-256 of the sidecar's bytes, or empty.
    var metadataHash: String
}
