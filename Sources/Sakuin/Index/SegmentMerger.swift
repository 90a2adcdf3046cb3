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
    func write(to path: String) throws(IndexError) -> Result {
        var passageMaps: [[UInt32]] = []
        var documentMaps: [[UInt32]] = []
        var passageLengths: [UInt32] = []
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
                }
            }
            passageMaps.append(passageMap)
            documentMaps.append(documentMap)
        }

        let expectedSize = inputs.reduce(0) { $0 + $1.reader.fileSize }
        var encoder = SegmentEncoder(path: path, passageLengths: passageLengths, documents: documents,
                                     expectedSize: expectedSize)
        var walks = inputs.map { DictionaryWalk(reader: $0.reader) }
        var current: [(key: [UInt8], location: SegmentReader.TermLocation)?] = []
        for index in walks.indices { current.append(try walks[index].next()) }
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
            let isDocumentLevel = TermKey.Kind(rawValue: key.first ?? 0)?.isDocumentLevel ?? false
            var begun = false
            for index in holders {
                guard let location = current[index]?.location else { continue }
                let postings = try inputs[index].reader.postings(at: location)
                let map = isDocumentLevel ? documentMaps[index] : passageMaps[index]
                for row in 0..<postings.count {
                    let id = map[Int(postings.ids[row])]
                    guard id != Self.dropped else { continue }
                    if !begun {
                        encoder.beginTerm(key: key)
                        begun = true
                    }
                    encoder.appendPosting(id: id, positions: postings.positions(at: row))
                }
                current[index] = try walks[index].next()
            }
            // A term whose every posting was dropped is left out of the dictionary.
            if begun { encoder.endTerm() }
        }
        let (bytes, checksum) = try encoder.finish()
        try FileSystem.writeFile(bytes, to: path, kind: "segment")
        return Result(file: SegmentFileSummary(size: Int64(bytes.count), checksum: checksum),
                      passageCount: passageLengths.count, documentCount: documents.count,
                      passageMaps: passageMaps, documentMaps: documentMaps,
                      firstPassages: documents.map(\.firstPassage))
    }
}

/// Walks one segment's dictionary in key order, a block at a time.
private struct DictionaryWalk {
    let reader: SegmentReader
    private var block = 0
    private var terms: [(key: [UInt8], location: SegmentReader.TermLocation)] = []
    private var position = 0

    init(reader: SegmentReader) { self.reader = reader }

    /// The next term, or nil after the last.
    mutating func next() throws(IndexError) -> (key: [UInt8], location: SegmentReader.TermLocation)? {
        while position == terms.count {
            guard block < reader.dictionaryBlockCount else { return nil }
            terms = try reader.terms(inDictionaryBlock: block)
            block += 1
            position = 0
        }
        position += 1
        return terms[position - 1]
    }
}
