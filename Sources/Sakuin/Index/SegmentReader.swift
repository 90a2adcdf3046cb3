// Reads segment files. The byte layout is described in SegmentFormat.swift; every offset and
// length read from a file is checked against the mapping before use, so a damaged file gives
// `IndexError.corruptSegment` naming it, never a trap.

/// The header of one postings block, as `SegmentReader.blocks(at:)` reports it (for block-max
/// scoring: a block whose `maxTermFrequency` cannot lift a hit into the top k can be skipped).
struct PostingBlockInfo: Sendable, Equatable {
    /// The block's last (largest) id.
    var lastID: UInt32
    /// How many ids the block holds (128 for every block but the last).
    var count: Int
    /// The largest term frequency in the block.
    var maxTermFrequency: UInt32
}

/// A segment file, memory-mapped: its passages, documents, term dictionary and postings.
///
/// Immutable and safe to share across threads. Opening checks the header, the footer, the
/// section bounds and the passage and document tables; it does not read the dictionary or the
/// postings, which are read (and checked) as they are used. `verifyChecksum()` checks every byte.
///
/// ```swift
/// let segment = try SegmentReader(path: "/x/seg-7.skn")
/// if let term = segment.termIndex(of: TermKey(kind: .bodyGram, utf16: Array("露朝".utf16)[...]).bytes) {
///     let postings = try segment.postings(at: term)
///     for i in 0..<postings.count { print(postings.ids[i], postings.positions(at: i)) }
/// }
/// ```
///
/// Passage ids and document ordinals passed in must be below `passageCount` and
/// `documentCount`: like an array subscript, one out of range is a programming error and traps.
/// A dictionary index outside `0..<termCount` reads as an empty term (no key, frequency 0), and
/// `postings(at:)` and `blocks(at:)` throw for it.
final class SegmentReader: Sendable {
    /// The segment file; every error names it.
    let path: String
    /// How many passages the segment holds; their ids are `0..<passageCount`.
    let passageCount: Int
    /// How many documents the segment holds; their ordinals are `0..<documentCount`.
    let documentCount: Int
    /// How many distinct terms the dictionary holds.
    let termCount: Int
    /// The file's size in bytes.
    let fileSize: Int
    /// Sum of all passage lengths (for the average passage length of BM25).
    let totalPassageLength: UInt64
    /// The CRC-32 stored in the footer.
    let checksum: UInt32

    private let file: MappedFile
    private let passageLengths: [UInt32]
    private let passageDocuments: [UInt32]
    private let documentCatalogIDs: [Int64]
    /// `documentCount + 1` entries: document `d` has passages `[d] ..< [d + 1]`.
    private let documentPassageBounds: [UInt32]
    /// Where the key offsets section starts in the file.
    private let keyOffsetsStart: Int
    /// The keys blob, in file offsets.
    private let keys: Range<Int>
    /// Where the term entries section starts in the file.
    private let termEntriesStart: Int
    /// The postings section, in file offsets.
    private let postingsSection: Range<Int>

    /// Maps the file and validates the header, the section bounds, the footer (magic, reserved
    /// word) and the passage and document tables. Does not read the whole file. Throws
    /// `.corruptSegment`, `.io` or `.notFound`.
    init(path: String) throws(IndexError) {
        let file = try MappedFile(path: path)
        func corrupt(_ detail: String) -> IndexError { .corruptSegment(path: path, detail: detail) }

        let minimumSize = SegmentFormat.headerSize + SegmentFormat.footerSize
        guard file.size >= minimumSize else {
            throw corrupt("the file is \(file.size) bytes, shorter than the smallest segment (\(minimumSize) bytes)")
        }
        guard try file.bytes(in: 0..<SegmentFormat.magic.count) == SegmentFormat.magic else {
            throw corrupt("bad magic: not a Sakuin segment file")
        }
        guard try file.bytes(in: file.size - SegmentFormat.magic.count..<file.size) == SegmentFormat.magic else {
            throw corrupt("no footer at the end of the file: it is truncated or was not completely written")
        }
        // The checksum does not cover the footer, so its reserved word is checked here.
        let footerReserved = try file.uint32(at: file.size - SegmentFormat.footerSize + 4)
        guard footerReserved == 0 else { throw corrupt("the footer's reserved word is \(footerReserved), expected 0") }
        let version = try file.uint32(at: SegmentFormat.HeaderField.version)
        guard version == SegmentFormat.version else {
            throw corrupt("format version \(version), but this build reads version \(SegmentFormat.version)")
        }
        let flags = try file.uint32(at: SegmentFormat.HeaderField.flags)
        guard flags == 0 else { throw corrupt("unknown header flags \(flags)") }

        let passageCount = Int(try file.uint32(at: SegmentFormat.HeaderField.passageCount))
        let documentCount = Int(try file.uint32(at: SegmentFormat.HeaderField.documentCount))
        let storedTermCount = try file.uint64(at: SegmentFormat.HeaderField.termCount)
        // Each term takes at least a 16-byte entry, so a count beyond the file size is garbage
        // (and would overflow the size computations below).
        guard storedTermCount <= UInt64(file.size) else {
            throw corrupt("the header claims \(storedTermCount) terms in a \(file.size)-byte file")
        }
        let termCount = Int(storedTermCount)

        // Sections: inside the body, in order, with the lengths their counts require.
        let bodyEnd = file.size - SegmentFormat.footerSize
        var sections: [Range<Int>] = []
        var previousEnd = SegmentFormat.headerSize
        for section in SegmentFormat.Section.allCases {
            let storedOffset = try file.uint64(at: section.headerOffset)
            let storedLength = try file.uint64(at: section.headerOffset + 8)
            guard storedOffset >= UInt64(previousEnd), storedOffset <= UInt64(bodyEnd),
                  storedLength <= UInt64(bodyEnd) - storedOffset else {
                throw corrupt("the \(section.name) (offset \(storedOffset), length \(storedLength)) lies outside bytes \(previousEnd)..<\(bodyEnd)")
            }
            let range = Int(storedOffset)..<Int(storedOffset + storedLength)
            let expectedLength: Int? = switch section {
            case .passages: passageCount * SegmentFormat.passageEntrySize
            case .documents: documentCount * SegmentFormat.documentEntrySize
            case .keyOffsets: (termCount + 1) * SegmentFormat.keyOffsetSize
            case .termEntries: termCount * SegmentFormat.termEntrySize
            case .keys, .postings: nil
            }
            if let expectedLength, range.count != expectedLength {
                throw corrupt("the \(section.name) is \(range.count) bytes, expected \(expectedLength)")
            }
            sections.append(range)
            previousEnd = range.upperBound
        }
        let passageTable = sections[SegmentFormat.Section.passages.rawValue]
        let documentTable = sections[SegmentFormat.Section.documents.rawValue]
        let keyOffsets = sections[SegmentFormat.Section.keyOffsets.rawValue]
        let keys = sections[SegmentFormat.Section.keys.rawValue]

        let firstKeyOffset = try file.uint64(at: keyOffsets.lowerBound)
        let lastKeyOffset = try file.uint64(at: keyOffsets.upperBound - SegmentFormat.keyOffsetSize)
        guard firstKeyOffset == 0, lastKeyOffset == UInt64(keys.count) else {
            throw corrupt("key offsets run from \(firstKeyOffset) to \(lastKeyOffset), expected 0 to \(keys.count)")
        }

        // Passage table.
        var passageLengths: [UInt32] = []
        var passageDocuments: [UInt32] = []
        passageLengths.reserveCapacity(passageCount)
        passageDocuments.reserveCapacity(passageCount)
        var totalPassageLength: UInt64 = 0
        for passage in 0..<passageCount {
            let entry = passageTable.lowerBound + passage * SegmentFormat.passageEntrySize
            passageDocuments.append(try file.uint32(at: entry))
            let length = try file.uint32(at: entry + 4)
            passageLengths.append(length)
            totalPassageLength += UInt64(length)
        }

        // Document table: the documents' passages must tile the passage table, in order, and
        // agree with the passages' own document ordinals.
        var documentCatalogIDs: [Int64] = []
        var documentPassageBounds: [UInt32] = []
        documentCatalogIDs.reserveCapacity(documentCount)
        documentPassageBounds.reserveCapacity(documentCount + 1)
        var nextPassage = 0
        for document in 0..<documentCount {
            let entry = documentTable.lowerBound + document * SegmentFormat.documentEntrySize
            documentCatalogIDs.append(try file.int64(at: entry))
            let firstPassage = Int(try file.uint32(at: entry + 8))
            let ownPassageCount = Int(try file.uint32(at: entry + 12))
            guard firstPassage == nextPassage, ownPassageCount <= passageCount - firstPassage else {
                throw corrupt("document \(document) claims passages \(firstPassage)..<\(firstPassage + ownPassageCount), expected a range starting at \(nextPassage) within \(passageCount) passages")
            }
            for passage in firstPassage..<firstPassage + ownPassageCount where passageDocuments[passage] != UInt32(document) {
                throw corrupt("passage \(passage) belongs to document \(passageDocuments[passage]) but lies in the passages of document \(document)")
            }
            documentPassageBounds.append(UInt32(firstPassage))
            nextPassage = firstPassage + ownPassageCount
        }
        guard nextPassage == passageCount else {
            throw corrupt("the documents hold \(nextPassage) passages, the passage table \(passageCount)")
        }
        documentPassageBounds.append(UInt32(passageCount))

        self.path = path
        self.file = file
        self.fileSize = file.size
        self.passageCount = passageCount
        self.documentCount = documentCount
        self.termCount = termCount
        self.totalPassageLength = totalPassageLength
        self.checksum = try file.uint32(at: bodyEnd)
        self.passageLengths = passageLengths
        self.passageDocuments = passageDocuments
        self.documentCatalogIDs = documentCatalogIDs
        self.documentPassageBounds = documentPassageBounds
        self.keyOffsetsStart = keyOffsets.lowerBound
        self.keys = keys
        self.termEntriesStart = sections[SegmentFormat.Section.termEntries.rawValue].lowerBound
        self.postingsSection = sections[SegmentFormat.Section.postings.rawValue]
    }

    /// Recomputes the CRC-32 of every byte before the footer and compares it with the footer's.
    func verifyChecksum() throws(IndexError) {
        var crc = CRC32()
        try file.withBytes(in: 0..<fileSize - SegmentFormat.footerSize) { crc.update($0) }
        guard crc.value == checksum else {
            throw corrupt("checksum mismatch: the footer says \(Self.hex(checksum)), the contents give \(Self.hex(crc.value))")
        }
    }

    // MARK: - Passages and documents

    /// The normalized length of a passage.
    func passageLength(_ passage: UInt32) -> UInt32 { passageLengths[Int(passage)] }

    /// The ordinal of the document a passage belongs to.
    func passageDocument(_ passage: UInt32) -> UInt32 { passageDocuments[Int(passage)] }

    /// The catalog id of a document.
    func documentCatalogID(_ ordinal: UInt32) -> Int64 { documentCatalogIDs[Int(ordinal)] }

    /// The passage ids of a document (empty for a document without passages).
    func documentPassages(_ ordinal: UInt32) -> Range<UInt32> {
        documentPassageBounds[Int(ordinal)]..<documentPassageBounds[Int(ordinal) + 1]
    }

    // MARK: - Dictionary

    /// The dictionary index of `key`, found by binary search, or nil if the segment lacks it.
    func termIndex(of key: [UInt8]) -> Int? {
        let index = firstTerm { compareKey(at: $0, with: key) >= 0 }
        guard index < termCount, compareKey(at: index, with: key) == 0 else { return nil }
        return index
    }

    /// The dictionary indices of every key that starts with `prefix`: a contiguous range, found by
    /// binary search at both ends (empty if there is none).
    func termIndices(withPrefix prefix: [UInt8]) -> Range<Int> {
        let lower = firstTerm { compareKey(at: $0, with: prefix) >= 0 }
        let upper = firstTerm { compareKey(at: $0, with: prefix, truncatingKeyTo: prefix.count) > 0 }
        return lower..<max(lower, upper)
    }

    /// The key bytes of the term at `index`.
    ///
    /// Keys are not checked when the segment is opened: a damaged key offset, like an index out
    /// of range, reads as an empty key (`verifyChecksum()` finds such damage).
    func termKey(at index: Int) -> [UInt8] {
        (try? file.bytes(in: keyRange(at: index))) ?? []
    }

    /// How many passages (or documents, for title kinds) the term's postings hold.
    /// A damaged entry, or an index out of range, reads as 0; `postings(at:)` reports it.
    func documentFrequency(at index: Int) -> Int {
        guard let entry = termEntryOffset(index) else { return 0 }
        return Int((try? file.uint32(at: entry + 8)) ?? 0)
    }

    /// The first index in `0..<termCount` for which `isAtOrAfter` holds (`termCount` if none);
    /// `isAtOrAfter` must be false and then true along the dictionary.
    private func firstTerm(where isAtOrAfter: (Int) -> Bool) -> Int {
        var low = 0
        var high = termCount
        while low < high {
            let middle = low + (high - low) / 2
            if isAtOrAfter(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Compares the key at `index` (cut to its first `length` bytes, if given) with `other`:
    /// negative if it sorts first, 0 if equal, positive if after.
    private func compareKey(at index: Int, with other: [UInt8], truncatingKeyTo length: Int? = nil) -> Int {
        var range = keyRange(at: index)
        if let length, range.count > length { range = range.lowerBound..<range.lowerBound + length }
        return (try? file.compareBytes(in: range, with: other)) ?? -other.count
    }

    /// The file offsets of the key at `index`; an empty range if its key offsets are damaged.
    private func keyRange(at index: Int) -> Range<Int> {
        guard index >= 0, index < termCount else { return keys.lowerBound..<keys.lowerBound }
        let offset = keyOffsetsStart + index * SegmentFormat.keyOffsetSize
        guard let start = try? file.uint64(at: offset),
              let end = try? file.uint64(at: offset + SegmentFormat.keyOffsetSize),
              start <= end, end <= UInt64(keys.count) else { return keys.lowerBound..<keys.lowerBound }
        return keys.lowerBound + Int(start)..<keys.lowerBound + Int(end)
    }

    /// Where the entry of the term at `index` starts in the file, or nil for an index out of range.
    private func termEntryOffset(_ index: Int) -> Int? {
        guard index >= 0, index < termCount else { return nil }
        return termEntriesStart + index * SegmentFormat.termEntrySize
    }

    // MARK: - Postings

    /// The block headers of a term: last id, count and largest term frequency of each block.
    func blocks(at index: Int) throws(IndexError) -> [PostingBlockInfo] {
        try blockHeaders(of: termEntry(at: index), term: index).map {
            PostingBlockInfo(lastID: $0.lastID, count: $0.count, maxTermFrequency: $0.maxTermFrequency)
        }
    }

    /// Decodes the whole postings list of the term at `index`. Throws `.corruptSegment` if the
    /// postings are malformed in any way: out of bounds, ids not ascending or out of range, a
    /// bad varint, counts that disagree with the block headers.
    func postings(at index: Int) throws(IndexError) -> PostingList {
        let entry = try termEntry(at: index)
        let headers = try blockHeaders(of: entry, term: index)
        let dataEnd = headers.map { $0.dataOffset + $0.dataLength }.max() ?? 0
        // One copy of the term's block data; the blocks are decoded from slices of it.
        let data = try file.bytes(in: entry.dataStart..<entry.dataStart + dataEnd)
        let idLimit = idLimit(ofTermAt: index)

        var list = PostingList()
        // Every posting takes at least three bytes (id, frequency, one position).
        list.reserveCapacity(ids: min(entry.documentFrequency, data.count / 3), positions: data.count / 2)
        for (blockIndex, header) in headers.enumerated() {
            func failure(_ detail: String) -> IndexError {
                corrupt("postings of term \(index), block \(blockIndex): \(detail)")
            }
            guard header.codec == SegmentFormat.codecLEB128 else {
                throw failure("codec \(header.codec), but this build reads codec \(SegmentFormat.codecLEB128)")
            }
            let block = data[header.dataOffset..<header.dataOffset + header.dataLength]
            var cursor = block.startIndex
            func next() throws(IndexError) -> UInt32 {
                do { return try VarInt.decode(block, at: &cursor) } catch { throw failure("\(error)") }
            }

            var previousID: UInt32? = blockIndex == 0 ? nil : headers[blockIndex - 1].lastID
            var maxTermFrequency: UInt32 = 0
            for _ in 0..<header.count {
                let (id, termFrequency) = try Self.postingHead(next, after: previousID, idLimit: idLimit, failure)
                maxTermFrequency = max(maxTermFrequency, termFrequency)
                var position = try next()
                list.positions.append(position)
                for _ in 1..<termFrequency {
                    let positionDelta = try next()
                    let (sum, overflow) = position.addingReportingOverflow(positionDelta)
                    guard positionDelta > 0, !overflow else { throw failure("positions of id \(id) are not ascending") }
                    position = sum
                    list.positions.append(position)
                }
                list.ids.append(id)
                list.positionStarts.append(list.positions.count)
                previousID = id
            }
            try Self.checkBlockEnd(header, leftOver: block.endIndex - cursor, lastID: previousID,
                                   maxTermFrequency: maxTermFrequency, failure)
        }
        return list
    }

    /// Reads one posting's id (a delta after `previousID`, the block's first id when nil) and
    /// term frequency with `next`, checked: ids ascend and stay below `idLimit`, frequencies are
    /// positive. Shared by ``postings(at:)`` and ``decodeBlock(_:of:into:)``.
    @inline(__always)
    private static func postingHead(_ next: () throws(IndexError) -> UInt32, after previousID: UInt32?, idLimit: Int,
                                    _ failure: (String) -> IndexError) throws(IndexError) -> (id: UInt32, termFrequency: UInt32) {
        let delta = try next()
        var id = delta
        if let previousID {
            let (sum, overflow) = previousID.addingReportingOverflow(delta)
            guard delta > 0, !overflow else { throw failure("ids are not ascending after \(previousID)") }
            id = sum
        }
        guard Int(id) < idLimit else { throw failure("id \(id) is out of range 0..<\(idLimit)") }
        let termFrequency = try next()
        guard termFrequency > 0 else { throw failure("id \(id) has term frequency 0") }
        return (id, termFrequency)
    }

    /// Checks a decoded block against its header: no bytes left over, the same last id and
    /// largest term frequency.
    private static func checkBlockEnd(_ header: BlockHeader, leftOver: Int, lastID: UInt32?, maxTermFrequency: UInt32,
                                      _ failure: (String) -> IndexError) throws(IndexError) {
        guard leftOver == 0 else { throw failure("\(leftOver) bytes left over after \(header.count) postings") }
        guard lastID == header.lastID, maxTermFrequency == header.maxTermFrequency else {
            throw failure("the data (last id \(lastID.map(String.init) ?? "none"), largest frequency \(maxTermFrequency)) "
                + "disagrees with the header (last id \(header.lastID), largest frequency \(header.maxTermFrequency))")
        }
    }

    // MARK: - Postings, block by block

    /// The block directory of one term's postings, for reading its blocks one at a time with
    /// ``decodeBlock(_:of:)``: intersecting a rare term with a common one then reads only the
    /// common term's blocks that may hold the rare one's ids.
    struct TermBlocks: Sendable {
        /// The term's index in the dictionary.
        var term: Int
        /// How many postings the term has.
        var count: Int
        /// The last id of each block, ascending.
        var lastIDs: [UInt32]
        fileprivate var headers: [BlockHeader]
        fileprivate var dataStart: Int
        fileprivate var idLimit: Int
    }

    /// One block of a term's postings: ids and term frequencies decoded, positions left encoded
    /// until ``positions(in:at:)`` asks for them, since a phrase needs the positions only of the
    /// ids that all its atoms share.
    struct PostingBlock: Sendable {
        /// Ids, strictly ascending.
        var ids: [UInt32] = []
        /// The term frequency of each id.
        var termFrequencies: [UInt32] = []
        /// Where each id's encoded positions start in `bytes`.
        fileprivate var positionOffsets: [Int] = []
        fileprivate var bytes: [UInt8] = []
        fileprivate var term = 0
        fileprivate var index = 0
    }

    /// The block directory of the term at `index`, checked as ``postings(at:)`` checks it.
    func termBlocks(at index: Int) throws(IndexError) -> TermBlocks {
        let entry = try termEntry(at: index)
        let headers = try blockHeaders(of: entry, term: index)
        return TermBlocks(term: index, count: entry.documentFrequency, lastIDs: headers.map(\.lastID),
                          headers: headers, dataStart: entry.dataStart, idLimit: idLimit(ofTermAt: index))
    }

    /// Decodes block `blockIndex` (which must be below `blocks.lastIDs.count`) of a term: ids and
    /// term frequencies, checked as ``postings(at:)`` checks them; positions are only stepped over.
    /// Decodes into `block`, reusing its buffers.
    func decodeBlock(_ blockIndex: Int, of blocks: TermBlocks, into block: inout PostingBlock) throws(IndexError) {
        let header = blocks.headers[blockIndex]
        func failure(_ detail: String) -> IndexError {
            corrupt("postings of term \(blocks.term), block \(blockIndex): \(detail)")
        }
        guard header.codec == SegmentFormat.codecLEB128 else {
            throw failure("codec \(header.codec), but this build reads codec \(SegmentFormat.codecLEB128)")
        }
        let start = blocks.dataStart + header.dataOffset
        block.bytes.removeAll(keepingCapacity: true)
        try file.withBytes(in: start..<start + header.dataLength) { span in
            span.withUnsafeBufferPointer { block.bytes.append(contentsOf: $0) }
        }
        block.term = blocks.term
        block.index = blockIndex
        block.ids.removeAll(keepingCapacity: true)
        block.termFrequencies.removeAll(keepingCapacity: true)
        block.positionOffsets.removeAll(keepingCapacity: true)
        block.ids.reserveCapacity(header.count)
        block.termFrequencies.reserveCapacity(header.count)
        block.positionOffsets.reserveCapacity(header.count)
        let bytes = block.bytes[...]
        var cursor = bytes.startIndex
        func next() throws(IndexError) -> UInt32 {
            do { return try VarInt.decode(bytes, at: &cursor) } catch { throw failure("\(error)") }
        }
        var previousID: UInt32? = blockIndex == 0 ? nil : blocks.headers[blockIndex - 1].lastID
        var maxTermFrequency: UInt32 = 0
        for _ in 0..<header.count {
            let (id, termFrequency) = try Self.postingHead(next, after: previousID, idLimit: blocks.idLimit, failure)
            maxTermFrequency = max(maxTermFrequency, termFrequency)
            block.positionOffsets.append(cursor)
            // Stepping over a varint only needs its last byte (the one without the high bit).
            for _ in 0..<termFrequency {
                let varintStart = cursor
                while true {
                    guard cursor < bytes.endIndex else { throw failure("truncated varint at offset \(varintStart)") }
                    let byte = bytes[cursor]
                    cursor += 1
                    if byte & 0x80 == 0 { break }
                    guard cursor - varintStart < 5 else { throw failure("overlong varint at offset \(varintStart)") }
                }
            }
            block.ids.append(id)
            block.termFrequencies.append(termFrequency)
            previousID = id
        }
        try Self.checkBlockEnd(header, leftOver: bytes.endIndex - cursor, lastID: previousID,
                               maxTermFrequency: maxTermFrequency, failure)
    }

    /// Appends the positions of the block's posting `row` to `positions`, ascending, decoded and checked.
    func positions(in block: PostingBlock, at row: Int, into positions: inout [UInt32]) throws(IndexError) {
        func failure(_ detail: String) -> IndexError {
            corrupt("postings of term \(block.term), block \(block.index): \(detail)")
        }
        let bytes = block.bytes[...]
        var cursor = block.positionOffsets[row]
        func next() throws(IndexError) -> UInt32 {
            do { return try VarInt.decode(bytes, at: &cursor) } catch { throw failure("\(error)") }
        }
        let count = Int(block.termFrequencies[row])
        var position = try next()
        positions.append(position)
        for _ in 1..<max(count, 1) {
            let delta = try next()
            let (sum, overflow) = position.addingReportingOverflow(delta)
            guard delta > 0, !overflow else { throw failure("positions of posting \(row) are not ascending") }
            position = sum
            positions.append(position)
        }
    }

    /// One term entry, checked against the postings section.
    private struct TermEntry {
        /// Where the term's block headers start in the file.
        var headersStart: Int
        /// Where the term's block data starts in the file (just after the headers).
        var dataStart: Int
        var documentFrequency: Int
        var blockCount: Int
    }

    /// One block header, as stored.
    fileprivate struct BlockHeader {
        var lastID: UInt32
        var count: Int
        /// From the term's `dataStart`.
        var dataOffset: Int
        var dataLength: Int
        var maxTermFrequency: UInt32
        var codec: UInt16
    }

    private func termEntry(at index: Int) throws(IndexError) -> TermEntry {
        guard let entry = termEntryOffset(index) else {
            throw corrupt("there is no term \(index): the dictionary holds \(termCount) terms")
        }
        let postingsOffset = try file.uint64(at: entry)
        let documentFrequency = Int(try file.uint32(at: entry + 8))
        let blockCount = Int(try file.uint32(at: entry + 12))
        guard documentFrequency > 0, blockCount > 0,
              blockCount == (documentFrequency + SegmentFormat.blockCapacity - 1) / SegmentFormat.blockCapacity else {
            throw corrupt("term \(index) claims \(documentFrequency) postings in \(blockCount) blocks")
        }
        let headersLength = blockCount * SegmentFormat.blockHeaderSize
        guard postingsOffset <= UInt64(postingsSection.count),
              headersLength <= postingsSection.count - Int(postingsOffset) else {
            throw corrupt("the postings of term \(index) (offset \(postingsOffset), \(blockCount) blocks) lie outside the postings section (\(postingsSection.count) bytes)")
        }
        let headersStart = postingsSection.lowerBound + Int(postingsOffset)
        return TermEntry(headersStart: headersStart, dataStart: headersStart + headersLength,
                         documentFrequency: documentFrequency, blockCount: blockCount)
    }

    /// The term's block headers, checked: counts add up to the document frequency, last ids
    /// ascend, every block's data lies inside the postings section.
    private func blockHeaders(of entry: TermEntry, term index: Int) throws(IndexError) -> [BlockHeader] {
        let dataSpace = postingsSection.upperBound - entry.dataStart
        var headers: [BlockHeader] = []
        headers.reserveCapacity(entry.blockCount)
        var postingCount = 0
        for blockIndex in 0..<entry.blockCount {
            let offset = entry.headersStart + blockIndex * SegmentFormat.blockHeaderSize
            let header = BlockHeader(
                lastID: try file.uint32(at: offset),
                count: Int(try file.uint32(at: offset + 4)),
                dataOffset: Int(try file.uint32(at: offset + 8)),
                dataLength: Int(try file.uint32(at: offset + 12)),
                maxTermFrequency: try file.uint32(at: offset + 16),
                codec: try file.uint16(at: offset + 20))
            func failure(_ detail: String) -> IndexError {
                corrupt("postings of term \(index), block \(blockIndex): \(detail)")
            }
            guard header.count > 0, header.count <= SegmentFormat.blockCapacity else {
                throw failure("holds \(header.count) postings, expected 1…\(SegmentFormat.blockCapacity)")
            }
            if let previous = headers.last, previous.lastID >= header.lastID {
                throw failure("last id \(header.lastID) does not exceed the previous block's \(previous.lastID)")
            }
            guard header.dataOffset <= dataSpace, header.dataLength <= dataSpace - header.dataOffset else {
                throw failure("data (offset \(header.dataOffset), length \(header.dataLength)) lies outside the postings section")
            }
            postingCount += header.count
            headers.append(header)
        }
        guard postingCount == entry.documentFrequency else {
            throw corrupt("term \(index) claims \(entry.documentFrequency) postings, its blocks hold \(postingCount)")
        }
        return headers
    }

    /// One past the largest id the term's postings may hold: the document count for title
    /// kinds, the passage count for body kinds.
    private func idLimit(ofTermAt index: Int) -> Int {
        let kindByte = try? file.uint8(at: keyRange(at: index).lowerBound)
        switch kindByte.flatMap(TermKey.Kind.init(rawValue:))?.isDocumentLevel {
        case true?: return documentCount
        case false?: return passageCount
        case nil: return max(documentCount, passageCount)
        }
    }

    private func corrupt(_ detail: String) -> IndexError { .corruptSegment(path: path, detail: detail) }

    /// `0x1A2B3C4D`.
    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
