/// The names, paths and titles of documents a catalog has shown in hits, by catalog id, so that
/// a page of hits reads each passage's row alone rather than joining its document's row too.
///
/// Entries are valid for one catalog `generation`: ids of removed documents are given again,
/// so an entry is only reused within one commit. The cache is bounded: past ``capacity``
/// entries it starts again empty.
struct DocumentReferenceCache {
    /// How many documents the cache keeps at most.
    static let capacity = 8_192

    /// The generation the entries belong to; nil when empty.
    private(set) var generation: Int64?
    private var references: [Int64: DocumentReference] = [:]

    /// How many documents are cached.
    var count: Int { references.count }

    /// Drops every entry unless they belong to `generation`.
    mutating func validate(generation: Int64) {
        guard generation != self.generation else { return }
        removeAll()
        self.generation = generation
    }

    mutating func removeAll() {
        references = [:]
        generation = nil
    }

    /// The reference of `document`, if cached.
    func reference(document: Int64) -> DocumentReference? { references[document] }

    /// Keeps `reference` as that of `document`.
    mutating func insert(_ reference: DocumentReference, document: Int64) {
        if references.count >= Self.capacity { references = [:] }
        references[document] = reference
    }
}
