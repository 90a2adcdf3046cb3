// Writes the bytes of a segment file in file order. The byte layout is described precisely in
// SegmentFormat.swift (and index/README.md); this file follows it section by section. Both the
// builder (postings gathered in memory) and the merger (postings read from other segments) feed it.

import Glibc

/// Assembles one segment file in memory, in the order of its sections: the passage and document
/// tables first, then each term's postings in key order, then the dictionary, the passage
/// locations, header and footer.
///
/// ```swift
/// var locations = PassageLocationTable()
/// locations.append(PassageLocation(lineStart: 1, lineEnd: 2, kind: .paragraph, section: nil))
/// var encoder = SegmentEncoder(path: "/x/seg-7.skn.tmp", passageLengths: [12],
///                              documents: [.init(catalogID: 42, firstPassage: 0, passageCount: 1)],
///                              locations: locations)
/// encoder.beginTerm(key: key)
/// encoder.appendPosting(id: 0, positions: [3, 9])
/// encoder.endTerm()
/// let (bytes, checksum) = try encoder.finish()
/// ```
///
/// Keys must come in strictly ascending byte order, each term's ids strictly ascending and its
/// positions ascending; the callers guarantee it (a term table sorted once, or a merge of sorted
/// dictionaries), so the encoder does not check it again.
struct SegmentEncoder {
    /// One row of the document table.
    struct DocumentEntry: Equatable {
        var catalogID: Int64
        var firstPassage: UInt32
        var passageCount: UInt32
    }

    private let path: String
    private var file: SegmentBytes
    private let passageCount: Int
    private let documentCount: Int
    private var sections: [(SegmentFormat.Section, Int, Int)] = []
    private let postingsStart: Int
    /// Every key so far, back to back, and where each ends.
    private var keyBytes: [UInt8] = []
    private var keyEnds: [Int] = []
    /// Each term's postings length in bytes and its number of postings.
    private var postingsLengths: [Int] = []
    private var postingCounts: [UInt32] = []
    private var term = TermScratch()
    /// Where each passage is, written after the dictionary.
    private let locations: PassageLocationTable

    /// Starts a segment with these passages (normalized lengths and locations, by local id) and
    /// documents (by ordinal). `expectedSize` reserves room for the whole file.
    init(path: String, passageLengths: some Collection<UInt32>, documents: some Collection<DocumentEntry>,
         locations: PassageLocationTable, expectedSize: Int = 0) {
        precondition(locations.count == passageLengths.count, "one location per passage")
        self.path = path
        self.locations = locations
        passageCount = passageLengths.count
        documentCount = documents.count
        file = SegmentBytes(headerSize: SegmentFormat.headerSize, capacity: expectedSize)
        let passages = file.beginSection()
        for length in passageLengths { file.append(length) }
        sections.append((.passages, passages, file.count))
        let documentTable = file.beginSection()
        for document in documents {
            file.append(document.catalogID)
            file.append(document.firstPassage)
            file.append(document.passageCount)
        }
        sections.append((.documents, documentTable, file.count))
        postingsStart = file.beginSection()
    }

    /// Reserves room for `count` terms whose keys take `keyBytes` bytes in all.
    mutating func reserveTerms(_ count: Int, keyBytes byteCount: Int) {
        keyBytes.reserveCapacity(byteCount)
        keyEnds.reserveCapacity(count)
        postingsLengths.reserveCapacity(count)
        postingCounts.reserveCapacity(count)
    }

    /// Starts the postings of the term `key`, which sorts after every key before it.
    mutating func beginTerm(key: some Collection<UInt8>) {
        keyBytes.append(contentsOf: key)
        keyEnds.append(keyBytes.count)
        term.begin()
    }

    /// Adds a posting to the current term: an id above the previous one, with one position.
    mutating func appendPosting(id: UInt32, position: UInt32) {
        term.append(id: id)
        term.termFrequencies.append(1)
        term.positions.append(position)
        if term.idDeltas.count == SegmentFormat.blockCapacity { term.closeBlock() }
    }

    /// Adds a posting to the current term: an id above the previous one, with its positions
    /// (at least one, ascending).
    mutating func appendPosting(id: UInt32, positions: ArraySlice<UInt32>) {
        // Most postings have one position: appended alone, it costs no copy call.
        if positions.count == 1 {
            appendPosting(id: id, position: positions[positions.startIndex])
            return
        }
        term.append(id: id)
        term.termFrequencies.append(UInt32(positions.count))
        term.positions.append(contentsOf: positions)
        if term.idDeltas.count == SegmentFormat.blockCapacity { term.closeBlock() }
    }

    /// Ends the current term: writes its skip table (when it has more than one block) and blocks.
    mutating func endTerm() {
        if !term.idDeltas.isEmpty { term.closeBlock() }
        let start = file.count
        let blocks = term.blocks
        if blocks.count > 1 {
            for (index, block) in blocks.enumerated() {
                file.appendVarInt(block.lastIDDelta)
                file.appendVarInt(block.maxTermFrequency)
                if index + 1 < blocks.count { file.appendVarInt(UInt32(block.dataLength)) }
            }
        }
        file.append(contentsOf: term.data)
        postingsLengths.append(file.count - start)
        postingCounts.append(term.postingCount)
    }

    /// Appends the terms of `other`, an encoder of no passages and no documents whose keys all
    /// sort after this one's, as if they had been encoded here: its postings bytes after these,
    /// its keys, lengths and counts after these. Neither may have a term begun and not ended.
    mutating func appendTerms(of other: SegmentEncoder) {
        precondition(other.passageCount == 0 && other.documentCount == 0, "appendTerms(of:) takes postings alone")
        let keyBase = keyBytes.count
        file.append(contentsOf: other.file.bytes[other.postingsStart...])
        keyBytes.append(contentsOf: other.keyBytes)
        keyEnds.append(contentsOf: other.keyEnds.lazy.map { $0 + keyBase })
        postingsLengths.append(contentsOf: other.postingsLengths)
        postingCounts.append(contentsOf: other.postingCounts)
    }

    /// The whole file, footer included, and its checksum.
    mutating func finish() throws(IndexError) -> (bytes: [UInt8], checksum: UInt32) {
        // Offsets in the dictionary index are u32: a segment is flushed at a memory budget (and
        // merged up to a size) far below 4 GiB, so these checks fail only for limits raised
        // beyond the format's reach.
        let path = self.path
        func tooLarge(_ section: String) -> IndexError {
            .io(path: path, operation: "write segment (its \(section) exceed 4 GiB, the most format version \(SegmentFormat.version) addresses)", errno: EFBIG)
        }
        let postingsEnd = file.count
        guard UInt32(exactly: postingsEnd - postingsStart) != nil else { throw tooLarge("postings") }
        sections.append((.postings, postingsStart, postingsEnd))

        let termCount = keyEnds.count
        let blockSize = SegmentFormat.dictionaryBlockSize
        let dictionaryIndex = file.beginSection()
        file.appendZeros((termCount + blockSize - 1) / blockSize * SegmentFormat.dictionaryIndexEntrySize)
        sections.append((.dictionaryIndex, dictionaryIndex, file.count))

        let dictionary = file.beginSection()
        var postingsOffset = 0
        var previousStart = 0
        for index in 0..<termCount {
            let start = index == 0 ? 0 : keyEnds[index - 1]
            let end = keyEnds[index]
            var shared = 0
            if index % blockSize == 0 {
                let entry = dictionaryIndex + index / blockSize * SegmentFormat.dictionaryIndexEntrySize
                guard let blockStart = UInt32(exactly: file.count - dictionary) else { throw tooLarge("dictionary") }
                file.store(blockStart, at: entry)
                file.store(UInt32(postingsOffset), at: entry + 4)
            } else {
                let limit = min(end - start, start - previousStart)
                while shared < limit, keyBytes[start + shared] == keyBytes[previousStart + shared] { shared += 1 }
            }
            file.appendVarInt(UInt32(shared))
            file.appendVarInt(UInt32(end - start - shared))
            file.append(contentsOf: keyBytes[(start + shared)..<end])
            file.appendVarInt(UInt32(postingsLengths[index]))
            file.appendVarInt(postingCounts[index])
            postingsOffset += postingsLengths[index]
            previousStart = start
        }
        guard UInt32(exactly: file.count - dictionary) != nil else { throw tooLarge("dictionary") }
        sections.append((.dictionary, dictionary, file.count))

        let passageLocations = file.beginSection()
        locations.encode(into: &file)
        sections.append((.passageLocations, passageLocations, file.count))

        // Header.
        file.store(SegmentFormat.magic, at: SegmentFormat.HeaderField.magic)
        file.store(SegmentFormat.version, at: SegmentFormat.HeaderField.version)
        file.store(UInt32(0), at: SegmentFormat.HeaderField.flags)
        file.store(UInt32(passageCount), at: SegmentFormat.HeaderField.passageCount)
        file.store(UInt32(documentCount), at: SegmentFormat.HeaderField.documentCount)
        file.store(UInt64(termCount), at: SegmentFormat.HeaderField.termCount)
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
}

/// The term being encoded: its finished blocks and the postings of the block being filled,
/// buffers reused from term to term.
private struct TermScratch {
    /// What the skip table says of a finished block.
    struct Block {
        var lastIDDelta: UInt32
        var maxTermFrequency: UInt32
        var dataLength: Int
    }

    var idDeltas: [UInt32] = []
    var termFrequencies: [UInt32] = []
    var positions: [UInt32] = []
    /// The encoded blocks of the term, back to back.
    var data: [UInt8] = []
    var blocks: [Block] = []
    var postingCount: UInt32 = 0
    private var previousID: UInt32?
    /// The last id of the block before the one being filled.
    private var blockPreviousID: UInt32?

    mutating func begin() {
        data.removeAll(keepingCapacity: true)
        blocks.removeAll(keepingCapacity: true)
        postingCount = 0
        previousID = nil
        blockPreviousID = nil
    }

    mutating func append(id: UInt32) {
        idDeltas.append(previousID.map { id - $0 } ?? id)
        previousID = id
        postingCount += 1
    }

    /// Encodes the postings gathered into a block.
    mutating func closeBlock() {
        let start = data.count
        PostingBlockCodec.append(idDeltas: idDeltas, termFrequencies: termFrequencies, positions: positions, to: &data)
        let lastID = previousID ?? 0
        blocks.append(Block(lastIDDelta: lastID - (blockPreviousID ?? 0), maxTermFrequency: termFrequencies.max() ?? 1,
                            dataLength: data.count - start))
        blockPreviousID = lastID
        idDeltas.removeAll(keepingCapacity: true)
        termFrequencies.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
    }
}

/// A segment file being assembled in memory: little-endian appends, and stores over bytes already
/// appended (the header and the dictionary index are filled in once their values are known).
struct SegmentBytes {
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
