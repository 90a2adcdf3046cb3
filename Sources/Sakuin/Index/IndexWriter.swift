import Foundation

/// Adds, replaces and removes documents in an index, and commits the result atomically.
///
/// Holds the index's writer lock for its whole life. A commit writes each new segment under a
/// temporary name, syncs it, renames it into place and syncs the directory; only then does one
/// catalog transaction list the new segments, mark replaced and removed documents' passages as
/// tombstones and record the new documents. (A commit's merges are written while that
/// transaction takes the documents' rows; it lists the merged files, and commits, once they and
/// the directory are synced.) A crash before that transaction commits leaves orphan files,
/// removed when the next writer starts; a crash after it leaves a complete commit.
///
/// A writer refuses to start on an index whose segments are damaged: a commit would carry the
/// damage into a new state that looks sound, and the user could no longer tell which files to
/// trust. Each listed segment's size, header, footer and CRC-32 are checked first (the check
/// reads every byte once: on the seed index, one 0.8 MB segment, it adds 0.7–0.9 ms to a run
/// of a release build); the user is told the file and what is wrong, and pointed to
/// `sakuin check` and `sakuin index --rebuild`.
final class IndexWriter {
    /// Bytes the segment being built may hold before it is written out. Writing takes about
    /// half as much again (grouping the postings by term holds their ids and counts twice), and
    /// the documents of a commit wait in memory for the catalog (their passages' places and
    /// compressed texts), so this bounds most but not all of a writer's memory: indexing 32 MB
    /// of Japanese text (10,676 documents) in one commit peaks near 210 MB resident, and four
    /// times that text in four commits near 235 MB. A commit's flushes are merged before it is
    /// committed (see ``mergedSegmentLimit``), so queries visit one segment where they would
    /// visit several.
    static let memoryBudget = 40 << 20

    /// Segment files of one commit are merged while together they hold at most this many
    /// bytes, and committed segments are merged at most this many bytes at a time. A merge
    /// streams its file to disk and lets go of its inputs' pages as it reads them, so its memory
    /// is its dictionary and passage tables, not its postings (a 61 MB merge adds about 30 MB);
    /// what this bounds is the work of one commit: at 64 MB, the corpus four times over ends in
    /// five segments instead of eight, and queries take about a fifth less, but indexing takes
    /// 14% longer, its two largest merges rewriting 122 MB.
    /// A segment file takes about as many bytes as the text it indexes (the benchmark corpus:
    /// 30 MB of documents, 29 MB of segments), a sixth of the builder's arrays.
    static let mergedSegmentLimit: Int64 = 32 << 20

    private let memoryBudget: Int
    private let mergedSegmentLimit: Int64
    private let mergePolicy: MergePolicy

    private let layout: IndexLayout
    private let catalog: Catalog
    private let lock: WriterLock

    private let preparer: DocumentPreparer
    private var builder = SegmentBuilder()
    /// Documents waiting to be prepared together (see ``enqueue(_:)``).
    private var queue: [DocumentInput] = []
    private var queuedBytes = 0
    /// The previous queue, being prepared in the background while the writer adds the one before.
    private var inFlight: DocumentPreparer.Preparation?
    private var pendingDocuments: [CatalogCommit.NewDocument] = []
    private var commit = CatalogCommit()
    private var nextDocumentID: Int64 = 1
    private var nextSegmentID: Int64 = 1
    private var writtenFiles: [String] = []

    /// A writer that flushes a segment whenever the one being built holds more than
    /// `memoryBudget` bytes, merges the segments of a commit while together they hold at most
    /// `mergedSegmentLimit` bytes (0: never), and merges committed segments as `mergePolicy`
    /// says (nil: the policy of ``mergedSegmentLimit``).
    init(layout: IndexLayout, catalog: Catalog, analyzer: TextAnalyzer,
         memoryBudget: Int = IndexWriter.memoryBudget,
         mergedSegmentLimit: Int64 = IndexWriter.mergedSegmentLimit,
         mergePolicy: MergePolicy? = nil) throws(IndexError) {
        self.memoryBudget = memoryBudget
        self.mergedSegmentLimit = mergedSegmentLimit
        self.mergePolicy = mergePolicy ?? MergePolicy(sizeLimit: mergedSegmentLimit)
        self.layout = layout
        self.catalog = catalog
        self.preparer = DocumentPreparer(analyzer: analyzer)
        self.lock = try WriterLock(path: layout.lockPath)
        do { try verifySegments() } catch {
            lock.release()
            throw error
        }
        try FileSystem.createDirectory(layout.segmentsDirectory)
        try removeOrphans()
        (nextDocumentID, nextSegmentID) = try catalog.nextIDs()
        // A writer killed between its commit and the stamp left the stamp behind: set it right.
        updateCommitStamp()
    }

    /// Makes the commit stamp say the catalog's generation (``CommitStamp``); a stamp that cannot
    /// be made right is removed, or failing that left for readers' periodic checks.
    private func updateCommitStamp() {
        guard let generation = try? catalog.generation() else {
            try? FileSystem.remove(layout.stampPath)
            return
        }
        CommitStamp.update(at: layout.stampPath, to: generation)
    }

    /// Checks that every segment the catalog lists is whole: present, of the recorded size, with
    /// a sound header and footer, the recorded checksum, and contents that give it.
    ///
    /// - Throws: `IndexError.corruptSegment` naming the first damaged file and what is wrong with
    ///   it, in the words `sakuin check` uses; see ``damagedIndexMessage(file:detail:)``.
    private func verifySegments() throws(IndexError) {
        for segment in try catalog.segments() {
            guard !segment.file.isEmpty, !segment.file.contains("/"), segment.file != ".", segment.file != ".." else {
                throw .corruptSegment(path: layout.catalogPath,
                                      detail: "segment \(segment.id) names the file \"\(segment.file)\", which is not a file name")
            }
            let path = layout.segmentPath(segment.file)
            func damaged(_ detail: String) -> IndexError { .corruptSegment(path: path, detail: detail) }
            let attributes: [FileAttributeKey: Any]
            do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
                throw damaged("the catalog lists this segment, but the file does not exist")
            }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            guard size == segment.size else { throw damaged("the file is \(size) bytes, but the catalog records \(segment.size)") }
            let reader: SegmentReader
            do { reader = try SegmentReader(path: path) } catch {
                if case .corruptSegment(_, let detail) = error { throw damaged(detail) }
                throw error
            }
            try reader.verifyChecksum()
            // The file is whole: a disagreement now is with the catalog's record of it.
            guard reader.checksum == segment.checksum else {
                throw damaged("the catalog records checksum \(Self.hex(segment.checksum)), but the file has \(Self.hex(reader.checksum))")
            }
            guard reader.passageCount == segment.passageCount, reader.documentCount == segment.documentCount else {
                throw damaged("the catalog records \(segment.passageCount) passages and \(segment.documentCount) documents, "
                              + "but the file holds \(reader.passageCount) and \(reader.documentCount)")
            }
        }
    }

    /// `0x1A2B3C4D`.
    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// The message for a writer refused by ``verifySegments()``: `index damaged: FILE (what is
    /// wrong)`, and what to do about it.
    static func damagedIndexMessage(file: String, detail: String) -> String {
        "index damaged: \(file) (\(detail)); `sakuin check` lists what is wrong, "
            + "and `sakuin index --rebuild` builds the index again from its files"
    }

    /// Removes files in `segments/` that the catalog does not list: leftovers of a commit that
    /// did not reach its catalog transaction.
    private func removeOrphans() throws(IndexError) {
        let listed = Set(try catalog.segments().map(\.file))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.segmentsDirectory)) ?? []
        for name in names where !listed.contains(name) {
            try FileSystem.remove(layout.segmentPath(name))
        }
    }

    // MARK: - Files

    /// Indexes `paths` (files and folders) incrementally: new files are added, changed ones
    /// replaced, unchanged ones (same content hash) left alone, and indexed files under these
    /// paths that no longer exist removed. Commits once at the end.
    func index(paths: [String], progress: ((IndexingProgress) -> Void)? = nil) throws(SakuinError) -> IndexingSummary {
        let roots = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        // Document paths are escaped (see `PathName`): roots are compared in the same form.
        let escapedRoots = roots.map { PathName.escaped(Array($0.utf8)) }
        let collected: CollectedSources
        do { collected = try SourceCollector.collect(roots) } catch { throw SakuinError.input(error) }

        var summary = IndexingSummary()
        summary.skippedEntries = collected.skipped
        summary.problems = collected.unreadable.map { .init(path: $0.path, message: $0.description) }
        let existing = try documentsByPath()

        var seen = Set<String>()
        for (number, file) in collected.files.enumerated() {
            progress?(IndexingProgress(completed: number, total: collected.files.count, path: file.path))
            seen.insert(file.path)
            let source: LoadedSource
            do { source = try SourceReader.load(file) } catch {
                summary.problems.append(.init(path: file.path, message: error.description))
                continue
            }
            let sidecar = DocumentSidecarState(documentPath: file.path)
            if let problem = sidecar.problem { summary.problems.append(problem) }
            let previous = existing[file.path]
            if let previous, previous.contentHash == source.contentHash, previous.metadataHash == sidecar.hash {
                summary.unchanged += 1
                continue
            }
            if let previous { commit.deletedDocuments.append(previous) }
            summary.passages += try enqueue(DocumentInput(
                path: file.path, name: Self.stem(of: file.path), text: source.text,
                contentHash: source.contentHash, size: file.size, modificationTime: file.modificationTime,
                metadata: sidecar.metadata, metadataHash: sidecar.hash))
            if previous == nil { summary.added += 1 } else { summary.updated += 1 }
        }
        summary.passages += try prepareQueue()
        progress?(IndexingProgress(completed: collected.files.count, total: collected.files.count, path: ""))

        // A document under a folder that could not be listed is kept, as one whose file could not
        // be read is: neither is known to be gone.
        for (path, document) in existing where !seen.contains(path)
            && escapedRoots.contains(where: { PathName.path(path, isInside: $0) })
            && !collected.unreadable.contains(where: { PathName.path(path, isInside: $0.path) }) {
            commit.deletedDocuments.append(document)
            summary.removed += 1
        }
        do {
            let known = Set(try catalog.roots())
            commit.roots = roots.filter { !known.contains($0) }
        } catch { throw SakuinError(error) }
        summary.segments = try finish()
        return summary
    }

    /// Adds in-memory documents, replacing those of the same name whose text changed.
    func add(_ documents: [InMemoryDocument]) throws(SakuinError) -> IndexingSummary {
        var remaining = documents.makeIterator()
        return try add { () throws(SakuinError) in remaining.next() }
    }

    /// Adds the in-memory documents `next` gives until it gives nil, replacing those of the same
    /// name whose text changed, and commits them together. They are taken a megabyte of text at
    /// a time (hashed on every core, looked up in the catalog, queued), so that a source of any
    /// size streams through. If `next` throws, nothing is committed.
    func add(from next: () throws(SakuinError) -> InMemoryDocument?) throws(SakuinError) -> IndexingSummary {
        var summary = IndexingSummary()
        var seen = Set<String>()
        var chunk: [InMemoryDocument] = []
        var chunkBytes = 0
        while let document = try next() {
            chunkBytes += document.text.utf8.count
            chunk.append(document)
            guard chunkBytes >= Self.queueBytes else { continue }
            try add(chunk, to: &summary, seen: &seen)
            chunk.removeAll(keepingCapacity: true)
            chunkBytes = 0
        }
        try add(chunk, to: &summary, seen: &seen)
        summary.passages += try prepareQueue()
        summary.segments = try finish()
        return summary
    }

    /// Queues `documents` (those that are new or changed), counting them in `summary`; `seen`
    /// holds the names queued before, which none may repeat.
    private func add(_ documents: [InMemoryDocument], to summary: inout IndexingSummary,
                     seen: inout Set<String>) throws(SakuinError) {
        guard !documents.isEmpty else { return }
        let existing: [String: CatalogDocument]
        do { existing = try catalog.documents(atPaths: documents.map(\.name)) } catch { throw SakuinError(error) }
        // Each text's and metadata's hash, on every core: hashing was about 7% of the writer's
        // serial work on a batch of new documents.
        let hashing = OrderedParallelWork(inputs: documents) { _, document in
            (text: ContentHash.sha256Hex(Array(document.text.utf8)),
             metadata: document.metadata.map { ContentHash.sha256Hex(Array(IndexWriter.json($0).utf8)) } ?? "")
        }
        hashing.runAll(workers: preparer.workerCount)
        let hashes = hashing.results()
        for (document, hashed) in zip(documents, hashes) {
            guard !document.name.isEmpty, !document.name.hasPrefix("/") else {
                throw SakuinError.invalidRequest(
                    "an in-memory document needs a name that is not empty and does not start with '/': \"\(document.name)\"")
            }
            guard seen.insert(document.name).inserted else {
                throw SakuinError.invalidRequest("two in-memory documents are named \"\(document.name)\"")
            }
            let (hash, metadataHash) = hashed
            let previous = existing[document.name]
            if let previous, previous.contentHash == hash, previous.metadataHash == metadataHash {
                summary.unchanged += 1
                continue
            }
            if let previous { commit.deletedDocuments.append(previous) }
            summary.passages += try enqueue(DocumentInput(
                path: document.name, name: document.name, text: document.text,
                contentHash: hash, size: Int64(document.text.utf8.count), modificationTime: Int64(Date().timeIntervalSince1970),
                metadata: document.metadata, metadataHash: metadataHash))
            if previous == nil { summary.added += 1 } else { summary.updated += 1 }
        }
    }

    /// Removes the documents with these names or paths. Unknown ones are reported.
    func remove(_ references: [String]) throws(SakuinError) -> IndexingSummary {
        var summary = IndexingSummary()
        for reference in references {
            let documents: [CatalogDocument]
            do { documents = try catalog.documents(matching: reference) } catch { throw SakuinError(error) }
            guard !documents.isEmpty else { throw SakuinError.invalidRequest("no document named \"\(reference)\" in the index") }
            commit.deletedDocuments.append(contentsOf: documents)
            summary.removed += documents.count
        }
        summary.segments = try finish()
        return summary
    }

    /// The indexed documents, by path (unique in the catalog).
    private func documentsByPath() throws(SakuinError) -> [String: CatalogDocument] {
        do {
            return Dictionary(try catalog.documents().map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        } catch { throw SakuinError(error) }
    }

    // MARK: - Building

    /// Text queued before the queue is prepared: enough documents to keep every worker busy,
    /// few enough that the queued texts and their analyses stay small next to the memory budget.
    static let queueBytes = 1 << 20

    /// Queues `input` to be added; prepares and adds the queue once it holds ``queueBytes`` of
    /// text. Returns the number of passages added now.
    private func enqueue(_ input: DocumentInput) throws(SakuinError) -> Int {
        queuedBytes += input.text.utf8.count
        queue.append(input)
        guard queuedBytes >= Self.queueBytes else { return 0 }
        // Hand this queue to the workers, then add the one they prepared before it: the two
        // overlap, and documents still reach the builder in the order they were queued.
        // The workers' analyzers serve one batch at a time: wait for the previous one first.
        let previous = inFlight?.wait() ?? []
        inFlight = preparer.start(queue)
        queue = []
        queuedBytes = 0
        return try append(previous)
    }

    /// Prepares and adds everything queued: the batch in flight, then the rest of the queue, so
    /// ids come out as if each document had been added alone. Returns the number of passages added.
    private func prepareQueue() throws(SakuinError) -> Int {
        let previous = inFlight
        inFlight = nil
        var passages = try append(previous?.wait() ?? [])
        let rest = preparer.prepare(queue)
        queue = []
        queuedBytes = 0
        passages += try append(rest)
        return passages
    }

    /// Adds prepared documents in order; returns the number of passages added.
    private func append(_ prepared: [PreparedDocument]) throws(SakuinError) -> Int {
        var passages = 0
        for document in prepared { passages += try append(document) }
        return passages
    }

    /// Adds one prepared document to the segment being built; returns its passage count.
    private func append(_ prepared: PreparedDocument) throws(SakuinError) -> Int {
        let input = prepared.input
        let documentID = nextDocumentID
        nextDocumentID += 1
        let ordinal = builder.addDocument(catalogID: documentID, titleTerms: prepared.titleTerms)
        var passages: [CatalogPassage] = []
        passages.reserveCapacity(prepared.passages.count)
        var firstPassage: UInt32?
        for passage in prepared.passages {
            let localID = builder.addPassage(length: passage.length, terms: passage.terms,
                                             location: passage.record.location)
            if firstPassage == nil { firstPassage = localID }
            var record = passage.record
            record.segmentID = nextSegmentID
            record.localID = localID
            record.documentID = documentID
            passages.append(record)
        }
        let document = CatalogDocument(
            id: documentID, path: input.path, name: input.name, contentHash: input.contentHash, size: input.size,
            modificationTime: input.modificationTime, title: prepared.title, segmentID: nextSegmentID, ordinal: ordinal,
            firstPassage: firstPassage ?? UInt32(builder.passageCount), passageCount: passages.count,
            metadata: prepared.metadataJSON, metadataHash: input.metadataHash)
        pendingDocuments.append(.init(document: document, passages: passages, storedText: prepared.storedText))
        if builder.estimatedMemory > memoryBudget {
            do { try flushSegment() } catch { throw SakuinError(error) }
        }
        return passages.count
    }

    /// Writes a segment file the way every new one is written: under `FILE.tmp` (a stale one
    /// removed first) by `write`, which fsyncs it, then renamed to `segments/FILE`. Both names
    /// are remembered in turn, so that a failed commit can remove what it wrote.
    private func writeSegmentFile<Written>(
        _ file: String, _ write: (String) throws(IndexError) -> Written
    ) throws(IndexError) -> Written {
        try Self.writeSegmentFile(at: layout.segmentPath(file), remembering: &writtenFiles, write)
    }

    /// ``writeSegmentFile(_:_:)`` to the segment file at `path`, its names remembered in `files`;
    /// also for merges written on another thread (``BackgroundMerges``).
    static func writeSegmentFile<Written>(
        at path: String, remembering files: inout [String], _ write: (String) throws(IndexError) -> Written
    ) throws(IndexError) -> Written {
        let temporary = path + ".tmp"
        try FileSystem.remove(temporary)
        files.append(temporary)
        let written = try write(temporary)
        try FileSystem.rename(temporary, to: path)
        files[files.count - 1] = path
        return written
    }

    /// Writes the segment being built (if it has any document) and starts a new one.
    private func flushSegment() throws(IndexError) {
        guard builder.documentCount > 0 else { return }
        let id = nextSegmentID
        let file = "seg-\(id).skn"
        let passageCount = builder.passageCount, documentCount = builder.documentCount
        // The builder is handed over whole (nothing else holds its arrays), so that writing can
        // release its postings before it assembles the file.
        var finished: SegmentBuilder? = builder
        builder = SegmentBuilder()
        let written = try writeSegmentFile(file) { temporary throws(IndexError) in
            try (finished.take() ?? SegmentBuilder()).write(to: temporary)
        }
        let segment = CatalogSegment(
            id: id, file: file, size: written.size, checksum: written.checksum,
            passageCount: passageCount, documentCount: documentCount,
            deletions: DeletionSet(passageCount: passageCount))
        commit.segments.append((segment, pendingDocuments))
        pendingDocuments = []
        nextSegmentID += 1
    }

    /// The merges a commit writes beside its catalog rows (``BackgroundMerges``), and what the
    /// writer does with them once they are written.
    private struct CommitMerges {
        var tasks: [BackgroundMerges.Task] = []
        /// For each merge of flushed segments, in task order: where its manifest entry is in
        /// ``CatalogCommit/segments``.
        var newSegments: [Int] = []
        /// The merge of committed segments, the last task if there is one: its inputs, and the
        /// merged segment's id and file.
        var committed: (inputs: [CatalogSegment], id: Int64, file: String)?
        /// The flushed files merged away, removed once the merges are written.
        var mergedAway: [String] = []
    }

    /// Plans the merge of the segments this commit flushed into as few as the merged size limit
    /// allows, before the catalog lists any of them: their documents' rows are still in memory,
    /// so renumbering them costs nothing, and queries visit one segment where they would have
    /// visited several. The documents are renumbered into the merged segments here; the
    /// merged files' sizes and checksums are known once ``BackgroundMerges`` has written them.
    /// The flushed files are removed once the merged ones are in place; a crash in between
    /// leaves files the catalog does not list, which the next writer removes.
    private func planNewSegmentMerges(into merges: inout CommitMerges) throws(IndexError) {
        guard commit.segments.count > 1 else { return }
        var groups: [[Int]] = []
        var groupSize: Int64 = 0
        for (index, entry) in commit.segments.enumerated() {
            if let last = groups.last, !last.isEmpty, groupSize + entry.segment.size <= mergedSegmentLimit {
                groups[groups.count - 1].append(index)
                groupSize += entry.segment.size
            } else {
                groups.append([index])
                groupSize = entry.segment.size
            }
        }
        guard groups.contains(where: { $0.count > 1 }) else { return }
        var planned: [(segment: CatalogSegment, documents: [CatalogCommit.NewDocument])] = []
        for group in groups {
            guard group.count > 1 else {
                planned.append(commit.segments[group[0]])
                continue
            }
            let parts = group.map { commit.segments[$0] }
            let readers = try parts.map { part throws(IndexError) in
                try SegmentReader(path: layout.segmentPath(part.segment.file))
            }
            let id = nextSegmentID
            nextSegmentID += 1
            let file = "seg-\(id).skn"
            merges.tasks.append(BackgroundMerges.Task(
                merger: SegmentMerger(inputs: readers.map {
                    SegmentMerger.Input(reader: $0, liveDocuments: Array(0..<UInt32($0.documentCount)))
                }),
                path: layout.segmentPath(file)))
            merges.newSegments.append(planned.count)
            // Nothing is deleted in a new segment, so each part's ids move up by the counts of
            // the parts before it, and the merged segment holds them all.
            var documents: [CatalogCommit.NewDocument] = []
            var passageBase: UInt32 = 0
            var documentBase: UInt32 = 0
            for part in parts {
                for var new in part.documents {
                    new.document.segmentID = id
                    new.document.ordinal += documentBase
                    new.document.firstPassage += passageBase
                    for index in new.passages.indices {
                        new.passages[index].segmentID = id
                        new.passages[index].localID += passageBase
                    }
                    documents.append(new)
                }
                passageBase += UInt32(part.segment.passageCount)
                documentBase += UInt32(part.segment.documentCount)
                merges.mergedAway.append(layout.segmentPath(part.segment.file))
            }
            // Its size and checksum are filled in once it is written.
            let merged = CatalogSegment(id: id, file: file, size: 0, checksum: 0, passageCount: Int(passageBase),
                                        documentCount: Int(documentBase), deletions: DeletionSet(passageCount: Int(passageBase)))
            planned.append((merged, documents))
        }
        commit.segments = planned
    }

    /// Plans the merge of the committed segments the policy picks (at most one merge a commit),
    /// leaving out the documents this commit deletes. The merged file is written before the
    /// catalog transaction commits, which then lists it in place of its inputs
    /// (``CatalogMerge``); the inputs' files are removed after it. A crash before the
    /// transaction commits leaves a file no catalog lists, which the next writer removes;
    /// readers of the last commit still read the inputs.
    private func planCommittedMerge(into merges: inout CommitMerges) throws(IndexError) {
        guard let inputs = mergePolicy.selection(from: try catalog.segments()) else { return }
        let deleted = Set(commit.deletedDocuments.map(\.id))
        var live: [Int64: [UInt32]] = [:]
        for document in try catalog.documents(inSegments: inputs.map(\.id)) where !deleted.contains(document.id) {
            live[document.segmentID, default: []].append(document.ordinal)
        }
        // Nothing left to merge: this commit's deletions empty the inputs, which it then drops.
        guard !live.isEmpty else { return }
        let mergerInputs = try inputs.map { segment throws(IndexError) in
            SegmentMerger.Input(reader: try SegmentReader(path: layout.segmentPath(segment.file)),
                                liveDocuments: live[segment.id] ?? [])
        }
        let id = nextSegmentID
        nextSegmentID += 1
        let file = "seg-\(id).skn"
        merges.tasks.append(BackgroundMerges.Task(merger: SegmentMerger(inputs: mergerInputs), path: layout.segmentPath(file)))
        merges.committed = (inputs, id, file)
    }

    /// What `merges` wrote (`outcome`), as the catalog lists it: the commit's segments with the
    /// merged files' sizes and checksums, and the merge of committed segments. Removes the
    /// flushed files merged away.
    private func writtenSegments(_ merges: CommitMerges, _ outcome: BackgroundMerges.Outcome)
        throws(IndexError) -> CatalogCommit.WrittenSegments {
        let results = try outcome.results.get()
        guard results.count == merges.tasks.count else {
            throw IndexError.catalog("the commit's merges wrote \(results.count) of \(merges.tasks.count) segments")
        }
        var segments = commit.segments.map(\.segment)
        // The merges of flushed segments come first, in task order.
        for (position, result) in zip(merges.newSegments, results) {
            guard result.passageCount == segments[position].passageCount,
                  result.documentCount == segments[position].documentCount else {
                throw IndexError.corruptSegment(
                    path: layout.segmentPath(segments[position].file),
                    detail: "the merge holds \(result.documentCount) documents and \(result.passageCount) passages, "
                        + "not the \(segments[position].documentCount) and \(segments[position].passageCount) of its parts")
            }
            segments[position].size = result.file.size
            segments[position].checksum = result.file.checksum
        }
        var merge: CatalogMerge?
        if let committed = merges.committed, let result = results.last {
            let merged = CatalogSegment(id: committed.id, file: committed.file, size: result.file.size,
                                        checksum: result.file.checksum, passageCount: result.passageCount,
                                        documentCount: result.documentCount,
                                        deletions: DeletionSet(passageCount: result.passageCount))
            merge = CatalogMerge(inputs: committed.inputs, merged: merged, documentMaps: result.documentMaps,
                                 firstPassages: result.firstPassages)
        }
        // No catalog lists the flushed files: one that cannot be removed is only an orphan,
        // which the next writer removes.
        for path in merges.mergedAway {
            try? FileSystem.remove(path)
            writtenFiles.removeAll { $0 == path }
        }
        return CatalogCommit.WrittenSegments(segments: segments, merge: merge)
    }

    /// Writes the last segment, plans the commit's merges, and commits the catalog transaction
    /// while they are written; syncs the directory before the transaction commits. Returns the
    /// number of segments written.
    private func finish() throws(SakuinError) -> Int {
        do throws(IndexError) {
            try flushSegment()
            var merges = CommitMerges()
            try planNewSegmentMerges(into: &merges)
            guard !commit.isEmpty else { return 0 }
            try planCommittedMerge(into: &merges)
            let written = commit.segments.count + (merges.committed == nil ? 0 : 1)
            let running = merges.tasks.isEmpty ? nil : BackgroundMerges(merges.tasks)
            var collected = false
            // Once the merges end, the files they wrote are the commit's to remove if it fails.
            func collect(_ running: BackgroundMerges) -> BackgroundMerges.Outcome {
                let outcome = running.wait()
                if !collected { writtenFiles += outcome.files }
                collected = true
                return outcome
            }
            // A directory that could not be synced may or may not list the renamed files: they
            // are left for the next writer, which removes what no catalog lists.
            var directorySyncFailed = false
            func syncDirectory() throws(IndexError) {
                do { try FileSystem.syncDirectory(layout.segmentsDirectory) } catch {
                    directorySyncFailed = true
                    throw error
                }
            }
            let emptied: [String]
            do {
                if let running {
                    emptied = try catalog.apply(commit) { () throws(IndexError) -> CatalogCommit.WrittenSegments? in
                        let segments = try self.writtenSegments(merges, collect(running))
                        try syncDirectory()
                        return segments
                    }
                } else {
                    try syncDirectory()
                    emptied = try catalog.apply(commit)
                }
            } catch {
                if let running { _ = collect(running) }
                if !directorySyncFailed {
                    for file in writtenFiles { try? FileSystem.remove(file) }
                }
                writtenFiles = []
                commit = CatalogCommit()
                throw error
            }
            writtenFiles = []
            commit = CatalogCommit()
            // The commit is durable now: readers learn of it from the stamp. A file that cannot be
            // removed is only an orphan, which the next writer removes. Throwing here would report
            // a commit that happened as failed.
            updateCommitStamp()
            for file in emptied { try? FileSystem.remove(layout.segmentPath(file)) }
            return written
        } catch { throw SakuinError(error) }
    }

    /// Waits for documents still being prepared in the background, then releases the writer
    /// lock. A writer stopped by an error leaves its last batch in flight; its workers use
    /// analyzers that are not thread-safe, the index's own among them, which the next writer
    /// uses too.
    func close() {
        _ = inFlight?.wait()
        inFlight = nil
        lock.release()
    }

    // MARK: - Paths

    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

extension IndexWriter {
    /// `metadata` as the catalog stores it: JSON with sorted keys, so equal metadata gives equal
    /// text (and an in-memory document's metadata hash is stable).
    static func json(_ metadata: DocumentMetadata) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(metadata) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A document file's sidecar as the writer sees it: its metadata when it is valid, the hash of
/// its bytes (empty when there is none) and the problem to report when it is not valid.
///
/// A sidecar that cannot be read or parsed does not keep its document out of the index: the
/// document is indexed with metadata extracted from its text, and the problem is reported on
/// every run until the sidecar is fixed.
struct DocumentSidecarState {
    var metadata: DocumentMetadata?
    var hash: String
    var problem: IndexingSummary.Problem?

    /// What happens to the document of a bad sidecar, as the problem message says it.
    static let fallback = "its document is indexed with metadata taken from its text"

    init(documentPath: String) {
        let path = MetadataSidecar.path(forDocumentAt: documentPath)
        let bytes: [UInt8]
        // Read by the path's bytes, like its document: the sidecar of `\xFF.txt` is `\xFF.meta.json`.
        do { bytes = try SourceReader.readBytes(atPath: path) } catch {
            hash = ""
            if case .missingPath = error { return }
            problem = IndexingSummary.Problem(
                path: path, message: "\(path): cannot read the metadata sidecar; \(DocumentSidecarState.fallback)")
            return
        }
        hash = ContentHash.sha256Hex(bytes)
        do {
            metadata = try MetadataSidecar.parse(bytes, path: path)
        } catch {
            problem = IndexingSummary.Problem(path: path, message: "\(error.description); \(DocumentSidecarState.fallback)")
        }
    }
}
