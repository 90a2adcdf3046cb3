/// A document as the catalog records it.
struct CatalogDocument: Sendable, Equatable {
    var id: Int64
    /// The absolute path of the file, or the name given to an in-memory document.
    var path: String
    /// The file's stem (`001_c8b0a2d1e4f56789` for `…/001_c8b0a2d1e4f56789.txt`).
    var name: String
    /// Lowercase hex SHA-256 of the file's bytes.
    var contentHash: String
    var size: Int64
    /// Seconds since 1970.
    var modificationTime: Int64
    var title: String?
    /// The segment that holds the document's postings, and its ordinal there.
    var segmentID: Int64
    var ordinal: UInt32
    /// The passages of the document are local ids `firstPassage ..< firstPassage + passageCount` of its segment.
    var firstPassage: UInt32
    var passageCount: Int
    /// The document's bibliographic metadata as JSON (a `DocumentMetadata`): from its sidecar
    /// file, else extracted from its text.
    var metadata: String
    /// Lowercase hex SHA-256 of the sidecar file's bytes, or empty when there is none: a changed
    /// sidecar re-indexes the document even when its text is unchanged.
    var metadataHash: String
}

/// A passage as the catalog records it: where it is and its original text.
struct CatalogPassage: Sendable, Equatable {
    var segmentID: Int64
    var localID: UInt32
    var documentID: Int64
    var kind: PassageKind
    var lineStart: Int
    var lineEnd: Int
    var section: String?
    var footnoteNumber: Int?
    /// The passage's lines as stored in the file (line terminators as `\n`).
    var text: String
    /// The UTF-16 range of `text` that was analysed.
    var analysedRange: Range<Int>
    /// Whether `|` separated cells when the passage was joined for analysis.
    var cellSeparatorsAreSpaces: Bool
    /// The page the passage starts on, counted by form feeds (as PDF text extraction writes
    /// them between pages); nil when the document has no form feed.
    var page: Int?
}

/// A document's passage texts as the catalog stores them: back to back in local id order, cut
/// into blocks at passage ends and compressed into one blob (`documents.text`, in
/// ``TextCompression``'s layout), with each passage's byte range in the uncompressed bytes
/// (`passages.text_start`, `text_length`).
struct StoredText: Sendable, Equatable {
    /// The byte length of the texts back to back.
    var length: Int
    /// The compressed blob.
    var blob: [UInt8]
    /// Each passage's UTF-8 byte range, in the order the texts were given.
    var ranges: [Range<Int>]

    init(passageTexts: [String], blockSize: Int = TextCompression.blockSize) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(passageTexts.reduce(0) { $0 + $1.utf8.count })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(passageTexts.count)
        for text in passageTexts {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            ranges.append(start..<bytes.count)
        }
        length = bytes.count
        blob = TextCompression.compress(bytes, passageEnds: ranges.map(\.upperBound), blockSize: blockSize)
        self.ranges = ranges
    }
}

/// A segment file listed in the catalog, with its tombstones.
struct CatalogSegment: Sendable, Equatable {
    var id: Int64
    /// File name inside `segments/`.
    var file: String
    var size: Int64
    var checksum: UInt32
    var passageCount: Int
    var documentCount: Int
    var deletions: DeletionSet
}
