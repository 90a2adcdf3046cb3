/// The layout of a segment file, format "SAKUINSG" version 3: constants shared by
/// `SegmentBuilder` (which writes it), `SegmentReader` (which maps it) and `PostingBlockCodec`
/// (which encodes and decodes the postings blocks).
///
/// A segment is immutable: one file holding the passages and documents of one flush of the index
/// writer, the postings of every term and a sorted, front-coded term dictionary. All integers are
/// little-endian and fixed-width unless said to be varints; `u32` is 4 bytes unsigned, `i64` is
/// 8 bytes two's complement. Offsets are in bytes. A reader of this version refuses a file of
/// any other ("FILE has format version 1, but this build of sakuin reads version 3; rebuild the
/// index with `sakuin index --rebuild`").
///
/// A varint is an unsigned LEB128 `u32` (seven bits a byte, least significant first, high bit =
/// "more"), at most 5 bytes. Bit-packed values of width `w` (0…32) lie back to back from the
/// lowest bit of their first byte, each least significant bit first; a run of `n` of them takes
/// `⌈n × w / 8⌉` bytes, its last byte padded with zero bits (so a run of width 0 takes none).
///
/// ## File
///
/// ```
/// header              192 bytes, at offset 0
/// passage table       ┐
/// document table      │ six sections, in this order, each starting at a multiple of 8;
/// postings            │ the gaps between them (at most 7 bytes) are zero;
/// dictionary index    │ a section may be empty (length 0)
/// dictionary          │
/// passage locations   ┘
/// footer              16 bytes, the last 16 bytes of the file
/// ```
///
/// ## Header (192 bytes)
///
/// ```
/// offset  size  field
///      0     8  magic "SAKUINSG" (ASCII)
///      8     4  u32 format version = 3
///     12     4  u32 flags = 0 (a reader rejects any other value)
///     16     4  u32 passageCount
///     20     4  u32 documentCount
///     24     8  u64 termCount
///     32    16  passage table:    u64 offset, u64 length
///     48    16  document table:   u64 offset, u64 length
///     64    16  postings:         u64 offset, u64 length
///     80    16  dictionary index: u64 offset, u64 length
///     96    16  dictionary:       u64 offset, u64 length
///    112    16  passage locations: u64 offset, u64 length
///    128    64  reserved, zero (room for more sections; readers of version 3 ignore it)
/// ```
///
/// Section offsets are from the start of the file. Every section lies between the end of the
/// header and the start of the footer, and each starts at or after the end of the previous one.
/// The postings and the dictionary are each smaller than 4 GiB (the writer fails with "exceed
/// 4 GiB" otherwise). Lengths fixed by the counts: passage table `passageCount × 4`, document
/// table `documentCount × 16`, dictionary index `⌈termCount / 16⌉ × 8`. With no terms, the
/// postings and the dictionary are empty. The passage locations are never empty (at least their
/// header and one title offset), so the last section ends where the footer starts.
///
/// ## Passage table
///
/// `passageCount` entries of 4 bytes; entry `p` is local passage id `p`:
///
/// ```
/// u32 length            the passage's normalized length, as the indexer measured it (for BM25)
/// ```
///
/// A passage's document is the one whose passages (below) hold it.
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
/// `firstPassage ..< firstPassage + passageCount`.
///
/// ## Postings
///
/// The postings of every term, in dictionary order, back to back from offset 0 of the section:
/// each term's postings end where the next term's start (the last term's at the end of the
/// section). Ids are local passage ids for body kinds (`bodyGram`, `bodyWord`) and document
/// ordinals for title kinds (`titleGram`, `titleWord`). A position is the token's `position`: its
/// UTF-16 offset in the normalized text of the passage (or title) minus the whitespace units
/// before it, so that `2014 年` and `2014年` are the same phrase.
///
/// A term's `documentFrequency` postings (from the dictionary) are cut into
/// `blockCount = ⌈documentFrequency / 128⌉` blocks of 128 in id order, the last holding the rest.
/// A term of one block stores that block's data alone. A term of several blocks stores a skip table,
/// then the data of every block, back to back, in order:
///
/// ```
/// skip table, for each block:
///   varint lastIDDelta        the block's last id minus the previous block's (≥ 1);
///                             for the first block, its last id
///   varint maxTermFrequency   the largest term frequency in the block (≥ 1)
///   varint dataLength         the length of the block's data; absent for the last block,
///                             whose data runs to the end of the term's postings
/// ```
///
/// So any block can be found and decoded without the ones before it, and a block whose last id
/// is below a wanted id is skipped unread. A term of one block has no skip table: its last id and
/// largest term frequency are known once its block is decoded.
///
/// Block data (`count` postings, 1…128):
///
/// ```
/// u8  idBits          width of each id delta, 0…32
/// u8  frequencyBits   width of each term frequency minus 1, 0…32
/// u8  positionBits    width of each position, 0…32
/// count × idBits bits            id deltas, bit-packed
/// count × frequencyBits bits     term frequencies minus 1, bit-packed
/// Σ frequencies × positionBits   positions, bit-packed: each posting's positions in turn, ascending
///                                and distinct within the posting, absolute (not deltas)
/// ```
///
/// An id delta is the id minus the previous id: for the first posting of a block, the id minus
/// the previous block's last id; for the very first posting of the term, the id itself. So every
/// delta but that first one is ≥ 1. Each width is the fewest bits that hold the largest value of
/// its run; a block's data is exactly the length those runs take. Because the positions are
/// absolute with one width per block, posting `i`'s positions start at value `Σ frequencies
/// before i` and are read without decoding the others.
///
/// ## Dictionary
///
/// Terms are `TermKey.bytes` (a kind byte, then UTF-8 text), sorted bytewise (the order of
/// `lexicographicallyPrecedes` on `[UInt8]`), without duplicates. Term `i` is dictionary index
/// `i`. The terms are cut into blocks of 16 (the last holds the rest); term `i` is entry
/// `i mod 16` of block `⌊i / 16⌋`.
///
/// - dictionary index: one 8-byte entry per block:
///
/// ```
/// u32 dictionaryOffset   where the block's entries start, from the start of the dictionary
/// u32 postingsOffset     where its first term's postings start, from the start of the postings
/// ```
///
///   The first entry is (0, 0); a block's entries end where the next block's start (the last
///   block's at the end of the dictionary), and its terms' postings likewise.
///
/// - dictionary: each block's entries, back to back; for each term:
///
/// ```
/// varint sharedLength       how many leading bytes its key shares with the key before it in
///                           the block; 0 for a block's first term, whose key is stored whole
/// varint suffixLength       how many bytes follow
/// suffixLength bytes        the rest of the key
/// varint postingsLength     the length of its postings (so its postings start where the
///                           previous term's end)
/// varint documentFrequency  how many ids its postings hold (≥ 1: terms without postings do not exist)
/// ```
///
/// A key is found by a binary search over the blocks' first keys, then a walk through one block.
///
/// ## Passage locations
///
/// Where each passage is in its document, so that a hit is shown without reading the catalog: its
/// lines, kind and section title (the catalog's `passages` and `sections` rows hold the same, and
/// `sakuin check` compares them). Four bit-packed runs of `passageCount` values each (entry `p` of
/// each run is local passage id `p`), then the section titles, each distinct title once:
///
/// ```
/// u32 titleCount                  distinct section titles in the segment
/// u8  lineBits                    width of each first line, 0…32
/// u8  spanBits                    width of each line span, 0…32
/// u8  sectionBits                 width of each title number, 0…32
/// u8  reserved = 0
/// passageCount × lineBits         first lines (1-based), bit-packed
/// passageCount × spanBits         last line minus first line, bit-packed
/// passageCount × 2 bits           kinds: 0 paragraph, 1 heading, 2 footnote, 3 table row
/// passageCount × sectionBits      title numbers: 0 for no section, `t` for title `t` (1-based)
/// (titleCount + 1) × u32          title offsets: title `t` is bytes `offset[t-1] ..< offset[t]`
///                                 of the titles; the first offset is 0, the last their length
/// titles                          UTF-8, back to back, in the order they first occur
/// ```
///
/// Each run starts at a byte boundary, its last byte padded with zero bits. Each width is the
/// fewest bits that hold the largest value of its run (`titleCount` for the title numbers). The
/// section's length is exactly what these take. A reader checks the header and the length when it
/// opens the segment; a title number above `titleCount`, offsets out of order and a title that is
/// not UTF-8 are reported when a hit reads them. The benchmark corpus's 244,807 passages take
/// 1.29 MB here in its two segments
/// (5.3 bytes a passage, with 7,011 distinct titles).
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
    static let version: UInt32 = 3

    static let headerSize = 192
    static let footerSize = 16
    /// Sections start at multiples of this.
    static let sectionAlignment = 8

    static let passageEntrySize = 4
    static let documentEntrySize = 16
    static let dictionaryIndexEntrySize = 8
    /// Terms per dictionary block: each block's first key is stored whole, the others front-coded.
    static let dictionaryBlockSize = 16

    /// The most postings in one block.
    static let blockCapacity = 128

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
        case passages, documents, postings, dictionaryIndex, dictionary, passageLocations

        /// Where the section's u64 offset is in the header (its u64 length follows).
        var headerOffset: Int { HeaderField.sections + rawValue * 16 }

        /// How the section is named in error messages.
        var name: String {
            switch self {
            case .passages: "passage table"
            case .documents: "document table"
            case .postings: "postings"
            case .dictionaryIndex: "dictionary index"
            case .dictionary: "dictionary"
            case .passageLocations: "passage locations"
            }
        }
    }
}
