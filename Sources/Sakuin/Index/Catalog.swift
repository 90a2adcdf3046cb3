import Foundation

/// The catalog: the SQLite database of record for an index (documents, passages and their
/// original text, the segment manifest with tombstones, the analyzer fingerprint).
///
/// One connection, owned by one index object. Segment postings live in the segment files; the
/// catalog lists which of them make up the index, so a commit is one SQLite transaction.
final class Catalog {
    /// The version of the catalog schema and segment set this code reads and writes.
    static let formatVersion = 2

    let path: String
    let database: SQLiteDatabase

    /// Opens the catalog at `path`, creating it (with `fingerprint`) when `create` is true and it
    /// does not exist. Checks the format version and the analyzer fingerprint.
    init(path: String, fingerprint: String, create: Bool) throws(IndexError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw IndexError.notFound(path: path) }
        do throws(SQLiteError) {
            database = try SQLiteDatabase(path: path, mode: create ? .readWriteCreate : .readWrite)
            try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
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
                    passage_count INTEGER NOT NULL);
                CREATE INDEX documents_name ON documents(name);
                CREATE TABLE passages(
                    segment INTEGER NOT NULL REFERENCES segments(id),
                    local_id INTEGER NOT NULL,
                    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    line_start INTEGER NOT NULL,
                    line_end INTEGER NOT NULL,
                    section TEXT,
                    footnote INTEGER,
                    page INTEGER,
                    text TEXT NOT NULL,
                    analysed_start INTEGER NOT NULL,
                    analysed_end INTEGER NOT NULL,
                    cells INTEGER NOT NULL,
                    note INTEGER NOT NULL,
                    PRIMARY KEY(segment, local_id)) WITHOUT ROWID;
                CREATE INDEX passages_document ON passages(document, line_start);
                CREATE INDEX passages_note ON passages(note) WHERE note = 1;
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

    /// The commit counter: it grows by one with every commit.
    func generation() throws(IndexError) -> Int64 {
        Int64(try meta("generation") ?? "0") ?? 0
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

    private static let passageColumns = """
        segment, local_id, document, kind, line_start, line_end, section, footnote, text, analysed_start, analysed_end, cells,
        page
        """

    private static func passage(_ statement: SQLiteStatement) -> CatalogPassage {
        let start = statement.int(at: 9)
        return CatalogPassage(
            segmentID: statement.int64(at: 0), localID: UInt32(truncatingIfNeeded: statement.int64(at: 1)),
            documentID: statement.int64(at: 2),
            kind: PassageKind(rawValue: statement.string(at: 3) ?? "") ?? .paragraph,
            lineStart: statement.int(at: 4), lineEnd: statement.int(at: 5),
            section: statement.string(at: 6), footnoteNumber: statement.isNull(at: 7) ? nil : statement.int(at: 7),
            text: statement.string(at: 8) ?? "",
            analysedRange: start..<max(start, statement.int(at: 10)),
            cellSeparatorsAreSpaces: statement.int(at: 11) != 0,
            page: statement.isNull(at: 12) ? nil : statement.int(at: 12))
    }

    /// The kinds of passages `localIDs` of segment `segmentID`; ids the catalog does not have are
    /// left out.
    func passageKinds(segment segmentID: Int64, localIDs: [UInt32]) throws(IndexError) -> [UInt32: PassageKind] {
        guard !localIDs.isEmpty else { return [:] }
        return try Catalog.catalogErrors {
            let placeholders = Array(repeating: "?", count: localIDs.count).joined(separator: ",")
            let statement = try database.prepare(
                "SELECT local_id, kind FROM passages WHERE segment = ? AND local_id IN (\(placeholders))")
            try statement.bind([.integer(segmentID)] + localIDs.map { .integer(Int64($0)) })
            var kinds: [UInt32: PassageKind] = [:]
            while try statement.step() {
                kinds[UInt32(truncatingIfNeeded: statement.int64(at: 0))] =
                    PassageKind(rawValue: statement.string(at: 1) ?? "") ?? .paragraph
            }
            return kinds
        }
    }

    /// The passage `localID` of segment `segmentID`.
    func passage(segment segmentID: Int64, localID: UInt32) throws(IndexError) -> CatalogPassage? {
        try Catalog.catalogErrors {
            let statement = try database.prepare("""
                SELECT \(Catalog.passageColumns) FROM passages WHERE segment = ? AND local_id = ?
                """)
            try statement.bind([.integer(segmentID), .integer(Int64(localID))])
            return try statement.step() ? Catalog.passage(statement) : nil
        }
    }

    /// The passages of document `documentID`, in file order.
    func passages(document documentID: Int64) throws(IndexError) -> [CatalogPassage] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("""
                SELECT \(Catalog.passageColumns) FROM passages WHERE document = ? ORDER BY local_id
                """)
            try statement.bind([.integer(documentID)])
            var passages: [CatalogPassage] = []
            while try statement.step() { passages.append(Catalog.passage(statement)) }
            return passages
        }
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
        var title = section.lowercased()
        title.removeAll { " \u{3000}#■◆●【】[]「」:：".contains($0) }
        return bibliographySections.contains(title)
    }

    /// The footnotes of document `documentID`, in file order.
    func footnotes(document documentID: Int64) throws(IndexError) -> [CatalogPassage] {
        try Catalog.catalogErrors {
            let statement = try database.prepare("""
                SELECT \(Catalog.passageColumns) FROM passages WHERE document = ? AND kind = 'footnote' ORDER BY line_start
                """)
            try statement.bind([.integer(documentID)])
            var passages: [CatalogPassage] = []
            while try statement.step() { passages.append(Catalog.passage(statement)) }
            return passages
        }
    }
}
