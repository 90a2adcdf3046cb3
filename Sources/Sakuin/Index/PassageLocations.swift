// The passage locations section of a segment file (format version 3): where each passage is in
// its document, so that a page of hits is built from the segment without a catalog read per
// hit. The byte layout is in SegmentFormat.swift (and index/README.md).

/// Where a passage is in its document: what a search hit shows besides its text.
struct PassageLocation: Sendable, Equatable {
    /// First line, 1-based.
    var lineStart: Int
    /// Last line, inclusive.
    var lineEnd: Int
    var kind: PassageKind
    /// The title of the section the passage is under, if any.
    var section: String?
}

extension CatalogPassage {
    /// Where the passage is, as its segment records it.
    var location: PassageLocation {
        PassageLocation(lineStart: lineStart, lineEnd: lineEnd, kind: kind, section: section)
    }
}

/// The passage locations of one segment being written: lines, kinds and section titles by local
/// passage id, each distinct title stored once.
///
/// ```swift
/// var table = PassageLocationTable()
/// table.append(PassageLocation(lineStart: 3, lineEnd: 4, kind: .paragraph, section: "はじめに"))
/// var file = SegmentBytes(headerSize: SegmentFormat.headerSize, capacity: 0)
/// table.encode(into: &file)
/// ```
struct PassageLocationTable {
    private var lineStarts: [UInt32] = []
    private var lineSpans: [UInt32] = []
    private var kinds: [UInt32] = []
    /// 0 for no section, else the title's index plus 1.
    private var sections: [UInt32] = []
    private var titles: [String] = []
    private var titleNumbers: [String: UInt32] = [:]

    /// No passages.
    init() {}

    var count: Int { lineStarts.count }

    /// Bytes held by the table's arrays, for the writer's memory budget.
    var estimatedMemory: Int {
        4 * (lineStarts.capacity + lineSpans.capacity + kinds.capacity + sections.capacity)
            + titles.reduce(0) { $0 + 2 * $1.utf8.count + 48 }
    }

    /// Adds the location of the next passage. Lines fit in 32 bits and do not descend: the
    /// splitter counts them from 1.
    mutating func append(_ location: PassageLocation) {
        lineStarts.append(UInt32(clamping: location.lineStart))
        lineSpans.append(UInt32(clamping: location.lineEnd - location.lineStart))
        kinds.append(UInt32(Catalog.code(of: location.kind)))
        guard let title = location.section else {
            sections.append(0)
            return
        }
        if let number = titleNumbers[title] {
            sections.append(number)
        } else {
            titles.append(title)
            let number = UInt32(titles.count)
            titleNumbers[title] = number
            sections.append(number)
        }
    }

    /// Appends the section's bytes to `file`, as ``SegmentFormat`` lays them out.
    func encode(into file: inout SegmentBytes) {
        let lineBits = BitPacking.width(of: lineStarts.max() ?? 0)
        let spanBits = BitPacking.width(of: lineSpans.max() ?? 0)
        let sectionBits = BitPacking.width(of: UInt32(titles.count))
        file.append(UInt32(titles.count))
        file.append(contentsOf: [UInt8(lineBits), UInt8(spanBits), UInt8(sectionBits), 0])
        BitPacking.append(lineStarts, width: lineBits, to: &file.bytes)
        BitPacking.append(lineSpans, width: spanBits, to: &file.bytes)
        BitPacking.append(kinds, width: PassageLocationTable.kindBits, to: &file.bytes)
        BitPacking.append(sections, width: sectionBits, to: &file.bytes)
        var offset: UInt32 = 0
        file.append(offset)
        for title in titles {
            offset &+= UInt32(truncatingIfNeeded: title.utf8.count)
            file.append(offset)
        }
        for title in titles { file.append(contentsOf: title.utf8) }
    }

    /// The width of a kind code.
    static let kindBits = 2
    /// Title count and the three widths.
    static let headerSize = 8
}

/// The passage locations section of a mapped segment, its header and length checked when the
/// segment is opened; each location is read from the file when asked for, and checked then.
struct PassageLocationSection: Sendable {
    private let passageCount: Int
    private let titleCount: Int
    private let lineBits: Int
    private let spanBits: Int
    private let sectionBits: Int
    /// File offsets of the four runs, the title offsets and the title bytes.
    private let lineRun: Int
    private let spanRun: Int
    private let kindRun: Int
    private let sectionRun: Int
    private let titleOffsets: Int
    private let titleBytes: Range<Int>
    /// The section, and after it at least ``BitPacking/padding`` bytes of the file (the footer),
    /// so that every packed value is read with one 8-byte load.
    private let readable: Range<Int>

    /// Reads and checks the header of the section at `range` of `file`, for `passageCount`
    /// passages: widths of at most 32 bits, a reserved byte of 0, and a length that is exactly
    /// what the runs, the title offsets and the title bytes (as the last offset gives them)
    /// take. `range` must lie before the footer. Throws `corrupt` of what is wrong.
    init(file: MappedFile, range: Range<Int>, passageCount: Int,
         corrupt: (String) -> IndexError) throws(IndexError) {
        guard range.count >= PassageLocationTable.headerSize else {
            throw corrupt("the passage locations are \(range.count) bytes, shorter than their \(PassageLocationTable.headerSize)-byte header")
        }
        let titleCount = Int(try file.uint32(at: range.lowerBound))
        let lineBits = Int(try file.uint8(at: range.lowerBound + 4))
        let spanBits = Int(try file.uint8(at: range.lowerBound + 5))
        let sectionBits = Int(try file.uint8(at: range.lowerBound + 6))
        let reserved = try file.uint8(at: range.lowerBound + 7)
        guard lineBits <= 32, spanBits <= 32, sectionBits <= 32 else {
            throw corrupt("the passage locations declare widths of \(lineBits), \(spanBits) and \(sectionBits) bits, at most 32 each")
        }
        guard reserved == 0 else { throw corrupt("the reserved byte of the passage locations is \(reserved), expected 0") }
        // The count comes from the file: bounded by the section's size before any arithmetic on
        // it (the passage count was bounded by the passage table's length).
        guard titleCount < range.count else {
            throw corrupt("the passage locations claim \(titleCount) section titles in \(range.count) bytes")
        }
        lineRun = range.lowerBound + PassageLocationTable.headerSize
        spanRun = lineRun + BitPacking.byteCount(of: passageCount, width: lineBits)
        kindRun = spanRun + BitPacking.byteCount(of: passageCount, width: spanBits)
        sectionRun = kindRun + BitPacking.byteCount(of: passageCount, width: PassageLocationTable.kindBits)
        titleOffsets = sectionRun + BitPacking.byteCount(of: passageCount, width: sectionBits)
        let titleStart = titleOffsets + 4 * (titleCount + 1)
        guard titleStart <= range.upperBound else {
            throw corrupt("the passage locations are \(range.count) bytes, shorter than their runs and title offsets (\(titleStart - range.lowerBound))")
        }
        let firstOffset = try file.uint32(at: titleOffsets)
        let titleLength = Int(try file.uint32(at: titleOffsets + 4 * titleCount))
        guard firstOffset == 0, titleStart + titleLength == range.upperBound else {
            throw corrupt("the titles of the passage locations " + (firstOffset == 0 ? "" : "start at byte \(firstOffset) and ")
                + "end at byte \(titleLength), but \(range.upperBound - titleStart) title bytes follow their offsets")
        }
        self.passageCount = passageCount
        self.titleCount = titleCount
        self.lineBits = lineBits
        self.spanBits = spanBits
        self.sectionBits = sectionBits
        titleBytes = titleStart..<range.upperBound
        readable = range.lowerBound..<range.upperBound + BitPacking.padding
    }

    /// The kind of `passage` (below the passage count), read from `file`.
    func kind(of passage: Int, in file: MappedFile) throws(IndexError) -> PassageKind {
        precondition(passage >= 0 && passage < passageCount, "kind(of:in:) needs a passage of the segment")
        let base = readable.lowerBound
        let code = try file.withBytes(in: readable) { span in
            span.withUnsafeBufferPointer { buffer in
                BitPacking.value(in: UnsafeRawBufferPointer(buffer), from: kindRun - base,
                                 width: PassageLocationTable.kindBits, at: passage)
            }
        }
        return Catalog.kind(code: Int64(code)) ?? .paragraph
    }

    /// The location of `passage` (below the passage count), read from `file`. Throws `corrupt`
    /// for a title number beyond the titles, title offsets out of order, or a title that is not
    /// UTF-8.
    func location(of passage: Int, in file: MappedFile, corrupt: (String) -> IndexError) throws(IndexError) -> PassageLocation {
        precondition(passage >= 0 && passage < passageCount, "location(of:) needs a passage of the segment")
        let base = readable.lowerBound
        let (lineStart, span, kindCode, section) = try file.withBytes(in: readable) { span in
            span.withUnsafeBufferPointer { buffer in
                let raw = UnsafeRawBufferPointer(buffer)
                return (BitPacking.value(in: raw, from: lineRun - base, width: lineBits, at: passage),
                        BitPacking.value(in: raw, from: spanRun - base, width: spanBits, at: passage),
                        BitPacking.value(in: raw, from: kindRun - base, width: PassageLocationTable.kindBits, at: passage),
                        BitPacking.value(in: raw, from: sectionRun - base, width: sectionBits, at: passage))
            }
        }
        let kind = Catalog.kind(code: Int64(kindCode)) ?? .paragraph
        let lineEnd = Int(lineStart) + Int(span)
        guard section > 0 else { return PassageLocation(lineStart: Int(lineStart), lineEnd: lineEnd, kind: kind, section: nil) }
        guard section <= titleCount else {
            throw corrupt("the passage locations put passage \(passage) under section title \(section) of \(titleCount)")
        }
        let start = Int(try file.uint32(at: titleOffsets + 4 * (Int(section) - 1)))
        let end = Int(try file.uint32(at: titleOffsets + 4 * Int(section)))
        guard start <= end, end <= titleBytes.count else {
            throw corrupt("section title \(section) of the passage locations runs from byte \(start) to \(end) of \(titleBytes.count)")
        }
        let bytes = try file.bytes(in: titleBytes.lowerBound + start..<titleBytes.lowerBound + end)
        guard let title = String(validating: bytes, as: UTF8.self) else {
            throw corrupt("section title \(section) of the passage locations is not valid UTF-8")
        }
        return PassageLocation(lineStart: Int(lineStart), lineEnd: lineEnd, kind: kind, section: title)
    }
}
