/// Text after normalization, with a map back to the text it was made from.
///
/// Offsets are UTF-16 code units. `sourceOffsets` has one entry per unit of `units` plus one
/// final entry for the end, so a range `[start, end)` of normalized text maps back to
/// `[sourceOffsets[start], sourceOffsets[end])`, rounded outwards to whole source segments.
struct NormalizedText: Sendable, Equatable {
    /// The normalized text, in UTF-16 code units.
    var units: [UInt16]
    /// For each unit, the offset in the source text of the segment it came from; plus the end.
    var sourceOffsets: [Int32]

    /// The source range that produced the normalized range `range`.
    func sourceRange(of range: Range<Int>) -> Range<Int> {
        let lower = Int(sourceOffsets[range.lowerBound])
        // The end maps to the start of the next segment, so that a normalized unit that
        // expanded from one source character keeps the whole character.
        var upperIndex = range.upperBound
        while upperIndex < units.count && sourceOffsets[upperIndex] == sourceOffsets[range.upperBound - 1] {
            upperIndex += 1
        }
        let upper = Int(sourceOffsets[upperIndex])
        return lower..<max(lower, upper)
    }

    /// The normalized text as a string (for display and tests).
    var string: String { String(decoding: units, as: UTF16.self) }
}
