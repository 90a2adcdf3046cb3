import Foundation

/// Everything one commit changes in the catalog, applied in one SQLite transaction.
struct CatalogCommit {
    /// A document to add, with its passages in local id order (their segment is the one it is
    /// listed under) and their texts, compressed (the passages' own `text` is not read).
    struct NewDocument: Sendable {
        var document: CatalogDocument
        var passages: [CatalogPassage]
        var storedText: StoredText
    }

    /// New segment files and their documents: flushed ones already written, synced and renamed
    /// into place; merged ones written while the catalog takes the rows (``WrittenSegments``).
    var segments: [(segment: CatalogSegment, documents: [NewDocument])] = []
    /// Documents to delete: their passages become tombstones in their segments.
    var deletedDocuments: [CatalogDocument] = []
    /// Paths to remember as roots for a later `index` with no paths.
    var roots: [String] = []

    var isEmpty: Bool { segments.isEmpty && deletedDocuments.isEmpty && roots.isEmpty }

    /// The segments a commit wrote while the catalog took its documents' rows
    /// (``BackgroundMerges``), once their files are durable.
    struct WrittenSegments {
        /// The manifest entries of ``CatalogCommit/segments``, in their order, with the merged
        /// files' sizes and checksums.
        var segments: [CatalogSegment]
        /// Committed segments the commit replaces by one merged segment, if it made one:
        /// applied after the deletions.
        var merge: CatalogMerge?
    }
}

extension Catalog {
    /// The next free document and segment ids (the writer lock guarantees nobody else takes them).
    func nextIDs() throws(IndexError) -> (document: Int64, segment: Int64) {
        try Catalog.catalogErrors {
            let statement = try database.prepare("""
                SELECT (SELECT IFNULL(MAX(id), 0) + 1 FROM documents), (SELECT IFNULL(MAX(id), 0) + 1 FROM segments)
                """)
            _ = try statement.step()
            return (statement.int64(at: 0), statement.int64(at: 1))
        }
    }

    /// Applies `commit` atomically. Returns the files of segments that no longer hold any live
    /// passage or were merged: they left the manifest and may be removed once the transaction is
    /// durable.
    ///
    /// The new documents' and passages' rows go in first. Then `segmentsWritten` is called,
    /// inside the transaction: if it returns segments, the new segments' manifest entries and
    /// the merge of committed segments are those. A commit's merges are written meanwhile, and
    /// the transaction lists their files only once they are durable. Its error rolls the
    /// transaction back.
    func apply(_ commit: CatalogCommit,
               segmentsWritten: () throws(IndexError) -> CatalogCommit.WrittenSegments? = { nil }) throws(IndexError) -> [String] {
        forgetStoredTexts()
        return try Catalog.catalogErrors {
            try database.transaction(.immediate) { () throws -> [String] in
                // Passages and documents name their segment before its manifest row is in.
                try database.execute("PRAGMA defer_foreign_keys = ON")
                var manifest = Dictionary(uniqueKeysWithValues: try segments().map { ($0.id, $0) })
                var touched = Set<Int64>()
                let deleteDocument = try database.prepare("DELETE FROM documents WHERE id = ?")
                let deleteSections = try database.prepare("DELETE FROM sections WHERE document = ?")
                // A document's passages are its range of local ids in its segment.
                let deletePassages = try database.prepare(
                    "DELETE FROM passages WHERE segment = ? AND local_id >= ? AND local_id < ?")
                for document in commit.deletedDocuments {
                    if var segment = manifest[document.segmentID] {
                        let first = document.firstPassage
                        segment.deletions.insert(first..<(first + UInt32(document.passageCount)))
                        manifest[document.segmentID] = segment
                        touched.insert(document.segmentID)
                    }
                    try deleteDocument.run(.integer(document.id))
                    try deleteSections.run(.integer(document.id))
                    let first = Int64(document.firstPassage)
                    try deletePassages.run(.integer(document.segmentID), .integer(first),
                                           .integer(first + Int64(document.passageCount)))
                }

                let insertSegment = try database.prepare(Catalog.insertSegmentSQL)
                let insertDocument = try database.prepare("""
                    INSERT INTO documents(id, path, name, content_hash, size, mtime, title, segment, ordinal,
                                          first_passage, passage_count, metadata, metadata_hash, text_length, text)
                    VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertPassage = try database.prepare("""
                    INSERT INTO passages(segment, local_id, document, kind, line_start, line_end, section, footnote,
                                         text_start, text_length, analysed_start, analysed_end, cells, page, note)
                    VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertSection = try database.prepare("INSERT INTO sections(document, number, title) VALUES(?, ?, ?)")
                // Passages of one section share its title: judge each title once (lowercasing
                // and filtering `Character`s is slow, and a commit can have millions of passages).
                var sectionIsBibliography: [String: Bool] = [:]
                func isNote(_ passage: CatalogPassage) -> Bool {
                    guard passage.kind == .paragraph, let section = passage.section else { return passage.kind == .footnote }
                    if let known = sectionIsBibliography[section] { return known }
                    let judged = Catalog.isNote(kind: passage.kind, section: section)
                    sectionIsBibliography[section] = judged
                    return judged
                }
                for (_, documents) in commit.segments {
                    for new in documents {
                        let document = new.document
                        let stored = new.storedText
                        guard stored.ranges.count == new.passages.count else {
                            throw IndexError.catalog(
                                "catalog \(path): document \(document.id) has \(new.passages.count) passages but \(stored.ranges.count) stored texts")
                        }
                        try insertDocument.run(
                            .integer(document.id), .text(document.path), .text(document.name),
                            .text(document.contentHash), .integer(document.size), .integer(document.modificationTime),
                            document.title.map(SQLiteValue.text) ?? .null, .integer(document.segmentID),
                            .integer(Int64(document.ordinal)), .integer(Int64(document.firstPassage)),
                            .integer(Int64(document.passageCount)), .text(document.metadata),
                            .text(document.metadataHash), .integer(Int64(stored.length)), .blob(stored.blob))
                        // A document's section titles are numbered from 1 in the order they first occur.
                        var sectionNumbers: [String: Int64] = [:]
                        for (passage, textRange) in zip(new.passages, stored.ranges) {
                            var sectionNumber: SQLiteValue = .null
                            if let section = passage.section {
                                if let known = sectionNumbers[section] {
                                    sectionNumber = .integer(known)
                                } else {
                                    let number = Int64(sectionNumbers.count + 1)
                                    sectionNumbers[section] = number
                                    try insertSection.run(.integer(document.id), .integer(number), .text(section))
                                    sectionNumber = .integer(number)
                                }
                            }
                            try insertPassage.run(
                                .integer(passage.segmentID), .integer(Int64(passage.localID)),
                                .integer(passage.documentID), .integer(Catalog.code(of: passage.kind)),
                                .integer(Int64(passage.lineStart)), .integer(Int64(passage.lineEnd)),
                                sectionNumber,
                                passage.footnoteNumber.map { SQLiteValue.integer(Int64($0)) } ?? .null,
                                .integer(Int64(textRange.lowerBound)), .integer(Int64(textRange.count)),
                                .integer(Int64(passage.analysedRange.lowerBound)),
                                .integer(Int64(passage.analysedRange.upperBound)),
                                .integer(passage.cellSeparatorsAreSpaces ? 1 : 0),
                                passage.page.map { SQLiteValue.integer(Int64($0)) } ?? .null,
                                .integer(isNote(passage) ? 1 : 0))
                        }
                    }
                }

                var merge: CatalogMerge?
                var segments = commit.segments.map(\.segment)
                if let written = try segmentsWritten() {
                    guard written.segments.count == segments.count else {
                        throw IndexError.catalog("catalog \(path): the commit wrote \(written.segments.count) segments, "
                            + "not the \(segments.count) its documents are in")
                    }
                    segments = written.segments
                    merge = written.merge
                }
                for segment in segments { try Catalog.insert(segment, with: insertSegment) }

                // Tombstones, and segments left with no live passage.
                var emptied: [String] = []
                let updateSegment = try database.prepare("UPDATE segments SET deleted = ?, deleted_count = ? WHERE id = ?")
                let dropSegment = try database.prepare("DELETE FROM segments WHERE id = ?")
                let dropPassages = try database.prepare("DELETE FROM passages WHERE segment = ?")
                for id in touched.sorted() {
                    guard let segment = manifest[id] else { continue }
                    if segment.deletions.count >= segment.passageCount {
                        let remaining = try database.prepare("SELECT COUNT(*) FROM documents WHERE segment = ?")
                        try remaining.bind([.integer(id)])
                        _ = try remaining.step()
                        if remaining.int(at: 0) == 0 {
                            try dropPassages.run(.integer(id))
                            try dropSegment.run(.integer(id))
                            emptied.append(segment.file)
                            continue
                        }
                    }
                    try updateSegment.run(.blob(segment.deletions.bytes), .integer(Int64(segment.deletions.count)),
                                          .integer(id))
                }

                if let merge {
                    for file in try replaceSegments(by: merge) where !emptied.contains(file) { emptied.append(file) }
                }

                let insertRoot = try database.prepare("INSERT OR IGNORE INTO roots(path) VALUES(?)")
                for root in commit.roots { try insertRoot.run(.text(root)) }
                try database.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
                return emptied
            }
        }
    }
}

extension Catalog {
    /// The statement that adds a segment to the manifest; see ``insert(_:with:)``.
    static let insertSegmentSQL = """
        INSERT INTO segments(id, file, size, checksum, passage_count, document_count, deleted, deleted_count)
        VALUES(?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Adds `segment` to the manifest with a statement prepared from ``insertSegmentSQL``.
    static func insert(_ segment: CatalogSegment, with statement: SQLiteStatement) throws(SQLiteError) {
        try statement.run(
            .integer(segment.id), .text(segment.file), .integer(segment.size),
            .integer(Int64(segment.checksum)), .integer(Int64(segment.passageCount)),
            .integer(Int64(segment.documentCount)), .blob(segment.deletions.bytes),
            .integer(Int64(segment.deletions.count)))
    }
}
