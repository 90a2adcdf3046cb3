import Foundation
import Testing
@testable import Sakuin

/// The seed papers, prepared for a segment, in file order.
private func preparedSeeds() throws -> [PreparedDocument] {
    let inputs = try CommandFixtures.seedFiles().filter { $0.hasSuffix(".txt") }.map { path in
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return DocumentInput(path: path, name: IndexWriter.stem(of: path), text: text, contentHash: "",
                             size: Int64(text.utf8.count), modificationTime: 0, metadata: nil, metadataHash: "")
    }
    return DocumentPreparer(analyzer: try TextAnalyzer(Analyzer()), workerCount: 1).prepare(inputs)
}

/// A segment of `documents` (catalog id and prepared document, in order), written under `folder`.
private func writeSegment(_ documents: [(Int64, PreparedDocument)], named name: String, in folder: String) throws -> String {
    var builder = SegmentBuilder()
    for (catalogID, document) in documents {
        _ = builder.addDocument(catalogID: catalogID, titleTerms: document.titleTerms)
        for passage in document.passages {
            _ = builder.addPassage(length: passage.length, terms: passage.terms, location: passage.record.location)
        }
    }
    let path = folder + "/" + name
    _ = try builder.write(to: path)
    return path
}

private func bytes(of path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

/// The seed papers prepared, and two segments of them written under `folder`: `a.skn` with the
/// first three (catalog ids 1–3), `b.skn` with the last two (ids 4 and 5).
private func seedSegments(in folder: String) throws -> (seeds: [PreparedDocument], first: SegmentReader, second: SegmentReader) {
    let seeds = try preparedSeeds()
    let first = try SegmentReader(path: try writeSegment([(1, seeds[0]), (2, seeds[1]), (3, seeds[2])],
                                                         named: "a.skn", in: folder))
    let second = try SegmentReader(path: try writeSegment([(4, seeds[3]), (5, seeds[4])], named: "b.skn", in: folder))
    return (seeds, first, second)
}

private func temporaryFolder(_ label: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-\(label)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct SegmentMergeTests {
    @Test("a merge keeping some documents writes exactly the segment those documents build")
    func mergeMatchesBuild() throws {
        let folder = try temporaryFolder("merge")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (seeds, first, second) = try seedSegments(in: folder)
        #expect(seeds.count == 5)

        // Enough terms for the merge to run in two key ranges on two threads.
        #expect(try SegmentMerger.splitKey(of: [first, second]) != nil)
        // Documents 2 and 4 were deleted: their passages and the terms only they hold go.
        let merger = SegmentMerger(inputs: [.init(reader: first, liveDocuments: [0, 2]),
                                            .init(reader: second, liveDocuments: [1])])
        let result = try merger.write(to: folder + "/merged.skn")
        let expected = try writeSegment([(1, seeds[0]), (3, seeds[2]), (5, seeds[4])], named: "expected.skn", in: folder)
        #expect(try bytes(of: folder + "/merged.skn") == (try bytes(of: expected)))
        #expect(result.file.size == Int64(try bytes(of: expected).count))

        let kept = [seeds[0], seeds[2], seeds[4]].map(\.passages.count)
        #expect(result.passageCount == kept.reduce(0, +))
        #expect(result.documentCount == 3)
        #expect(result.documentMaps == [[0, SegmentMerger.dropped, 1], [SegmentMerger.dropped, 2]])
        // Passages follow their documents: the first document's keep their ids, the third's
        // move down past the second's, and the second input's last document's follow.
        let dropped = seeds[1].passages.count
        #expect(result.passageMaps[0].count == first.passageCount)
        #expect(result.passageMaps[0][0] == 0)
        #expect(result.passageMaps[0][kept[0]] == SegmentMerger.dropped)
        #expect(result.passageMaps[0][kept[0] + dropped] == UInt32(kept[0]))
        #expect(result.passageMaps[1][0] == SegmentMerger.dropped)
        #expect(result.passageMaps[1][seeds[3].passages.count] == UInt32(kept[0] + kept[1]))
        #expect(result.passageMaps[1].filter { $0 != SegmentMerger.dropped }.count == kept[2])

        let merged = try SegmentReader(path: folder + "/merged.skn")
        try merged.verifyChecksum()
        #expect(merged.documentCatalogID(2) == 5)
    }

    @Test("a merge that streams its postings to the file, both key ranges, writes the bytes the documents build")
    func streamedMergeMatchesBuild() throws {
        let folder = try temporaryFolder("merge-streamed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (seeds, first, second) = try seedSegments(in: folder)
        #expect(try SegmentMerger.splitKey(of: [first, second]) != nil)
        let expected = try bytes(of: try writeSegment([(1, seeds[0]), (3, seeds[2]), (5, seeds[4])],
                                                      named: "expected.skn", in: folder))
        let merger = SegmentMerger(inputs: [.init(reader: first, liveDocuments: [0, 2]),
                                            .init(reader: second, liveDocuments: [1])])
        // Streaming after every term, after some, and (the default for segments this small) never.
        for threshold in [1, 20_000, SegmentRangeWrite.streamingThreshold] {
            let path = folder + "/merged-\(threshold).skn"
            let result = try merger.write(to: path, streamingThreshold: threshold)
            #expect(try bytes(of: path) == expected, "threshold \(threshold)")
            #expect(result.file.size == Int64(expected.count))
            #expect(result.file.checksum == (try SegmentReader(path: path)).checksum)
            #expect(!FileManager.default.fileExists(atPath: path + SegmentRangeWrite.secondRangeSuffix))
        }
    }

    @Test("a streamed merge whose file cannot be synced removes it and the second range's file")
    func streamedMergeFailureCleansUp() throws {
        let folder = try temporaryFolder("merge-streamed-fault")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, first, second) = try seedSegments(in: folder)
        let merger = SegmentMerger(inputs: [.init(reader: first, liveDocuments: [0, 1, 2]),
                                            .init(reader: second, liveDocuments: [0, 1])])
        let path = folder + "/merged.skn"
        let (message, plan) = FaultInjection.withFaults([.init(.syncFile, occurrence: 1, failingWith: EIO)], under: folder) {
            TestIndex.errorMessage { () throws(SakuinError) in
                do throws(IndexError) { _ = try merger.write(to: path, streamingThreshold: 1) } catch { throw SakuinError(error) }
            }
        }
        #expect(message == "cannot fsync segment \(path): Input/output error")
        #expect(plan.injections.count == 1)
        // Both ranges streamed: the second range's file was created, copied in and removed.
        #expect(plan.counts[FaultInjection.Operation.createFile] == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["a.skn", "b.skn"])
    }

    @Test("the builder's terms split between two threads at any point write the same file")
    func builderSplitMatchesOnePass() throws {
        let folder = try temporaryFolder("builder-split")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let seeds = try preparedSeeds()
        func built(_ split: SegmentBuilder.TermSplit, _ name: String) throws -> [UInt8] {
            var builder = SegmentBuilder()
            for (catalogID, document) in zip(Int64(1)..., seeds) {
                _ = builder.addDocument(catalogID: catalogID, titleTerms: document.titleTerms)
                for passage in document.passages {
                    _ = builder.addPassage(length: passage.length, terms: passage.terms, location: passage.record.location)
                }
            }
            _ = try builder.write(to: folder + "/" + name, splittingTerms: split)
            return try bytes(of: folder + "/" + name)
        }
        let onePass = try built(.none, "none.skn")
        let termCount = try SegmentReader(path: folder + "/none.skn").termCount
        #expect(termCount >= SegmentRangeWrite.minimumTermsToSplit)
        #expect(try built(.balanced, "balanced.skn") == onePass)
        for index in [0, 1, 2, termCount / 3, termCount / 2, termCount - 1, termCount] {
            #expect(try built(.before(index), "before-\(index).skn") == onePass, "split before term \(index)")
        }
    }

    @Test("a merge of few terms runs as one pass, and either way gives the segment the documents build")
    func smallMergeOnePass() throws {
        let folder = try temporaryFolder("merge-small")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let texts = ["# 覚え書き\n\n停電の記録は旧版にある。\n", "# 追記\n\n予備電源は三日で尽きた。\n", "# 三\n\n停電は三日続いた。\n"]
        let inputs = texts.enumerated().map { number, text in
            DocumentInput(path: "doc\(number)", name: "doc\(number)", text: text, contentHash: "", size: Int64(text.utf8.count),
                          modificationTime: 0, metadata: nil, metadataHash: "")
        }
        let prepared = DocumentPreparer(analyzer: try TextAnalyzer(Analyzer()), workerCount: 1).prepare(inputs)
        let first = try SegmentReader(path: try writeSegment([(1, prepared[0]), (2, prepared[1])], named: "a.skn", in: folder))
        let second = try SegmentReader(path: try writeSegment([(3, prepared[2])], named: "b.skn", in: folder))
        #expect(try SegmentMerger.splitKey(of: [first, second]) == nil)
        let result = try SegmentMerger(inputs: [.init(reader: first, liveDocuments: [1]),
                                                .init(reader: second, liveDocuments: [0])])
            .write(to: folder + "/merged.skn")
        let expected = try writeSegment([(2, prepared[1]), (3, prepared[2])], named: "expected.skn", in: folder)
        #expect(try bytes(of: folder + "/merged.skn") == (try bytes(of: expected)))
        // Split by hand at every key of the merged dictionary: the two ranges give the same bytes.
        let merged = try SegmentReader(path: expected)
        #expect(result.documentMaps == [[SegmentMerger.dropped, 0], [1]])
        for index in stride(from: 0, to: merged.termCount, by: 7) {
            let split = merged.termKey(at: index)
            var low = SegmentEncoder(path: "unused", passageLengths: (0..<merged.passageCount).map { merged.passageLength(UInt32($0)) },
                                     documents: (0..<merged.documentCount).map { ordinal in
                                         let passages = merged.documentPassages(UInt32(ordinal))
                                         return .init(catalogID: merged.documentCatalogID(UInt32(ordinal)),
                                                      firstPassage: passages.lowerBound, passageCount: UInt32(passages.count))
                                     },
                                     locations: try locations(of: merged))
            // The upper range streams to a file of its own after every term, read back in 5-byte
            // pieces, which the append removes.
            let highPath = folder + "/high-\(index).part"
            var high = SegmentEncoder(path: highPath, passageLengths: [], documents: [], locations: PassageLocationTable(),
                                      streamingThreshold: 1)
            try SegmentMerger.mergeTerms(of: [first, second], passageMaps: result.passageMaps,
                                         documentMaps: result.documentMaps, from: nil, before: split, into: &low)
            try SegmentMerger.mergeTerms(of: [first, second], passageMaps: result.passageMaps,
                                         documentMaps: result.documentMaps, from: split, before: nil, into: &high)
            try low.appendTerms(of: high, copyPiece: 5)
            #expect(try low.finish().bytes == (try bytes(of: expected)), "split at term \(index)")
            #expect(!FileManager.default.fileExists(atPath: highPath))
        }
    }

    @Test("merging every document of every segment keeps each term's postings, renumbered")
    func mergeKeepsPostings() throws {
        let folder = try temporaryFolder("merge-all")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let seeds = try preparedSeeds()
        let first = try SegmentReader(path: try writeSegment([(1, seeds[0]), (2, seeds[1])], named: "a.skn", in: folder))
        let second = try SegmentReader(path: try writeSegment([(3, seeds[2])], named: "b.skn", in: folder))
        let result = try SegmentMerger(inputs: [.init(reader: first, liveDocuments: [0, 1]),
                                                .init(reader: second, liveDocuments: [0])])
            .write(to: folder + "/merged.skn")
        let merged = try SegmentReader(path: folder + "/merged.skn")
        #expect(merged.passageCount == first.passageCount + second.passageCount)
        #expect(result.passageMaps[1] == (0..<UInt32(second.passageCount)).map { $0 + UInt32(first.passageCount) })
        // 停戦 in the body (a bigram), and a title gram, whose postings are over documents.
        for key in [TermKey(kind: .bodyGram, utf16: Array("停戦".utf16)[...]),
                    TermKey(kind: .titleGram, utf16: Array("ロシ".utf16)[...])] {
            let offset = UInt32(key.kind?.isDocumentLevel == true ? first.documentCount : first.passageCount)
            var expected = PostingList()
            for (reader, shift) in [(first, UInt32(0)), (second, offset)] {
                guard let index = reader.termIndex(of: key.bytes) else { continue }
                let list = try reader.postings(at: index)
                for row in 0..<list.count { expected.append(id: list.ids[row] + shift, positions: list.positions(at: row)) }
            }
            #expect(expected.count > 0, "\(key.text)")
            let index = try #require(merged.termIndex(of: key.bytes))
            #expect(try merged.postings(at: index) == expected, "\(key.text)")
        }
        #expect(merged.termCount >= max(first.termCount, second.termCount))
    }

    @Test("a commit's flushed segments are merged into the segment one flush writes, and the flushed files are gone")
    func commitMergesFlushes() throws {
        let root = try temporaryFolder("commit-merge")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let seeds = CommandFixtures.seedsDirectory
        let whole = try SearchIndex(directory: root + "/whole")
        #expect(try whole.index(paths: [seeds]).segments == 1)

        func flushedIndex(_ name: String, mergedSegmentLimit: Int64) throws -> (SearchIndex, IndexingSummary, IndexLayout) {
            let layout = IndexLayout(directory: root + "/" + name)
            let index = try SearchIndex(directory: layout.directory)
            let catalog = try Catalog(path: layout.catalogPath, fingerprint: Analyzer().fingerprint, create: false)
            let writer = try IndexWriter(layout: layout, catalog: catalog, analyzer: try TextAnalyzer(Analyzer()),
                                         memoryBudget: 256 << 10, mergedSegmentLimit: mergedSegmentLimit)
            defer { writer.close() }
            return (index, try writer.index(paths: [seeds]), layout)
        }
        let (_, unmergedSummary, unmergedLayout) = try flushedIndex("unmerged", mergedSegmentLimit: 0)
        #expect(unmergedSummary.segments == 3)
        let sizes = try Catalog(path: unmergedLayout.catalogPath, fingerprint: Analyzer().fingerprint, create: false)
            .segments().map(\.size)
        #expect(sizes.count == 3)

        let (merged, summary, layout) = try flushedIndex("merged", mergedSegmentLimit: IndexWriter.mergedSegmentLimit)
        #expect(summary.segments == 1)
        #expect(summary.added == 5)
        // Flushed as seg-1 … seg-3, merged as seg-4; nothing else is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: layout.segmentsDirectory) == ["seg-4.skn"])
        #expect(try bytes(of: layout.segmentPath("seg-4.skn")) == (try bytes(of: root + "/whole/segments/seg-1.skn")))
        let report = try merged.check()
        #expect(report.problems.isEmpty)
        #expect(report.segments == 1)
        #expect(report.documents == 5)
        for query in ["停戦", "ロシア 北朝鮮", "\"軍事支援\"", "露", "title:ロシア"] {
            #expect(try merged.search(query) == (try whole.search(query)), "\(query)")
        }
        #expect(try merged.search("停戦").total > 0)
        #expect(try merged.passages(of: "001_49dd464655a60e45") == (try whole.passages(of: "001_49dd464655a60e45")))

        // A limit that fits the first two flushes but not the third: two segments.
        let (limited, limitedSummary, limitedLayout) = try flushedIndex("limited", mergedSegmentLimit: sizes[0] + sizes[1])
        #expect(limitedSummary.segments == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: limitedLayout.segmentsDirectory).sorted()
                == ["seg-3.skn", "seg-4.skn"])
        #expect(try limited.check().problems.isEmpty)
        #expect(try limited.search("停戦") == (try whole.search("停戦")))
    }

    /// Indexes the seeds into the empty index at `directory` with a writer that flushes three
    /// segments and merges them, with `faults` armed; returns the error message (the directory
    /// written `INDEX`) and the faults that fired.
    private func mergingCommit(_ directory: String, faults: [FaultInjection.Fault]) throws -> (message: String?, injections: [String]) {
        let layout = IndexLayout(directory: directory)
        let catalog = try Catalog(path: layout.catalogPath, fingerprint: Analyzer().fingerprint, create: false)
        let writer = try IndexWriter(layout: layout, catalog: catalog, analyzer: try TextAnalyzer(Analyzer()),
                                     memoryBudget: 256 << 10)
        defer { writer.close() }
        let (message, plan) = FaultInjection.withFaults(faults, under: directory) {
            TestIndex.errorMessage { () throws(SakuinError) in _ = try writer.index(paths: [CommandFixtures.seedsDirectory]) }
        }
        return (message?.replacingOccurrences(of: directory, with: "INDEX"),
                plan.injections.map { $0.description.replacingOccurrences(of: directory, with: "INDEX") })
    }

    /// A merging commit of the seeds into a new index in `root`, made to fail by `fault`: checks
    /// that nothing was committed, then `afterFailure` (with the index and the names left in
    /// `segments/`), then that a retry without faults commits the seeds into `seg-4.skn` alone,
    /// leaving nothing for `check` to warn of. Returns the failure's message and injections.
    private func failedMergingCommit(_ root: String, fault: FaultInjection.Fault,
                                     afterFailure: (SearchIndex, [String]) throws -> Void) throws -> (message: String?, injections: [String]) {
        let index = try SearchIndex(directory: root + "/index")
        let failure = try mergingCommit(root + "/index", faults: [fault])
        #expect(try index.commitCount() == 0)
        #expect(try index.documents().isEmpty)
        try afterFailure(index, try FileManager.default.contentsOfDirectory(atPath: root + "/index/segments").sorted())

        let retry = try mergingCommit(root + "/index", faults: [])
        #expect(retry.message == nil)
        // The retry flushes under the same names and merges into seg-4.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/index/segments") == ["seg-4.skn"])
        #expect(try index.commitCount() == 1)
        #expect(try index.documents().count == 5)
        let report = try index.check()
        #expect(report.problems.isEmpty)
        #expect(report.warnings.isEmpty)
        return failure
    }

    @Test("disk full writing the merged segment: nothing is committed, the commit removes the files it wrote, and the next writer commits")
    func mergeFailsDiskFull() throws {
        let root = try temporaryFolder("merge-fault")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (message, injections) = try failedMergingCommit(root, fault: .init(.write, occurrence: 4, failingWith: ENOSPC)) { (index: SearchIndex, files: [String]) throws in
            // The flushed files and the merge's temporary file went with the failed commit.
            #expect(files.isEmpty)
            #expect(try index.check().problems.isEmpty)
        }
        #expect(message == "cannot write segment INDEX/segments/seg-4.skn.tmp: No space left on device")
        #expect(injections == ["write #4 INDEX/segments/seg-4.skn.tmp: errno \(ENOSPC)"])
    }

    @Test("a flushed file that cannot be removed after the merge: the commit stands, the next writer removes the file")
    func flushedFileNotRemoved() throws {
        let root = try temporaryFolder("merge-remove")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let index = try SearchIndex(directory: root + "/index")
        // Removals: the three flushes' and the merge's stale temporary names, then the flushed files.
        let (message, injections) = try mergingCommit(root + "/index", faults: [.init(.remove, occurrence: 6, failingWith: EIO)])
        #expect(message == nil)
        #expect(injections == ["remove #6 INDEX/segments/seg-2.skn: errno \(EIO)"])
        #expect(try index.commitCount() == 1)
        #expect(try index.documents().count == 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/index/segments").sorted() == ["seg-2.skn", "seg-4.skn"])
        let report = try index.check()
        #expect(report.problems.isEmpty)
        #expect(report.warnings.count == 1)
        #expect(try index.search("停戦").total > 0)

        #expect(try index.add([]).line == "0 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/index/segments") == ["seg-4.skn"])
    }

    @Test("the directory cannot be synced after the merge: nothing is committed, the merged file stays for the next writer")
    func mergedDirectoryNotSynced() throws {
        let root = try temporaryFolder("merge-sync")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The merge is written beside the catalog rows; the directory is synced once it is in
        // place and the flushed files are gone, inside the transaction, before it commits.
        let (message, injections) = try failedMergingCommit(root, fault: .init(.syncDirectory, occurrence: 1, failingWith: EIO)) { (index: SearchIndex, files: [String]) throws in
            #expect(files == ["seg-4.skn"])
            #expect(try index.check().warnings.map(\.description) == [
                "segments/seg-4.skn: not listed in the catalog: left by a writer that stopped before its commit, "
                    + "or written by one committing now; the next writer removes it"])
        }
        #expect(message == "cannot fsync directory INDEX/segments: Input/output error")
        #expect(injections == ["syncDirectory #1 INDEX/segments: errno \(EIO)"])
    }

    // MARK: - Merging committed segments

    private static func segment(_ id: Int64, size: Int64, passages: Int = 10, deleted: Int = 0) -> CatalogSegment {
        var deletions = DeletionSet(passageCount: passages)
        if deleted > 0 { deletions.insert(0..<UInt32(deleted)) }
        return CatalogSegment(id: id, file: "seg-\(id).skn", size: size, checksum: 0, passageCount: passages,
                              documentCount: 1, deletions: deletions)
    }

    @Test("the policy merges the oldest segments of the first full size class, within the size limit")
    func policySelection() {
        let policy = MergePolicy(factor: 3, smallestClassBytes: 1000, sizeLimit: 100_000)
        let small = (1...2).map { Self.segment($0, size: 500) }
        #expect(policy.selection(from: small) == nil)
        // Three below 1000 bytes: merged, oldest first, whatever order they are listed in.
        let three = small + [Self.segment(7, size: 999)]
        #expect(policy.selection(from: three.reversed())?.map(\.id) == [1, 2, 7])
        // Classes: [1000, 3000) is 1, [3000, 9000) is 2. Four of class 1: the oldest three.
        let middle = [Self.segment(3, size: 1000), Self.segment(4, size: 2999), Self.segment(5, size: 1500),
                      Self.segment(6, size: 2000), Self.segment(8, size: 3000)]
        #expect(policy.sizeClass(of: Self.segment(9, size: 2999)) == 1)
        #expect(policy.sizeClass(of: Self.segment(9, size: 3000)) == 2)
        #expect(policy.selection(from: middle)?.map(\.id) == [3, 4, 5])
        // Class 0 is full too, and comes first.
        #expect(policy.selection(from: middle + three)?.map(\.id) == [1, 2, 7])
        // Deleted passages count against a segment's size: 6,000 bytes with half deleted is class 1.
        let halfDeleted = Self.segment(10, size: 6000, passages: 10, deleted: 5)
        #expect(MergePolicy.liveBytes(of: halfDeleted) == 3000)
        #expect(policy.sizeClass(of: Self.segment(10, size: 6000, passages: 10, deleted: 6)) == 1)
        // A full class whose oldest members exceed the limit together is left alone.
        let tight = MergePolicy(factor: 3, smallestClassBytes: 1000, sizeLimit: 5000)
        #expect(tight.selection(from: middle) == nil)
        #expect(tight.selection(from: middle + three)?.map(\.id) == [1, 2, 7])
    }

    /// Commits `documents` (added) and `removing` (removed) to the index at `directory` with a
    /// writer that merges every two committed segments.
    @discardableResult
    private func commit(_ documents: [InMemoryDocument], removing: [String] = [], to directory: String) throws -> IndexingSummary {
        let layout = IndexLayout(directory: directory)
        _ = try SearchIndex(directory: directory)
        let catalog = try Catalog(path: layout.catalogPath, fingerprint: Analyzer().fingerprint, create: false)
        let writer = try IndexWriter(layout: layout, catalog: catalog, analyzer: try TextAnalyzer(Analyzer()),
                                     mergePolicy: MergePolicy(factor: 2, smallestClassBytes: 1 << 30, sizeLimit: 1 << 30))
        defer { writer.close() }
        return removing.isEmpty ? try writer.add(documents) : try writer.remove(removing)
    }

    private static let papers = [
        InMemoryDocument(name: "a", text: "# 停戦の条件\n\n停戦交渉はロシアとウクライナの間で続いた。\n\n北朝鮮の兵士が送られた。\n"),
        InMemoryDocument(name: "b", text: "# 軍事支援\n\n北朝鮮はロシアに砲弾を送った。\n"),
        InMemoryDocument(name: "c", text: "# 経済制裁\n\n制裁はロシアの経済に効いた。停戦は遠い。\n"),
    ]

    private func hits(_ index: SearchIndex, _ query: String) throws -> [String] {
        try index.search(query, options: SearchOptions(limit: 100, groupsByDocument: false)).hits
            .map { "\($0.document.name):\($0.lineStart) \($0.score)" }
    }

    @Test("committed segments are merged in a later commit: the index reads as if indexed at once, and the inputs are gone")
    func committedMerge() throws {
        let root = try temporaryFolder("committed-merge")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let once = try SearchIndex(directory: root + "/once")
        try once.add(Self.papers)
        let directory = root + "/merged"
        for (number, paper) in Self.papers.enumerated() {
            // The third commit writes its own segment and the merged one.
            #expect(try commit([paper], to: directory).segments == (number == 2 ? 2 : 1), "commit \(number + 1)")
        }
        // Commit 3 found seg-1 and seg-2 and merged them into seg-4 beside its own seg-3.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/segments").sorted()
                == ["seg-3.skn", "seg-4.skn"])
        let index = try SearchIndex(directory: directory, mode: .openExisting)
        let report = try index.check()
        #expect(report.problems.map(\.description) == [])
        #expect(report.warnings.map(\.description) == [])
        #expect(report.segments == 2)
        #expect(report.documents == 3)
        #expect(try index.commitCount() == 3)
        for query in ["停戦", "ロシア 北朝鮮", "\"制裁\"", "title:停戦", "露"] {
            #expect(Set(try hits(index, query)) == Set(try hits(once, query)), "\(query)")
        }
        #expect(try hits(index, "ロシア").count == 3)
        for name in ["a", "b", "c"] {
            #expect(try index.passages(of: name).passages == (try once.passages(of: name).passages), "\(name)")
        }
    }

    @Test("a commit that removes every document of the segments the policy picks merges nothing and drops them")
    func mergeOfNothingLive() throws {
        let root = try temporaryFolder("merge-nothing")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/index"
        try commit([Self.papers[0]], to: directory)
        try commit([Self.papers[1]], to: directory)
        let summary = try commit([], removing: ["a", "b"], to: directory)
        #expect(summary.removed == 2)
        #expect(summary.segments == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/segments") == [])
        let index = try SearchIndex(directory: directory, mode: .openExisting)
        let report = try index.check()
        #expect(report.problems.map(\.description) == [])
        #expect(report.segments == 0)
        #expect(report.documents == 0)
    }

    @Test("a document replaced or removed in the commit that merges its segment is left out of the merge")
    func mergeLeavesOutDeletions() throws {
        let root = try temporaryFolder("merge-deletions")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/index"
        try commit([Self.papers[0], Self.papers[1]], to: directory)
        try commit([Self.papers[2]], to: directory)
        // Commit 3 replaces a: the merge of seg-1 and seg-2 keeps b and c only.
        let revised = InMemoryDocument(name: "a", text: "# 停戦の条件\n\n改訂版では停戦の条件を論じる。\n")
        #expect(try commit([revised], to: directory).line == "0 added, 1 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/segments").sorted()
                == ["seg-3.skn", "seg-4.skn"])
        let index = try SearchIndex(directory: directory, mode: .openExisting)
        #expect(try index.check().problems.map(\.description) == [])
        let merged = try SegmentReader(path: directory + "/segments/seg-4.skn")
        #expect(merged.documentCount == 2)
        #expect(try index.search("改訂版").hits.map(\.document.name) == ["a"])
        #expect(try index.search("ウクライナ").hits.isEmpty)
        #expect(try index.search("砲弾").hits.map(\.document.name) == ["b"])

        // Commit 4 removes b, and merges seg-3 and seg-4 without it; commit 5 adds a paper.
        #expect(try commit([], removing: ["b"], to: directory).removed == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/segments") == ["seg-5.skn"])
        #expect(try SegmentReader(path: directory + "/segments/seg-5.skn").documentCount == 2)
        try commit([InMemoryDocument(name: "d", text: "# 追記\n\n停戦は成らなかった。\n")], to: directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/segments").sorted()
                == ["seg-5.skn", "seg-6.skn"])
        let after = try SearchIndex(directory: directory, mode: .openExisting)
        let report = try after.check()
        #expect(report.problems.map(\.description) == [])
        #expect(report.documents == 3)
        #expect(try after.documents().map(\.name) == ["a", "c", "d"])
        #expect(try after.search("砲弾").hits.isEmpty)
        #expect(Set(try after.search("停戦").hits.map(\.document.name)) == ["a", "c", "d"])
    }
}
