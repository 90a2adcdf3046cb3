// Writes segment files. The byte layout is described precisely in SegmentFormat.swift (and
// index/README.md); this file follows it section by section.

import Glibc

/// The size and checksum of a segment file just written, for the catalog.
struct SegmentFileSummary: Sendable, Equatable {
    /// The file's size in bytes.
    var size: Int64
    /// The CRC-32 stored in the footer.
    var checksum: UInt32
}

/// Accumulates one segment in memory: documents, their passages, and the postings of every term,
/// then writes it as one immutable file.
///
/// ```swift
/// var builder = SegmentBuilder()
/// let document = builder.addDocument(catalogID: 42, titleTokens: titleTokens)  // 0
/// let passage = builder.addPassage(length: 12, tokens: passageTokens)           // 0
/// let summary = try builder.write(to: "/x/seg-7.skn.tmp")
/// ```
///
/// Body tokens post to passage ids, title tokens to document ordinals; both are numbered from 0
/// in the order they are added, so every postings list is built already sorted by id.
struct SegmentBuilder {
    /// For each passage, its normalized length.
    private var passageLengths: [UInt32] = []
    /// For each document, its catalog id.
    private var documentCatalogIDs: [Int64] = []
    /// For each document, its first passage id.
    private var documentFirstPassages: [UInt32] = []

    // Terms are numbered once, when first seen, and postings go to one flat log in the order
    // they are added: a key arrives with its hash (computed by the analysing workers), and no
    // per-term arrays are allocated. Writing groups the log by term (a counting sort keeps each term's postings in
    // the order added, which is ascending id).
    /// Every term seen so far, numbered.
    private var terms = TermTable()
    /// How many postings each term has, by number.
    private var termPostingCounts: [UInt32] = []
    /// For each posting in the order added: its term's number.
    private var postingTerms: [UInt32] = []
    /// For each posting in the order added: its passage id (or document ordinal).
    private var postingIDs: [UInt32] = []
    /// Where each posting's positions end in `positions`.
    private var postingPositionEnds: [Int] = []
    /// The positions of every posting, in the order added.
    private var positions: [UInt32] = []

    /// Bytes held by the builder's arrays (their capacities), so the writer can flush at a
    /// memory budget. Writing needs about half as much again, for grouping and the file's bytes.
    var estimatedMemory: Int {
        let fourByteElements = passageLengths.capacity + documentFirstPassages.capacity
            + termPostingCounts.capacity + postingTerms.capacity + postingIDs.capacity + positions.capacity
        return 4 * fourByteElements + 8 * (documentCatalogIDs.capacity + postingPositionEnds.capacity)
            + terms.memoryFootprint
    }

    /// An empty segment.
    init() {}

    /// How many documents were added.
    var documentCount: Int { documentCatalogIDs.count }
    /// How many passages were added.
    var passageCount: Int { passageLengths.count }

    /// Starts a document; returns its ordinal in this segment (0, 1, 2 … in order). `titleTokens`
    /// have kinds `.titleGram`/`.titleWord`; their postings are over document ordinals, not
    /// passages.
    mutating func addDocument(catalogID: Int64, titleTokens: [Token]) -> UInt32 {
        assert(titleTokens.allSatisfy { $0.key.kind?.isDocumentLevel == true }, "title tokens must have title kinds")
        return addDocument(catalogID: catalogID, titleTerms: TermOccurrences(titleTokens))
    }

    /// Starts a document whose title terms are already grouped; see ``addDocument(catalogID:titleTokens:)``.
    mutating func addDocument(catalogID: Int64, titleTerms: TermOccurrences) -> UInt32 {
        let ordinal = UInt32(documentCatalogIDs.count)
        documentCatalogIDs.append(catalogID)
        documentFirstPassages.append(UInt32(passageLengths.count))
        addPostings(of: titleTerms, to: ordinal)
        return ordinal
    }

    /// Adds a passage to the most recently added document; returns its local passage id (0, 1,
    /// 2 … over the whole segment). `length` is the passage's normalized length (for BM25).
    /// `tokens` have kinds `.bodyGram`/`.bodyWord`, in any order.
    ///
    /// A document must have been added first.
    mutating func addPassage(length: UInt32, tokens: [Token]) -> UInt32 {
        assert(tokens.allSatisfy { $0.key.kind?.isDocumentLevel == false }, "passage tokens must have body kinds")
        return addPassage(length: length, terms: TermOccurrences(tokens))
    }

    /// Adds a passage whose terms are already grouped; see ``addPassage(length:tokens:)``.
    mutating func addPassage(length: UInt32, terms: TermOccurrences) -> UInt32 {
        precondition(!documentCatalogIDs.isEmpty, "SegmentBuilder.addPassage called before any addDocument")
        let passage = UInt32(passageLengths.count)
        passageLengths.append(length)
        addPostings(of: terms, to: passage)
        return passage
    }

    /// Posts every key of `terms` to `id`, with its positions.
    private mutating func addPostings(of occurrences: TermOccurrences, to id: UInt32) {
        for index in 0..<occurrences.count {
            let range = occurrences.keyRange(at: index)
            let (number, isNew) = terms.number(of: range, in: occurrences.keyBytes, hash: occurrences.keyHashes[index])
            if isNew {
                termPostingCounts.append(1)
            } else {
                termPostingCounts[Int(number)] += 1
            }
            postingTerms.append(number)
            postingIDs.append(id)
            positions.append(contentsOf: occurrences.positions(at: index))
            postingPositionEnds.append(positions.count)
        }
    }

    // MARK: - Writing

    /// Writes the segment to `path` (created with `O_CREAT|O_EXCL`: fails if it exists), fsyncs
    /// the file and closes it. Does not rename anything or fsync the directory: the caller does.
    /// On failure the partly written file is removed.
    func write(to path: String) throws(IndexError) -> SegmentFileSummary {
        let (bytes, checksum) = try encoded(path: path)
        try FileSystem.writeFile(bytes, to: path, kind: "segment")
        return SegmentFileSummary(size: Int64(bytes.count), checksum: checksum)
    }

    /// The whole file, footer included, and its checksum.
    private func encoded(path: String) throws(IndexError) -> (bytes: [UInt8], checksum: UInt32) {
        // Terms in byte order of their keys; postings grouped by term, each group in the order
        // added (a counting sort: stable, linear).
        let termOrder = terms.numbersInKeyOrder()
        var groupStarts = [Int](repeating: 0, count: terms.count + 1)
        for (number, count) in termPostingCounts.enumerated() { groupStarts[number + 1] = groupStarts[number] + Int(count) }
        var grouped = [UInt32](repeating: 0, count: postingIDs.count)
        var next = groupStarts
        for (posting, term) in postingTerms.enumerated() {
            grouped[next[Int(term)]] = UInt32(posting)
            next[Int(term)] += 1
        }
        let keys = termOrder.map { terms.keyBytes[terms.keyRange(of: $0)] }
        // Room for the whole file, roughly: a packed id or position takes one or two bytes.
        let expectedSize = SegmentFormat.headerSize + 4 * passageCount + 16 * documentCount
            + terms.keyBytes.count + 4 * terms.count + 2 * postingIDs.count + 2 * positions.count
        var file = SegmentBytes(headerSize: SegmentFormat.headerSize, capacity: expectedSize)

        let passages = file.beginSection()
        for length in passageLengths { file.append(length) }
        let passagesEnd = file.count

        let documents = file.beginSection()
        for (ordinal, catalogID) in documentCatalogIDs.enumerated() {
            let first = documentFirstPassages[ordinal]
            let end = ordinal + 1 < documentCount ? documentFirstPassages[ordinal + 1] : UInt32(passageCount)
            file.append(catalogID)
            file.append(first)
            file.append(end - first)
        }
        let documentsEnd = file.count

        // Offsets in the dictionary index are u32: a segment is flushed at a memory budget far
        // below 4 GiB, so these checks fail only for a budget raised beyond the format's reach.
        func tooLarge(_ section: String) -> IndexError {
            .io(path: path, operation: "write segment (its \(section) exceed 4 GiB, the most format version \(SegmentFormat.version) addresses)", errno: EFBIG)
        }
        let postings = file.beginSection()
        var postingsLengths: [Int] = []
        postingsLengths.reserveCapacity(termOrder.count)
        var scratch = BlockScratch()
        for number in termOrder {
            let termStart = file.count
            appendPostings(of: grouped[groupStarts[number]..<groupStarts[number + 1]], to: &file, scratch: &scratch)
            postingsLengths.append(file.count - termStart)
        }
        let postingsEnd = file.count
        guard UInt32(exactly: postingsEnd - postings) != nil else { throw tooLarge("postings") }

        let blockSize = SegmentFormat.dictionaryBlockSize
        let dictionaryIndex = file.beginSection()
        file.appendZeros((keys.count + blockSize - 1) / blockSize * SegmentFormat.dictionaryIndexEntrySize)
        let dictionaryIndexEnd = file.count

        let dictionary = file.beginSection()
        var postingsOffset = 0
        for (index, key) in keys.enumerated() {
            var shared = 0
            if index % blockSize == 0 {
                let entry = dictionaryIndex + index / blockSize * SegmentFormat.dictionaryIndexEntrySize
                guard let blockStart = UInt32(exactly: file.count - dictionary) else { throw tooLarge("dictionary") }
                file.store(blockStart, at: entry)
                file.store(UInt32(postingsOffset), at: entry + 4)
            } else {
                let previous = keys[index - 1]
                while shared < min(key.count, previous.count),
                      key[key.startIndex + shared] == previous[previous.startIndex + shared] { shared += 1 }
            }
            let number = termOrder[index]
            file.appendVarInt(UInt32(shared))
            file.appendVarInt(UInt32(key.count - shared))
            file.append(contentsOf: key.dropFirst(shared))
            file.appendVarInt(UInt32(postingsLengths[index]))
            file.appendVarInt(termPostingCounts[number])
            postingsOffset += postingsLengths[index]
        }
        let dictionaryEnd = file.count
        guard UInt32(exactly: dictionaryEnd - dictionary) != nil else { throw tooLarge("dictionary") }

        // Header.
        file.store(SegmentFormat.magic, at: SegmentFormat.HeaderField.magic)
        file.store(SegmentFormat.version, at: SegmentFormat.HeaderField.version)
        file.store(UInt32(0), at: SegmentFormat.HeaderField.flags)
        file.store(UInt32(passageCount), at: SegmentFormat.HeaderField.passageCount)
        file.store(UInt32(documentCount), at: SegmentFormat.HeaderField.documentCount)
        file.store(UInt64(keys.count), at: SegmentFormat.HeaderField.termCount)
        let sections: [(SegmentFormat.Section, Int, Int)] = [
            (.passages, passages, passagesEnd), (.documents, documents, documentsEnd),
            (.postings, postings, postingsEnd), (.dictionaryIndex, dictionaryIndex, dictionaryIndexEnd),
            (.dictionary, dictionary, dictionaryEnd),
        ]
        for (section, start, end) in sections {
            file.store(UInt64(start), at: section.headerOffset)
            file.store(UInt64(end - start), at: section.headerOffset + 8)
        }

        // Footer.
        let checksum = CRC32.checksum(of: file.bytes)
        file.append(checksum)
        file.append(UInt32(0))
        file.append(contentsOf: SegmentFormat.magic)
        return (file.bytes, checksum)
    }

    /// Appends the postings of one term, whose postings (indices into the posting log, ascending
    /// id) are `group`: its skip table when it has more than one block, then its blocks.
    private func appendPostings(of group: ArraySlice<UInt32>, to file: inout SegmentBytes, scratch: inout BlockScratch) {
        let count = group.count
        let base = group.startIndex
        let blockCount = (count + SegmentFormat.blockCapacity - 1) / SegmentFormat.blockCapacity
        scratch.data.removeAll(keepingCapacity: true)
        scratch.skipTable.removeAll(keepingCapacity: true)
        var previousID: UInt32? = nil
        for block in 0..<blockCount {
            let postings = block * SegmentFormat.blockCapacity ..< min(count, (block + 1) * SegmentFormat.blockCapacity)
            scratch.idDeltas.removeAll(keepingCapacity: true)
            scratch.termFrequencies.removeAll(keepingCapacity: true)
            scratch.positions.removeAll(keepingCapacity: true)
            let blockStart = scratch.data.count
            let blockPreviousID = previousID
            for i in postings {
                let posting = Int(group[base + i])
                let id = postingIDs[posting]
                scratch.idDeltas.append(previousID.map { id - $0 } ?? id)
                previousID = id
                let positionRange = (posting == 0 ? 0 : postingPositionEnds[posting - 1])..<postingPositionEnds[posting]
                scratch.termFrequencies.append(UInt32(positionRange.count))
                // Most postings have one position: appended alone, it costs no copy call.
                if positionRange.count == 1 {
                    scratch.positions.append(positions[positionRange.lowerBound])
                } else {
                    scratch.positions.append(contentsOf: positions[positionRange])
                }
            }
            PostingBlockCodec.append(idDeltas: scratch.idDeltas, termFrequencies: scratch.termFrequencies,
                                     positions: scratch.positions, to: &scratch.data)
            guard blockCount > 1, let lastID = previousID else { continue }
            VarInt.append(lastID - (blockPreviousID ?? 0), to: &scratch.skipTable)
            VarInt.append(scratch.termFrequencies.max() ?? 1, to: &scratch.skipTable)
            if block + 1 < blockCount { VarInt.append(UInt32(scratch.data.count - blockStart), to: &scratch.skipTable) }
        }
        file.append(contentsOf: scratch.skipTable)
        file.append(contentsOf: scratch.data)
    }
}

/// Buffers reused from term to term while the postings are written.
private struct BlockScratch {
    var idDeltas: [UInt32] = []
    var termFrequencies: [UInt32] = []
    var positions: [UInt32] = []
    /// The encoded blocks of the term being written.
    var data: [UInt8] = []
    /// Its skip table, written before `data`.
    var skipTable: [UInt8] = []
}

/// A segment file being assembled in memory: little-endian appends, and stores over bytes already
/// appended (the header and the dictionary index are filled in once their values are known).
private struct SegmentBytes {
    var bytes: [UInt8]

    /// Starts with `headerSize` zero bytes.
    init(headerSize: Int, capacity: Int) {
        bytes = [UInt8](repeating: 0, count: headerSize)
        bytes.reserveCapacity(max(headerSize, capacity))
    }

    var count: Int { bytes.count }

    /// Pads with zeros to the section alignment; returns the offset where the section starts.
    mutating func beginSection() -> Int {
        while bytes.count % SegmentFormat.sectionAlignment != 0 { bytes.append(0) }
        return bytes.count
    }

    mutating func append<Value: FixedWidthInteger>(_ value: Value) {
        var rest = value
        for _ in 0..<MemoryLayout<Value>.size {
            bytes.append(UInt8(truncatingIfNeeded: rest))
            rest = rest >> 8
        }
    }

    mutating func append(contentsOf other: some Collection<UInt8>) { bytes.append(contentsOf: other) }

    mutating func appendZeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    mutating func appendVarInt(_ value: UInt32) { VarInt.append(value, to: &bytes) }

    /// Overwrites the bytes at `offset` with `value`, little-endian.
    mutating func store<Value: FixedWidthInteger>(_ value: Value, at offset: Int) {
        var rest = value
        for index in offset..<offset + MemoryLayout<Value>.size {
            bytes[index] = UInt8(truncatingIfNeeded: rest)
            rest = rest >> 8
        }
    }

    /// Overwrites the bytes at `offset` with `other`.
    mutating func store(_ other: [UInt8], at offset: Int) {
        bytes.replaceSubrange(offset..<offset + other.count, with: other)
    }
}
