/// The layout of a segment file, format "SAKUINSG" version 1: constants shared by
/// `SegmentBuilder` (which writes it) and `SegmentReader` (which maps it).
///
/// A segment is immutable: one file holding the passages and documents of one flush of the index
/// writer, a sorted term dictionary and the postings of every term. All integers are
/// little-endian and fixed-width unless said to be varints; `u32` is 4 bytes unsigned, `i64` is
/// 8 bytes two's complement. Offsets are in bytes.
///
/// ## File
///
/// ```
/// header              192 bytes, at offset 0
/// passage table       ┐
/// document table      │ six sections, in this order, each starting at a multiple of 8;
/// key offsets         │ the gaps between them (at most 7 bytes) are zero;
/// keys blob           │ a section may be empty (length 0)
/// term entries        │
/// postings            ┘
/// footer              16 bytes, the last 16 bytes of the file
/// ```
///
/// ## Header (192 bytes)
///
/// ```
/// offset  size  field
///      0     8  magic "SAKUINSG" (ASCII)
///      8     4  u32 format version = 1
///     12     4  u32 flags = 0 (a reader rejects any other value)
///     16     4  u32 passageCount
///     20     4  u32 documentCount
///     24     8  u64 termCount
///     32    16  passage table:  u64 offset, u64 length
///     48    16  document table: u64 offset, u64 length
///     64    16  key offsets:    u64 offset, u64 length
///     80    16  keys blob:      u64 offset, u64 length
///     96    16  term entries:   u64 offset, u64 length
///    112    16  postings:       u64 offset, u64 length
///    128    64  reserved, zero (room for more sections; readers of version 1 ignore it)
/// ```
///
/// Section offsets are from the start of the file. Every section lies between the end of the
/// header and the start of the footer, and each starts at or after the end of the previous one.
/// Their lengths are fixed by the counts: passage table `passageCount × 8`, document table
/// `documentCount × 16`, key offsets `(termCount + 1) × 8`, term entries `termCount × 16`.
///
/// ## Passage table
///
/// `passageCount` entries of 8 bytes; entry `p` is local passage id `p`:
///
/// ```
/// u32 documentOrdinal   the document the passage belongs to; non-decreasing over the table
/// u32 length            the passage's normalized length, as the indexer measured it (for BM25)
/// ```
///
/// ## Document table
///
/// `documentCount` entries of 16 bytes; entry `d` is document ordinal `d`:
///
/// ```
/// i64 catalogID         the document's id in the catalog
/// u32 firstPassage      its first passage id; equals the sum of the passageCounts before it
/// u32 passageCount      how many passages it has (may be 0)
/// ```
///
/// The documents' passages tile the passage table: the passages of document `d` are
/// `firstPassage ..< firstPassage + passageCount`, and those passages' `documentOrdinal` is `d`.
///
/// ## Dictionary
///
/// Terms are `TermKey.bytes` (a kind byte, then UTF-8 text), sorted bytewise (the order of
/// `lexicographicallyPrecedes` on `[UInt8]`), without duplicates. Term `i` is dictionary index `i`.
///
/// - keys blob: every key, in order, back to back.
/// - key offsets: `termCount + 1` × u64; key `i` is `blob[offset[i] ..< offset[i + 1]]`;
///   `offset[0] = 0` and `offset[termCount]` is the blob's length.
/// - term entries: `termCount` × 16 bytes:
///
/// ```
/// u64 postingsOffset     where the term's postings start, from the start of the postings section
/// u32 documentFrequency  how many ids its postings hold (≥ 1: terms without postings do not exist)
/// u32 blockCount         how many blocks they are cut into: ⌈documentFrequency / 128⌉
/// ```
///
/// ## Postings
///
/// Ids are local passage ids for body kinds (`bodyGram`, `bodyWord`) and document ordinals for
/// title kinds (`titleGram`, `titleWord`). A position is the token's `position`: its UTF-16
/// offset in the normalized text of the passage (or title) minus the whitespace units before it,
/// so that `2014 年` and `2014年` are the same phrase. The postings of one term, at
/// `postingsOffset`:
///
/// ```
/// blockCount × block header (24 bytes each)
/// block data of every block, back to back, in order
/// ```
///
/// Block header:
///
/// ```
/// offset  size  field
///      0     4  u32 lastID            the block's last (largest) id
///      4     4  u32 count             ids in the block, 1…128 (every block but the last holds 128)
///      8     4  u32 dataOffset        where the block's data starts, from the end of the headers
///     12     4  u32 dataLength        the data's length in bytes
///     16     4  u32 maxTermFrequency  the largest term frequency in the block
///     20     2  u16 codec             how the data is encoded; 1 = LEB128 varints (below)
///     22     2  u16 reserved = 0
/// ```
///
/// Codec 1 data: for each of the `count` postings, in id order,
///
/// ```
/// varint idDelta     the id minus the previous id; for the first posting of a block, the id minus
///                    the previous block's lastID; for the very first posting of the term, the id
///                    itself. So every delta but that first one is ≥ 1.
/// varint tf          term frequency: how many positions follow, ≥ 1
/// tf × varint        positions, ascending and distinct: the first absolute, each next one as the
///                    difference from the one before (≥ 1)
/// ```
///
/// A varint is an unsigned LEB128 `u32` (seven bits a byte, least significant first, high bit =
/// "more"), at most 5 bytes. A block's data is exactly `dataLength` bytes. Because every block
/// header carries its `lastID`, any block can be decoded without the ones before it.
///
/// ## Footer (16 bytes)
///
/// ```
/// u32 checksum   CRC-32 (IEEE 802.3, as zlib's `crc32`: reflected 0xEDB88320, initial and final
///                XOR 0xFFFFFFFF) of every byte of the file before the footer
/// u32 reserved = 0 (not covered by the checksum; a reader rejects any other value)
/// 8   magic "SAKUINSG" again, so a truncated file is recognised at once
/// ```
enum SegmentFormat {
    /// "SAKUINSG": the first and last eight bytes of a segment file.
    static let magic: [UInt8] = Array("SAKUINSG".utf8)
    /// The format version this build writes and reads.
    static let version: UInt32 = 1

    static let headerSize = 192
    static let footerSize = 16
    /// Sections start at multiples of this.
    static let sectionAlignment = 8

    static let passageEntrySize = 8
    static let documentEntrySize = 16
    static let keyOffsetSize = 8
    static let termEntrySize = 16
    static let blockHeaderSize = 24

    /// The most postings in one block.
    static let blockCapacity = 128
    /// Block codec 1: LEB128 varints.
    static let codecLEB128: UInt16 = 1

    /// Byte offsets of the header's fields.
    enum HeaderField {
        static let magic = 0
        static let version = 8
        static let flags = 12
        static let passageCount = 16
        static let documentCount = 20
        static let termCount = 24
        /// The first section's (offset, length) pair; the others follow, 16 bytes apart.
        static let sections = 32
    }

    /// The sections, in file order; `rawValue` is the index of the (offset, length) pair in the header.
    enum Section: Int, CaseIterable {
        case passages, documents, keyOffsets, keys, termEntries, postings

        /// Where the section's u64 offset is in the header (its u64 length follows).
        var headerOffset: Int { HeaderField.sections + rawValue * 16 }

        /// How the section is named in error messages.
        var name: String {
            switch self {
            case .passages: "passage table"
            case .documents: "document table"
            case .keyOffsets: "key offsets"
            case .keys: "keys blob"
            case .termEntries: "term entries"
            case .postings: "postings"
            }
        }
    }
}
