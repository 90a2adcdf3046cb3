import Foundation
import Testing
@testable import Sakuin

/// The passage locations section of a segment: what a hit without text shows, read back as
/// written, and damage reported exactly.
@Suite("Passage locations")
struct PassageLocationTests {
    /// Two documents: a heading and a paragraph of one section, a table row under none, then a
    /// long footnote far down and a paragraph under an empty title (not the same as none).
    static let locations = [
        PassageLocation(lineStart: 1, lineEnd: 1, kind: .heading, section: "はじめに"),
        PassageLocation(lineStart: 2, lineEnd: 5, kind: .paragraph, section: "はじめに"),
        PassageLocation(lineStart: 7, lineEnd: 7, kind: .tableRow, section: nil),
        PassageLocation(lineStart: 70_000, lineEnd: 70_300, kind: .footnote, section: "注"),
        PassageLocation(lineStart: 70_301, lineEnd: 70_301, kind: .paragraph, section: ""),
    ]

    /// The file of a segment holding ``locations``, written in `folder`.
    static func write(in folder: String) throws -> String {
        var builder = SegmentBuilder()
        for (index, location) in locations.enumerated() {
            if index == 0 || index == 3 { _ = builder.addDocument(catalogID: Int64(index + 1), titleTokens: []) }
            _ = builder.addPassage(length: 4, tokens: [], location: location)
        }
        let path = folder + "/locations.skn"
        _ = try builder.write(to: path)
        return path
    }

    /// A copy of the segment at `path` with `edit` applied to its passage locations section
    /// (from the section's first byte).
    static func damaged(_ path: String, edit: (inout ArraySlice<UInt8>) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let header = SegmentFormat.Section.passageLocations.headerOffset
        let offset = bytes[header..<header + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let length = bytes[header + 8..<header + 16].reversed().reduce(0) { $0 << 8 | Int($1) }
        edit(&bytes[offset..<offset + length])
        let copy = path + ".damaged"
        try Data(bytes).write(to: URL(fileURLWithPath: copy))
        return copy
    }

    @Test("every location reads back as written, each title stored once, in the bytes the layout gives")
    func roundTrip() throws {
        try TestIndex.withTemporaryDirectory("sakuin-locations") { folder in
            let path = try Self.write(in: folder)
            let segment = try SegmentReader(path: path)
            #expect(try (0..<5).map { try segment.passageLocation(UInt32($0)) } == Self.locations)
            _ = try Self.damaged(path) { section in
                // 3 titles; widths 17 (70,301), 9 (a span of 300) and 2 (title numbers up to 3).
                #expect(Array(section.prefix(8)) == [3, 0, 0, 0, 17, 9, 2, 0])
                // Runs of 5 values: 11, 6, 2 and 2 bytes; 4 title offsets; "はじめに" and "注".
                #expect(section.count == 8 + 21 + 16 + 15)
                #expect(Array(section.suffix(15)) == Array("はじめに注".utf8))
            }
        }
    }

    @Test("damaged title offsets, a title that is not UTF-8 and a bad header are reported exactly")
    func damage() throws {
        try TestIndex.withTemporaryDirectory("sakuin-locations") { folder in
            let path = try Self.write(in: folder)
            // The title offsets start after the header and the runs, at byte 29.
            let offsets = try Self.damaged(path) { $0[$0.startIndex + 33] = 99 }
            let first = try SegmentReader(path: offsets)
            #expect(try first.passageLocation(2) == Self.locations[2])
            #expect(throws: IndexError.corruptSegment(
                path: offsets, detail: "section title 1 of the passage locations runs from byte 0 to 99 of 15")) {
                try first.passageLocation(0)
            }
            let utf8 = try Self.damaged(path) { $0[$0.endIndex - 15] = 0xFF }
            #expect(throws: IndexError.corruptSegment(
                path: utf8, detail: "section title 1 of the passage locations is not valid UTF-8")) {
                try SegmentReader(path: utf8).passageLocation(1)
            }
            let width = try Self.damaged(path) { $0[$0.startIndex + 4] = 33 }
            #expect(throws: IndexError.corruptSegment(
                path: width, detail: "the passage locations declare widths of 33, 9 and 2 bits, at most 32 each")) {
                try SegmentReader(path: width)
            }
            // One title more: the last offset is read from the first title's bytes (E3 81 AF E3).
            let count = try Self.damaged(path) { $0[$0.startIndex] = 4 }
            #expect(throws: IndexError.corruptSegment(
                path: count, detail: "the titles of the passage locations end at byte 3819930083, but 11 title bytes follow their offsets")) {
                try SegmentReader(path: count)
            }
        }
    }
}
