/// The passage splitter fuzz target: any bytes, read as a document's text (invalid UTF-8
/// becomes U+FFFD), must split without trapping into passages that keep the splitter's promises.
///
/// - Passages come in file order and lose, repeat or reorder no visible character: their visible
///   units, one passage after the other, are those of the text, less Markdown table `|---|` lines.
/// - A passage's lines are where its first and last visible units are. Its text is the text of
///   its lines (terminators as `\n`), or, for a paragraph longer than the maximum cut into
///   pieces, the text from its first visible unit to its last; no text is longer than the maximum.
/// - The analysed range lies within the text, and the joined text maps back unit by unit into
///   it, with single spaces only between visible units.
/// - A title is never empty nor longer than `PassageSplitter.maximumTitleLength`; there is one
///   whenever some line is not blank, unless such a line is longer than that (a first line that
///   long is a paragraph, not a title).
enum PassageSplitterFuzzTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let text = String(decoding: bytes, as: UTF8.self)
        let document = PassageSplitter.split(text)
        var check = Check(text: text)
        check.title(document.title)
        var previous: PassageDraft?
        for passage in document.passages {
            check.passage(passage, after: previous)
            previous = passage
        }
        check.restIsBlank()
        return 0
    }

    /// The checks over one document, and how far its passages have accounted for its text.
    private struct Check {
        let text: String
        let units: [UInt16]
        /// The text's lines as UTF-16 ranges without terminators; line `n` is `lines[n - 1]`.
        let lines: [Range<Int>]
        /// Whether each line is a Markdown table's separator line, which no passage holds.
        let isTableSeparator: [Bool]
        /// The offset in `units` up to which the passages so far account for the text.
        private var cursor = 0

        init(text: String) {
            self.text = text
            units = Array(text.utf16)
            lines = Self.lines(of: units)
            isTableSeparator = lines.map { [units] line in Self.isTableSeparator(units[line]) }
        }

        /// The lines of `units` cut at `\n`, `\r\n` and lone `\r`; a final terminator ends the last
        /// line rather than starting an empty one.
        static func lines(of units: [UInt16]) -> [Range<Int>] {
            var lines: [Range<Int>] = []
            var lineStart = 0
            var offset = 0
            while offset < units.count {
                let unit = units[offset]
                guard unit == SplitterCharacters.lineFeed || unit == SplitterCharacters.carriageReturn else {
                    offset += 1
                    continue
                }
                lines.append(lineStart..<offset)
                let isCRLF = unit == SplitterCharacters.carriageReturn && offset + 1 < units.count
                    && units[offset + 1] == SplitterCharacters.lineFeed
                offset += isCRLF ? 2 : 1
                lineStart = offset
            }
            if lineStart < units.count { lines.append(lineStart..<units.count) }
            return lines
        }

        func stop(_ invariant: String) -> Never { FuzzFailure.stop(invariant, input: text) }

        func isBlank(line number: Int) -> Bool {
            units[lines[number - 1]].allSatisfy(SplitterCharacters.isWhitespace)
        }

        /// The number of the line holding `offset` (which is not in a terminator).
        func lineNumber(at offset: Int) -> Int {
            var low = 0
            var high = lines.count
            while low < high {
                let middle = (low + high) / 2
                if lines[middle].lowerBound <= offset { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// `units[range]` with every line terminator written `\n`, as passage texts have them.
        func text(of range: Range<Int>) -> [UInt16] {
            var result: [UInt16] = []
            var offset = range.lowerBound
            while offset < range.upperBound {
                let unit = units[offset]
                offset += 1
                guard unit == SplitterCharacters.carriageReturn else {
                    result.append(unit)
                    continue
                }
                result.append(SplitterCharacters.lineFeed)
                if offset < range.upperBound, units[offset] == SplitterCharacters.lineFeed { offset += 1 }
            }
            return result
        }

        func title(_ title: String?) {
            let hasText = lines.indices.contains { !isBlank(line: $0 + 1) }
            if let title {
                if !hasText { stop("title \(title.debugDescription) for a text with no visible line") }
                if title.isEmpty { stop("an empty title") }
                if title.utf16.count > PassageSplitter.maximumTitleLength { stop("a title of \(title.utf16.count) units") }
            } else if hasText {
                let longest = lines.map(\.count).max() ?? 0
                if longest <= PassageSplitter.maximumTitleLength { stop("no title for a text whose lines are all short enough") }
            }
        }

        mutating func passage(_ passage: PassageDraft, after previous: PassageDraft?) {
            let described = "passage \(passage.lineStart)-\(passage.lineEnd) \(passage.text.debugDescription)"
            guard 1 <= passage.lineStart, passage.lineStart <= passage.lineEnd, passage.lineEnd <= lines.count else {
                stop("\(described) outside lines 1-\(lines.count)")
            }
            if let previous, passage.lineStart < previous.lineEnd {
                stop("\(described) starts before the previous passage's last line \(previous.lineEnd)")
            }
            if (passage.kind == .footnote) != (passage.footnoteNumber != nil) {
                stop("\(described) of kind \(passage.kind) with note number \(String(describing: passage.footnoteNumber))")
            }
            let passageUnits = Array(passage.text.utf16)
            if passageUnits.count > PassageSplitter.maximumPassageLength {
                stop("\(described) is \(passageUnits.count) units long")
            }
            let visible = accountFor(passageUnits, described: described)
            if lineNumber(at: visible.lowerBound) != passage.lineStart
                || lineNumber(at: visible.upperBound - 1) != passage.lineEnd {
                stop("\(described) has text from line \(lineNumber(at: visible.lowerBound)) to \(lineNumber(at: visible.upperBound - 1))")
            }
            let linesRange = lines[passage.lineStart - 1].lowerBound..<lines[passage.lineEnd - 1].upperBound
            if passageUnits != text(of: linesRange) && passageUnits != text(of: visible) {
                stop("\(described) is neither the text of its lines nor that of its visible range \(visible)")
            }
            checkJoined(passage, passageUnits: passageUnits, described: described)
        }

        /// Matches the visible units of a passage's text against the text's next visible units,
        /// skipping Markdown table separator lines, and returns the range of `units` they span.
        private mutating func accountFor(_ passageUnits: [UInt16], described: String) -> Range<Int> {
            var first: Int?
            var last = cursor
            for unit in passageUnits where !SplitterCharacters.isWhitespace(unit) {
                skipUnaccountedText()
                guard cursor < units.count, units[cursor] == unit else {
                    let found = cursor < units.count ? "\(units[cursor])" : "the end"
                    stop("\(described): \(unit) where the text has \(found) at \(cursor)")
                }
                if first == nil { first = cursor }
                last = cursor
                cursor += 1
            }
            guard let first else { stop("\(described) has no visible text") }
            return first..<(last + 1)
        }

        /// Moves the cursor past whitespace and table separator lines, which no passage holds.
        private mutating func skipUnaccountedText() {
            while cursor < units.count {
                if SplitterCharacters.isWhitespace(units[cursor]) {
                    cursor += 1
                } else if case let number = lineNumber(at: cursor), isTableSeparator[number - 1] {
                    cursor = lines[number - 1].upperBound
                } else {
                    return
                }
            }
        }

        /// After the last passage only whitespace and table separator lines remain.
        mutating func restIsBlank() {
            skipUnaccountedText()
            if cursor < units.count { stop("the text from line \(lineNumber(at: cursor)) is in no passage") }
        }

        /// `|---|:--:|` (after trimming): only bars, dashes, colons, spaces and tabs, with a dash.
        private static func isTableSeparator(_ line: ArraySlice<UInt16>) -> Bool {
            guard let start = line.firstIndex(where: { !SplitterCharacters.isWhitespace($0) }),
                  let end = line.lastIndex(where: { !SplitterCharacters.isWhitespace($0) }) else { return false }
            let content = line[start...end]
            let allowed: Set<UInt16> = [0x7C, 0x2D, 0x3A, 0x20, 0x09]
            return content.first == 0x7C && content.allSatisfy(allowed.contains) && content.contains(0x2D)
        }

        /// The analysed range is within the text, and each joined unit is the text's unit at its
        /// source offset, or one space standing for a run of whitespace between visible units.
        private func checkJoined(_ passage: PassageDraft, passageUnits: [UInt16], described: String) {
            let analysed = passage.analysedRange
            guard analysed.lowerBound >= 0, analysed.upperBound <= passageUnits.count, !analysed.isEmpty else {
                stop("\(described) has analysed range \(analysed) for \(passageUnits.count) units")
            }
            let joined = passage.joined
            guard joined.sourceOffsets.count == joined.units.count + 1,
                  joined.sourceOffsets.last == Int32(passageUnits.count) else {
                stop("\(described) has \(joined.sourceOffsets.count) source offsets for \(joined.units.count) units")
            }
            let isSeparator: (UInt16) -> Bool = {
                SplitterCharacters.isWhitespace($0)
                    || (passage.cellSeparatorsAreSpaces && $0 == SplitterCharacters.verticalBar)
            }
            var previousOffset = analysed.lowerBound - 1
            for (index, unit) in joined.units.enumerated() {
                let offset = Int(joined.sourceOffsets[index])
                guard offset > previousOffset, offset < analysed.upperBound else {
                    stop("\(described): joined unit \(index) maps to \(offset) after \(previousOffset)")
                }
                previousOffset = offset
                let source = passageUnits[offset]
                if unit == SplitterCharacters.space {
                    let isInside = index > 0 && index + 1 < joined.units.count
                        && joined.units[index - 1] != SplitterCharacters.space
                        && joined.units[index + 1] != SplitterCharacters.space
                    if !isInside || !isSeparator(source) { stop("\(described): stray space at joined unit \(index)") }
                } else if unit != source || isSeparator(unit) {
                    stop("\(described): joined unit \(index) is \(unit), its source \(source)")
                }
            }
        }
    }
}

/// The entry point libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzPassageSplitter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    PassageSplitterFuzzTarget.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
}
