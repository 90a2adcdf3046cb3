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
    /// The bytes held in memory past which they go to the file as the postings grow; nil: never.
    private let streamingThreshold: Int?
    /// The file being written, once the bytes first reached ``streamingThreshold``.
    private var stream: Stream?

    /// A file being written as it is encoded, and the checksum of what went to it after the
    /// header (whose bytes are known, and written over the zeros there, only at the end).
    private final class Stream {
        let file: SequentialFile
        var checksum = CRC32()

        init(file: SequentialFile) { self.file = file }
    }

    /// Starts a segment with these passages (normalized lengths and locations, by local id) and
    /// documents (by ordinal). `expectedSize` reserves room for the whole file.
    ///
    /// With a `streamingThreshold`, the file is created at `path` once the bytes in memory reach
    /// it, and the postings go to the file as they grow past it, so a large segment (a merge)
    /// takes little memory; ``write()`` then writes the rest. Without, the whole file is
    /// assembled in memory.
    init(path: String, passageLengths: some Collection<UInt32>, documents: some Collection<DocumentEntry>,
         locations: PassageLocationTable, expectedSize: Int = 0, streamingThreshold: Int? = nil) {
        precondition(locations.count == passageLengths.count, "one location per passage")
        precondition(streamingThreshold.map { $0 > 0 } ?? true, "a streaming threshold must be positive")
        self.path = path
        self.locations = locations
        self.streamingThreshold = streamingThreshold
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

    /// Ends the current term: writes its skip table (when it has more than one block) and blocks;
    /// a streaming encoder writes what it holds to the file once that reaches its threshold.
    mutating func endTerm() throws(IndexError) {
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
        try streamIfFull()
    }

    /// Writes what is held to the file when a streaming encoder holds its threshold or more.
    private mutating func streamIfFull() throws(IndexError) {
        guard let streamingThreshold, file.bytes.count >= streamingThreshold else { return }
        try streamHeld()
    }

    /// Writes every byte held to the file, creating it first if need be.
    private mutating func streamHeld() throws(IndexError) {
        if stream == nil { stream = Stream(file: try SequentialFile(creating: path, kind: "segment")) }
        guard let stream else { return }
        // The header's zeros are written now and over at the end; its bytes count then.
        let skipped = file.spilled == 0 ? min(SegmentFormat.headerSize, file.bytes.count) : 0
        let bytes = file.takeBytes()
        try stream.file.append(bytes)
        stream.checksum.update(bytes.span.extracting(skipped..<bytes.count))
    }

    /// Removes the file a streaming encoder created, if it did: for a segment that will not be
    /// finished.
    mutating func discard() {
        stream?.file.discard()
        stream = nil
    }

    /// Appends the terms of `other`, an encoder of no passages and no documents whose keys all
    /// sort after this one's, as if they had been encoded here: its postings bytes after these,
    /// its keys, lengths and counts after these. Neither may have a term begun and not ended.
    /// What `other` streamed to its file is read back from it, and the file removed.
    mutating func appendTerms(of other: SegmentEncoder, copyPiece: Int = SegmentEncoder.copyPiece) throws(IndexError) {
        precondition(copyPiece > 0, "appendTerms(of:copyPiece:) needs a positive piece size")
        precondition(other.passageCount == 0 && other.documentCount == 0, "appendTerms(of:) takes postings alone")
        let keyBase = keyBytes.count
        if let streamed = other.stream {
            // It streamed from its postings on (a term's end is the first point it can): copy
            // the file's postings a piece at a time, then what it still holds.
            var offset = other.postingsStart
            while offset < streamed.file.length {
                let count = min(copyPiece, streamed.file.length - offset)
                file.append(contentsOf: try streamed.file.read(at: offset, count: count))
                offset += count
                try streamIfFull()
            }
            file.append(contentsOf: other.file.bytes)
            streamed.file.discard()
        } else {
            file.append(contentsOf: other.file.bytes[other.postingsStart...])
        }
        try streamIfFull()
        keyBytes.append(contentsOf: other.keyBytes)
        keyEnds.append(contentsOf: other.keyEnds.lazy.map { $0 + keyBase })
        postingsLengths.append(contentsOf: other.postingsLengths)
        postingCounts.append(contentsOf: other.postingCounts)
    }

    /// The bytes ``appendTerms(of:copyPiece:)`` reads back at a time from a file another encoder
    /// streamed.
    static let copyPiece = 4 << 20

    /// Writes the file at `path`, fsynced and closed: the rest of it after what was streamed, or
    /// all of it. On failure the partly written file is removed.
    mutating func write() throws(IndexError) -> SegmentFileSummary {
        guard let stream else {
            let (bytes, checksum) = try finish()
            try FileSystem.writeFile(bytes, to: path, kind: "segment")
            return SegmentFileSummary(size: Int64(bytes.count), checksum: checksum)
        }
        do throws(IndexError) {
            let header = try appendTail()
            try streamHeld()
            let checksum = CRC32.combine(CRC32.checksum(of: header), stream.checksum.value,
                                         secondLength: file.count - header.count)
            try stream.file.write(header, at: 0)
            appendFooter(checksum: checksum)
            try streamHeld()
            try stream.file.finish()
            return SegmentFileSummary(size: Int64(file.count), checksum: checksum)
        } catch {
            discard()
            throw error
        }
    }

    /// The whole file, footer included, and its checksum, for an encoder that streamed nothing.
    mutating func finish() throws(IndexError) -> (bytes: [UInt8], checksum: UInt32) {
        precondition(stream == nil, "finish() of a segment streamed to its file: write() it")
        let header = try appendTail()
        file.store(header, at: 0)
        let checksum = CRC32.checksum(of: file.bytes)
        appendFooter(checksum: checksum)
        return (file.bytes, checksum)
    }

    /// Appends the sections after the postings (dictionary index, dictionary, passage locations);
    /// returns the header that describes the file, for its first bytes.
    private mutating func appendTail() throws(IndexError) -> [UInt8] {
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

        var header = SegmentBytes(headerSize: SegmentFormat.headerSize, capacity: SegmentFormat.headerSize)
        header.store(SegmentFormat.magic, at: SegmentFormat.HeaderField.magic)
        header.store(SegmentFormat.version, at: SegmentFormat.HeaderField.version)
        header.store(UInt32(0), at: SegmentFormat.HeaderField.flags)
        header.store(UInt32(passageCount), at: SegmentFormat.HeaderField.passageCount)
        header.store(UInt32(documentCount), at: SegmentFormat.HeaderField.documentCount)
        header.store(UInt64(termCount), at: SegmentFormat.HeaderField.termCount)
        for (section, start, end) in sections {
            header.store(UInt64(start), at: section.headerOffset)
            header.store(UInt64(end - start), at: section.headerOffset + 8)
        }
        return header.bytes
    }

    /// Appends the footer: the checksum of every byte before it, then the magic.
    private mutating func appendFooter(checksum: UInt32) {
        file.append(checksum)
        file.append(UInt32(0))
        file.append(contentsOf: SegmentFormat.magic)
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
///
/// The bytes may be handed out from the front as they grow (``takeBytes()``), to be written to the
/// file; offsets and `count` still count them, and stores must then be at or after them.
struct SegmentBytes {
    /// The bytes not handed out yet: the file from offset ``spilled`` on. Appending to them
    /// directly is appending to the file.
    var bytes: [UInt8]
    /// How many bytes at the front were handed out.
    private(set) var spilled = 0

    /// Starts with `headerSize` zero bytes.
    init(headerSize: Int, capacity: Int) {
        bytes = [UInt8](repeating: 0, count: headerSize)
        bytes.reserveCapacity(max(headerSize, capacity))
    }

    /// The file's length so far, handed out or not.
    var count: Int { spilled + bytes.count }

    /// Pads with zeros to the section alignment; returns the offset where the section starts.
    mutating func beginSection() -> Int {
        while count % SegmentFormat.sectionAlignment != 0 { bytes.append(0) }
        return count
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

    /// Overwrites the bytes at `offset` (not handed out) with `value`, little-endian.
    mutating func store<Value: FixedWidthInteger>(_ value: Value, at offset: Int) {
        precondition(offset >= spilled, "SegmentBytes.store(_:at:) over bytes already handed out")
        var rest = value
        for index in (offset - spilled)..<(offset - spilled + MemoryLayout<Value>.size) {
            bytes[index] = UInt8(truncatingIfNeeded: rest)
            rest = rest >> 8
        }
    }

    /// Overwrites the bytes at `offset` (not handed out) with `other`.
    mutating func store(_ other: [UInt8], at offset: Int) {
        precondition(offset >= spilled, "SegmentBytes.store(_:at:) over bytes already handed out")
        bytes.replaceSubrange((offset - spilled)..<(offset - spilled + other.count), with: other)
    }

    /// The bytes held, handed out: forgotten here (their room kept for what follows), still
    /// counted.
    mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        spilled += taken.count
        bytes.removeAll(keepingCapacity: true)
        return taken
    }
}
