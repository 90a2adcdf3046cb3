/// Builds the ``Snippet`` of a passage and the highlights of its original text from the ranges
/// of normalized text a query matched.
///
/// Three texts are in play, each with a map to the one before it:
///
/// 1. the passage's original text (UTF-16 units, with its hard line breaks);
/// 2. the joined text, as ``LineJoiner`` made it for analysis (``JoinedText/sourceOffsets``
///    maps each unit back to 1);
/// 3. the normalized text the matches are found in (``NormalizedText/sourceOffsets`` maps each
///    unit back to 2).
///
/// A match is carried back through both maps, rounded outwards at each step to whole source
/// characters: a match on `ガス` normalized from half-width `ｶﾞｽ` covers all three source
/// characters, a match on `平成` from `㍻` covers the one, and no range ends inside a surrogate
/// pair. Offsets become Unicode scalars only at the end.
struct SnippetBuilder {
    /// Longest excerpt, in Unicode scalars (not counting the ellipses).
    var maximumLength: Int = 120

    /// The mark put where the excerpt cuts the passage.
    static let ellipsis: Unicode.Scalar = "\u{2026}"

    /// The excerpt of the joined text around the densest cluster of `matches`.
    ///
    /// - Parameter matches: ranges of normalized units, possibly overlapping and in any order.
    ///   Empty, the excerpt is the passage's beginning. Ranges out of bounds are clipped.
    /// - Returns: the excerpt, with a leading and a trailing `…` where it cuts the joined text,
    ///   and the matches within it as scalar ranges of the excerpt (the leading `…` counts as
    ///   one scalar). A match only partly inside the window is highlighted as far as it goes.
    func snippet(joined: JoinedText, normalized: NormalizedText, matches: [Range<Int>]) -> Snippet {
        let scalars = ScalarIndex(joined.units)
        let highlights = Self.joinedRanges(of: matches, joined: joined, normalized: normalized)
            .map { scalars.scalarRange(of: $0) }
        let window = self.window(around: highlights, in: scalars.scalars)

        var text = String.UnicodeScalarView()
        let cutsStart = window.lowerBound > 0
        let cutsEnd = window.upperBound < scalars.scalars.count
        if cutsStart { text.append(Self.ellipsis) }
        text.append(contentsOf: scalars.scalars[window])
        if cutsEnd { text.append(Self.ellipsis) }

        let shift = (cutsStart ? 1 : 0) - window.lowerBound
        let visible = highlights.compactMap { highlight -> Range<Int>? in
            let lower = max(highlight.lowerBound, window.lowerBound)
            let upper = min(highlight.upperBound, window.upperBound)
            return lower < upper ? (lower + shift)..<(upper + shift) : nil
        }
        return Snippet(text: String(text), highlights: visible)
    }

    /// The matches as scalar ranges of the passage's original text, for highlighting the whole
    /// passage: a match across a joined line break covers the break (`軍\nの能`).
    ///
    /// - Parameters:
    ///   - passageText: the passage's original text, in UTF-16 units (what `joined` was made from).
    ///   - matches: ranges of normalized units, as for ``snippet(joined:normalized:matches:)``.
    /// - Returns: ascending, non-overlapping scalar ranges of `passageText`.
    func originalHighlights(passageText: [UInt16], joined: JoinedText, normalized: NormalizedText,
                            matches: [Range<Int>]) -> [Range<Int>] {
        let scalars = ScalarIndex(passageText)
        let originalRanges = Self.joinedRanges(of: matches, joined: joined, normalized: normalized).compactMap { range -> Range<Int>? in
            // The joiner copies units one for one (or puts one space for a run of whitespace),
            // so the end is one past the source of the last unit, not the source of the next
            // unit, which would take in the whitespace after the match.
            let lower = Int(joined.sourceOffsets[range.lowerBound])
            let upper = min(Int(joined.sourceOffsets[range.upperBound - 1]) + 1, passageText.count)
            guard lower < upper else { return nil }
            return ScalarIndex.roundedOutwards(lower..<upper, in: passageText)
        }
        return Self.merged(originalRanges).map { scalars.scalarRange(of: $0) }
    }

    /// The matches carried back to ranges of joined units: clipped, rounded outwards to whole
    /// characters, sorted and merged.
    static func joinedRanges(of matches: [Range<Int>], joined: JoinedText, normalized: NormalizedText) -> [Range<Int>] {
        let normalizedCount = normalized.units.count
        let joinedCount = joined.units.count
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(matches.count)
        for match in matches {
            let lower = min(max(match.lowerBound, 0), normalizedCount)
            let upper = min(max(match.upperBound, lower), normalizedCount)
            guard lower < upper else { continue }
            let source = normalized.sourceRange(of: lower..<upper)
            let clipped = min(source.lowerBound, joinedCount)..<min(source.upperBound, joinedCount)
            guard !clipped.isEmpty else { continue }
            ranges.append(ScalarIndex.roundedOutwards(clipped, in: joined.units))
        }
        return merged(ranges)
    }

    /// `ranges` sorted, with overlapping and touching ranges merged.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The scalar range of `scalars` to show: all of it if it fits; otherwise `maximumLength`
    /// scalars around the cluster of highlights with the most highlights that fits (the
    /// earliest such), starting about a fifth of the window before the cluster.
    func window(around highlights: [Range<Int>], in scalars: [Unicode.Scalar]) -> Range<Int> {
        let total = scalars.count
        let length = max(1, maximumLength)
        if total <= length { return 0..<total }
        guard !highlights.isEmpty else {
            return 0..<Self.adjustedEnd(length, minimum: 1, in: scalars)
        }

        // Two pointers over the sorted highlights: for each first highlight, the last one that
        // still ends within `length` of its start.
        var bestFirst = 0
        var bestLast = 0
        var last = 0
        for first in highlights.indices {
            last = max(last, first)
            while last + 1 < highlights.count
                && highlights[last + 1].upperBound - highlights[first].lowerBound <= length {
                last += 1
            }
            if last - first > bestLast - bestFirst {
                bestFirst = first
                bestLast = last
            }
        }
        let clusterStart = highlights[bestFirst].lowerBound
        let clusterEnd = min(highlights[bestLast].upperBound, clusterStart + length)

        let leadingContext = min(length - (clusterEnd - clusterStart), length / 5)
        var start = max(0, clusterStart - leadingContext)
        var end = min(total, start + length)
        start = max(0, end - length)

        start = Self.adjustedStart(start, maximum: clusterStart, in: scalars)
        end = Self.adjustedEnd(end, minimum: clusterEnd, in: scalars)
        return start..<end
    }

    /// How far a cut may move to land on a word boundary, in scalars.
    private static let wordBoundaryReach = 12

    /// `start` moved forwards, never past `maximum`, off a space, out of the middle of a Latin
    /// word (when a boundary is near) and off marks that belong to the character before.
    private static func adjustedStart(_ start: Int, maximum: Int, in scalars: [Unicode.Scalar]) -> Int {
        guard start > 0 else { return 0 }
        var adjusted = start
        if isWordScalar(scalars[adjusted - 1]) && isWordScalar(scalars[adjusted]) {
            var probe = adjusted
            while probe < min(maximum, adjusted + wordBoundaryReach) && isWordScalar(scalars[probe]) { probe += 1 }
            if probe < maximum && !isWordScalar(scalars[probe]) { adjusted = probe }
        }
        while adjusted < maximum && (isSpace(scalars[adjusted]) || continuesCharacter(scalars, at: adjusted)) {
            adjusted += 1
        }
        return adjusted
    }

    /// `end` moved backwards, never before `minimum`, off a space, out of the middle of a Latin
    /// word (when a boundary is near) and from between a character and its marks.
    private static func adjustedEnd(_ end: Int, minimum: Int, in scalars: [Unicode.Scalar]) -> Int {
        guard end < scalars.count else { return scalars.count }
        var adjusted = end
        if isWordScalar(scalars[adjusted - 1]) && isWordScalar(scalars[adjusted]) {
            var probe = adjusted
            while probe > max(minimum, adjusted - wordBoundaryReach) && isWordScalar(scalars[probe - 1]) { probe -= 1 }
            if probe > minimum && !isWordScalar(scalars[probe - 1]) { adjusted = probe }
        }
        while adjusted > minimum && continuesCharacter(scalars, at: adjusted) { adjusted -= 1 }
        while adjusted > minimum && isSpace(scalars[adjusted - 1]) { adjusted -= 1 }
        return adjusted
    }

    /// Whether the scalar at `index` belongs to the character before it: a combining mark
    /// (`゙` of `ガ`), a variation selector, an emoji modifier, or whatever follows a zero-width
    /// joiner. A cut there would split what a reader sees as one character.
    private static func continuesCharacter(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index > 0 && index < scalars.count else { return false }
        if scalars[index - 1].value == 0x200D { return true }
        switch scalars[index].value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF,  // combining marks
             0x3099, 0x309A, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xE0100...0xE01EF,
             0x1F3FB...0x1F3FF, 0x200D:
            return true
        default:
            return false
        }
    }

    /// Whether `scalar` is part of a word written with spaces between words (Latin letters and
    /// digits and the like), where a cut should fall between words.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x00C0...0x024F, 0x0370...0x052F: return true
        default: return false
        }
    }

    /// Whether `scalar` is the space the joiner puts between words.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " }
}

/// UTF-16 text as Unicode scalars, with the scalar offset of every UTF-16 offset.
///
/// An unpaired surrogate counts as one scalar, U+FFFD, as `String(decoding:as:)` reads it.
private struct ScalarIndex {
    /// The text's scalars.
    var scalars: [Unicode.Scalar]
    /// For each UTF-16 offset from 0 to the text's length, the number of scalars that start
    /// before it; the second unit of a pair gets the offset of the pair's scalar.
    var scalarOffsets: [Int]

    /// Decodes `units`.
    init(_ units: [UInt16]) {
        scalars = []
        scalars.reserveCapacity(units.count)
        scalarOffsets = []
        scalarOffsets.reserveCapacity(units.count + 1)
        var index = 0
        while index < units.count {
            let unit = units[index]
            scalarOffsets.append(scalars.count)
            if UTF16.isLeadSurrogate(unit) && index + 1 < units.count && UTF16.isTrailSurrogate(units[index + 1]) {
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(units[index + 1]) - 0xDC00)
                scalars.append(Unicode.Scalar(value) ?? Unicode.Scalar.replacement)
                scalarOffsets.append(scalars.count - 1)
                index += 2
            } else {
                scalars.append(Unicode.Scalar(unit) ?? Unicode.Scalar.replacement)
                index += 1
            }
        }
        scalarOffsets.append(scalars.count)
    }

    /// The scalar range of the UTF-16 range `range`, which must not cut a surrogate pair
    /// (see ``roundedOutwards(_:in:)``).
    func scalarRange(of range: Range<Int>) -> Range<Int> {
        scalarOffsets[range.lowerBound]..<scalarOffsets[range.upperBound]
    }

    /// `range` of `units` widened so that neither end falls between the two units of a
    /// surrogate pair.
    static func roundedOutwards(_ range: Range<Int>, in units: [UInt16]) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        if lower > 0 && lower < units.count
            && UTF16.isTrailSurrogate(units[lower]) && UTF16.isLeadSurrogate(units[lower - 1]) {
            lower -= 1
        }
        if upper > 0 && upper < units.count
            && UTF16.isTrailSurrogate(units[upper]) && UTF16.isLeadSurrogate(units[upper - 1]) {
            upper += 1
        }
        return lower..<upper
    }
}

private extension Unicode.Scalar {
    /// U+FFFD, the replacement character.
    static let replacement: Unicode.Scalar = "\u{FFFD}"
}
