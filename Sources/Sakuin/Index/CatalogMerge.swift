/// Committed segments replaced by one merged segment, as a commit records it.
struct CatalogMerge: Sendable {
    /// The segments merged, in the order the merged segment holds their documents.
    var inputs: [CatalogSegment]
    /// The merged segment's manifest entry (it has no deleted passage).
    var merged: CatalogSegment
    /// For each input, the merged ordinal of each of its documents by old ordinal
    /// (``SegmentMerger/dropped`` for one the merge left out: deleted by this commit).
    var documentMaps: [[UInt32]]
    /// The first passage of each merged document, by merged ordinal.
    var firstPassages: [UInt32]
}

extension Catalog {
    /// Inside the commit's transaction, after its deletions: lists the merged segment, moves the
    /// live documents of the inputs and their passages' rows to it, and drops the inputs.
    /// Returns the inputs' files, to remove once the transaction is durable.
    ///
    /// A passage row is keyed by its segment and local id, so each moves by the shift of its
    /// document: runs of documents with the same shift (all of an input without deletions) move
    /// with one statement.
    func replaceSegments(by merge: CatalogMerge) throws -> [String] {
        try Catalog.insert(merge.merged, with: try database.prepare(Catalog.insertSegmentSQL))
        let inputIndex = Dictionary(uniqueKeysWithValues: merge.inputs.enumerated().map { ($1.id, $0) })
        let documents = try self.documents(inSegments: merge.inputs.map(\.id))
        let moveDocument = try database.prepare(
            "UPDATE documents SET segment = ?, ordinal = ?, first_passage = ? WHERE id = ?")
        let movePassages = try database.prepare("""
            UPDATE passages SET segment = ?1, local_id = local_id + ?2
            WHERE segment = ?3 AND local_id >= ?4 AND local_id < ?5
            """)
        // A run of passages to move: its input segment, old range and shift.
        var run: (segment: Int64, start: Int64, end: Int64, shift: Int64)?
        func flush() throws {
            guard let pending = run else { return }
            try movePassages.run(.integer(merge.merged.id), .integer(pending.shift), .integer(pending.segment),
                                 .integer(pending.start), .integer(pending.end))
            run = nil
        }
        var moved = 0
        for document in documents {
            guard let input = inputIndex[document.segmentID] else { continue }
            let map = merge.documentMaps[input]
            let ordinal = Int(document.ordinal)
            guard ordinal < map.count, map[ordinal] != SegmentMerger.dropped else {
                throw IndexError.catalog("catalog \(path): document \(document.id) of segment \(document.segmentID) is live, but the merge into segment \(merge.merged.id) left it out")
            }
            let newOrdinal = map[ordinal]
            let newFirst = merge.firstPassages[Int(newOrdinal)]
            try moveDocument.run(.integer(merge.merged.id), .integer(Int64(newOrdinal)), .integer(Int64(newFirst)),
                                 .integer(document.id))
            moved += 1
            guard document.passageCount > 0 else { continue }
            let start = Int64(document.firstPassage)
            let end = start + Int64(document.passageCount)
            let shift = Int64(newFirst) - start
            if let pending = run, pending.segment == document.segmentID, pending.end == start, pending.shift == shift {
                run?.end = end
            } else {
                try flush()
                run = (document.segmentID, start, end, shift)
            }
        }
        try flush()
        guard moved == merge.merged.documentCount else {
            throw IndexError.catalog("catalog \(path): the merge into segment \(merge.merged.id) holds \(merge.merged.documentCount) documents, but \(moved) of its inputs are live")
        }
        let leftover = try database.prepare("SELECT COUNT(*) FROM passages WHERE segment = ?")
        let dropSegment = try database.prepare("DELETE FROM segments WHERE id = ?")
        for input in merge.inputs {
            try leftover.reset()
            try leftover.bind([.integer(input.id)])
            _ = try leftover.step()
            guard leftover.int(at: 0) == 0 else {
                throw IndexError.catalog("catalog \(path): segment \(input.id) keeps \(leftover.int(at: 0)) passages of no live document")
            }
            try dropSegment.run(.integer(input.id))
        }
        return merge.inputs.map(\.file)
    }
}
