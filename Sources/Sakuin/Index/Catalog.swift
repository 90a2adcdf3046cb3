import Foundation

/// The catalog: the SQLite database of record for an index (documents, passages and their
/// original text, the segment manifest with tombstones, the analyzer fingerprint).
///
/// One connection, owned by one index object. Segment postings live in the segment files; the
/// catalog lists which of them make up the index, so a commit is one SQLite transaction.
///
/// A document's passage texts are stored once in its row (`documents.text`), cut into blocks at
/// passage ends that are compressed one by one (see ``TextCompression``); a passage row records
/// the byte range of its text in the document's decompressed text. Reading a passage inflates
/// only the block that holds it, and recently inflated blocks are kept (``StoredTextCache``).
final class Catalog {
    /// The version of the catalog schema and segment set this code reads and writes.
    static let formatVersion = 4

    let path: String
    let database: SQLiteDatabase

    /// Recently decompressed blocks of stored text.
    private var textCache = StoredTextCache()
    /// The names, paths and titles of documents recently shown in hits.
    private var referenceCache = DocumentReferenceCache()
    /// Whether a ``snapshot(_:)`` read transaction is open.
    private var isReadingSnapshot = false
    /// How many ``snapshot(_:)`` read transactions this catalog has opened.
    private(set) var snapshotCount = 0
    /// The commit count as the open snapshot sees it, once read.
    private var snapshotGeneration: Int64?
    /// The page cache set on the connection; a new connection has SQLite's default.
    private(set) var pageCache = PageCache.writing

    /// Opens the catalog at `path`, creating it (with `fingerprint`) when `create` is true and it
    /// does not exist. Checks the format version and the analyzer fingerprint.
    init(path: String, fingerprint: String, create: Bool) throws(IndexError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw IndexError.notFound(path: path) }
        do throws(SQLiteError) {
            database = try SQLiteDatabase(path: path, mode: create ? .readWriteCreate : .readWrite)
            // 16 KB pages (set before the first table, so only a new catalog gets them): each
            // document's stored text is a blob of several KB, and with small pages most of it
            // lies in overflow chains whose last page is mostly empty.
            try database.execute("""
                PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
                """)
        } catch {
            throw IndexError.catalog(Catalog.describe(error))
        }
        try Catalog.catalogErrors {
            let hasMeta = try database.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'")
            if try !hasMeta.step() {
                try createSchema(fingerprint: fingerprint)
            }
        }
        let version = try meta("format_version").flatMap { Int($0) } ?? 0
        guard version == Catalog.formatVersion else {
            throw IndexError.formatVersion(path: path, found: version, supported: Catalog.formatVersion)
        }
        let stored = try meta("analyzer") ?? ""
        guard stored == fingerprint else {
            throw IndexError.fingerprintMismatch(stored: stored, current: fingerprint)
        }
    }

    /// Runs `body`, turning SQLite errors into `IndexError.catalog`.
    static func catalogErrors<T>(_ body: () throws -> T) throws(IndexError) -> T {
        do { return try body() } catch let error as IndexError {
            throw error
        } catch let error as SQLiteError {
            throw IndexError.catalog(describe(error))
        } catch {
            throw IndexError.catalog("\(error)")
        }
    }

    private static func describe(_ error: SQLiteError) -> String {
        "catalog \(error.path): \(error.message)"
    }

    private func createSchema(fingerprint: String) throws {
        try database.transaction(.immediate) {
            try database.execute("""
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE segments(
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    checksum INTEGER NOT NULL,
                    passage_count INTEGER NOT NULL,
                    document_count INTEGER NOT NULL,
                    deleted BLOB NOT NULL,
                    deleted_count INTEGER NOT NULL);
                CREATE TABLE documents(
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime INTEGER NOT NULL,
                    title TEXT,
                    metadata TEXT NOT NULL,
                    metadata_hash TEXT NOT NULL,
                    segment INTEGER NOT NULL REFERENCES segments(id),
                    ordinal INTEGER NOT NULL,
                    first_passage INTEGER NOT NULL,
                    passage_count INTEGER NOT NULL,
                    text_length INTEGER NOT NULL,
                    text BLOB NOT NULL);
                CREATE INDEX documents_name ON documents(name);
                CREATE TABLE passages(
                    segment INTEGER NOT NULL REFERENCES segments(id),
                    local_id INTEGER NOT NULL,
                    document INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    line_start INTEGER NOT NULL,
                    line_end INTEGER NOT NULL,
                    section INTEGER,
                    footnote INTEGER,
                    page INTEGER,
                    text_start INTEGER NOT NULL,
                    text_length INTEGER NOT NULL,
                    analysed_start INTEGER NOT NULL,
                    analysed_end INTEGER NOT NULL,
                    cells INTEGER NOT NULL,
                    note INTEGER NOT NULL,
                    PRIMARY KEY(segment, local_id)) WITHOUT ROWID;
                CREATE INDEX passages_note ON passages(note) WHERE note = 1;
                CREATE TABLE sections(
                    document INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    PRIMARY KEY(document, number)) WITHOUT ROWID;
                CREATE TABLE roots(path TEXT PRIMARY KEY) WITHOUT ROWID;
                """)
            let insert = try database.prepare("INSERT INTO meta(key, value) VALUES(?, ?)")
            try insert.run(.text("format_version"), .text(String(Catalog.formatVersion)))
            try insert.run(.text("analyzer"), .text(fingerprint))
            try insert.run(.text("generation"), .text("0"))
        }
    }

    // MARK: - Reading

    /// A value from the meta table.
    func meta(_ key: String) throws(IndexError) -> String? {
        try Catalog.catalogErrors {
            let statement = try database.prepare("SELECT value FROM meta WHERE key = ?")
            try statement.bind([.text(key)])
            return try statement.step() ? statement.string(at: 0) : nil
        }
    }

    /// How much of the catalog SQLite keeps in memory on this connection.
    enum PageCache {
        /// SQLite's default, 2 MB: a writer inserts rows it does not read again, and its memory
        /// is budgeted.
        case writing
        /// 16 MB: each search reads its hits' passage and document rows, spread over the
        /// tables, and with the default most of those pages were read from the file again at
        /// every search (about five reads of 16 KB a search on the benchmark corpus).
        case reading

        /// The value of `PRAGMA cache_size` (negative: in KiB).
        fileprivate var pragmaValue: Int { self == .reading ? -16_384 : -2_000 }
    }

    /// Sets the page cache, if it is not set so already.
    func usePageCache(_ cache: PageCache) throws(IndexError) {
        guard cache != pageCache else { return }
        try Catalog.catalogErrors { try database.execute("PRAGMA cache_size=\(cache.pragmaValue)") }
        pageCache = cache
    }

    /// The commit counter: it grows by one with every commit.
    func generation() throws(IndexError) -> Int64 {
        if let snapshotGeneration { return snapshotGeneration }
        let generation = Int64(try meta("generation") ?? "0") ?? 0
        // Inside a read transaction it cannot change: read it once for the snapshot and every
        // stored text the search reads.
        if isReadingSnapshot { snapshotGeneration = generation }
        return generation
    }

    /// The segment manifest.
    func segments() throws(IndexError) -> [CatalogSegment] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("""
                SELECT id, file, size, checksum, passage_count, document_count, deleted
                FROM segments ORDER BY id
                """)
            var segments: [CatalogSegment] = []
            while try statement.step() {
                let passageCount = statement.int(at: 4)
                segments.append(CatalogSegment(
                    id: statement.int64(at: 0), file: statement.string(at: 1) ?? "",
                    size: statement.int64(at: 2), checksum: UInt32(truncatingIfNeeded: statement.int64(at: 3)),
                    passageCount: passageCount, documentCount: statement.int(at: 5),
                    deletions: DeletionSet(bytes: statement.blob(at: 6), passageCount: passageCount)))
            }
            return segments
        }
    }

    private static let documentColumns = """
        id, path, name, content_hash, size, mtime, title, segment, ordinal, first_passage, passage_count,
        metadata, metadata_hash
        """

    private static func document(_ statement: SQLiteStatement) -> CatalogDocument {
        CatalogDocument(
            id: statement.int64(at: 0), path: statement.string(at: 1) ?? "", name: statement.string(at: 2) ?? "",
            contentHash: statement.string(at: 3) ?? "", size: statement.int64(at: 4),
            modificationTime: statement.int64(at: 5), title: statement.string(at: 6),
            segmentID: statement.int64(at: 7), ordinal: UInt32(truncatingIfNeeded: statement.int64(at: 8)),
            firstPassage: UInt32(truncatingIfNeeded: statement.int64(at: 9)), passageCount: statement.int(at: 10),
            metadata: statement.string(at: 11) ?? "{}", metadataHash: statement.string(at: 12) ?? "")
    }

    /// Every document, by path.
    func documents() throws(IndexError) -> [CatalogDocument] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("SELECT \(Catalog.documentColumns) FROM documents ORDER BY path")
            var documents: [CatalogDocument] = []
            while try statement.step() { documents.append(Catalog.document(statement)) }
            return documents
        }
    }

    /// The documents at these paths (those that are indexed), by path: one lookup per path in
    /// the path index, so adding a batch to a large index does not read every document.
    func documents(atPaths paths: [String]) throws(IndexError) -> [String: CatalogDocument] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("SELECT \(Catalog.documentColumns) FROM documents WHERE path = ?")
            var documents: [String: CatalogDocument] = [:]
            for path in paths {
                try statement.reset()
                try statement.bind([.text(path)])
                if try statement.step() { documents[path] = Catalog.document(statement) }
            }
            return documents
        }
    }

    /// The documents of these segments as they stand, in segment and ordinal order (one scan of
    /// the documents: there is no index on their segment).
    func documents(inSegments segmentIDs: [Int64]) throws(IndexError) -> [CatalogDocument] {
        guard !segmentIDs.isEmpty else { return [] }
        return try Catalog.catalogErrors {
            let list = segmentIDs.map(String.init).joined(separator: ", ")
            let statement = try database.prepare("""
                SELECT \(Catalog.documentColumns) FROM documents WHERE segment IN (\(list)) ORDER BY segment, ordinal
                """)
            var documents: [CatalogDocument] = []
            while try statement.step() { documents.append(Catalog.document(statement)) }
            return documents
        }
    }

    /// The document with id `id`.
    func document(id: Int64) throws(IndexError) -> CatalogDocument? {
        try Catalog.catalogErrors {
            let statement = try database.prepare("SELECT \(Catalog.documentColumns) FROM documents WHERE id = ?")
            try statement.bind([.integer(id)])
            return try statement.step() ? Catalog.document(statement) : nil
        }
    }

    /// Documents whose name (file stem) or path is `reference`.
    func documents(matching reference: String) throws(IndexError) -> [CatalogDocument] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("""
                SELECT \(Catalog.documentColumns) FROM documents WHERE name = ?1 OR path = ?1 ORDER BY path
                """)
            try statement.bind([.text(reference)])
            var documents: [CatalogDocument] = []
            while try statement.step() { documents.append(Catalog.document(statement)) }
            return documents
        }
    }

    private static let passageColumnNames = [
        "segment", "local_id", "document", "kind", "line_start", "line_end", "section", "footnote", "text_start",
        "text_length", "analysed_start", "analysed_end", "cells", "page",
    ]
    /// The columns a ``CatalogPassage`` is read from, in order, over ``passageSource``: a
    /// passage's section is its title, from the document's row of `sections`.
    private static let passageColumns = passageColumnNames
        .map { $0 == "section" ? "sections.title" : "passages.\($0)" }
        .joined(separator: ", ")
    /// The passages with their sections' titles.
    static let passageSource = """
        passages LEFT JOIN sections ON sections.document = passages.document AND sections.number = passages.section
        """

    /// A passage row whose text is not read yet: `textRange` is its byte range in the
    /// document's stored text.
    private struct PassageRow {
        var passage: CatalogPassage
        var textRange: Range<Int>
    }

    private static func passageRow(_ statement: SQLiteStatement) -> PassageRow {
        let start = statement.int(at: 10)
        let textStart = statement.int(at: 8)
        let passage = CatalogPassage(
            segmentID: statement.int64(at: 0), localID: UInt32(truncatingIfNeeded: statement.int64(at: 1)),
            documentID: statement.int64(at: 2),
            kind: kind(code: statement.int64(at: 3)) ?? .paragraph,
            lineStart: statement.int(at: 4), lineEnd: statement.int(at: 5),
            section: statement.string(at: 6), footnoteNumber: statement.isNull(at: 7) ? nil : statement.int(at: 7),
            text: "",
            analysedRange: start..<max(start, statement.int(at: 11)),
            cellSeparatorsAreSpaces: statement.int(at: 12) != 0,
            page: statement.isNull(at: 13) ? nil : statement.int(at: 13))
        return PassageRow(passage: passage, textRange: textStart..<max(textStart, textStart &+ statement.int(at: 9)))
    }

    /// The passages of `rows` with their texts, cut from their documents' stored texts: rows of
    /// one document fetch its blob at most once.
    private func withTexts(_ rows: [PassageRow]) throws(IndexError) -> [CatalogPassage] {
        var passages = rows.map(\.passage)
        var start = 0
        while start < rows.count {
            let documentID = rows[start].passage.documentID
            var end = start + 1
            while end < rows.count, rows[end].passage.documentID == documentID { end += 1 }
            let texts = try storedTexts(document: documentID, rows: rows[start..<end])
            for (offset, text) in texts.enumerated() { passages[start + offset].text = text }
            start = end
        }
        return passages
    }

    // MARK: - Passage kinds

    /// The code the `kind` column stores for a passage kind.
    static func code(of kind: PassageKind) -> Int64 {
        switch kind {
        case .paragraph: 0
        case .heading: 1
        case .footnote: 2
        case .tableRow: 3
        }
    }

    /// The passage kind a `kind` code stands for; nil for a code no kind has.
    static func kind(code: Int64) -> PassageKind? {
        switch code {
        case 0: .paragraph
        case 1: .heading
        case 2: .footnote
        case 3: .tableRow
        default: nil
        }
    }

    // MARK: - Stored text

    /// Forgets the decompressed texts: after a write, a document id may name another document.
    func forgetStoredTexts() {
        textCache.removeAll()
        referenceCache.removeAll()
    }

    /// The texts of `rows`, all passages of document `documentID`, each cut from the one block
    /// of the document's stored text that holds it. Blocks not in the cache are inflated from
    /// one fetch of the document's blob.
    private func storedTexts(document documentID: Int64, rows: ArraySlice<PassageRow>) throws(IndexError) -> [String] {
        // Ids of removed documents are given again, so a block is only reused within one commit.
        textCache.validate(generation: try generation())
        var blocks: [Int: [UInt8]] = [:]
        var cachedTable = textCache.table(document: documentID)
        if let table = cachedTable, let needed = Self.blocks(of: rows, in: table) {
            for block in needed {
                guard let text = textCache.block(block, document: documentID) else {
                    cachedTable = nil
                    break
                }
                blocks[block] = text
            }
        } else {
            cachedTable = nil
        }
        let table: TextCompression.BlockTable
        if let cachedTable {
            table = cachedTable
        } else {
            table = try inflateBlocks(document: documentID, rows: rows, into: &blocks)
        }
        var texts: [String] = []
        texts.reserveCapacity(rows.count)
        for row in rows {
            guard let covering = table.blocks(covering: row.textRange) else {
                let length = table.textEnds.last ?? 0
                throw IndexError.catalog("catalog \(path): passage \(row.passage.localID) of segment \(row.passage.segmentID) "
                    + "has the text range \(row.textRange), outside the \(length) bytes of document "
                    + "\(documentID)'s stored text; run `sakuin check`, then `sakuin index --rebuild`")
            }
            var bytes: [UInt8] = []
            for block in covering {
                guard let text = blocks[block] else { continue }
                let blockRange = table.textRange(of: block)
                let wanted = row.textRange.clamped(to: blockRange)
                bytes += text[(wanted.lowerBound - blockRange.lowerBound)..<(wanted.upperBound - blockRange.lowerBound)]
            }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        return texts
    }

    /// The blocks `rows` need, or nil when a range lies outside the text (reported by the caller).
    private static func blocks(of rows: ArraySlice<PassageRow>, in table: TextCompression.BlockTable) -> Set<Int>? {
        var needed = Set<Int>()
        for row in rows {
            guard let covering = table.blocks(covering: row.textRange) else { return nil }
            needed.formUnion(covering)
        }
        return needed
    }

    /// Fetches document `documentID`'s blob once, reads its block table, and inflates the blocks
    /// `rows` need that `blocks` lacks (adding them there and to the cache).
    private func inflateBlocks(document documentID: Int64, rows: ArraySlice<PassageRow>,
                               into blocks: inout [Int: [UInt8]]) throws(IndexError) -> TextCompression.BlockTable {
        let statement = try Catalog.catalogErrors { () throws -> SQLiteStatement in
            let statement = try database.prepare("SELECT text_length, text FROM documents WHERE id = ?")
            try statement.bind([.integer(documentID)])
            guard try statement.step() else {
                throw IndexError.catalog("catalog has no document \(documentID); run `sakuin index --rebuild`")
            }
            return statement
        }
        let length = statement.int(at: 0)
        let known = blocks
        let inflated = statement.withBlob(at: 1) { blob in
            Result { () throws(TextCompression.DamageError) -> (TextCompression.BlockTable, [Int: [UInt8]]) in
                let table = try TextCompression.blockTable(blob, expectedLength: length)
                var found: [Int: [UInt8]] = [:]
                for block in Self.blocks(of: rows, in: table) ?? [] where known[block] == nil {
                    found[block] = try TextCompression.decompress(block: block, of: blob, table: table)
                }
                return (table, found)
            }
        }
        switch inflated {
        case .success(let (table, found)):
            textCache.insert(table, document: documentID)
            for (block, text) in found.sorted(by: { $0.key < $1.key }) {
                blocks[block] = text
                textCache.insert(block: block, document: documentID, text: text)
            }
            return table
        case .failure(let damage):
            throw IndexError.catalog("catalog \(path): document \(documentID): \(damage); "
                + "run `sakuin check`, then `sakuin index --rebuild`")
        }
    }

    /// The passage `localID` of segment `segmentID`; with `includingText` false its `text` is
    /// empty and no stored text is read, for callers that need only where the passage is.
    func passage(segment segmentID: Int64, localID: UInt32,
                 includingText: Bool = true) throws(IndexError) -> CatalogPassage? {
        let row = try Catalog.catalogErrors { () throws -> PassageRow? in
            let statement = try database.prepare(Catalog.passageByKeySQL)
            try statement.bind([.integer(segmentID), .integer(Int64(localID))])
            return try statement.step() ? Catalog.passageRow(statement) : nil
        }
        guard let row else { return nil }
        guard includingText else { return row.passage }
        return try withTexts([row]).first
    }

    /// The statements that read one passage by its key and one document's reference, built
    /// once: their texts are also the keys of the connection's prepared statements.
    private static let passageByKeySQL = """
        SELECT \(passageColumns) FROM \(passageSource) WHERE passages.segment = ? AND passages.local_id = ?
        """
    private static let documentReferenceSQL = "SELECT name, path, title FROM documents WHERE id = ?"

    /// Each passage of `keys`, in order, with its text: what a page of search hits shows with
    /// text. An entry is nil if the catalog lacks the passage. Each passage is one step of one
    /// statement prepared once for the page.
    func hitPassages(_ keys: [(segment: Int64, localID: UInt32)]) throws(IndexError) -> [CatalogPassage?] {
        let rows = try Catalog.catalogErrors { () throws -> [PassageRow?] in
            let statement = try database.prepare(Catalog.passageByKeySQL)
            var rows: [PassageRow?] = []
            rows.reserveCapacity(keys.count)
            for (segmentID, localID) in keys {
                try statement.reset()
                try statement.bind([.integer(segmentID), .integer(Int64(localID))])
                rows.append(try statement.step() ? Catalog.passageRow(statement) : nil)
            }
            return rows
        }
        var passages: [CatalogPassage?] = []
        passages.reserveCapacity(rows.count)
        for row in rows { passages.append(try row.flatMap { row throws(IndexError) in try withTexts([row]).first }) }
        return passages
    }

    /// The name, path and title of each document of `documentIDs`, in order (nil for one the
    /// catalog lacks): what a page of hits needs of the catalog besides texts, each read once
    /// per commit (``DocumentReferenceCache``).
    ///
    /// `generation` is the commit the caller reads (its snapshot's, read in the open transaction):
    /// references cached for another commit are dropped first.
    func documentReferences(_ documentIDs: [Int64], generation: Int64) throws(IndexError) -> [DocumentReference?] {
        referenceCache.validate(generation: generation)
        return try Catalog.catalogErrors { () throws -> [DocumentReference?] in
            try documentIDs.map { try documentReference($0) }
        }
    }

    /// Whether ``documentReferences(_:generation:)`` would give every one of `documentIDs` for
    /// the commit `generation` from its cache, reading nothing: a page of hits that needs nothing
    /// else of the catalog is then made without a transaction.
    func cachesDocumentReferences(_ documentIDs: [Int64], generation: Int64) -> Bool {
        referenceCache.generation == generation
            && documentIDs.allSatisfy { referenceCache.reference(document: $0) != nil }
    }

    /// The name, path and title of document `documentID`, from the cache or read and cached;
    /// nil if the catalog lacks it.
    private func documentReference(_ documentID: Int64) throws -> DocumentReference? {
        if let cached = referenceCache.reference(document: documentID) { return cached }
        let statement = try database.prepare(Catalog.documentReferenceSQL)
        try statement.bind([.integer(documentID)])
        guard try statement.step() else { return nil }
        let reference = DocumentReference(name: statement.string(at: 0) ?? "", path: statement.string(at: 1) ?? "",
                                          title: statement.string(at: 2))
        referenceCache.insert(reference, document: documentID)
        return reference
    }

    /// The condition that picks the passages of document `?1`: its range of local ids in its
    /// segment, which the primary key finds without an index on `document` (one would cost
    /// about a tenth of the catalog).
    static let passagesOfDocument = """
        WHERE passages.segment = (SELECT segment FROM documents WHERE id = ?1)
        AND passages.local_id >= (SELECT first_passage FROM documents WHERE id = ?1)
        AND passages.local_id < (SELECT first_passage + passage_count FROM documents WHERE id = ?1)
        AND passages.document = ?1
        """

    /// The passages of document `documentID`, in file order.
    func passages(document documentID: Int64) throws(IndexError) -> [CatalogPassage] {
        let rows = try Catalog.catalogErrors { () throws -> [PassageRow] in
            let statement = try database.prepare("""
                SELECT \(Catalog.passageColumns) FROM \(Catalog.passageSource) \(Catalog.passagesOfDocument)
                ORDER BY passages.local_id
                """)
            try statement.bind([.integer(documentID)])
            var rows: [PassageRow] = []
            while try statement.step() { rows.append(Catalog.passageRow(statement)) }
            return rows
        }
        return try withTexts(rows)
    }

    /// The folders and files given to `index` so far: a later `index` with no paths revisits them.
    func roots() throws(IndexError) -> [String] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("SELECT path FROM roots ORDER BY path")
            var roots: [String] = []
            while try statement.step() { roots.append(statement.string(at: 0) ?? "") }
            return roots
        }
    }

    /// Runs `body` in one read transaction, so every read inside it sees the same commit.
    /// Errors thrown by `body` pass through unchanged; SQLite errors become `IndexError.catalog`.
    func snapshot<T>(_ body: () throws -> T) throws -> T {
        snapshotCount += 1
        isReadingSnapshot = true
        snapshotGeneration = nil
        defer {
            isReadingSnapshot = false
            snapshotGeneration = nil
        }
        do {
            return try database.transaction(.deferred, body)
        } catch let error as SQLiteError {
            throw IndexError.catalog(Catalog.describe(error))
        }
    }
}

extension Catalog {
    /// The number of documents.
    func documentCount() throws(IndexError) -> Int {
        try Catalog.catalogErrors {
            let statement = try database.prepare("SELECT COUNT(*) FROM documents")
            _ = try statement.step()
            return statement.int(at: 0)
        }
    }
}

extension Catalog {
    /// Section titles under which paragraphs are bibliography entries or notes, compared after
    /// lowercasing and removing spaces, brackets and heading marks.
    static let bibliographySections: Set<String> = [
        "注", "註", "脚注", "注釈", "原注", "参考文献", "引用文献", "文献", "文献一覧", "参考資料", "主要参考文献",
        "references", "bibliography", "notes", "workscited", "sources",
    ]

    /// The passages that are notes or bibliography entries: every footnote, and the paragraphs
    /// under a section titled like a bibliography (``bibliographySections``), as the writer
    /// marked them.
    func notePassages() throws(IndexError) -> [(segmentID: Int64, localID: UInt32)] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("SELECT segment, local_id FROM passages WHERE note = 1")
            var passages: [(segmentID: Int64, localID: UInt32)] = []
            while try statement.step() {
                passages.append((statement.int64(at: 0), UInt32(truncatingIfNeeded: statement.int64(at: 1))))
            }
            return passages
        }
    }

    /// Whether a passage is a note or a bibliography entry: what the `note` column records.
    static func isNote(kind: PassageKind, section: String?) -> Bool {
        kind == .footnote || (kind == .paragraph && section.map(isBibliographySection) == true)
    }

    /// Whether a section title names a bibliography or a list of notes.
    static func isBibliographySection(_ section: String) -> Bool {
        // Most section titles are longer than any listed one: those are told by their scalars
        // alone, since lowercasing never makes a scalar into none and only the marks are removed.
        var kept = 0
        for scalar in section.unicodeScalars where !ignoredTitleMarks.unicodeScalars.contains(scalar) {
            kept += 1
            if kept > longestBibliographySection { return false }
        }
        var title = section.lowercased()
        title.removeAll { ignoredTitleMarks.contains($0) }
        return bibliographySections.contains(title)
    }

    /// What ``isBibliographySection(_:)`` leaves out of a title: spaces, brackets and heading marks.
    private static let ignoredTitleMarks = " \u{3000}#■◆●【】[]「」:："

    /// The most Unicode scalars a title of ``bibliographySections`` has.
    private static let longestBibliographySection = bibliographySections.map(\.unicodeScalars.count).max() ?? 0

    /// The footnotes of document `documentID`, in file order.
    func footnotes(document documentID: Int64) throws(IndexError) -> [CatalogPassage] {
        let rows = try Catalog.catalogErrors { () throws -> [PassageRow] in
            let statement = try database.prepare("""
                SELECT \(Catalog.passageColumns) FROM \(Catalog.passageSource) \(Catalog.passagesOfDocument)
                AND passages.kind = \(Catalog.code(of: .footnote)) ORDER BY passages.line_start
                """)
            try statement.bind([.integer(documentID)])
            var rows: [PassageRow] = []
            while try statement.step() { rows.append(Catalog.passageRow(statement)) }
            return rows
        }
        return try withTexts(rows)
    }
}
