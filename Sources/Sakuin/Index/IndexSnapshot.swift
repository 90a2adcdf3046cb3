/// One segment as a search sees it: the mapped file, its tombstones and its catalog id.
struct LiveSegment: Sendable {
    var id: Int64
    var reader: SegmentReader
    var deletions: DeletionSet

    /// Whether passage `id` is live (not deleted).
    @inline(__always)
    func isLive(_ passage: UInt32) -> Bool { !deletions.contains(passage) }
}

/// The segments of one commit, opened, with the collection statistics BM25 needs.
struct IndexSnapshot: Sendable {
    /// The commit these segments belong to.
    var generation: Int64
    var segments: [LiveSegment]
    /// Live passages in all segments.
    var passageCount: Int
    /// Live documents in all segments.
    var documentCount: Int
    /// Mean normalized length of a live passage.
    var averagePassageLength: Double

    /// Opens every segment the catalog lists. Call inside `Catalog.snapshot` so the manifest and
    /// the tombstones come from one commit. A segment file that disappeared (a writer committed
    /// and removed it meanwhile) throws `IndexError.notFound`: the caller retries.
    static func load(catalog: Catalog, layout: IndexLayout) throws(IndexError) -> IndexSnapshot {
        let generation = try catalog.generation()
        var segments: [LiveSegment] = []
        var passages = 0
        var length: UInt64 = 0
        for entry in try catalog.segments() {
            let reader = try SegmentReader(path: layout.segmentPath(entry.file))
            guard reader.passageCount == entry.passageCount, reader.checksum == entry.checksum else {
                throw IndexError.corruptSegment(path: reader.path, detail: "it does not match the catalog's record of it")
            }
            let segment = LiveSegment(id: entry.id, reader: reader, deletions: entry.deletions)
            passages += reader.passageCount - entry.deletions.count
            length += reader.totalPassageLength
            if entry.deletions.count > 0 {
                for passage in 0..<UInt32(reader.passageCount) where !segment.isLive(passage) {
                    length -= UInt64(reader.passageLength(passage))
                }
            }
            segments.append(segment)
        }
        return IndexSnapshot(generation: generation, segments: segments, passageCount: passages,
                             documentCount: try catalog.documentCount(),
                             averagePassageLength: passages > 0 ? Double(length) / Double(passages) : 1)
    }
}
