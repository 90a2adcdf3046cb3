import Foundation

/// A Sakuin index on disk: create or open it, add files or in-memory documents, search it.
///
/// ```swift
/// let index = try SearchIndex(directory: "index")
/// try index.add([InMemoryDocument(name: "memo", text: "停戦交渉は難航した。")])
/// let results = try index.search("停戦")
/// for hit in results.hits {
///     print("\(hit.document.path):\(hit.lineStart)-\(hit.lineEnd): \(hit.snippet.text)")
/// }
/// ```
///
/// An index object is not shared between threads; open one per task. Any number of processes
/// may search an index while one writes it: a search sees the last commit, never part of one.
/// (Only a writer killed between its commit and the commit stamp delays what an open index sees,
/// by at most a second: see `index/README.md`.)
/// Writing (``index(paths:progress:)``, ``add(_:)``, ``add(from:)``, ``remove(documents:)``) takes the index's
/// writer lock for the call; a second writer gets ``SakuinError/index(_:)`` naming the holder.
/// Writing onto an index with a damaged segment file is refused with ``SakuinError/index(_:)``
/// (`index damaged: FILE (what is wrong)`) before anything is written.
public final class SearchIndex {
    /// What to do when the directory holds no index.
    public enum OpenMode: Sendable {
        /// Create an empty index.
        case createIfMissing
        /// Fail with ``SakuinError/index(_:)``.
        case openExisting
    }

    /// The index directory, absolute.
    public var directory: String { layout.directory }
    /// The analyzer of the index.
    public let analyzer: Analyzer

    private let layout: IndexLayout
    let catalog: Catalog
    let textAnalyzer: TextAnalyzer
    private var snapshot: IndexSnapshot?
    /// The index's commit stamp, mapped once it exists.
    private var commitStamp: CommitStamp.Reader?
    /// When ``currentSnapshot()`` last read the generation from the catalog.
    private var catalogChecked: ContinuousClock.Instant?
    /// How long a search may trust the commit stamp alone: a stamp that lags the catalog (its
    /// writer was killed between the two) hides a commit from this index object for at most this
    /// long. Tests shorten or stretch it.
    var catalogCheckInterval: Duration = .seconds(1)

    /// Opens the index in `directory`, or creates it there.
    ///
    /// Fails if the index was built with another analyzer (its fingerprint differs) or by an
    /// incompatible version; the message suggests `sakuin index --rebuild`.
    public init(directory: String, mode: OpenMode = .createIfMissing, analyzer: Analyzer = Analyzer()) throws(SakuinError) {
        let layout = IndexLayout(directory: directory)
        self.layout = layout
        self.analyzer = analyzer
        do { textAnalyzer = try TextAnalyzer(analyzer) } catch { throw SakuinError.analysis(error) }
        if !layout.exists {
            guard mode == .createIfMissing else {
                throw SakuinError.index("no index at \(layout.directory); build one with `sakuin index PATH…`")
            }
            do { try FileSystem.createDirectory(layout.directory) } catch { throw SakuinError(error) }
        }
        do {
            catalog = try Catalog(path: layout.catalogPath, fingerprint: analyzer.fingerprint, create: mode == .createIfMissing)
        } catch { throw SakuinError(error) }
    }

    /// Whether `directory` holds an index.
    public static func exists(at directory: String) -> Bool { IndexLayout(directory: directory).exists }

    /// Deletes the index in `directory` (its catalog and segments; other files stay), taking the
    /// writer lock first. Returns the paths that were indexed, so they can be indexed again.
    @discardableResult
    public static func destroy(at directory: String) throws(SakuinError) -> [String] {
        let layout = IndexLayout(directory: directory)
        guard FileManager.default.fileExists(atPath: layout.directory) else { return [] }
        do {
            let lock = try WriterLock(path: layout.lockPath)
            defer { lock.release() }
            var roots: [String] = []
            if layout.exists, let database = try? SQLiteDatabase(path: layout.catalogPath, mode: .readOnly),
               let statement = try? database.prepare("SELECT path FROM roots ORDER BY path") {
                while (try? statement.step()) == true { roots.append(statement.string(at: 0) ?? "") }
            }
            for suffix in ["", "-wal", "-shm", "-journal"] { try FileSystem.remove(layout.catalogPath + suffix) }
            try FileSystem.remove(layout.stampPath)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.segmentsDirectory)) ?? []
            for name in names { try FileSystem.remove(layout.segmentPath(name)) }
            return roots
        } catch { throw SakuinError(error) }
    }

    // MARK: - Writing

    /// Indexes files and folders (recursively; `.txt` and `.md`) incrementally and commits:
    /// new files are added, changed ones replaced, unchanged ones skipped, and indexed files
    /// under these paths that are gone are removed. With no paths, the paths indexed before.
    ///
    /// Symbolic links are followed and each real file is indexed once; what is left out on
    /// purpose is listed in ``IndexingSummary/skippedEntries``. A file that cannot be read or a
    /// folder that cannot be listed is an ``IndexingSummary/Problem``, not an error: the other
    /// files are indexed and committed, and what was indexed from it before is kept. A file name
    /// that is not UTF-8 is indexed under a path with the bytes escaped as `\xFF`.
    public func index(paths: [String], progress: ((IndexingProgress) -> Void)? = nil) throws(SakuinError) -> IndexingSummary {
        var paths = paths
        if paths.isEmpty {
            do { paths = try catalog.roots() } catch { throw SakuinError(error) }
            guard !paths.isEmpty else { throw SakuinError.invalidRequest("no paths to index: give files or folders") }
        }
        let writer = try openWriter()
        defer { writer.close() }
        return try writer.index(paths: paths, progress: progress)
    }

    /// Adds in-memory documents (replacing those of the same name whose text changed) and commits.
    @discardableResult
    public func add(_ documents: [InMemoryDocument]) throws(SakuinError) -> IndexingSummary {
        let writer = try openWriter()
        defer { writer.close() }
        return try writer.add(documents)
    }

    /// Adds the in-memory documents `next` gives, one call at a time until it returns nil
    /// (replacing those of the same name whose text changed), and commits them together.
    ///
    /// For a source too large to hold in memory, such as a corpus read line by line: documents
    /// are taken a megabyte of text at a time and indexed as they come, so memory holds the
    /// documents being indexed and what each waits in for the commit (the places of its
    /// passages and its text, compressed), not the source. If `next` throws, nothing is
    /// committed and its error is thrown.
    ///
    /// ```swift
    /// var lines = corpus.makeIterator()
    /// try index.add { () throws(SakuinError) in
    ///     lines.next().map { InMemoryDocument(name: $0.id, text: $0.text) }
    /// }
    /// ```
    @discardableResult
    public func add(from next: () throws(SakuinError) -> InMemoryDocument?) throws(SakuinError) -> IndexingSummary {
        let writer = try openWriter()
        defer { writer.close() }
        return try writer.add(from: next)
    }

    /// Removes documents by name (file stem) or path, and commits.
    @discardableResult
    public func remove(documents references: [String]) throws(SakuinError) -> IndexingSummary {
        let writer = try openWriter()
        defer { writer.close() }
        return try writer.remove(references)
    }

    /// Takes the writer lock and checks the segments a commit would keep; a damaged one is
    /// refused as `index damaged: FILE (what is wrong)`, and nothing is written.
    private func openWriter() throws(SakuinError) -> IndexWriter {
        do {
            try catalog.usePageCache(.writing)
            return try IndexWriter(layout: layout, catalog: catalog, analyzer: textAnalyzer)
        } catch {
            if case .corruptSegment(let file, let detail) = error {
                throw SakuinError.index(IndexWriter.damagedIndexMessage(file: file, detail: detail))
            }
            throw SakuinError(error)
        }
    }

    // MARK: - Reading

    /// Searches the index. See the README for the query syntax.
    ///
    /// A query with nothing to search for (only punctuation, symbols or emoji) finds nothing:
    /// the results are empty, with ``SearchResults/hasSearchableTerms`` false. Syntax errors,
    /// a limit below 1 and a negative offset throw.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(SakuinError) -> SearchResults {
        // Hits without text need nothing of the catalog but their documents' names, cached per
        // commit: while the commit stamp says the snapshot in hand is the last commit, the query
        // is ranked without a catalog transaction, and one is opened only for names not cached.
        if !options.includesText, !options.includesNotes, let snapshot = unchangedSnapshot() {
            let searcher = Searcher(snapshot: snapshot, catalog: catalog, analyzer: textAnalyzer)
            let ranking = try searcher.rank(query, options: options)
            if catalog.cachesDocumentReferences(ranking.documentIDs, generation: snapshot.generation) {
                return try searcher.results(of: ranking)
            }
            let results = try read { () throws -> SearchResults? in
                guard try catalog.generation() == snapshot.generation else { return nil }
                return try searcher.results(of: ranking)
            }
            if let results { return results }
            // A commit came in between: ranked again below, over the new snapshot.
        }
        return try read { () throws -> SearchResults in
            try Searcher(snapshot: currentSnapshot(), catalog: catalog, analyzer: textAnalyzer).search(query, options: options)
        }
    }

    /// The number of commits the index has had; 0 for an index that was created but never written.
    public func commitCount() throws(SakuinError) -> Int64 {
        do { return try catalog.generation() } catch { throw SakuinError(error) }
    }

    /// Every document, by path.
    public func documents() throws(SakuinError) -> [DocumentInfo] {
        try read { () throws -> [DocumentInfo] in try catalog.documents().map(SearchIndex.info) }
    }

    /// A document, by name (file stem) or path, and its passages in file order.
    public func passages(of reference: String) throws(SakuinError) -> (document: DocumentInfo, passages: [PassageInfo]) {
        try read { () throws -> (DocumentInfo, [PassageInfo]) in
            let found = try catalog.documents(matching: reference)
            guard let document = found.first else {
                throw SakuinError.invalidRequest("no document named \"\(reference)\" in the index")
            }
            guard found.count == 1 else {
                throw SakuinError.invalidRequest(
                    "\"\(reference)\" names \(found.count) documents: "
                        + found.map(\.path).joined(separator: ", ") + "; give the path")
            }
            let passages = try catalog.passages(document: document.id).map {
                PassageInfo(kind: $0.kind, lineStart: $0.lineStart, lineEnd: $0.lineEnd, section: $0.section,
                            footnoteNumber: $0.footnoteNumber, text: $0.text)
            }
            return (SearchIndex.info(document), passages.sorted { $0.lineStart < $1.lineStart })
        }
    }

    /// Figures about the index.
    public func statistics() throws(SakuinError) -> IndexStatistics {
        try read { () throws -> IndexStatistics in
            let snapshot = try currentSnapshot()
            let documents = try catalog.documents()
            var catalogBytes: Int64 = 0
            for suffix in ["", "-wal"] {
                let attributes = try? FileManager.default.attributesOfItem(atPath: layout.catalogPath + suffix)
                catalogBytes += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            }
            return IndexStatistics(
                directory: layout.directory, documents: documents.count, passages: snapshot.passageCount,
                deletedPassages: snapshot.segments.reduce(0) { $0 + $1.deletions.count },
                segments: snapshot.segments.count,
                terms: snapshot.segments.reduce(0) { $0 + $1.reader.termCount },
                segmentBytes: snapshot.segments.reduce(0) { $0 + Int64($1.reader.fileSize) },
                catalogBytes: catalogBytes, sourceBytes: documents.reduce(0) { $0 + $1.size },
                generation: snapshot.generation, analyzerFingerprint: analyzer.fingerprint)
        }
    }

    /// The snapshot of the last commit, reloaded when a commit happened since. Call inside `read`.
    func currentSnapshot() throws -> IndexSnapshot {
        let generation = try catalog.generation()
        catalogChecked = ContinuousClock.now
        // Mapped again when it disagrees with the catalog: an index first written after it was
        // opened has a stamp only from then on, and a stamp that could not be written was
        // removed (the mapping in hand would say its last value forever).
        if commitStamp?.generation != generation { commitStamp = CommitStamp.Reader(path: layout.stampPath) }
        if let snapshot, snapshot.generation == generation { return snapshot }
        let loaded = try IndexSnapshot.load(catalog: catalog, layout: layout)
        snapshot = loaded
        return loaded
    }

    /// The snapshot in hand, if it is still the last commit as far as can be told without the
    /// catalog: the commit stamp says its generation, and the catalog itself was asked less than
    /// ``catalogCheckInterval`` ago.
    private func unchangedSnapshot() -> IndexSnapshot? {
        guard let snapshot, let catalogChecked, let commitStamp,
              commitStamp.generation == snapshot.generation,
              ContinuousClock.now - catalogChecked < catalogCheckInterval else { return nil }
        return snapshot
    }

    /// Runs `body` in one catalog read transaction, retrying when a writer removed a segment
    /// file between reading the manifest and opening it.
    func read<T>(_ body: () throws -> T) throws(SakuinError) -> T {
        var attempts = 0
        while true {
            do {
                try catalog.usePageCache(.reading)
                return try catalog.snapshot(body)
            } catch IndexError.notFound(let path) where attempts < 5 {
                _ = path
                attempts += 1
                snapshot = nil
            } catch let error as SakuinError {
                throw error
            } catch let error as IndexError {
                throw SakuinError(error)
            } catch {
                throw SakuinError.index("\(error)")
            }
        }
    }

    private static func info(_ document: CatalogDocument) -> DocumentInfo {
        DocumentInfo(name: document.name, path: document.path, title: document.title,
                     contentHash: document.contentHash, size: document.size, passageCount: document.passageCount)
    }
}
