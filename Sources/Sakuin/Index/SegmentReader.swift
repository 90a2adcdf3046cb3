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
/// section bounds, the passage and document tables and the passage locations' header; it does
/// not read the dictionary, the postings or the locations, which are read (and checked) as they
/// are used. `verifyChecksum()` checks every byte.
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
    /// Where the dictionary index starts in the file.
    private let dictionaryIndexStart: Int
    /// The front-coded dictionary, in file offsets.
    private let dictionarySection: Range<Int>
    /// How many blocks the dictionary has (``SegmentFormat/dictionaryBlockSize`` terms each, the last fewer).
    let dictionaryBlockCount: Int
    /// The first eight bytes of every dictionary block's first key (``keyPrefix(of:)``), read
    /// when the segment is opened (a damaged key's as 0), so that a lookup's binary search runs
    /// over integers in memory and reads a key from the file only where the prefixes tie: a
    /// bigram's whole key fits in them.
    private let firstKeyPrefixes: [UInt64]
    /// The postings section, in file offsets.
    private let postingsSection: Range<Int>
    /// Where each passage is in its document, read as hits ask for it.
    private let passageLocations: PassageLocationSection

    /// Maps the file and validates the header, the section bounds, the footer (magic, reserved
    /// word) and the passage and document tables. Does not read the whole file. Throws
    /// `.corruptSegment`, `.formatVersion` (another format version), `.io` or `.notFound`.
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
        // Not damage: a file of another version is read by another build, and the index is rebuilt.
        guard version == SegmentFormat.version else {
            throw .formatVersion(path: path, found: Int(version), supported: Int(SegmentFormat.version))
        }
        let flags = try file.uint32(at: SegmentFormat.HeaderField.flags)
        guard flags == 0 else { throw corrupt("unknown header flags \(flags)") }

        let passageCount = Int(try file.uint32(at: SegmentFormat.HeaderField.passageCount))
        let documentCount = Int(try file.uint32(at: SegmentFormat.HeaderField.documentCount))
        let storedTermCount = try file.uint64(at: SegmentFormat.HeaderField.termCount)
        // Each term takes at least four dictionary bytes, so a count beyond the file size is garbage
        // (and would overflow the size computations below).
        guard storedTermCount <= UInt64(file.size) else {
            throw corrupt("the header claims \(storedTermCount) terms in a \(file.size)-byte file")
        }
        let termCount = Int(storedTermCount)
        let dictionaryBlockCount = (termCount + SegmentFormat.dictionaryBlockSize - 1) / SegmentFormat.dictionaryBlockSize

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
            case .dictionaryIndex: dictionaryBlockCount * SegmentFormat.dictionaryIndexEntrySize
            case .dictionary, .postings, .passageLocations: nil
            }
            if let expectedLength, range.count != expectedLength {
                throw corrupt("the \(section.name) is \(range.count) bytes, expected \(expectedLength)")
            }
            sections.append(range)
            previousEnd = range.upperBound
        }
        let passageTable = sections[SegmentFormat.Section.passages.rawValue]
        let documentTable = sections[SegmentFormat.Section.documents.rawValue]
        let dictionaryIndex = sections[SegmentFormat.Section.dictionaryIndex.rawValue]
        // The first block's dictionary bytes and postings start where their sections do; each
        // block's end is the next one's start, checked as the blocks are read.
        if dictionaryBlockCount > 0 {
            let firstBlock = try file.uint32(at: dictionaryIndex.lowerBound)
            let firstPostings = try file.uint32(at: dictionaryIndex.lowerBound + 4)
            guard firstBlock == 0, firstPostings == 0 else {
                throw corrupt("the first dictionary block starts at byte \(firstBlock) of the dictionary and byte \(firstPostings) of the postings, expected 0 and 0")
            }
        } else if !sections[SegmentFormat.Section.postings.rawValue].isEmpty || !sections[SegmentFormat.Section.dictionary.rawValue].isEmpty {
            throw corrupt("the dictionary holds no terms, but the dictionary and postings sections are not empty")
        }

        // Passage table: lengths only; a passage's document is the one whose passages hold it.
        // Read in one pass over the table's bytes (its size was checked above): a checked load
        // per value cost about 34 instructions a passage, this about 6.
        var passageLengths = [UInt32](repeating: 0, count: passageCount)
        var totalPassageLength: UInt64 = 0
        try file.withBytes(in: passageTable) { span in
            span.withUnsafeBufferPointer { bytes in
                let table = UnsafeRawBufferPointer(bytes)
                passageLengths.withUnsafeMutableBufferPointer { lengths in
                    for passage in 0..<passageCount {
                        let length = UInt32(littleEndian: table.loadUnaligned(
                            fromByteOffset: passage * SegmentFormat.passageEntrySize, as: UInt32.self))
                        lengths[passage] = length
                        totalPassageLength &+= UInt64(length)
                    }
                }
            }
        }

        // Document table: the documents' passages must tile the passage table, in order.
        var documentCatalogIDs: [Int64] = []
        var documentPassageBounds: [UInt32] = []
        var passageDocuments: [UInt32] = []
        documentCatalogIDs.reserveCapacity(documentCount)
        documentPassageBounds.reserveCapacity(documentCount + 1)
        passageDocuments.reserveCapacity(passageCount)
        var nextPassage = 0
        for document in 0..<documentCount {
            let entry = documentTable.lowerBound + document * SegmentFormat.documentEntrySize
            documentCatalogIDs.append(try file.int64(at: entry))
            let firstPassage = Int(try file.uint32(at: entry + 8))
            let ownPassageCount = Int(try file.uint32(at: entry + 12))
            guard firstPassage == nextPassage, ownPassageCount <= passageCount - firstPassage else {
                throw corrupt("document \(document) claims passages \(firstPassage)..<\(firstPassage + ownPassageCount), expected a range starting at \(nextPassage) within \(passageCount) passages")
            }
            passageDocuments.append(contentsOf: repeatElement(UInt32(document), count: ownPassageCount))
            documentPassageBounds.append(UInt32(firstPassage))
            nextPassage = firstPassage + ownPassageCount
        }
        guard nextPassage == passageCount else {
            throw corrupt("the documents hold \(nextPassage) passages, the passage table \(passageCount)")
        }
        documentPassageBounds.append(UInt32(passageCount))
        let passageLocations = try PassageLocationSection(
            file: file, range: sections[SegmentFormat.Section.passageLocations.rawValue], passageCount: passageCount,
            corrupt: corrupt)

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
        self.dictionaryIndexStart = dictionaryIndex.lowerBound
        self.dictionarySection = sections[SegmentFormat.Section.dictionary.rawValue]
        self.dictionaryBlockCount = dictionaryBlockCount
        self.postingsSection = sections[SegmentFormat.Section.postings.rawValue]
        self.passageLocations = passageLocations
        let dictionary = sections[SegmentFormat.Section.dictionary.rawValue]
        firstKeyPrefixes = Self.firstKeyPrefixes(in: file, index: dictionaryIndex, dictionary: dictionary)
    }

    /// Recomputes the CRC-32 of every byte before the footer and compares it with the footer's.
    ///
    /// Reads the file `piece` bytes at a time and lets go of each piece's memory once read, so
    /// that checking a large segment does not keep all of it in memory.
    func verifyChecksum(piece: Int = SegmentReader.checksumPiece) throws(IndexError) {
        precondition(piece > 0, "verifyChecksum(piece:) needs a positive piece size")
        var crc = CRC32()
        let end = fileSize - SegmentFormat.footerSize
        var start = 0
        while start < end {
            let pieceEnd = min(start + piece, end)
            try file.withBytes(in: start..<pieceEnd) { crc.update($0) }
            file.release(start..<pieceEnd)
            start = pieceEnd
        }
        guard crc.value == checksum else {
            throw corrupt("checksum mismatch: the footer says \(Self.hex(checksum)), the contents give \(Self.hex(crc.value))")
        }
    }

    /// The bytes ``verifyChecksum()`` reads before it lets go of them.
    static let checksumPiece = 4 << 20

    /// Lets go of the memory behind the postings bytes in `range` (offsets from the start of the
    /// postings section, as ``TermLocation/postings`` gives them); reading them again maps them
    /// in again. A merge reads each input's postings once, in order, and lets go as it goes.
    func releasePostings(_ range: Range<Int>) {
        file.release((postingsSection.lowerBound + range.lowerBound)..<(postingsSection.lowerBound + range.upperBound))
    }

    /// Lets go of the memory behind dictionary blocks `blocks`; reading them again maps them in
    /// again. A merge walks each input's dictionary once, in order. Blocks whose bounds cannot be
    /// read are left alone: reading them reports the damage.
    func releaseDictionaryBlocks(_ blocks: Range<Int>) {
        guard !blocks.isEmpty, let first = try? dictionaryBlockBounds(blocks.lowerBound),
              let last = try? dictionaryBlockBounds(blocks.upperBound - 1) else { return }
        file.release(first.bytes.0..<last.bytes.1)
    }

    /// Lets go of the memory behind every byte of the file read so far; reading them again maps
    /// them in again.
    func releaseAll() { file.release(0..<fileSize) }

    // MARK: - Passages and documents

    /// The normalized length of a passage.
    func passageLength(_ passage: UInt32) -> UInt32 { passageLengths[Int(passage)] }

    /// Where a passage is in its document: its lines, kind and section title, read from the
    /// file. Throws `.corruptSegment` for a damaged section title.
    func passageLocation(_ passage: UInt32) throws(IndexError) -> PassageLocation {
        let path = self.path
        return try passageLocations.location(of: Int(passage), in: file) { .corruptSegment(path: path, detail: $0) }
    }

    /// The kind of a passage, as ``passageLocation(_:)`` gives it, without its lines and section.
    func passageKind(_ passage: UInt32) throws(IndexError) -> PassageKind {
        try passageLocations.kind(of: Int(passage), in: file)
    }

    /// The ordinal of the document a passage belongs to.
    func passageDocument(_ passage: UInt32) -> UInt32 { passageDocuments[Int(passage)] }

    /// The catalog id of a document.
    func documentCatalogID(_ ordinal: UInt32) -> Int64 { documentCatalogIDs[Int(ordinal)] }

    /// The passage ids of a document (empty for a document without passages).
    func documentPassages(_ ordinal: UInt32) -> Range<UInt32> {
        documentPassageBounds[Int(ordinal)]..<documentPassageBounds[Int(ordinal) + 1]
    }

    // MARK: - Dictionary

    /// One term as the dictionary describes it.
    private struct DictionaryEntry {
        var key: [UInt8]
        /// The term's postings, in offsets from the start of the postings section.
        var postings: Range<Int>
        var documentFrequency: Int
    }

    /// A term found in the dictionary, with what its entry says: enough to read its postings
    /// without looking it up again (a lookup scans a front-coded block).
    struct TermLocation: Sendable, Equatable {
        /// The term's index in the dictionary.
        var index: Int
        /// Its postings, in offsets from the start of the postings section.
        var postings: Range<Int>
        /// How many passages (or documents, for title kinds) its postings hold.
        var documentFrequency: Int
        /// The first byte of its key: its kind.
        var kind: UInt8
    }

    /// The dictionary index of `key`, found by binary search, or nil if the segment lacks it.
    func termIndex(of key: [UInt8]) -> Int? { termLocation(of: key)?.index }

    /// Where `key` is in the dictionary and what its entry says, found by binary search over the
    /// blocks' first keys and one walk through a block; nil if the segment lacks it (or its
    /// block is damaged, which ``postings(at:)`` and `verifyChecksum()` report).
    func termLocation(of key: [UInt8]) -> TermLocation? {
        guard let kind = key.first else { return nil }
        let blockSize = SegmentFormat.dictionaryBlockSize
        // The key is block `low`'s first, or in the block before.
        let (low, order) = firstBlock(comparedWith: key, truncatingKeysTo: nil, after: false)
        let block = order == 0 ? low : low - 1
        guard block >= 0 else { return nil }
        guard let (bounds, postings) = try? dictionaryBlockBounds(block),
              let (position, entryPostings, documentFrequency) = try? file.withBytes(in: bounds.0..<bounds.1, { span in
                  span.withUnsafeBufferPointer { bytes in
                      Self.locate(key, in: bytes, terms: min(blockSize, termCount - block * blockSize),
                                  postingsStart: postings.lowerBound)
                  }
              }) else { return nil }
        return TermLocation(index: block * blockSize + position, postings: entryPostings,
                            documentFrequency: documentFrequency, kind: kind)
    }

    /// Finds `key` among a front-coded block's `terms` entries without building their keys:
    /// `matched` is how many bytes of `key` the entry in hand shares. An entry sharing fewer bytes
    /// with the one before than that sorts after the key; one sharing more sorts before it, as
    /// the one before did; one sharing exactly that many is compared from there. Its position,
    /// postings and document frequency; nil if the block lacks the key or is damaged.
    private static func locate(_ key: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, terms: Int,
                               postingsStart: Int) -> (Int, Range<Int>, Int)? {
        var cursor = 0
        // Decoded here rather than by `VarInt.decode`, whose errors this walk has no use for:
        // inlined with its throws, it made every lookup's walk 70% dearer (callgrind).
        func next() -> Int? {
            var value: UInt32 = 0
            var shift: UInt32 = 0
            while cursor < bytes.count {
                let byte = bytes[cursor]
                cursor += 1
                guard shift < 28 || byte & 0xF0 == 0 else { return nil }
                value |= UInt32(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return Int(value) }
                shift += 7
            }
            return nil
        }
        var matched = 0
        var keyLength = 0
        var postingsOffset = postingsStart
        for position in 0..<terms {
            guard let shared = next(), let suffix = next(), shared <= keyLength, suffix <= bytes.count - cursor else {
                return nil
            }
            let suffixStart = cursor
            cursor += suffix
            guard let length = next(), let documentFrequency = next() else { return nil }
            keyLength = shared + suffix
            if shared < matched { return nil }  // after the key: it is not in the block
            if shared == matched {
                var index = 0
                while index < suffix, matched < key.count, bytes[suffixStart + index] == key[matched] {
                    index += 1
                    matched += 1
                }
                if index == suffix && matched == key.count {
                    return (position, postingsOffset..<postingsOffset + length, documentFrequency)
                }
                // After the key: the key ends first, or the entry has the greater byte.
                if index < suffix && (matched == key.count || bytes[suffixStart + index] > key[matched]) { return nil }
            }
            postingsOffset += length
        }
        return nil
    }

    /// The dictionary indices of every key that starts with `prefix`: a contiguous range, found by
    /// binary search at both ends (empty if there is none).
    func termIndices(withPrefix prefix: [UInt8]) -> Range<Int> {
        let lower = firstTerm(comparedWith: prefix, after: false).index
        let upper = firstTerm(comparedWith: prefix, truncatingKeysTo: prefix.count, after: true).index
        return lower..<max(lower, upper)
    }

    /// The key bytes of the term at `index`.
    ///
    /// The dictionary is not checked when the segment is opened: a term in a damaged dictionary
    /// block, like an index out of range, reads as an empty key (`verifyChecksum()` finds such
    /// damage, and `postings(at:)` reports it).
    func termKey(at index: Int) -> [UInt8] {
        (try? dictionaryEntry(at: index).key) ?? []
    }

    /// How many passages (or documents, for title kinds) the term's postings hold.
    /// A damaged entry, or an index out of range, reads as 0; `postings(at:)` reports it.
    func documentFrequency(at index: Int) -> Int {
        (try? dictionaryEntry(at: index).documentFrequency) ?? 0
    }

    /// The first index in `0..<termCount` whose key (cut to `length` bytes, if given) sorts at or
    /// after `target` (strictly after, if `after`), or `termCount`; and how that key compares with
    /// `target` (negative, 0 or positive; 1 for `termCount`). A binary search over the blocks'
    /// first keys, compared in place, then a walk through one block. A damaged key sorts first.
    private func firstTerm(comparedWith target: [UInt8], truncatingKeysTo length: Int? = nil,
                           after: Bool) -> (index: Int, order: Int) {
        let blockSize = SegmentFormat.dictionaryBlockSize
        func isAtOrAfter(_ order: Int) -> Bool { after ? order > 0 : order >= 0 }
        let (low, lowOrder) = firstBlock(comparedWith: target, truncatingKeysTo: length, after: after)
        // Block `low` starts at or after the answer, so it is its first term or in the block before.
        if low > 0 {
            var found: (Int, Int)?
            _ = try? scanDictionaryBlock(low - 1) { position, key, _, _ in
                guard position > 0 else { return false }
                let order = Self.compare(key, with: target, truncatingTo: length)
                guard isAtOrAfter(order) else { return false }
                found = ((low - 1) * blockSize + position, order)
                return true
            }
            if let found { return found }
        }
        return (min(low * blockSize, termCount), lowOrder)
    }

    /// The first block whose first key (cut to `length` bytes, if given) sorts at or after
    /// `target` (strictly after, if `after`), or `dictionaryBlockCount`; and how that key compares
    /// with `target` (1 past the last block). A binary search over the first keys' prefixes in
    /// memory; a key is compared in place only where its prefix equals the target's. A damaged
    /// key sorts first.
    private func firstBlock(comparedWith target: [UInt8], truncatingKeysTo length: Int?,
                            after: Bool) -> (block: Int, order: Int) {
        let targetPrefix = target.withUnsafeBufferPointer { Self.keyPrefix(of: $0) }
        // Cutting a key to `length` bytes cuts its prefix to as many.
        let mask = length.map { $0 >= 8 ? UInt64.max : ~(UInt64.max >> UInt64(8 * $0)) } ?? UInt64.max
        var low = 0
        var high = dictionaryBlockCount
        firstKeyPrefixes.withUnsafeBufferPointer { prefixes in
            while low < high {
                let middle = low + (high - low) / 2
                let prefix = prefixes[middle] & mask
                // Unequal prefixes order their keys (see `keyPrefix(of:)`); equal ones need the keys.
                let order = prefix != targetPrefix ? (prefix < targetPrefix ? -1 : 1)
                    : compareFirstKey(ofBlock: middle, with: target, truncatingTo: length)
                if after ? order > 0 : order >= 0 {
                    high = middle
                } else {
                    low = middle + 1
                }
            }
        }
        guard low < dictionaryBlockCount else { return (low, 1) }
        return (low, compareFirstKey(ofBlock: low, with: target, truncatingTo: length))
    }

    /// The ``keyPrefix(of:)`` of every dictionary block's first key (0 for a damaged one), read
    /// from the dictionary index `index` and the dictionary in place, in one pass.
    private static func firstKeyPrefixes(in file: MappedFile, index: Range<Int>, dictionary: Range<Int>) -> [UInt64] {
        let blockCount = index.count / SegmentFormat.dictionaryIndexEntrySize
        let read = try? file.withBytes(in: index) { indexSpan in
            try? file.withBytes(in: dictionary) { dictionarySpan in
                indexSpan.withUnsafeBufferPointer { entries in
                    dictionarySpan.withUnsafeBufferPointer { keys in
                        (0..<blockCount).map { block -> UInt64 in
                            let entry = block * SegmentFormat.dictionaryIndexEntrySize
                            var blockStart = 0
                            for byte in 0..<4 { blockStart |= Int(entries[entry + byte]) << (8 * byte) }
                            guard let key = firstKeyRange(at: blockStart, in: keys) else { return 0 }
                            return keyPrefix(of: UnsafeBufferPointer(rebasing: keys[key.prefix(8)]))
                        }
                    }
                }
            }
        }
        return (read ?? nil) ?? Array(repeating: 0, count: blockCount)
    }

    /// The first eight bytes of `key`, the first the most significant, zero bytes after a
    /// shorter key. Keys whose prefixes differ order as the prefixes do: the first differing
    /// byte of the padded keys is either a real byte of both, or past the end of the key with
    /// the smaller prefix, which is then a proper prefix of the other and sorts first.
    static func keyPrefix(of key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var prefix: UInt64 = 0
        for index in 0..<min(key.count, 8) { prefix |= UInt64(key[index]) << UInt64(56 - 8 * index) }
        return prefix
    }

    /// Compares `key` (cut to `length` bytes, if given) with `other`, as `lexicographicallyPrecedes`
    /// orders byte arrays: negative if it sorts first, 0 if equal, positive if after.
    private static func compare(_ key: [UInt8], with other: [UInt8], truncatingTo length: Int?) -> Int {
        let keyCount = min(key.count, length ?? key.count)
        for index in 0..<min(keyCount, other.count) where key[index] != other[index] {
            return Int(key[index]) - Int(other[index])
        }
        return keyCount - other.count
    }

    /// Compares the first key of a dictionary block, read in place, with `other`, as
    /// ``compare(_:with:truncatingTo:)`` does; a damaged block's key sorts first.
    private func compareFirstKey(ofBlock block: Int, with other: [UInt8], truncatingTo length: Int?) -> Int {
        guard let key = firstKeyBytes(ofBlock: block) else { return -1 }
        let keyCount = min(key.count, length ?? key.count)
        return (try? file.compareBytes(in: key.lowerBound..<key.lowerBound + keyCount, with: other)) ?? -1
    }

    /// Where the first key of a dictionary block lies in the file; nil if its index entry or the
    /// varints in front of the key are damaged.
    private func firstKeyBytes(ofBlock block: Int) -> Range<Int>? {
        guard block >= 0, block < dictionaryBlockCount,
              let offset = try? file.uint32(at: dictionaryIndexStart + block * SegmentFormat.dictionaryIndexEntrySize),
              let key = try? file.withBytes(in: dictionarySection, { span in
                  span.withUnsafeBufferPointer { Self.firstKeyRange(at: Int(offset), in: $0) }
              })
        else { return nil }
        return (key.lowerBound + dictionarySection.lowerBound)..<(key.upperBound + dictionarySection.lowerBound)
    }

    /// Where the first key of a dictionary block lies in `dictionary` (the dictionary section,
    /// in place), given where the block starts: after two varints, 0 bytes shared with a key
    /// before and the key's length. Nil if they are damaged or the key runs past the section.
    private static func firstKeyRange(at blockStart: Int, in dictionary: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var cursor = blockStart
        guard (try? VarInt.decode(dictionary, at: &cursor)) == 0,
              let length = try? VarInt.decode(dictionary, at: &cursor), Int(length) <= dictionary.count - cursor
        else { return nil }
        return cursor..<cursor + Int(length)
    }

    /// The entry of the term at `index`, from its dictionary block.
    private func dictionaryEntry(at index: Int) throws(IndexError) -> DictionaryEntry {
        guard index >= 0, index < termCount else {
            throw corrupt("there is no term \(index): the dictionary holds \(termCount) terms")
        }
        let wanted = index % SegmentFormat.dictionaryBlockSize
        var entry: DictionaryEntry?
        try scanDictionaryBlock(index / SegmentFormat.dictionaryBlockSize) { position, key, postings, documentFrequency in
            guard position == wanted else { return false }
            entry = DictionaryEntry(key: key, postings: postings, documentFrequency: documentFrequency)
            return true
        }
        guard let entry else { throw corrupt("there is no term \(index): its dictionary block is short") }
        return entry
    }

    /// The terms of dictionary block `block` (below ``dictionaryBlockCount``), in key order,
    /// each with its location: a whole block scanned once, for walks through every term.
    func terms(inDictionaryBlock block: Int) throws(IndexError) -> [(key: [UInt8], location: TermLocation)] {
        var terms: [(key: [UInt8], location: TermLocation)] = []
        let first = block * SegmentFormat.dictionaryBlockSize
        try scanDictionaryBlock(block) { position, key, postings, documentFrequency in
            terms.append((key, TermLocation(index: first + position, postings: postings,
                                            documentFrequency: documentFrequency, kind: key.first ?? 0)))
            return false
        }
        return terms
    }

    /// Where a dictionary block's bytes lie in the file, and its terms' postings in the postings
    /// section: from its index entry to the next one's (or the section's end), checked.
    private func dictionaryBlockBounds(_ block: Int) throws(IndexError) -> (bytes: (Int, Int), postings: Range<Int>) {
        let entry = dictionaryIndexStart + block * SegmentFormat.dictionaryIndexEntrySize
        let start = Int(try file.uint32(at: entry))
        let postingsStart = Int(try file.uint32(at: entry + 4))
        let isLast = block + 1 == dictionaryBlockCount
        let end = isLast ? dictionarySection.count : Int(try file.uint32(at: entry + SegmentFormat.dictionaryIndexEntrySize))
        let postingsEnd = isLast ? postingsSection.count : Int(try file.uint32(at: entry + SegmentFormat.dictionaryIndexEntrySize + 4))
        guard start <= end, end <= dictionarySection.count, postingsStart <= postingsEnd, postingsEnd <= postingsSection.count else {
            throw corrupt("dictionary block \(block) (bytes \(start)..<\(end), postings \(postingsStart)..<\(postingsEnd)) does not lie within the dictionary (\(dictionarySection.count) bytes) and the postings (\(postingsSection.count) bytes)")
        }
        return ((dictionarySection.lowerBound + start, dictionarySection.lowerBound + end), postingsStart..<postingsEnd)
    }

    /// Decodes the entries of a dictionary block in order, each key into the same buffer, and
    /// hands each to `visit` until it returns true. Checked: keys within the block's bytes and
    /// postings within the block's; a walk to the last entry also checks that the entries fill
    /// the block's bytes and postings exactly.
    private func scanDictionaryBlock(
        _ block: Int,
        _ visit: (_ position: Int, _ key: [UInt8], _ postings: Range<Int>, _ documentFrequency: Int) -> Bool
    ) throws(IndexError) {
        let (bounds, postings) = try dictionaryBlockBounds(block)
        // In place: the block's bytes are not copied out of the mapping.
        try file.withBytes(in: bounds.0..<bounds.1) { span in
            span.withUnsafeBufferPointer { bytes in
                Result { () throws(IndexError) in try scanEntries(of: block, in: bytes, postings: postings, visit) }
            }
        }.get()
    }

    /// ``scanDictionaryBlock(_:_:)`` over the block's bytes.
    private func scanEntries(
        of block: Int, in bytes: UnsafeBufferPointer<UInt8>, postings: Range<Int>,
        _ visit: (_ position: Int, _ key: [UInt8], _ postings: Range<Int>, _ documentFrequency: Int) -> Bool
    ) throws(IndexError) {
        let blockSize = SegmentFormat.dictionaryBlockSize
        let termsInBlock = min(blockSize, termCount - block * blockSize)
        var cursor = 0
        var key: [UInt8] = []
        key.reserveCapacity(64)
        var postingsOffset = postings.lowerBound
        for position in 0..<termsInBlock {
            func failure(_ detail: String) -> IndexError {
                corrupt("the dictionary entry of term \(block * blockSize + position): \(detail)")
            }
            func next() throws(IndexError) -> Int {
                do { return Int(try VarInt.decode(bytes, at: &cursor)) } catch { throw failure("\(error)") }
            }
            let shared = try next()
            let suffix = try next()
            // A block's first key shares nothing: `key` is still empty then.
            guard shared <= key.count else {
                throw failure("its key shares \(shared) bytes with the key before it, which has \(key.count)")
            }
            guard suffix <= bytes.count - cursor else {
                throw failure("its key's \(suffix) more bytes run past the end of its block")
            }
            key.removeSubrange(shared...)
            key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cursor..<cursor + suffix]))
            cursor += suffix
            let length = try next()
            let documentFrequency = try next()
            guard length <= postings.upperBound - postingsOffset else {
                throw failure("its postings (\(length) bytes from byte \(postingsOffset)) run past its block's, which end at byte \(postings.upperBound)")
            }
            // A walk stopped at the last entry still checks the block's end.
            if visit(position, key, postingsOffset..<postingsOffset + length, documentFrequency),
               position + 1 < termsInBlock { return }
            postingsOffset += length
        }
        guard cursor == bytes.count, postingsOffset == postings.upperBound else {
            throw corrupt("dictionary block \(block): its entries take \(cursor) of its \(bytes.count) bytes and \(postingsOffset - postings.lowerBound) of its \(postings.count) bytes of postings")
        }
    }

    // MARK: - Postings

    /// The blocks of a term: last id, count and largest term frequency of each. A term of one
    /// block stores none of them (its skip table is empty), so its block is decoded to tell them.
    func blocks(at index: Int) throws(IndexError) -> [PostingBlockInfo] {
        let blocks = try termBlocks(at: index)
        guard blocks.headers.count > 1 else {
            var block = PostingBlock()
            try decodeBlock(0, of: blocks, into: &block)
            return [PostingBlockInfo(lastID: block.layout.lastID, count: block.ids.count,
                                     maxTermFrequency: block.layout.maxTermFrequency)]
        }
        return blocks.headers.map {
            PostingBlockInfo(lastID: $0.lastID, count: $0.count, maxTermFrequency: $0.maxTermFrequency)
        }
    }

    /// Decodes the whole postings list of the term at `index`. Throws `.corruptSegment` if the
    /// postings are malformed in any way: out of bounds, ids not ascending or out of range,
    /// positions not ascending, a bad width or length, counts or maxima that disagree with the
    /// skip table.
    func postings(at index: Int) throws(IndexError) -> PostingList {
        try postings(at: location(ofTermAt: index))
    }

    /// ``postings(at:)`` of the term `location` names, with no second dictionary lookup.
    func postings(at location: TermLocation) throws(IndexError) -> PostingList {
        let index = location.index
        let entry = try termEntry(at: location)
        let headers = try blockHeaders(of: entry, term: index)
        let idLimit = entry.idLimit
        // One copy of the term's block data, padded for the packed reads; blocks decode in place.
        let dataStart = headers.first?.dataStart ?? entry.end
        var data = try file.bytes(in: dataStart..<entry.end)
        data.append(contentsOf: repeatElement(0, count: BitPacking.padding))

        var list = PostingList()
        list.reserveCapacity(ids: entry.documentFrequency, positions: data.count)
        var termFrequencies: [UInt32] = []
        var positionStarts: [Int] = []
        for (blockIndex, header) in headers.enumerated() {
            func failure(_ detail: String) -> IndexError {
                corrupt("postings of term \(index), block \(blockIndex): \(detail)")
            }
            termFrequencies.removeAll(keepingCapacity: true)
            positionStarts.removeAll(keepingCapacity: true)
            let start = header.dataStart - dataStart
            let layout: PostingBlockCodec.Layout
            do {
                layout = try PostingBlockCodec.decode(
                    data, in: start..<start + header.dataLength, count: header.count,
                    after: blockIndex == 0 ? nil : headers[blockIndex - 1].lastID, idLimit: idLimit,
                    ids: &list.ids, termFrequencies: &termFrequencies, positionStarts: &positionStarts)
                for row in 0..<header.count {
                    try PostingBlockCodec.positions(in: data, layout: layout, first: positionStarts[row],
                                                    count: Int(termFrequencies[row]), row: row, into: &list.positions)
                    list.positionStarts.append(list.positions.count)
                }
            } catch {
                throw failure("\(error)")
            }
            try Self.checkBlock(header, layout, failure)
        }
        return list
    }

    /// Checks a decoded block against the skip table's last id and largest term frequency, when
    /// the term has a skip table.
    private static func checkBlock(_ header: BlockHeader, _ layout: PostingBlockCodec.Layout,
                                   _ failure: (String) -> IndexError) throws(IndexError) {
        guard header.isInSkipTable else { return }
        guard layout.lastID == header.lastID, layout.maxTermFrequency == header.maxTermFrequency else {
            throw failure("the data (last id \(layout.lastID), largest frequency \(layout.maxTermFrequency)) "
                + "disagrees with the skip table (last id \(header.lastID), largest frequency \(header.maxTermFrequency))")
        }
    }

    // MARK: - Postings, block by block

    /// The block directory of one term's postings, for reading its blocks one at a time with
    /// ``decodeBlock(_:of:into:)``: intersecting a rare term with a common one then reads only the
    /// common term's blocks that may hold the rare one's ids.
    struct TermBlocks: Sendable {
        /// The term's index in the dictionary.
        var term: Int
        /// How many postings the term has.
        var count: Int
        /// For each block, an id its ids do not exceed, ascending: the block's last id, read from
        /// the skip table; `UInt32.max` for the one block of a term without a skip table.
        var lastIDs: [UInt32]
        fileprivate var headers: [BlockHeader]
        fileprivate var idLimit: Int
    }

    /// One block of a term's postings: ids and term frequencies decoded, positions left encoded
    /// until ``positions(in:at:into:)`` asks for them, since a phrase needs the positions only of
    /// the ids that all its atoms share.
    struct PostingBlock: Sendable {
        /// Ids, strictly ascending.
        var ids: [UInt32] = []
        /// The term frequency of each id.
        var termFrequencies: [UInt32] = []
        /// Where each id's positions start among the block's positions, once
        /// ``hasPositionStarts`` says they are worked out for this block: only a block whose
        /// positions are read one posting at a time needs them.
        fileprivate var positionStarts: [Int] = []
        fileprivate var hasPositionStarts = false
        /// The block's data, followed by `BitPacking.padding` zero bytes.
        fileprivate var bytes: [UInt8] = []
        fileprivate var layout = PostingBlockCodec.Layout(positionsStart: 0, positionBits: 0, positionCount: 0,
                                                          lastID: 0, maxTermFrequency: 0)
        fileprivate var term = 0
        fileprivate var index = 0
    }

    /// The block directory of the term at `index`, checked as ``postings(at:)`` checks it.
    func termBlocks(at index: Int) throws(IndexError) -> TermBlocks {
        try termBlocks(at: location(ofTermAt: index))
    }

    /// The location of the term at `index`, from its dictionary block.
    private func location(ofTermAt index: Int) throws(IndexError) -> TermLocation {
        let entry = try dictionaryEntry(at: index)
        return TermLocation(index: index, postings: entry.postings, documentFrequency: entry.documentFrequency,
                            kind: entry.key.first ?? 0)
    }

    /// The block directory of the term `location` names, with no second dictionary lookup.
    func termBlocks(at location: TermLocation) throws(IndexError) -> TermBlocks {
        let index = location.index
        let entry = try termEntry(at: location)
        let headers = try blockHeaders(of: entry, term: index)
        return TermBlocks(term: index, count: entry.documentFrequency, lastIDs: headers.map(\.lastID),
                          headers: headers, idLimit: entry.idLimit)
    }

    /// Decodes block `blockIndex` (which must be below `blocks.lastIDs.count`) of a term: ids and
    /// term frequencies, checked as ``postings(at:)`` checks them; positions are left encoded.
    /// Decodes into `block`, reusing its buffers.
    func decodeBlock(_ blockIndex: Int, of blocks: TermBlocks, into block: inout PostingBlock) throws(IndexError) {
        let header = blocks.headers[blockIndex]
        func failure(_ detail: String) -> IndexError {
            corrupt("postings of term \(blocks.term), block \(blockIndex): \(detail)")
        }
        // The buffers keep their size from block to block (128 postings but in a term's last
        // block), so most blocks are decoded over the last one's elements, with no resizing; a
        // new block's are made room for once, for a full block (and its data, for a typical one).
        if block.termFrequencies.capacity < SegmentFormat.blockCapacity {
            block.termFrequencies.reserveCapacity(SegmentFormat.blockCapacity)
            block.bytes.reserveCapacity(max(header.dataLength + BitPacking.padding, Self.typicalBlockBytes))
        }
        if block.ids.capacity < SegmentFormat.blockCapacity { block.ids.reserveCapacity(SegmentFormat.blockCapacity) }
        Self.resize(&block.bytes, to: header.dataLength + BitPacking.padding)
        try file.withBytes(in: header.dataStart..<header.dataStart + header.dataLength) { span in
            span.withUnsafeBufferPointer { data in
                block.bytes.withUnsafeMutableBufferPointer { target in
                    _ = target.initialize(fromContentsOf: data)
                    // The padding after the data stays zero.
                    target[data.count...].update(repeating: 0)
                }
            }
        }
        block.term = blocks.term
        block.index = blockIndex
        Self.resize(&block.ids, to: header.count)
        Self.resize(&block.termFrequencies, to: header.count)
        block.hasPositionStarts = false
        do {
            block.layout = try PostingBlockCodec.decode(
                block.bytes, in: 0..<header.dataLength, count: header.count,
                after: blockIndex == 0 ? nil : blocks.headers[blockIndex - 1].lastID, idLimit: blocks.idLimit,
                replacing: &block.ids, termFrequencies: &block.termFrequencies)
        } catch {
            throw failure("\(error)")
        }
        try Self.checkBlock(header, block.layout, failure)
    }

    /// Room for the data of a block, made when a cursor decodes its first: a block of 128
    /// postings of a bigram takes a few hundred bytes.
    private static let typicalBlockBytes = 1024

    /// The one position of the block's posting `row`, whose term frequency must be 1: read in
    /// place, with nothing to check (one position always ascends). Most postings of a bigram have
    /// one position, and a phrase needs only that one value of each atom's.
    func onlyPosition(in block: inout PostingBlock, at row: Int) -> UInt32 {
        let index = Self.positionStart(in: &block, at: row)
        let layout = block.layout
        precondition(index < layout.positionCount, "onlyPosition(in:at:) needs a posting of the block")
        return block.bytes.withUnsafeBytes { raw in
            BitPacking.value(in: raw, from: layout.positionsStart, width: layout.positionBits, at: index)
        }
    }

    /// Whether the block's posting `row` has `position`: its positions read in place, in order,
    /// up to the first that reaches `position`, each checked to ascend.
    func contains(_ position: UInt32, in block: inout PostingBlock, at row: Int) throws(IndexError) -> Bool {
        let first = Self.positionStart(in: &block, at: row)
        let end = first + Int(block.termFrequencies[row])
        let layout = block.layout
        precondition(end <= layout.positionCount, "contains(_:in:at:) needs a posting of the block")
        let found: Bool? = block.bytes.withUnsafeBytes { raw in
            var previous: UInt32 = 0
            for index in first..<end {
                let value = BitPacking.value(in: raw, from: layout.positionsStart, width: layout.positionBits, at: index)
                if index > first, value <= previous { return nil }
                if value >= position { return value == position }
                previous = value
            }
            return false
        }
        guard let found else {
            throw positionsNotAscending(term: block.term, block: block.index, row: row)
        }
        return found
    }

    /// Where the block's posting `row` has its first position among the block's, the starts
    /// worked out for every posting the first time one is asked for.
    @inline(__always)
    private static func positionStart(in block: inout PostingBlock, at row: Int) -> Int {
        if !block.hasPositionStarts {
            // One frequency per posting (the ids may have been handed to a cursor).
            resize(&block.positionStarts, to: block.termFrequencies.count)
            block.termFrequencies.withUnsafeBufferPointer { frequencies in
                block.positionStarts.withUnsafeMutableBufferPointer { starts in
                    PostingBlockCodec.positionStarts(of: frequencies, into: starts)
                }
            }
            block.hasPositionStarts = true
        }
        return block.positionStarts[row]
    }

    /// Appends a pair for every position `p` of every posting of the block with `p >= offset`:
    /// the posting's id (from `blockIDs`, the block's ids, which a cursor keeps apart from the
    /// block) to `ids` and `p - offset` to `starts`, in block order, each posting's positions
    /// checked to ascend. These are the starts a phrase whose atom at `offset` is this term may
    /// have.
    func appendStarts(of block: inout PostingBlock, blockIDs: [UInt32], minus offset: UInt32,
                      ids: inout [UInt32], starts: inout [UInt32]) throws(IndexError) {
        let layout = block.layout
        let count = blockIDs.count
        precondition(count <= block.termFrequencies.count, "appendStarts(of:blockIDs:...) needs the block's ids")
        precondition(ids.count == starts.count, "appendStarts(of:blockIDs:...) needs as many starts as ids")
        // Sized for every position and written in place, then cut to the pairs made: appending
        // a pair at a time checks both arrays' uniqueness and capacity at every position.
        let first = ids.count
        Self.resize(&ids, to: first + layout.positionCount)
        Self.resize(&starts, to: first + layout.positionCount)
        var made = first
        let badRow: Int? = block.bytes.withUnsafeBytes { raw in
            blockIDs.withUnsafeBufferPointer { blockIDs in
                block.termFrequencies.withUnsafeBufferPointer { frequencies in
                    ids.withUnsafeMutableBufferPointer { pairIDs in
                        starts.withUnsafeMutableBufferPointer { pairStarts in
                            var index = 0
                            for row in 0..<count {
                                let id = blockIDs[row]
                                let end = index + Int(frequencies[row])
                                var previous: UInt32 = 0
                                let rowStart = index
                                while index < end {
                                    let position = BitPacking.value(in: raw, from: layout.positionsStart,
                                                                    width: layout.positionBits, at: index)
                                    if index > rowStart, position <= previous { return row }
                                    previous = position
                                    if position >= offset {
                                        pairIDs[made] = id
                                        pairStarts[made] = position &- offset
                                        made += 1
                                    }
                                    index += 1
                                }
                            }
                            return nil
                        }
                    }
                }
            }
        }
        Self.resize(&ids, to: made)
        Self.resize(&starts, to: made)
        if let badRow {
            throw positionsNotAscending(term: block.term, block: block.index, row: badRow)
        }
    }

    /// The error of block `block` of term `term` whose posting `row` has positions that do not ascend.
    private func positionsNotAscending(term: Int, block: Int, row: Int) -> IndexError {
        corrupt("postings of term \(term), block \(block): \(PostingBlockCodec.DecodingError.positionsNotAscending(row: row))")
    }

    /// Makes `buffer` hold exactly `count` elements, keeping its first ones (new ones are zero).
    private static func resize<Element: FixedWidthInteger>(_ buffer: inout [Element], to count: Int) {
        if buffer.count > count {
            buffer.removeLast(buffer.count - count)
        } else if buffer.count < count {
            buffer.append(contentsOf: repeatElement(0, count: count - buffer.count))
        }
    }

    /// One term entry, checked against the postings section.
    private struct TermEntry {
        /// Where the term's postings start in the file.
        var start: Int
        /// Where they end: where the next term's start, or the end of the postings section.
        var end: Int
        var documentFrequency: Int
        var blockCount: Int
        /// One past the largest id the term's postings may hold.
        var idLimit: Int
    }

    /// Where one block's data lies, and what the skip table says of it.
    fileprivate struct BlockHeader {
        /// The block's last id, from the skip table; `UInt32.max` without one.
        var lastID: UInt32
        var count: Int
        /// In the file.
        var dataStart: Int
        var dataLength: Int
        /// The block's largest term frequency, from the skip table; 0 without one.
        var maxTermFrequency: UInt32
        /// Whether `lastID` and `maxTermFrequency` were read from a skip table.
        var isInSkipTable: Bool
    }

    private func termEntry(at location: TermLocation) throws(IndexError) -> TermEntry {
        let index = location.index
        let (start, end, documentFrequency) = (location.postings.lowerBound, location.postings.upperBound, location.documentFrequency)
        let blockCount = (documentFrequency + SegmentFormat.blockCapacity - 1) / SegmentFormat.blockCapacity
        // A block takes at least its codec header, and two skip-table bytes when there are several.
        let smallestBlock = PostingBlockCodec.headerSize + (blockCount > 1 ? 2 : 0)
        guard documentFrequency > 0, blockCount <= (end - start) / smallestBlock else {
            throw corrupt("term \(index) claims \(documentFrequency) postings in \(end - start) bytes")
        }
        return TermEntry(start: postingsSection.lowerBound + start, end: postingsSection.lowerBound + end,
                         documentFrequency: documentFrequency, blockCount: blockCount, idLimit: idLimit(ofKind: location.kind))
    }

    /// The term's blocks, from its skip table (checked: last ids ascend, frequencies are
    /// positive, the data lies within the term's postings), or its one block.
    private func blockHeaders(of entry: TermEntry, term index: Int) throws(IndexError) -> [BlockHeader] {
        guard entry.blockCount > 1 else {
            return [BlockHeader(lastID: .max, count: entry.documentFrequency, dataStart: entry.start,
                                dataLength: entry.end - entry.start, maxTermFrequency: 0, isInSkipTable: false)]
        }
        // Three varints a block at most (the last block has two), read in place. Each header
        // holds its data's length until the table's end, where the first block's data starts,
        // is known; then the starts follow from the lengths.
        let tableRange = entry.start..<min(entry.end, entry.start + 3 * VarInt.maximumLength * entry.blockCount)
        var headers: [BlockHeader] = []
        headers.reserveCapacity(entry.blockCount)
        let parsed = try file.withBytes(in: tableRange) { span -> Result<Int, IndexError> in
            span.withUnsafeBufferPointer { table in Result { () throws(IndexError) -> Int in
                var cursor = 0
                func next(_ blockIndex: Int) throws(IndexError) -> UInt32 {
                    do { return try VarInt.decode(table, at: &cursor) } catch {
                        throw corrupt("postings of term \(index), skip table entry \(blockIndex): \(error)")
                    }
                }
                var lastID: UInt32 = 0
                for blockIndex in 0..<entry.blockCount {
                    func failure(_ detail: String) -> IndexError {
                        corrupt("postings of term \(index), block \(blockIndex): \(detail)")
                    }
                    let delta = try next(blockIndex)
                    if blockIndex > 0 {
                        let (sum, overflow) = lastID.addingReportingOverflow(delta)
                        guard delta > 0, !overflow else {
                            throw failure("the skip table's last id does not exceed the previous block's \(lastID)")
                        }
                        lastID = sum
                    } else {
                        lastID = delta
                    }
                    let maxTermFrequency = try next(blockIndex)
                    guard maxTermFrequency > 0 else { throw failure("the skip table's largest term frequency is 0") }
                    let isLast = blockIndex + 1 == entry.blockCount
                    let dataLength = isLast ? 0 : Int(try next(blockIndex))
                    let count = isLast ? entry.documentFrequency - blockIndex * SegmentFormat.blockCapacity : SegmentFormat.blockCapacity
                    headers.append(BlockHeader(lastID: lastID, count: count, dataStart: 0, dataLength: dataLength,
                                               maxTermFrequency: maxTermFrequency, isInSkipTable: true))
                }
                return cursor
            } }
        }
        var dataStart = entry.start + (try parsed.get())
        for blockIndex in 0..<entry.blockCount {
            let space = entry.end - dataStart
            let length = blockIndex + 1 == entry.blockCount ? space : headers[blockIndex].dataLength
            guard length <= space else {
                throw corrupt("postings of term \(index), block \(blockIndex): its \(length) bytes of data run past the term's postings")
            }
            headers[blockIndex].dataStart = dataStart
            headers[blockIndex].dataLength = length
            dataStart += length
        }
        return headers
    }

    /// One past the largest id the postings of the term with `key` may hold: the document count
    /// for title kinds, the passage count for body kinds.
    private func idLimit(ofKind kindByte: UInt8) -> Int {
        switch TermKey.Kind(rawValue: kindByte)?.isDocumentLevel {
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
