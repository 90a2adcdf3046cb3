@testable import Sakuin

extension SegmentBuilder {
    /// Adds a passage whose location does not matter to the test: a paragraph on its own line,
    /// line `id + 1`, under no section.
    mutating func addPassage(length: UInt32, tokens: [Token]) -> UInt32 {
        let line = passageCount + 1
        return addPassage(length: length, tokens: tokens,
                          location: PassageLocation(lineStart: line, lineEnd: line, kind: .paragraph, section: nil))
    }
}

/// Every passage location of `segment`, in local id order, as a table to encode again.
func locations(of segment: SegmentReader) throws -> PassageLocationTable {
    var table = PassageLocationTable()
    for passage in 0..<segment.passageCount { table.append(try segment.passageLocation(UInt32(passage))) }
    return table
}
