import Foundation

/// Checks an index on disk, reading only: the catalog, every segment file, and how they agree.
///
/// - The catalog: SQLite's full `PRAGMA integrity_check` (every page, every index entry against
///   its row, `NOT NULL`), the storage type of every column, the meta table (format version and
///   analyzer fingerprint, refused with the opener's own messages), the deletion bitmaps.
/// - Each segment the catalog lists: present, the size and checksum the catalog records, the
///   CRC-32 of every byte, the structure `SegmentReader` checks on opening, the dictionary
///   (keys well formed and strictly ascending), every postings list decoded end to end (ids and
///   positions within their passages), and the postings laid out back to back with nothing
///   unaccounted for.
/// - Cross-references, once a segment proved intact: every passage row against its segment
///   (exists, live, same document) and every live passage of the segment against a row; every
///   document row against the segment's document table and back; no document live twice. Each
///   document's stored text must decompress to exactly its recorded length (the zlib stream's
///   own checksum included), and each passage's byte range must lie in it and be UTF-8. Each
///   passage's text (and each document's title) is analysed again and must give exactly
///   the terms, positions and length the segment holds for it, which catches damage to the text
///   that snippets and citations show.
/// - Files in the index directory that belong to no part of the index: warnings, not problems.
///
/// The catalog is opened read-only in a connection of its own, the writer lock is not taken, and
/// everything is read inside one read transaction, as searches read: the check sees one commit
/// whole while a writer commits another. If a segment file of that commit is gone because a
/// writer committed and dropped it meanwhile, the check starts again on the newer commit.
struct IndexChecker {
    let layout: IndexLayout
    let analyzer: Analyzer

    /// How many times the check starts again when writers keep replacing the commit it reads.
    static let attempts = 5

    /// Checks the index. Throws only when the directory holds no index at all (or ICU cannot be
    /// loaded); every kind of damage is a problem in the report.
    func check() throws(SakuinError) -> IndexCheckReport {
        guard layout.exists else {
            throw SakuinError.index("no index at \(layout.directory); build one with `sakuin index PATH…`")
        }
        let textAnalyzer: TextAnalyzer
        do { textAnalyzer = try TextAnalyzer(analyzer) } catch { throw SakuinError.analysis(error) }
        var attempt = 1
        while true {
            let inspection = IndexInspection(layout: layout, analyzer: textAnalyzer)
            inspection.run()
            if inspection.missedSegmentFile, attempt < Self.attempts, inspection.catalogHasMovedOn() {
                attempt += 1
                continue
            }
            return inspection.report()
        }
    }
}

/// One pass of the check over one commit, collecting problems. Owned by one task.
private final class IndexInspection {
    static let catalogFile = "catalog.sqlite"
    /// At most this many problems are listed per file; one line then says how many more there are
    /// (a catalog that lost its passages table would otherwise list every passage of the index).
    static let problemsListedPerFile = 50

    let layout: IndexLayout
    let analyzer: TextAnalyzer

    /// Whether a segment file that the catalog lists was missing (then a writer may have
    /// committed and removed it since this check's read transaction began).
    private(set) var missedSegmentFile = false

    private var problems: [IndexCheckReport.Problem] = []
    private var warnings: [IndexCheckReport.Problem] = []
    private var listedProblems: [String: Int] = [:]
    private var unlistedProblems: [(file: String, count: Int)] = []
    private var generation: Int64 = 0
    private var verifiedDocuments = 0
    private var verifiedPassages = 0
    private var verifiedSegments = 0
    private var verifiedTerms = 0
    private var verifiedPostings = 0
    /// Whether the catalog's analyzer fingerprint is this build's: only then must analysing the
    /// stored text again give the stored terms.
    private var analysisMatches = true

    init(layout: IndexLayout, analyzer: TextAnalyzer) {
        self.layout = layout
        self.analyzer = analyzer
    }

    func report() -> IndexCheckReport {
        var problems = problems
        for (file, count) in unlistedProblems {
            problems.append(.init(file: file, message: "and \(count) more \(count == 1 ? "problem" : "problems") in this file"))
        }
        return IndexCheckReport(
            directory: layout.directory, generation: generation, problems: problems, warnings: warnings,
            documents: verifiedDocuments, passages: verifiedPassages, segments: verifiedSegments,
            terms: verifiedTerms, postings: verifiedPostings)
    }

    /// Whether the catalog's commit counter differs from the one this pass read.
    func catalogHasMovedOn() -> Bool {
        guard let database = try? SQLiteDatabase(path: layout.catalogPath, mode: .readOnly),
              let statement = try? database.prepare("SELECT value FROM meta WHERE key = 'generation'"),
              (try? statement.step()) == true else { return false }
        return Int64(statement.string(at: 0) ?? "") != generation
    }

    private func record(_ file: String, _ message: String) {
        let listed = listedProblems[file, default: 0]
        guard listed < Self.problemsListedPerFile else {
            if let index = unlistedProblems.firstIndex(where: { $0.file == file }) {
                unlistedProblems[index].count += 1
            } else {
                unlistedProblems.append((file, 1))
            }
            return
        }
        listedProblems[file] = listed + 1
        problems.append(.init(file: file, message: message))
    }

    private func warn(_ file: String, _ message: String) {
        warnings.append(.init(file: file, message: message))
    }

    // MARK: - Catalog

    func run() {
        let database: SQLiteDatabase
        do { database = try SQLiteDatabase(path: layout.catalogPath, mode: .readOnly) } catch {
            record(Self.catalogFile, "cannot be opened: \(error.message)")
            return
        }
        do {
            try database.transaction(.deferred) { try inspectCatalog(database) }
        } catch let error as SQLiteError {
            record(Self.catalogFile, "cannot be read: \(error.message)")
        } catch {
            record(Self.catalogFile, "cannot be read: \(error)")
        }
    }

    private func inspectCatalog(_ database: SQLiteDatabase) throws {
        let integrity = try database.prepare("PRAGMA integrity_check")
        var findings: [String] = []
        while try integrity.step() { findings.append(integrity.string(at: 0) ?? "") }
        if findings != ["ok"] {
            for finding in findings { record(Self.catalogFile, "SQLite integrity check: \(finding)") }
        }
        try inspectSchema(database)
        guard try inspectMeta(database) else { return }

        let segments = try segmentRows(database)
        let mapped = segments.compactMap(map)
        for row in segments { inspectDeletions(of: row) }
        let documents = try documentRows(database)
        verifiedDocuments = documents.count
        let documentsByID = Dictionary(documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var cross = CrossReferences()
        for segment in mapped {
            try inspect(segment, documents: documents, documentsByID: documentsByID, cross: &cross, database: database)
        }

        let listedSegments = Set(segments.map(\.id))
        for document in documents where !listedSegments.contains(document.segment) {
            record(Self.catalogFile, "document \(document.id) (\(document.path)) belongs to segment \(document.segment), which the catalog does not list")
        }
        let orphans = try database.prepare("""
            SELECT segment, local_id, document FROM passages
            WHERE segment NOT IN (SELECT id FROM segments) ORDER BY segment, local_id
            """)
        while try orphans.step() {
            record(Self.catalogFile, "passage \(orphans.int64(at: 1)) of segment \(orphans.int64(at: 0)) (document \(orphans.int64(at: 2))) belongs to a segment the catalog does not list")
        }
        let orphanSections = try database.prepare("""
            SELECT document, number FROM sections WHERE document NOT IN (SELECT id FROM documents) ORDER BY document, number
            """)
        while try orphanSections.step() {
            record(Self.catalogFile, "section \(orphanSections.int64(at: 1)) of document \(orphanSections.int64(at: 0)) belongs to a document the catalog does not hold")
        }
        for document in documents where cross.inspectedSegments.contains(document.segment) {
            let rows = cross.passageRowsByDocument[document.id, default: 0]
            if Int64(rows) != document.passageCount {
                record(Self.catalogFile, "document \(document.id) (\(document.path)) has \(rows) passage rows, but its passage_count is \(document.passageCount)")
            }
        }
        for (id, places) in cross.livePlaces.sorted(by: { $0.key < $1.key }) where places.count > 1 {
            record(Self.catalogFile, "document \(id) is live \(places.count) times: " + places.joined(separator: ", "))
        }
        for group in Dictionary(grouping: documents, by: \.path).values.sorted(by: { $0[0].path < $1[0].path })
        where group.count > 1 {
            let ids = group.map { String($0.id) }.sorted().joined(separator: ", ")
            record(Self.catalogFile, "documents \(ids) all have the path \(group[0].path)")
        }
        try inspectRoots(database)
        scanForStrayFiles(listed: Set(segments.map(\.file)))
        inspectCommitStamp()
    }

    /// The tables of format 4 and their columns (name, declared type, `NOT NULL`, place in the
    /// primary key), as `PRAGMA table_info` gives them.
    private static let tables: KeyValuePairs<String, String> = [
        "meta": "key TEXT NOT NULL PK1, value TEXT NOT NULL",
        "segments": "id INTEGER PK1, file TEXT NOT NULL, size INTEGER NOT NULL, checksum INTEGER NOT NULL, "
            + "passage_count INTEGER NOT NULL, document_count INTEGER NOT NULL, deleted BLOB NOT NULL, "
            + "deleted_count INTEGER NOT NULL",
        "documents": "id INTEGER PK1, path TEXT NOT NULL, name TEXT NOT NULL, content_hash TEXT NOT NULL, "
            + "size INTEGER NOT NULL, mtime INTEGER NOT NULL, title TEXT, metadata TEXT NOT NULL, "
            + "metadata_hash TEXT NOT NULL, segment INTEGER NOT NULL, "
            + "ordinal INTEGER NOT NULL, first_passage INTEGER NOT NULL, passage_count INTEGER NOT NULL, "
            + "text_length INTEGER NOT NULL, text BLOB NOT NULL",
        "passages": "segment INTEGER NOT NULL PK1, local_id INTEGER NOT NULL PK2, document INTEGER NOT NULL, "
            + "kind INTEGER NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, section INTEGER, "
            + "footnote INTEGER, page INTEGER, text_start INTEGER NOT NULL, text_length INTEGER NOT NULL, "
            + "analysed_start INTEGER NOT NULL, analysed_end INTEGER NOT NULL, "
            + "cells INTEGER NOT NULL, note INTEGER NOT NULL",
        "sections": "document INTEGER NOT NULL PK1, number INTEGER NOT NULL PK2, title TEXT NOT NULL",
        "roots": "path TEXT NOT NULL PK1",
    ]

    /// The indexes of format 4, by name, with their table and columns.
    private static let indexes = "documents_name ON documents(name), "
        + "passages_note ON passages(note), "
        + "sqlite_autoindex_documents_1 ON documents(path), sqlite_autoindex_segments_1 ON segments(file)"

    /// Checks that the tables and indexes are format 4's: a damaged schema can change a column's
    /// type (and so how SQLite converts its values) without any query failing.
    private func inspectSchema(_ database: SQLiteDatabase) throws {
        let columns = try database.prepare("""
            SELECT name, type, "notnull", pk FROM pragma_table_info(?)
            """)
        for (table, expected) in Self.tables {
            try columns.reset()
            try columns.bind([.text(table)])
            var found: [String] = []
            while try columns.step() {
                var column = (columns.string(at: 0) ?? "") + " " + (columns.string(at: 1) ?? "")
                if columns.int(at: 2) != 0 { column += " NOT NULL" }
                if columns.int(at: 3) > 0 { column += " PK\(columns.int(at: 3))" }
                found.append(column)
            }
            let expectedColumns = expected.components(separatedBy: ", ")
            if found != expectedColumns {
                let differing = zip(found, expectedColumns).first { $0 != $1 }
                record(Self.catalogFile, differing.map { "the table \(table) declares \(Self.quoted($0.0)), expected \(Self.quoted($0.1))" }
                    ?? "the table \(table) has \(found.count) columns, expected \(expectedColumns.count)")
            }
        }
        let indexes = try database.prepare("""
            SELECT index_list.name, index_list.tbl_name, group_concat(info.name, ', ')
            FROM (SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY name) AS index_list,
                 pragma_index_info(index_list.name) AS info
            GROUP BY index_list.name ORDER BY index_list.name
            """)
        var found: [String] = []
        while try indexes.step() {
            found.append("\(indexes.string(at: 0) ?? "") ON \(indexes.string(at: 1) ?? "")(\(indexes.string(at: 2) ?? ""))")
        }
        if found.joined(separator: ", ") != Self.indexes {
            record(Self.catalogFile, "the indexes are \(Self.quoted(found.joined(separator: ", "))), expected \(Self.quoted(Self.indexes))")
        }
    }

    /// Checks the meta table; false when the catalog is of another format version, which this
    /// build cannot read further.
    private func inspectMeta(_ database: SQLiteDatabase) throws -> Bool {
        let statement = try database.prepare("SELECT key, value FROM meta")
        var meta: [String: String] = [:]
        while try statement.step() { meta[statement.string(at: 0) ?? ""] = statement.string(at: 1) ?? "" }

        let version = meta["format_version"].flatMap { Int($0) } ?? 0
        guard version == Catalog.formatVersion else {
            record(Self.catalogFile, IndexError.formatVersion(path: layout.catalogPath, found: version,
                                                             supported: Catalog.formatVersion).description)
            return false
        }
        let stored = meta["analyzer"] ?? ""
        if stored != analyzer.analyzer.fingerprint {
            analysisMatches = false
            record(Self.catalogFile, IndexError.fingerprintMismatch(stored: stored, current: analyzer.analyzer.fingerprint).description)
        }
        if let text = meta["generation"], let value = Int64(text), value >= 0 {
            generation = value
        } else {
            record(Self.catalogFile, "the meta table's generation is \(meta["generation"].map { "\"\($0)\"" } ?? "missing"), expected a count of commits")
        }
        return true
    }

    private func inspectRoots(_ database: SQLiteDatabase) throws {
        let statement = try database.prepare("SELECT path, typeof(path) FROM roots ORDER BY path")
        while try statement.step() {
            let path = statement.withBlob(at: 0) { String(validating: $0, as: UTF8.self) }
            if statement.string(at: 1) != "text" || !(path?.hasPrefix("/") ?? false) {
                record(Self.catalogFile, "the roots table holds \(Self.quoted(statement.string(at: 0))), which is not an absolute path")
            }
        }
    }

    // MARK: - Catalog rows

    private struct SegmentRow {
        var id: Int64
        var file: String
        var size: Int64
        var checksum: Int64
        var passageCount: Int
        var documentCount: Int
        var deleted: [UInt8]
        var deletedCount: Int
    }

    private struct DocumentRow {
        var id: Int64
        var path: String
        var name: String
        var title: String?
        var segment: Int64
        var ordinal: Int64
        var firstPassage: Int64
        var passageCount: Int64
        /// Whether the stored text decompresses to its recorded length.
        var textIsIntact: Bool
    }

    /// The columns of a query with the storage types each may hold, so that a damaged record
    /// (a serial type turned into another) is caught even where SQLite would convert the value.
    private struct Columns {
        var names: [String]
        var types: [[String]]

        init(_ columns: KeyValuePairs<String, String>) {
            names = columns.map(\.key)
            types = columns.map { $0.value.split(separator: "|").map(String.init) }
        }

        /// The columns, then `typeof()` of each.
        var selection: String { (names + names.map { "typeof(\($0))" }).joined(separator: ", ") }

        /// The first column of the current row whose type is not allowed, described.
        func typeMismatch(in statement: SQLiteStatement) -> String? {
            for (index, name) in names.enumerated() {
                let type = statement.string(at: Int32(names.count + index)) ?? ""
                if !types[index].contains(type) {
                    return "its \(name) is \(type == "null" ? "NULL" : "of type \(type)"), expected \(types[index].joined(separator: " or "))"
                }
            }
            return nil
        }
    }

    private static let segmentColumns = Columns([
        "id": "integer", "file": "text", "size": "integer", "checksum": "integer", "passage_count": "integer",
        "document_count": "integer", "deleted": "blob", "deleted_count": "integer",
    ])

    private func segmentRows(_ database: SQLiteDatabase) throws -> [SegmentRow] {
        let columns = Self.segmentColumns
        let statement = try database.prepare("SELECT \(columns.selection) FROM segments ORDER BY id")
        var rows: [SegmentRow] = []
        while try statement.step() {
            let row = SegmentRow(
                id: statement.int64(at: 0), file: statement.string(at: 1) ?? "", size: statement.int64(at: 2),
                checksum: statement.int64(at: 3), passageCount: statement.int(at: 4), documentCount: statement.int(at: 5),
                deleted: statement.blob(at: 6), deletedCount: statement.int(at: 7))
            if let mismatch = columns.typeMismatch(in: statement) {
                record(Self.catalogFile, "segment \(row.id): \(mismatch)")
            }
            rows.append(row)
        }
        return rows
    }

    private static let documentColumns = Columns([
        "id": "integer", "path": "text", "name": "text", "content_hash": "text", "size": "integer", "mtime": "integer",
        "title": "text|null", "segment": "integer", "ordinal": "integer", "first_passage": "integer",
        "passage_count": "integer", "metadata": "text", "metadata_hash": "text", "text_length": "integer",
        "text": "blob",
    ])

    /// Every document row, checked on its own: types, name, content hash, stored text.
    private func documentRows(_ database: SQLiteDatabase) throws -> [DocumentRow] {
        let columns = Self.documentColumns
        let statement = try database.prepare("SELECT \(columns.selection) FROM documents ORDER BY id")
        var rows: [DocumentRow] = []
        while try statement.step() {
            var row = DocumentRow(
                id: statement.int64(at: 0), path: statement.string(at: 1) ?? "", name: statement.string(at: 2) ?? "",
                title: statement.string(at: 6), segment: statement.int64(at: 7), ordinal: statement.int64(at: 8),
                firstPassage: statement.int64(at: 9), passageCount: statement.int64(at: 10), textIsIntact: true)
            let label = "document \(row.id) (\(row.path))"
            if let mismatch = columns.typeMismatch(in: statement) { record(Self.catalogFile, "\(label): \(mismatch)") }
            for column: Int32 in [1, 2, 3, 6] where !statement.isNull(at: column) {
                if statement.withBlob(at: column, { String(validating: $0, as: UTF8.self) }) == nil {
                    record(Self.catalogFile, "\(label): its \(columns.names[Int(column)]) is not valid UTF-8")
                }
            }
            // A file's name is its stem; an in-memory document's name is its path.
            let expectedName = row.path.hasPrefix("/") ? IndexWriter.stem(of: row.path) : row.path
            if row.name != expectedName {
                record(Self.catalogFile, "\(label): its name is \"\(row.name)\", expected \"\(expectedName)\"")
            }
            let hash = statement.string(at: 3) ?? ""
            if !Self.isHexDigest(hash) {
                record(Self.catalogFile, "\(label): its content hash \"\(hash)\" is not 64 lowercase hex digits")
            }
            let metadataHash = statement.string(at: 12) ?? ""
            if !metadataHash.isEmpty && !Self.isHexDigest(metadataHash) {
                record(Self.catalogFile,
                       "\(label): its metadata hash \"\(metadataHash)\" is neither empty nor 64 lowercase hex digits")
            }
            let metadata = Data((statement.string(at: 11) ?? "").utf8)
            if (try? JSONDecoder().decode(DocumentMetadata.self, from: metadata)) == nil {
                record(Self.catalogFile, "\(label): its metadata is not a valid metadata JSON object")
            }
            if let damage = Self.storedText(statement, lengthColumn: 13, blobColumn: 14).damage {
                record(Self.catalogFile, "\(label): \(damage)")
                row.textIsIntact = false
            }
            rows.append(row)
        }
        return rows
    }

    /// The stored text of the current row, decompressed, or why it cannot be.
    private static func storedText(_ statement: SQLiteStatement, lengthColumn: Int32, blobColumn: Int32)
        -> (text: [UInt8]?, damage: TextCompression.DamageError?) {
        let length = statement.int(at: lengthColumn)
        do {
            let text = try statement.withBlob(at: blobColumn) { blob throws(TextCompression.DamageError) in
                try TextCompression.decompress(blob, expectedLength: length)
            }
            return (text, nil)
        } catch let damage as TextCompression.DamageError {
            return (nil, damage)
        } catch {
            return (nil, .damagedTable("\(error)"))
        }
    }

    /// Whether `text` is a SHA-256 digest as the catalog stores it: 64 lowercase hex digits.
    private static func isHexDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static let passageColumns = Columns([
        "local_id": "integer", "document": "integer", "kind": "integer", "line_start": "integer", "line_end": "integer",
        "text_start": "integer", "text_length": "integer", "analysed_start": "integer", "analysed_end": "integer", "cells": "integer",
        "section": "integer|null", "footnote": "integer|null", "page": "integer|null", "note": "integer",
    ])

    // MARK: - Segments

    /// What the per-segment checks gather for the checks across segments.
    private struct CrossReferences {
        /// Segments whose cross-references were checked (they proved intact).
        var inspectedSegments: Set<Int64> = []
        /// Passage rows seen, by document id.
        var passageRowsByDocument: [Int64: Int] = [:]
        /// Where each live document lives: `ordinal 3 of seg-1.skn`.
        var livePlaces: [Int64: [String]] = [:]
    }

    /// A listed segment whose file is mapped, not yet verified.
    private struct MappedSegment {
        var row: SegmentRow
        /// `segments/NAME`, as problems name it.
        var file: String
        var reader: SegmentReader
        /// The same file mapped again, for the reads of the layout check that the reader keeps private.
        var raw: MappedFile
        /// The size on disk, when it differs from the catalog's record.
        var differingSize: Int?
    }

    /// Maps a listed segment file, or records why it cannot be. All files of the commit are mapped
    /// before any is verified, as searches map them: a mapped file stays readable after a writer
    /// that committed meanwhile unlinks it.
    private func map(_ row: SegmentRow) -> MappedSegment? {
        guard !row.file.isEmpty, !row.file.contains("/"), row.file != ".", row.file != ".." else {
            record(Self.catalogFile, "segment \(row.id) names the file \"\(row.file)\", which is not a file name")
            return nil
        }
        let file = "segments/" + row.file
        do throws(IndexError) {
            let reader = try SegmentReader(path: layout.segmentPath(row.file))
            let raw = try MappedFile(path: reader.path)
            return MappedSegment(row: row, file: file, reader: reader, raw: raw,
                                 differingSize: Int64(reader.fileSize) == row.size ? nil : reader.fileSize)
        } catch {
            if case .notFound = error {
                missedSegmentFile = true
            } else if let size = (try? FileManager.default.attributesOfItem(atPath: layout.segmentPath(row.file)))?[.size] as? NSNumber,
                      size.int64Value != row.size {
                record(file, "the file is \(size.int64Value) bytes, but the catalog records \(row.size)")
            }
            record(file, Self.detail(of: error))
            return nil
        }
    }

    private func inspect(_ segment: MappedSegment, documents: [DocumentRow], documentsByID: [Int64: DocumentRow],
                         cross: inout CrossReferences, database: SQLiteDatabase) throws {
        let (row, file, reader) = (segment.row, segment.file, segment.reader)
        do throws(IndexError) {
            try reader.verifyChecksum()
        } catch {
            if let size = segment.differingSize { record(file, "the file is \(size) bytes, but the catalog records \(row.size)") }
            record(file, Self.detail(of: error))
            return
        }
        verifiedSegments += 1

        // The file is intact (its own checksum holds), so any disagreement with the catalog's
        // record of it is the catalog's.
        let name = row.file
        if let size = segment.differingSize {
            record(Self.catalogFile, "segment \(name): the catalog records \(row.size) bytes, but the intact file has \(size)")
        }
        if row.checksum != Int64(reader.checksum) {
            record(Self.catalogFile, "segment \(name): the catalog records checksum \(Self.hex(row.checksum)), but the intact file has \(Self.hex(Int64(reader.checksum)))")
        }
        guard row.passageCount == reader.passageCount, row.documentCount == reader.documentCount else {
            record(Self.catalogFile, "segment \(name): the catalog records \(row.passageCount) passages and \(row.documentCount) documents, but the intact file holds \(reader.passageCount) and \(reader.documentCount)")
            return
        }

        let digests = inspectTerms(of: reader, file: file)
        if digests != nil { _ = inspectLayout(of: segment) }
        cross.inspectedSegments.insert(row.id)
        let deletions = DeletionSet(bytes: row.deleted, passageCount: row.passageCount)
        inspectDocuments(of: reader, segment: row, deletions: deletions, digests: digests,
                         documents: documents, documentsByID: documentsByID, cross: &cross)
        try inspectPassages(of: reader, segment: row, deletions: deletions, digests: digests,
                            documentsByID: documentsByID, cross: &cross, database: database)
    }

    /// Checks a segment row's deletion bitmap and count.
    private func inspectDeletions(of row: SegmentRow) {
        let expectedBytes = (max(row.passageCount, 0) + 7) / 8
        let label = "segment \(row.file)"
        if row.deleted.count != expectedBytes {
            record(Self.catalogFile, "\(label): the deletion bitmap is \(row.deleted.count) bytes, expected \(expectedBytes) for \(row.passageCount) passages")
        }
        var marked = 0
        for (index, byte) in row.deleted.enumerated() {
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                let passage = index * 8 + bit
                if passage < row.passageCount {
                    marked += 1
                } else {
                    record(Self.catalogFile, "\(label): the deletion bitmap marks passage \(passage), but the segment holds \(row.passageCount) passages")
                }
            }
        }
        if marked != row.deletedCount {
            record(Self.catalogFile, "\(label): the deletion bitmap marks \(marked) passages, but deleted_count is \(row.deletedCount)")
        }
    }

    // MARK: - Dictionary and postings

    /// What each passage's (and each title's) postings add up to: for every distinct term and
    /// position, a 64-bit hash of the two, summed. Analysing the stored text again must give the
    /// same sums; the order of terms does not matter.
    private struct Digests {
        var passages: [UInt64]
        var titles: [UInt64]
    }

    /// Checks the dictionary and decodes every postings list; the digests, or nil after a problem.
    private func inspectTerms(of reader: SegmentReader, file: String) -> Digests? {
        var digests = Digests(passages: [UInt64](repeating: 0, count: reader.passageCount),
                              titles: [UInt64](repeating: 0, count: reader.documentCount))
        var previousKey: [UInt8] = []
        for term in 0..<reader.termCount {
            let key = reader.termKey(at: term)
            guard let kind = key.first.flatMap(TermKey.Kind.init(rawValue:)) else {
                record(file, key.isEmpty ? "term \(term) has no key: its dictionary block is damaged"
                    : "the key of term \(term) starts with \(Self.hex(Int64(key[0]), digits: 2)), which is no term kind")
                return nil
            }
            guard key.count > 1, String(validating: key.dropFirst(), as: UTF8.self) != nil else {
                record(file, "the key of term \(term) has no text or text that is not UTF-8")
                return nil
            }
            guard term == 0 || previousKey.lexicographicallyPrecedes(key) else {
                record(file, "the dictionary is out of order: term \(term) does not sort after term \(term - 1)")
                return nil
            }
            previousKey = key
            let postings: PostingList
            do { postings = try reader.postings(at: term) } catch {
                record(file, Self.detail(of: error))
                return nil
            }
            let keyHash = Self.hash(key)
            for entry in 0..<postings.count {
                let id = Int(postings.ids[entry])
                let positions = postings.positions(at: entry)
                var sum: UInt64 = 0
                for position in positions { sum &+= Self.occurrence(keyHash, at: position) }
                if kind.isDocumentLevel {
                    guard id < digests.titles.count else { return nil }  // the reader bounds ids; never taken
                    digests.titles[id] &+= sum
                } else {
                    guard id < digests.passages.count else { return nil }
                    let length = reader.passageLength(UInt32(id))
                    if let last = positions.last, last >= length {
                        record(file, "postings of term \(term): position \(last) in passage \(id) lies beyond the passage's length \(length)")
                        return nil
                    }
                    digests.passages[id] &+= sum
                }
            }
            verifiedTerms += 1
            verifiedPostings += postings.count
        }
        return digests
    }

    /// Checks what the reader does not need to: sections aligned with zero gaps, and nothing
    /// between the last section and the footer. (The dictionary and the postings need no check
    /// here: the reader decodes every dictionary block and postings list to its last byte, each
    /// starting where the one before ended.) Runs after every postings list decoded.
    private func inspectLayout(of segment: MappedSegment) -> Bool {
        let (raw, file) = (segment.raw, segment.file)
        do throws(IndexError) {
            var previousEnd = SegmentFormat.headerSize
            for section in SegmentFormat.Section.allCases {
                let offset = Int(clamping: try raw.uint64(at: section.headerOffset))
                let length = Int(clamping: try raw.uint64(at: section.headerOffset + 8))
                guard offset >= previousEnd, offset - previousEnd < SegmentFormat.sectionAlignment,
                      offset % SegmentFormat.sectionAlignment == 0 else {
                    record(file, "the \(section.name) starts at byte \(offset), expected the first multiple of \(SegmentFormat.sectionAlignment) from \(previousEnd)")
                    return false
                }
                guard try raw.bytes(in: previousEnd..<offset).allSatisfy({ $0 == 0 }) else {
                    record(file, "the padding before the \(section.name) is not zero")
                    return false
                }
                previousEnd = offset + length
            }
            let bodyEnd = raw.size - SegmentFormat.footerSize
            guard previousEnd == bodyEnd else {
                record(file, "\(bodyEnd - previousEnd) bytes lie between the \(SegmentFormat.Section.allCases.last?.name ?? "") and the footer")
                return false
            }

            return true
        } catch {
            record(file, Self.detail(of: error))
            return false
        }
    }

    // MARK: - Cross-references

    /// The segment's document table against the document rows, both ways.
    private func inspectDocuments(of reader: SegmentReader, segment: SegmentRow, deletions: DeletionSet, digests: Digests?,
                                  documents: [DocumentRow], documentsByID: [Int64: DocumentRow],
                                  cross: inout CrossReferences) {
        let name = segment.file
        for ordinal in 0..<UInt32(reader.documentCount) {
            let id = reader.documentCatalogID(ordinal)
            let passages = reader.documentPassages(ordinal)
            let deleted = passages.count(where: deletions.contains)
            let row = documentsByID[id].flatMap { $0.segment == segment.id && $0.ordinal == Int64(ordinal) ? $0 : nil }
            if deleted > 0 && deleted < passages.count {
                record(Self.catalogFile, "document \(id) (ordinal \(ordinal) of \(name)) has \(deleted) of its \(passages.count) passages deleted, but documents are deleted whole")
                continue
            }
            let isLive = passages.isEmpty ? row != nil : deleted == 0
            if isLive && row == nil {
                record(Self.catalogFile, "document \(id) (ordinal \(ordinal) of \(name)) has live passages \(passages.lowerBound)..<\(passages.upperBound), but the catalog has no row for it")
            } else if !isLive, let row {
                record(Self.catalogFile, "document \(id) (\(row.path)) is deleted in \(name), but the catalog still lists it")
            }
            if isLive { cross.livePlaces[id, default: []].append("ordinal \(ordinal) of \(name)") }
        }

        for document in documents where document.segment == segment.id {
            let label = "document \(document.id) (\(document.path))"
            guard document.ordinal >= 0, document.ordinal < Int64(reader.documentCount) else {
                record(Self.catalogFile, "\(label) claims ordinal \(document.ordinal) of \(name), which holds \(reader.documentCount) documents")
                continue
            }
            let ordinal = UInt32(document.ordinal)
            let owner = reader.documentCatalogID(ordinal)
            guard owner == document.id else {
                record(Self.catalogFile, "\(label) claims ordinal \(ordinal) of \(name), which is document \(owner)")
                continue
            }
            let passages = reader.documentPassages(ordinal)
            if Int64(passages.lowerBound) != document.firstPassage || Int64(passages.count) != document.passageCount {
                record(Self.catalogFile, "\(label) claims passages \(document.firstPassage) and \(document.passageCount) after it in \(name), but the segment gives it \(passages.lowerBound)..<\(passages.upperBound)")
            }
            if let digests, analysisMatches {
                let tokens = document.title.map { analyzer.analyze(Array($0.utf16), title: true).tokens } ?? []
                if Self.digest(of: tokens) != digests.titles[Int(ordinal)] {
                    record(Self.catalogFile, "\(label): its title does not give the title terms \(name) holds for it")
                }
            }
        }
    }

    /// What the section check needs of a passage row: the section it is under, and for a heading
    /// the heading's own text.
    private struct SectionFacts {
        var passage: UInt32
        var label: String
        var isHeading: Bool
        var lineStart: Int64
        var section: String?
        /// For a heading, its analysed text, which is what its section must be.
        var headingText: String?
    }

    /// Follows the sections of a segment's passage rows in id order. A passage is under the last
    /// heading before it in its document (under none before the first); a heading is under its own
    /// text, except the pieces of a heading too long for one passage, which all take its whole text.
    private struct SectionTracker {
        /// The previous row and its document ordinal.
        private var previous: (facts: SectionFacts, document: UInt32)?
        /// The section the next passage of `document` must be under; nil when unknown (a row
        /// before it is missing or damaged).
        private var current: (document: UInt32, section: String?)?
        /// A heading whose section is not its text: right only if it is a piece of a long heading,
        /// which the next row tells.
        private var unresolved: SectionFacts?

        /// The problems `facts` shows (or resolves); nil facts for a row too damaged to tell.
        mutating func observe(_ facts: SectionFacts?, passage: UInt32, document: UInt32, opensDocument: Bool) -> [String] {
            var problems: [String] = []
            let follows = previous.flatMap { $0.facts.passage &+ 1 == passage && $0.document == document ? $0.facts : nil }
            let isPiece = follows.map { before in
                facts.map { $0.isHeading && before.isHeading && $0.section == before.section && $0.lineStart == before.lineStart }
                    ?? false
            } ?? false
            if let heading = unresolved, !isPiece { problems.append(Self.misnamed(heading)) }
            unresolved = nil
            guard let facts else {
                previous = nil
                current = nil
                return problems
            }
            if opensDocument {
                current = (document, nil)
            } else if follows == nil {
                current = nil
            }
            if facts.isHeading {
                if facts.section != facts.headingText && !isPiece { unresolved = facts }
                current = (document, facts.section)
            } else if let current, current.document == document, facts.section != current.section {
                problems.append("\(facts.label): its section is \(IndexInspection.quoted(facts.section)), but "
                    + (current.section.map { "the heading before it is \(IndexInspection.quoted($0))" }
                        ?? "no heading of its document comes before it"))
            }
            previous = (facts, document)
            return problems
        }

        /// The problem still pending after the last row.
        mutating func finish() -> [String] {
            defer { unresolved = nil }
            return unresolved.map { [Self.misnamed($0)] } ?? []
        }

        private static func misnamed(_ heading: SectionFacts) -> String {
            "\(heading.label): it is a heading, but its section \(IndexInspection.quoted(heading.section)) "
                + "is not its text \(IndexInspection.quoted(heading.headingText))"
        }
    }

    /// The passage rows of a segment against the segment, both ways, and each row's text
    /// analysed again against the segment's terms for it.
    private func inspectPassages(of reader: SegmentReader, segment: SegmentRow, deletions: DeletionSet, digests: Digests?,
                                 documentsByID: [Int64: DocumentRow], cross: inout CrossReferences,
                                 database: SQLiteDatabase) throws {
        let name = segment.file
        let columns = Self.passageColumns
        let statement = try database.prepare("SELECT \(columns.selection) FROM passages WHERE segment = ? ORDER BY local_id")
        try statement.bind([.integer(segment.id)])
        var hasRow = [Bool](repeating: false, count: reader.passageCount)
        var sections = SectionTracker()
        // Rows in local id order come document by document: each stored text is decompressed once.
        let storedText = try database.prepare("SELECT text_length, text FROM documents WHERE id = ?")
        var documentText: (id: Int64, text: [UInt8]?)?
        let sectionRows = try database.prepare("SELECT number, title, typeof(title) FROM sections WHERE document = ? ORDER BY number")
        var documentSections: SectionTitles?
        while try statement.step() {
            let localID = statement.int64(at: 0)
            let documentID = statement.int64(at: 1)
            cross.passageRowsByDocument[documentID, default: 0] += 1
            let label = "passage \(localID) of \(name)"
            guard localID >= 0, localID < Int64(reader.passageCount) else {
                record(Self.catalogFile, "\(label) (document \(documentID)) does not exist: the segment holds \(reader.passageCount) passages")
                continue
            }
            let passage = UInt32(localID)
            hasRow[Int(passage)] = true
            verifiedPassages += 1
            if let mismatch = columns.typeMismatch(in: statement) { record(Self.catalogFile, "\(label): \(mismatch)") }
            if deletions.contains(passage) {
                record(Self.catalogFile, "\(label) is deleted in the segment, but the catalog still lists it")
            }
            if documentsByID[documentID] == nil {
                record(Self.catalogFile, "\(label) belongs to document \(documentID), which the catalog does not hold")
            }
            let owner = reader.documentCatalogID(reader.passageDocument(passage))
            if owner != documentID {
                record(Self.catalogFile, "\(label) belongs to document \(documentID) in the catalog, but to document \(owner) in the segment")
            }
            if documentSections?.id != documentID {
                if let finished = documentSections { reportUnused(finished) }
                documentSections = try sectionTitles(of: documentID, statement: sectionRows)
            }
            if documentText?.id != documentID {
                var text: [UInt8]?
                // A missing document or a damaged text was reported with the document.
                if documentsByID[documentID]?.textIsIntact == true {
                    try storedText.reset()
                    try storedText.bind([.integer(documentID)])
                    if try storedText.step() {
                        text = Self.storedText(storedText, lengthColumn: 0, blobColumn: 1).text
                    }
                }
                documentText = (documentID, text)
            }
            // The row's section title (itself nil for none); nil when its section number names no
            // readable title (a damaged title was reported with the document's sections, a
            // number of the wrong type above).
            var section: String?? = .some(nil)
            if statement.string(at: Int32(columns.names.count + 10)) == "integer" {
                let number = statement.int64(at: 10)
                documentSections?.used.insert(number)
                if let title = documentSections?.titles[number] {
                    section = .some(title)
                } else {
                    section = nil
                    if documentSections?.damaged.contains(number) != true {
                        record(Self.catalogFile, "\(label): its section \(number) is not a section of document \(documentID)")
                    }
                }
            } else if !statement.isNull(at: 10) {
                section = nil
            }
            let facts = inspectPassageRow(statement, passage: passage, document: documentID, label: label,
                                          section: section, documentText: documentText?.text, reader: reader,
                                          digests: digests)
            if let title = section, let kind = Catalog.kind(code: statement.int64(at: 2)) {
                let listed = PassageLocation(lineStart: statement.int(at: 3), lineEnd: statement.int(at: 4), kind: kind,
                                             section: title)
                inspectLocation(of: passage, in: reader, file: name, label: label, listed: listed)
            }
            let document = reader.passageDocument(passage)
            let opensDocument = reader.documentPassages(document).lowerBound == passage
            for problem in sections.observe(facts, passage: passage, document: document, opensDocument: opensDocument) {
                record(Self.catalogFile, problem)
            }
        }
        if let finished = documentSections { reportUnused(finished) }
        for problem in sections.finish() { record(Self.catalogFile, problem) }
        for passage in 0..<reader.passageCount where !hasRow[passage] && !deletions.contains(UInt32(passage)) {
            record(Self.catalogFile, "passage \(passage) of \(name) is live in the segment, but the catalog has no row for it")
        }
    }

    /// Checks that the segment records a passage where its catalog row puts it.
    private func inspectLocation(of passage: UInt32, in reader: SegmentReader, file: String, label: String,
                                 listed: PassageLocation) {
        func described(_ location: PassageLocation) -> String {
            "lines \(location.lineStart)-\(location.lineEnd), a \(location.kind.rawValue) under section "
                + IndexInspection.quoted(location.section)
        }
        do throws(IndexError) {
            let stored = try reader.passageLocation(passage)
            if stored != listed {
                record(Self.catalogFile, "\(label): the catalog puts it at \(described(listed)), but the segment at \(described(stored))")
            }
        } catch {
            record("segments/" + file, error.description)
        }
    }

    /// A document's section titles by number, and the numbers its passage rows use.
    private struct SectionTitles {
        var id: Int64
        var titles: [Int64: String] = [:]
        /// Numbers whose title is not text or not UTF-8 (reported when read).
        var damaged: Set<Int64> = []
        var used: Set<Int64> = []
    }

    /// The `sections` rows of `document`, each title checked to be UTF-8 text.
    private func sectionTitles(of document: Int64, statement: SQLiteStatement) throws -> SectionTitles {
        try statement.reset()
        try statement.bind([.integer(document)])
        var found = SectionTitles(id: document)
        while try statement.step() {
            let number = statement.int64(at: 0)
            let type = statement.string(at: 2) ?? ""
            guard type == "text", let title = statement.withBlob(at: 1, { String(validating: $0, as: UTF8.self) }) else {
                record(Self.catalogFile, "section \(number) of document \(document): its title is "
                    + (type == "text" ? "not valid UTF-8" : "of type \(type), expected text"))
                found.damaged.insert(number)
                continue
            }
            found.titles[number] = title
        }
        return found
    }

    /// Records the sections of a document that none of its passage rows is under.
    private func reportUnused(_ sections: SectionTitles) {
        for number in sections.titles.keys.sorted() where !sections.used.contains(number) {
            record(Self.catalogFile, "section \(number) of document \(sections.id) is the section of none of its passages")
        }
    }

    /// One passage row's own fields, and its text analysed again. Returns what the section check
    /// needs, or nil when the row is too damaged to tell. `section` is the title of the row's
    /// section (itself nil for none), nil when its section number names no readable title.
    /// `documentText` is the stored text of its document, nil when that is missing or damaged
    /// (and so already reported).
    private func inspectPassageRow(_ statement: SQLiteStatement, passage: UInt32, document: Int64, label: String,
                                   section: String??, documentText: [UInt8]?, reader: SegmentReader,
                                   digests: Digests?) -> SectionFacts? {
        let kind = Catalog.kind(code: statement.int64(at: 2))
        if kind == nil {
            record(Self.catalogFile, "\(label): its kind \(statement.string(at: 2) ?? "NULL") is not a passage kind code (0 to 3)")
        }
        if let kind, let section {
            let isNote = Catalog.isNote(kind: kind, section: section)
            let note = statement.int64(at: 13)
            if note != (isNote ? 1 : 0) {
                record(Self.catalogFile, "\(label): its note flag is \(note), expected \(isNote ? 1 : 0) for its kind and section")
            }
        }
        if (kind == .footnote) == statement.isNull(at: 11) {
            record(Self.catalogFile, "\(label): it is \(kind == .footnote ? "a footnote without" : "no footnote but has") a footnote number")
        }
        let lineStart = statement.int64(at: 3)
        let lineEnd = statement.int64(at: 4)
        guard let documentText else { return nil }
        let textStart = statement.int64(at: 5)
        let textLength = statement.int64(at: 6)
        guard textStart >= 0, textLength >= 0, textStart <= Int64(documentText.count) - textLength else {
            record(Self.catalogFile, "\(label): its text range \(textStart)..<\(textStart &+ textLength) does not lie in the \(documentText.count) bytes of document \(document)'s stored text")
            return nil
        }
        let textBytes = documentText[Int(textStart)..<Int(textStart + textLength)]
        guard let text = String(validating: textBytes, as: UTF8.self) else {
            record(Self.catalogFile, "\(label): its text is not valid UTF-8")
            return nil
        }
        let units = Array(text.utf16)
        // The text is the passage's lines joined by line feeds.
        let lineFeeds = units.count(where: { $0 == SplitterCharacters.lineFeed })
        if lineStart < 1 || lineEnd - lineStart != Int64(lineFeeds) {
            record(Self.catalogFile, "\(label): lines \(lineStart)-\(lineEnd) do not fit its text of \(lineFeeds + 1) \(lineFeeds == 0 ? "line" : "lines")")
        }
        let analysedStart = statement.int64(at: 7)
        let analysedEnd = statement.int64(at: 8)
        guard analysedStart >= 0, analysedStart <= analysedEnd, analysedEnd <= Int64(units.count) else {
            record(Self.catalogFile, "\(label): its analysed range \(analysedStart)..<\(analysedEnd) does not lie in its text of \(units.count) UTF-16 units")
            return nil
        }
        let analysedRange = Int(analysedStart)..<Int(analysedEnd)
        // Without its section's title, the section check cannot judge the row.
        let facts = section.map { title in
            SectionFacts(passage: passage, label: label, isHeading: kind == .heading, lineStart: lineStart, section: title,
                         headingText: kind == .heading ? String(decoding: units[analysedRange], as: UTF16.self) : nil)
        }
        let cells = statement.int64(at: 9)
        guard cells == 0 || cells == 1 else {
            record(Self.catalogFile, "\(label): its cells flag is \(cells), expected 0 or 1")
            return facts
        }
        guard let digests, analysisMatches else { return facts }
        let joined = LineJoiner.join(units, range: analysedRange, cellSeparatorsAreSpaces: cells == 1)
        let analysed = analyzer.analyze(joined.units)
        if analysed.normalized.units.count != Int(reader.passageLength(passage))
            || Self.digest(of: analysed.tokens) != digests.passages[Int(passage)] {
            record(Self.catalogFile, "\(label) (document \(document), lines \(lineStart)-\(lineEnd)): its text does not give the terms the segment holds for it")
        }
        return facts
    }

    // MARK: - Stray files

    private static let indexFiles: Set<String> = [
        "catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "write.lock", IndexLayout.stampName, "README.md",
        "segments",
    ]

    /// Warns about a commit stamp that is not one, or that disagrees with the catalog: readers
    /// then rely on their periodic catalog checks (``CommitStamp``), and the next writer sets it right.
    private func inspectCommitStamp() {
        let path = layout.stampPath
        guard FileManager.default.fileExists(atPath: path) else { return }
        let name = IndexLayout.stampName
        guard let stamped = CommitStamp.Reader(path: path)?.generation else {
            warn(name, "not a commit stamp of \(CommitStamp.size) bytes starting "
                + "\"\(String(decoding: CommitStamp.magic, as: UTF8.self))\"; the next writer replaces it")
            return
        }
        if stamped != generation {
            warn(name, "says \(stamped) commits, but the catalog has had \(generation): left by a writer that stopped "
                + "between its commit and the stamp, or written by one committing now; the next writer sets it right")
        }
    }

    /// Warns about files that belong to no part of the index.
    private func scanForStrayFiles(listed: Set<String>) {
        let fileManager = FileManager.default
        let names = ((try? fileManager.contentsOfDirectory(atPath: layout.directory)) ?? []).sorted()
        for name in names where !Self.indexFiles.contains(name) {
            warn(name, "not part of the index")
        }
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: layout.segmentsDirectory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            warn("segments", "not a directory")
            return
        }
        let segmentNames = ((try? fileManager.contentsOfDirectory(atPath: layout.segmentsDirectory)) ?? []).sorted()
        for name in segmentNames where !listed.contains(name) {
            warn("segments/" + name, "not listed in the catalog: left by a writer that stopped before its commit, "
                + "or written by one committing now; the next writer removes it")
        }
    }

    // MARK: - Digests and messages

    /// FNV-1a over a term key.
    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// One occurrence of a term at a position, scrambled (SplitMix64's finalizer) so that sums of
    /// different occurrence sets differ.
    @inline(__always)
    private static func occurrence(_ keyHash: UInt64, at position: UInt32) -> UInt64 {
        var value = keyHash &+ UInt64(position) &* 0x9E37_79B9_7F4A_7C15
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// The digest of analysed tokens: each distinct (term, position) once, as the segment
    /// builder posts them.
    private static func digest(of tokens: [Token]) -> UInt64 {
        var occurrences = tokens.map { occurrence(hash($0.key.bytes), at: UInt32(clamping: $0.position)) }
        occurrences.sort()
        var sum: UInt64 = 0
        var previous: UInt64?
        for value in occurrences where value != previous {
            sum &+= value
            previous = value
        }
        return sum
    }

    /// What is wrong with a segment file, without the path the report already names.
    private static func detail(of error: IndexError) -> String {
        switch error {
        case .corruptSegment(_, let detail): detail
        case .notFound: "the catalog lists this segment, but the file does not exist"
        default: error.description
        }
    }

    /// `"text"`, or `none` for NULL.
    static func quoted(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "none" }

    /// `0x1A2B3C4D`.
    private static func hex(_ value: Int64, digits: Int = 8) -> String {
        guard value >= 0 else { return String(value) }
        let text = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
