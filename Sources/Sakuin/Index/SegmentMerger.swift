import Foundation

/// Merges segments into one: their live documents, in input order, with every term's postings
/// read from the inputs and renumbered.
///
/// The merged segment holds the documents each input is told to keep (the catalog's live ones),
/// one input after another, each input's in ordinal order; deleted documents and their passages
/// are left out. Passages and documents are renumbered from 0 in that order, which keeps every
/// posting list ascending: an input's ids all come before the next input's. The file is what
/// indexing the same documents in that order would have written, since a segment's bytes
/// depend only on its passages, documents and postings.
///
/// ```swift
/// let merger = SegmentMerger(inputs: [.init(reader: first, liveDocuments: [0, 1]),
///                                     .init(reader: second, liveDocuments: [0])])
/// let merged = try merger.write(to: "/x/seg-9.skn.tmp")
/// merged.passageMaps[1][0]  // where passage 0 of the second segment went
/// ```
struct SegmentMerger {
    /// One segment to merge and the documents of it to keep.
    struct Input {
        var reader: SegmentReader
        /// Ordinals of the documents to keep, ascending; the passages of the others are dropped.
        var liveDocuments: [UInt32]
    }

    /// What a merge wrote, and where everything went.
    struct Result {
        /// The file's size and checksum.
        var file: SegmentFileSummary
        var passageCount: Int
        var documentCount: Int
        /// For each input, the new id of each of its passages (``SegmentMerger/dropped`` for a
        /// passage left out), by old id.
        var passageMaps: [[UInt32]]
        /// For each input, the new ordinal of each of its documents (``SegmentMerger/dropped``
        /// for a document left out), by old ordinal.
        var documentMaps: [[UInt32]]
        /// The first passage of each document of the merged segment, by new ordinal.
        var firstPassages: [UInt32]
    }

    /// The map entry of a passage or document that the merged segment leaves out.
    static let dropped = UInt32.max

    let inputs: [Input]

    /// Writes the merged segment to `path` (created with `O_CREAT|O_EXCL`: fails if it exists)
    /// and fsyncs it; renaming it and syncing the directory are the caller's. On failure the
    /// partly written file is removed. Throws `.corruptSegment` for postings an input cannot
    /// decode.
    ///
    /// The postings go to the file as they are merged, once more than `streamingThreshold`
    /// bytes of it are in memory (see ``SegmentRangeWrite``), and each input's postings and
    /// dictionary are let go of once read, so a merge's memory is its dictionary and passage
    /// tables, not its postings.
    func write(to path: String, streamingThreshold: Int = SegmentRangeWrite.streamingThreshold) throws(IndexError) -> Result {
        var passageMaps: [[UInt32]] = []
        var documentMaps: [[UInt32]] = []
        var passageLengths: [UInt32] = []
        var locations = PassageLocationTable()
        var documents: [SegmentEncoder.DocumentEntry] = []
        for input in inputs {
            let reader = input.reader
            var passageMap = [UInt32](repeating: Self.dropped, count: reader.passageCount)
            var documentMap = [UInt32](repeating: Self.dropped, count: reader.documentCount)
            for ordinal in input.liveDocuments {
                let passages = reader.documentPassages(ordinal)
                documentMap[Int(ordinal)] = UInt32(documents.count)
                documents.append(SegmentEncoder.DocumentEntry(
                    catalogID: reader.documentCatalogID(ordinal), firstPassage: UInt32(passageLengths.count),
                    passageCount: UInt32(passages.count)))
                for passage in passages {
                    passageMap[Int(passage)] = UInt32(passageLengths.count)
                    passageLengths.append(reader.passageLength(passage))
                    locations.append(try reader.passageLocation(passage))
                }
            }
            passageMaps.append(passageMap)
            documentMaps.append(documentMap)
            // Its tables are copied: what the terms need is mapped in again as they are merged.
            reader.releaseAll()
        }

        // The terms are merged in two ranges of keys on two threads, split at a key of the
        // largest dictionary's middle block (``SegmentRangeWrite``).
        let readers = inputs.map(\.reader)
        let split = try Self.splitKey(of: readers)
        let ranges: [(from: [UInt8]?, before: [UInt8]?)] = split.map { [(nil, $0), ($0, nil)] } ?? [(nil, nil)]
        var writer = SegmentRangeWrite(path: path, passageLengths: passageLengths, documents: documents, locations: locations)
        writer.expectedSize = inputs.reduce(0) { $0 + $1.reader.fileSize }
        writer.streamingThreshold = streamingThreshold
        let file = try writer.write(rangeCount: ranges.count) { range, encoder throws(IndexError) in
            try Self.mergeTerms(of: readers, passageMaps: passageMaps, documentMaps: documentMaps,
                                from: ranges[range].from, before: ranges[range].before, into: &encoder)
        }
        return Result(file: file, passageCount: passageLengths.count, documentCount: documents.count,
                      passageMaps: passageMaps, documentMaps: documentMaps,
                      firstPassages: documents.map(\.firstPassage))
    }
}

extension SegmentMerger {
    /// A key that splits the terms to merge about in half (the first key of the middle
    /// dictionary block of the input with the most terms), or nil when there are too few terms
    /// for two threads to be worth it.
    static func splitKey(of readers: [SegmentReader]) throws(IndexError) -> [UInt8]? {
        guard let largest = readers.max(by: { $0.termCount < $1.termCount }),
              largest.termCount >= SegmentRangeWrite.minimumTermsToSplit else { return nil }
        return try largest.terms(inDictionaryBlock: largest.dictionaryBlockCount / 2).first?.key
    }

    /// The postings bytes of an input a merge reads before it lets go of their memory.
    static let releasePiece = 1 << 20

    /// Merges the terms whose keys are at or after `from` (nil: the first) and before `before`
    /// (nil: past the last) into `encoder`, in key order, each posting renumbered by its input's
    /// maps, and the postings of dropped passages and documents left out.
    static func mergeTerms(of readers: [SegmentReader], passageMaps: [[UInt32]], documentMaps: [[UInt32]],
                           from lower: [UInt8]?, before upper: [UInt8]?,
                           into encoder: inout SegmentEncoder) throws(IndexError) {
        var walks = readers.map { DictionaryWalk(reader: $0, from: lower.map($0.termIndices(withPrefix:))?.lowerBound ?? 0) }
        var current: [(key: [UInt8], location: SegmentReader.TermLocation)?] = []
        for index in walks.indices { current.append(try walks[index].next()) }
        // Each input's postings are read once, in key order: let go of them a few megabytes at a
        // time, so that what a merge holds in memory does not grow with its inputs.
        var released = current.map { $0?.location.postings.lowerBound ?? 0 }
        var consumed = released
        defer {
            for index in readers.indices { readers[index].releasePostings(released[index]..<consumed[index]) }
        }
        var holders: [Int] = []
        while true {
            // The smallest key among the inputs' current terms, and the inputs that hold it.
            holders.removeAll(keepingCapacity: true)
            var smallest: [UInt8]?
            for (index, entry) in current.enumerated() {
                guard let entry else { continue }
                if let key = smallest, !entry.key.lexicographicallyPrecedes(key) {
                    if entry.key == key { holders.append(index) }
                    continue
                }
                smallest = entry.key
                holders.removeAll(keepingCapacity: true)
                holders.append(index)
            }
            guard let key = smallest else { break }
            if let upper, !key.lexicographicallyPrecedes(upper) { break }
            let isDocumentLevel = TermKey.Kind(rawValue: key.first ?? 0)?.isDocumentLevel ?? false
            var begun = false
            for index in holders {
                guard let location = current[index]?.location else { continue }
                let postings = try readers[index].postings(at: location)
                let map = isDocumentLevel ? documentMaps[index] : passageMaps[index]
                for row in 0..<postings.count {
                    let id = map[Int(postings.ids[row])]
                    guard id != dropped else { continue }
                    if !begun {
                        encoder.beginTerm(key: key)
                        begun = true
                    }
                    encoder.appendPosting(id: id, positions: postings.positions(at: row))
                }
                consumed[index] = location.postings.upperBound
                if consumed[index] - released[index] >= releasePiece {
                    readers[index].releasePostings(released[index]..<consumed[index])
                    released[index] = consumed[index]
                }
                current[index] = try walks[index].next()
            }
            // A term whose every posting was dropped is left out of the dictionary.
            if begun { try encoder.endTerm() }
        }
    }
}

/// Walks one segment's dictionary in key order, a block at a time, letting go of the memory of
/// the blocks it has walked every ``releaseBlocks`` blocks.
private struct DictionaryWalk {
    let reader: SegmentReader
    private var block: Int
    /// The first block not let go of yet.
    private var unreleased: Int
    private static let releaseBlocks = 64
    private var terms: [(key: [UInt8], location: SegmentReader.TermLocation)] = []
    private var position: Int
    /// Terms of the first block read to skip.
    private var skip: Int

    /// A walk from the term at index `first`.
    init(reader: SegmentReader, from first: Int = 0) {
        self.reader = reader
        block = first / SegmentFormat.dictionaryBlockSize
        unreleased = block
        skip = first % SegmentFormat.dictionaryBlockSize
        position = 0
    }

    /// The next term, or nil after the last.
    mutating func next() throws(IndexError) -> (key: [UInt8], location: SegmentReader.TermLocation)? {
        while position == terms.count {
            guard block < reader.dictionaryBlockCount else {
                reader.releaseDictionaryBlocks(unreleased..<block)
                unreleased = block
                return nil
            }
            if block - unreleased >= Self.releaseBlocks {
                reader.releaseDictionaryBlocks(unreleased..<block)
                unreleased = block
            }
            terms = try reader.terms(inDictionaryBlock: block)
            block += 1
            position = min(skip, terms.count)
            skip = 0
        }
        position += 1
        return terms[position - 1]
    }
}
