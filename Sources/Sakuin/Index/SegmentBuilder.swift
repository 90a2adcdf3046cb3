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
    /// For each passage, its document ordinal.
    private var passageDocuments: [UInt32] = []
    /// For each passage, its normalized length.
    private var passageLengths: [UInt32] = []
    /// For each document, its catalog id.
    private var documentCatalogIDs: [Int64] = []
    /// For each document, its first passage id.
    private var documentFirstPassages: [UInt32] = []
    /// The postings of every term seen so far, by key bytes.
    private var postingsByKey: [[UInt8]: PostingList] = [:]

    /// Rough bytes held, so the writer can flush at a memory budget.
    private(set) var estimatedMemory = 0

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
        let ordinal = UInt32(documentCatalogIDs.count)
        documentCatalogIDs.append(catalogID)
        documentFirstPassages.append(UInt32(passageLengths.count))
        estimatedMemory += Self.bytesPerDocument
        assert(titleTokens.allSatisfy { $0.key.kind?.isDocumentLevel == true }, "title tokens must have title kinds")
        addPostings(of: titleTokens, to: ordinal)
        return ordinal
    }

    /// Adds a passage to the most recently added document; returns its local passage id (0, 1,
    /// 2 … over the whole segment). `length` is the passage's normalized length (for BM25).
    /// `tokens` have kinds `.bodyGram`/`.bodyWord`, in any order.
    ///
    /// A document must have been added first.
    mutating func addPassage(length: UInt32, tokens: [Token]) -> UInt32 {
        precondition(!documentCatalogIDs.isEmpty, "SegmentBuilder.addPassage called before any addDocument")
        let passage = UInt32(passageLengths.count)
        passageLengths.append(length)
        passageDocuments.append(UInt32(documentCatalogIDs.count - 1))
        estimatedMemory += Self.bytesPerPassage
        assert(tokens.allSatisfy { $0.key.kind?.isDocumentLevel == false }, "passage tokens must have body kinds")
        addPostings(of: tokens, to: passage)
        return passage
    }

    /// Posts every distinct key of `tokens` to `id`, with the key's distinct positions ascending.
    private mutating func addPostings(of tokens: [Token], to id: UInt32) {
        guard !tokens.isEmpty else { return }
        let sorted = tokens.sorted { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
        var positions: [UInt32] = []
        var runStart = 0
        while runStart < sorted.count {
            let key = sorted[runStart].key
            positions.removeAll(keepingCapacity: true)
            var index = runStart
            while index < sorted.count, sorted[index].key == key {
                let position = UInt32(clamping: sorted[index].position)
                // The same key twice at one offset is one occurrence.
                if positions.last != position { positions.append(position) }
                index += 1
            }
            let termsBefore = postingsByKey.count
            postingsByKey[key.bytes, default: PostingList()].append(id: id, positions: positions)
            if postingsByKey.count != termsBefore { estimatedMemory += key.bytes.count + Self.bytesPerTerm }
            estimatedMemory += Self.bytesPerPosting + 4 * positions.count
            runStart = index
        }
    }

    // Rough costs for `estimatedMemory`: array elements plus a share of headers and slack.
    private static let bytesPerDocument = 16
    private static let bytesPerPassage = 10
    private static let bytesPerTerm = 200
    private static let bytesPerPosting = 14

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
        let terms = postingsByKey.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let keys = terms.map(\.key)
        var file = SegmentBytes(headerSize: SegmentFormat.headerSize, capacity: estimatedMemory)

        let passages = file.beginSection()
        for (document, length) in zip(passageDocuments, passageLengths) {
            file.append(document)
            file.append(length)
        }
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

        let keyOffsets = file.beginSection()
        var keyOffset: UInt64 = 0
        file.append(keyOffset)
        for key in keys {
            keyOffset += UInt64(key.count)
            file.append(keyOffset)
        }
        let keyOffsetsEnd = file.count

        let keysStart = file.beginSection()
        for key in keys { file.append(contentsOf: key) }
        let keysEnd = file.count

        let termEntries = file.beginSection()
        file.appendZeros(keys.count * SegmentFormat.termEntrySize)
        let termEntriesEnd = file.count

        let postings = file.beginSection()
        for (index, list) in terms.map(\.value).enumerated() {
            let entry = termEntries + index * SegmentFormat.termEntrySize
            let termStart = file.count
            let blockCount = try Self.appendBlocks(of: list, to: &file, path: path)
            file.store(UInt64(termStart - postings), at: entry)
            file.store(UInt32(list.count), at: entry + 8)
            file.store(UInt32(blockCount), at: entry + 12)
        }
        let postingsEnd = file.count

        // Header.
        file.store(SegmentFormat.magic, at: SegmentFormat.HeaderField.magic)
        file.store(SegmentFormat.version, at: SegmentFormat.HeaderField.version)
        file.store(UInt32(0), at: SegmentFormat.HeaderField.flags)
        file.store(UInt32(passageCount), at: SegmentFormat.HeaderField.passageCount)
        file.store(UInt32(documentCount), at: SegmentFormat.HeaderField.documentCount)
        file.store(UInt64(keys.count), at: SegmentFormat.HeaderField.termCount)
        let sections: [(SegmentFormat.Section, Int, Int)] = [
            (.passages, passages, passagesEnd), (.documents, documents, documentsEnd),
            (.keyOffsets, keyOffsets, keyOffsetsEnd), (.keys, keysStart, keysEnd),
            (.termEntries, termEntries, termEntriesEnd), (.postings, postings, postingsEnd),
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

    /// Appends the block headers and codec-1 block data of one term; returns the block count.
    private static func appendBlocks(of list: PostingList, to file: inout SegmentBytes, path: String) throws(IndexError) -> Int {
        let blockCount = (list.count + SegmentFormat.blockCapacity - 1) / SegmentFormat.blockCapacity
        let headers = file.count
        file.appendZeros(blockCount * SegmentFormat.blockHeaderSize)
        let dataStart = file.count
        var previousID: UInt32? = nil
        for block in 0..<blockCount {
            let postings = block * SegmentFormat.blockCapacity ..< min(list.count, (block + 1) * SegmentFormat.blockCapacity)
            let blockStart = file.count
            var maxTermFrequency = 0
            for i in postings {
                let id = list.ids[i]
                file.appendVarInt(previousID.map { id - $0 } ?? id)
                previousID = id
                let termFrequency = list.termFrequency(at: i)
                maxTermFrequency = max(maxTermFrequency, termFrequency)
                file.appendVarInt(UInt32(termFrequency))
                var previousPosition: UInt32? = nil
                for position in list.positions(at: i) {
                    file.appendVarInt(previousPosition.map { position - $0 } ?? position)
                    previousPosition = position
                }
            }
            guard let dataOffset = UInt32(exactly: blockStart - dataStart),
                  let dataLength = UInt32(exactly: file.count - blockStart) else {
                throw .io(path: path, operation: "write segment (postings of one term exceed 4 GiB)", errno: EFBIG)
            }
            let header = headers + block * SegmentFormat.blockHeaderSize
            file.store(list.ids[postings.upperBound - 1], at: header)
            file.store(UInt32(postings.count), at: header + 4)
            file.store(dataOffset, at: header + 8)
            file.store(dataLength, at: header + 12)
            file.store(UInt32(maxTermFrequency), at: header + 16)
            file.store(SegmentFormat.codecLEB128, at: header + 20)
            file.store(UInt16(0), at: header + 22)
        }
        return blockCount
    }
}

/// A segment file being assembled in memory: little-endian appends, and stores over bytes already
/// appended (the header and term entries are filled in once their values are known).
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

    mutating func append(contentsOf other: [UInt8]) { bytes.append(contentsOf: other) }

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
