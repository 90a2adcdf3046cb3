/// Cuts a document's text into passages: paragraphs, headings, footnotes and table rows.
///
/// The input is mostly text extracted from PDFs, so the splitter undoes what extraction does to
/// paragraphs: lines hard-wrapped inside sentences (with or without blank lines between them),
/// footnotes set between body paragraphs, and tables flattened into tab-separated lines.
///
/// The work is done on UTF-16 units in a few linear passes; nothing iterates `Character`s.
enum PassageSplitter {
    /// Maximum length of one passage's text in UTF-16 units; a longer paragraph (e.g. a 50 MB file
    /// with no newline) is cut into several passages, preferably after `。` or a space.
    static let maximumPassageLength = 2000

    /// Longest line, in UTF-16 units without surrounding whitespace, read as a styled heading
    /// (`■…`, `◆…`, `【…】`, `第6章…`, `(1)…`, `1 …`). Headings in the seeds are at most 44 units
    /// long, while a `■` bullet that runs on into a sentence fills a wrapped line (48 units in 002).
    static let maximumHeadingLength = 45

    /// How many blank lines PDF extraction may put inside one sentence (002 puts one between
    /// every two lines). More than this is taken as a real gap, even mid-sentence.
    static let maximumBlankLinesInsideSentence = 2

    /// A line of at least this many UTF-16 units that ends mid-word is read as hard-wrapped text
    /// that runs on; a shorter one (a name, a subtitle) only if it shows sentence structure.
    static let minimumRunOnLineLength = 30

    /// Display width (full-width characters count 2) beyond which a line is not hard-wrapped
    /// text but a whole paragraph on one line, so a sentence end at its end ends the paragraph.
    static let maximumWrappedLineWidth = 160

    /// Longest title, in UTF-16 units: a longer first line is a paragraph rather than a title.
    /// Without a bound, a 50 MB file on one line would be its own title, analysed a second time
    /// for the title field and repeated in every search hit of the document.
    static let maximumTitleLength = 200

    static func split(_ text: String) -> SplitDocument {
        let source = SourceText(text)
        let kinds = LineClassifier(source: source).classifyAllLines()
        let spans = PassageGrouper(source: source, kinds: kinds).group()
        let passages = PassageBuilder(source: source).build(spans)
        return SplitDocument(title: title(of: source, kinds: kinds), passages: passages)
    }

    /// The title: the first line when it is a heading (its text, `#` marks stripped); else the
    /// first level-1 Markdown heading, if any; else the first non-empty line, trimmed. None when
    /// that text is longer than ``maximumTitleLength``.
    ///
    /// A styled heading further down (`はじめに`, `■…`) is a section of the paper, not its title,
    /// which PDF extraction leaves as the first line (001: `ウクライナとロシアの 和平達成の試み`).
    private static func title(of source: SourceText, kinds: [LineKind]) -> String? {
        guard let firstLine = source.lines.first else { return nil }
        var range = firstLine.content
        if case .heading = kinds[0] {
            range = source.headingText(of: firstLine)
        } else if let index = kinds.firstIndex(where: { if case .heading(1) = $0 { true } else { false } }) {
            range = source.headingText(of: source.lines[index])
        }
        return range.count <= maximumTitleLength ? source.string(range) : nil
    }
}

// MARK: - Source text and lines

/// One non-blank line of the file, as UTF-16 offsets into the whole text.
private struct SourceLine {
    /// The line's number in the file, 1-based.
    var number: Int
    /// The line without its terminator.
    var range: Range<Int>
    /// The line without surrounding whitespace; never empty.
    var content: Range<Int>
    /// Display width of `content` (full-width characters count 2).
    var width: Int
}

/// The document's UTF-16 units cut into lines at `\n`, `\r\n` and lone `\r`.
///
/// Only non-blank lines are kept (with their numbers), so a file of blank lines costs nothing;
/// blank lines are the gaps between the numbers.
private struct SourceText {
    let units: [UInt16]
    let lines: [SourceLine]

    init(_ text: String) {
        units = Array(text.utf16)
        lines = Self.cutLines(units)
    }

    private static func cutLines(_ units: [UInt16]) -> [SourceLine] {
        var lines: [SourceLine] = []
        var lineNumber = 1
        var lineStart = 0
        var utf16Offset = 0
        while utf16Offset < units.count {
            let unit = units[utf16Offset]
            guard unit == SplitterCharacters.lineFeed || unit == SplitterCharacters.carriageReturn else {
                utf16Offset += 1
                continue
            }
            if let line = makeLine(units, number: lineNumber, range: lineStart..<utf16Offset) { lines.append(line) }
            let isCRLF = unit == SplitterCharacters.carriageReturn && utf16Offset + 1 < units.count
                && units[utf16Offset + 1] == SplitterCharacters.lineFeed
            utf16Offset += isCRLF ? 2 : 1
            lineStart = utf16Offset
            lineNumber += 1
        }
        // A final terminator ends the last line rather than starting an empty one.
        if let line = makeLine(units, number: lineNumber, range: lineStart..<units.count) { lines.append(line) }
        return lines
    }

    /// The line, or nil if it is blank (empty or only whitespace).
    private static func makeLine(_ units: [UInt16], number: Int, range: Range<Int>) -> SourceLine? {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, SplitterCharacters.isWhitespace(units[start]) { start += 1 }
        while end > start, SplitterCharacters.isWhitespace(units[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        var width = 0
        for utf16Offset in start..<end { width += SplitterCharacters.displayWidth(units[utf16Offset]) }
        return SourceLine(number: number, range: range, content: start..<end, width: width)
    }

    func string(_ range: Range<Int>) -> String {
        UTF16Text.string(units[range])
    }

    /// Whether the line at `index` directly follows the one before it, with no blank line between.
    func followsDirectly(lineAt index: Int) -> Bool {
        index > 0 && lines[index].number == lines[index - 1].number + 1
    }

    /// The number of blank lines between the line at `index` and the one before it.
    func blankLinesBefore(lineAt index: Int) -> Int {
        index == 0 ? lines[index].number - 1 : lines[index].number - lines[index - 1].number - 1
    }

    /// Whether the line at `index` has a blank line (or the start or end of the file) on each side.
    func isStandalone(lineAt index: Int) -> Bool {
        let previousIsBlank = !followsDirectly(lineAt: index)
        let nextIsBlank = index + 1 == lines.count || !followsDirectly(lineAt: index + 1)
        return previousIsBlank && nextIsBlank
    }

    /// A heading's text: a Markdown heading without its `#` marks, any other heading as it stands.
    func headingText(of line: SourceLine) -> Range<Int> {
        markdownHeading(line)?.textRange ?? line.content
    }

    /// `#` to `######`, whitespace, then the text; closing `#`s are not part of the text.
    func markdownHeading(_ line: SourceLine) -> (level: Int, textRange: Range<Int>)? {
        let content = line.content
        var offset = content.lowerBound
        while offset < content.upperBound, units[offset] == Unit.numberSign { offset += 1 }
        let level = offset - content.lowerBound
        guard (1...6).contains(level), offset < content.upperBound,
              SplitterCharacters.isWhitespace(units[offset]) else { return nil }
        let textStart = skippingWhitespace(from: offset, before: content.upperBound)
        var textEnd = content.upperBound
        var closingStart = textEnd
        while closingStart > textStart, units[closingStart - 1] == Unit.numberSign { closingStart -= 1 }
        if closingStart < textEnd, closingStart > textStart, SplitterCharacters.isWhitespace(units[closingStart - 1]) {
            textEnd = closingStart
            while textEnd > textStart, SplitterCharacters.isWhitespace(units[textEnd - 1]) { textEnd -= 1 }
        }
        guard textStart < textEnd else { return nil }
        return (level, textStart..<textEnd)
    }

    /// The last unit of the line's content that carries meaning: footnote references written as
    /// superscripts (`…と論じた¹`) are skipped.
    func lastMeaningfulUnit(ofLine index: Int) -> UInt16? {
        let content = lines[index].content
        var end = content.upperBound
        while end > content.lowerBound, SplitterCharacters.isSuperscriptDigit(units[end - 1]) { end -= 1 }
        return end > content.lowerBound ? units[end - 1] : nil
    }

    func hasPrefix(_ prefix: [UInt16], at utf16Offset: Int, before end: Int) -> Bool {
        guard end - utf16Offset >= prefix.count else { return false }
        for (index, unit) in prefix.enumerated() where units[utf16Offset + index] != unit { return false }
        return true
    }

    func contains(where predicate: (UInt16) -> Bool, in range: Range<Int>) -> Bool {
        range.contains { predicate(units[$0]) }
    }

    /// The first offset at or after `utf16Offset` (before `end`) that is not whitespace.
    func skippingWhitespace(from utf16Offset: Int, before end: Int) -> Int {
        var offset = utf16Offset
        while offset < end, SplitterCharacters.isWhitespace(units[offset]) { offset += 1 }
        return offset
    }
}

// MARK: - Line classification

/// What one non-blank line is, seen on its own and with its neighbours.
private enum LineKind {
    /// A heading; `markdownLevel` is the number of `#`s of a Markdown heading, nil for the others.
    case heading(markdownLevel: Int?)
    /// A table row; `markdown` when its cells are separated by `|` rather than tabs.
    case tableRow(markdown: Bool)
    /// A Markdown table's `|---|---|` line: no passage.
    case tableSeparator
    /// The first line of a numbered note.
    case footnote(number: Int)
    /// A line that always starts a new paragraph: a bullet, a marker, a numbered item, a caption.
    case itemStart
    /// Any other line of text: it may continue the passage before it.
    case text
}

/// A line that starts with a number followed by whitespace: `1 千々和泰明『…』`, `1 はじめに`, `2.1 …`.
private struct NumberedLine {
    var number: Int
    /// Whether the number is a bare integer (`4`), as footnote numbers are, not `2.1` or `3.`.
    var isBareInteger: Bool
    /// The text after the number and the whitespace.
    var rest: Range<Int>
}

private struct LineClassifier {
    let source: SourceText
    /// Footnotes are numbered in sequence through the document; the sequence is what tells a
    /// note `1 千々和泰明『…』` from a section title `1 ロシアの武力行使の動機` found among them.
    private var lastFootnoteNumber = 0

    init(source: SourceText) {
        self.source = source
    }

    func classifyAllLines() -> [LineKind] {
        var classifier = self
        return source.lines.indices.map { classifier.classify(lineAt: $0) }
    }

    private mutating func classify(lineAt index: Int) -> LineKind {
        let line = source.lines[index]
        if let heading = source.markdownHeading(line) { return .heading(markdownLevel: heading.level) }
        if isMarkdownTableSeparator(line) { return .tableSeparator }
        if isMarkdownTableRow(line) { return .tableRow(markdown: true) }
        if hasTabSeparatedCells(line) { return .tableRow(markdown: false) }
        if let numbered = numberedLine(line), let kind = classifyNumbered(numbered, lineAt: index) {
            return kind
        }
        if isStyledHeading(lineAt: index) { return .heading(markdownLevel: nil) }
        if startsItem(line) { return .itemStart }
        return .text
    }

    // MARK: Markdown tables

    private func isMarkdownTableSeparator(_ line: SourceLine) -> Bool {
        guard source.units[line.content.lowerBound] == SplitterCharacters.verticalBar else { return false }
        var hasDash = false
        for utf16Offset in line.content {
            switch source.units[utf16Offset] {
            case Unit.hyphenMinus: hasDash = true
            case SplitterCharacters.verticalBar, Unit.colon, SplitterCharacters.space, SplitterCharacters.tab: continue
            default: return false
            }
        }
        return hasDash
    }

    private func isMarkdownTableRow(_ line: SourceLine) -> Bool {
        let content = line.content
        guard source.units[content.lowerBound] == SplitterCharacters.verticalBar else { return false }
        return source.contains(where: { $0 == SplitterCharacters.verticalBar },
                               in: (content.lowerBound + 1)..<content.upperBound)
    }

    /// A tab after the first cell separates cells (trailing tabs too: `2022 年\t\t\t` is a row of
    /// 001's table). Leading tabs are indentation, and a tab after a lone bullet (`•\t 双方の…`,
    /// 004) is the bullet's spacing.
    private func hasTabSeparatedCells(_ line: SourceLine) -> Bool {
        let cellsStart = line.content.lowerBound
        guard let tab = (cellsStart..<line.range.upperBound).first(where: {
            source.units[$0] == SplitterCharacters.tab
        }) else { return false }
        return !(tab - cellsStart == 1 && Unit.isBullet(source.units[cellsStart]))
    }

    // MARK: Numbered lines: footnotes and section titles

    private func numberedLine(_ line: SourceLine) -> NumberedLine? {
        let content = line.content
        var offset = content.lowerBound
        var number = 0
        while offset < content.upperBound, let digit = SplitterCharacters.digitValue(source.units[offset]) {
            number = number * 10 + digit
            offset += 1
            if offset - content.lowerBound > 4 { return nil }  // not a note or section number
        }
        guard offset > content.lowerBound else { return nil }
        var isBareInteger = true
        // Section numbers such as `2.1` or `3.`; `3.31` followed by text is not one of them.
        while offset < content.upperBound, Unit.isFullStop(source.units[offset]) {
            isBareInteger = false
            offset += 1
            while offset < content.upperBound, SplitterCharacters.digitValue(source.units[offset]) != nil { offset += 1 }
        }
        guard offset < content.upperBound, SplitterCharacters.isWhitespace(source.units[offset]) else { return nil }
        let restStart = source.skippingWhitespace(from: offset, before: content.upperBound)
        guard restStart < content.upperBound else { return nil }
        return NumberedLine(number: number, isBareInteger: isBareInteger, rest: restStart..<content.upperBound)
    }

    private mutating func classifyNumbered(_ numbered: NumberedLine, lineAt index: Int) -> LineKind? {
        let headingShaped = isSectionTitleShaped(numbered, lineAt: index)
        if numbered.isBareInteger, looksLikeNote(numbered.rest) {
            let expected = lastFootnoteNumber + 1
            // A note or two may be lost in extraction, so a small jump is accepted, but only
            // where the line could not as well be a section title.
            let isNextNote = numbered.number == expected
                || (!headingShaped && (expected + 1...expected + 2).contains(numbered.number))
            if isNextNote {
                lastFootnoteNumber = numbered.number
                return .footnote(number: numbered.number)
            }
        }
        if headingShaped { return .heading(markdownLevel: nil) }
        return nil
    }

    /// `1 ロシアの武力行使の動機`: a small number, a short title without sentence punctuation,
    /// standing alone between blank lines.
    private func isSectionTitleShaped(_ numbered: NumberedLine, lineAt index: Int) -> Bool {
        numbered.number <= 99
            && numbered.rest.count <= PassageSplitter.maximumHeadingLength
            && SplitterCharacters.digitValue(source.units[numbered.rest.lowerBound]) == nil
            && !Unit.isCounter(source.units[numbered.rest.lowerBound])
            && endsLikeHeading(lineAt: index)
            && source.isStandalone(lineAt: index)
    }

    /// Whether the text after a note number reads like a note: a reference (quotes, brackets,
    /// a year, a URL, a page) or a sentence. A section title has none of these.
    private func looksLikeNote(_ rest: Range<Int>) -> Bool {
        if rest.count > PassageSplitter.maximumHeadingLength { return true }
        if let last = source.units[rest].last, SplitterCharacters.isSentenceFinal(last) { return true }
        if source.contains(where: Unit.isReferenceMark, in: rest) { return true }
        if containsYear(rest) { return true }
        return Unit.referenceWords.contains { word in
            rest.contains { source.hasPrefix(word, at: $0, before: rest.upperBound) }
        }
    }

    private func containsYear(_ range: Range<Int>) -> Bool {
        var digitRun = 0
        for utf16Offset in range {
            if SplitterCharacters.digitValue(source.units[utf16Offset]) != nil {
                digitRun += 1
                if digitRun == 4 { return true }
            } else {
                digitRun = 0
            }
        }
        return false
    }

    // MARK: Styled headings

    /// The seeds' own heading styles: `■…` `◆…` `【…】` `第6章…` `(1)…` `（1）…` and section names
    /// such as `はじめに`. All are short and do not end a sentence or a clause.
    private func isStyledHeading(lineAt index: Int) -> Bool {
        let line = source.lines[index]
        guard line.content.count <= PassageSplitter.maximumHeadingLength else { return false }
        if isKnownSectionName(line) { return true }
        guard endsLikeHeading(lineAt: index) else { return false }
        return startsWithHeadingMarker(line) || isBracketTitle(line) || isChapterTitle(line)
            || source.parenthesizedNumberEnd(in: line.content) != nil
    }

    /// A heading ends with neither a sentence end nor a clause separator (`、`, `：`).
    private func endsLikeHeading(lineAt index: Int) -> Bool {
        guard let last = source.lastMeaningfulUnit(ofLine: index) else { return false }
        return !SplitterCharacters.isSentenceFinal(last) && !SplitterCharacters.isClauseSeparator(last)
    }

    private func startsWithHeadingMarker(_ line: SourceLine) -> Bool {
        var offset = line.content.lowerBound
        while offset < line.content.upperBound, Unit.isHeadingMarker(source.units[offset]) { offset += 1 }
        guard offset > line.content.lowerBound else { return false }
        return source.skippingWhitespace(from: offset, before: line.content.upperBound) < line.content.upperBound
    }

    private func isBracketTitle(_ line: SourceLine) -> Bool {
        source.units[line.content.lowerBound] == Unit.openingLenticularBracket
            && source.contains(where: { $0 == Unit.closingLenticularBracket }, in: line.content)
    }

    /// `第6章 …`, `第90回：…`, `第二節 …`.
    private func isChapterTitle(_ line: SourceLine) -> Bool {
        let content = line.content
        guard source.units[content.lowerBound] == Unit.dai else { return false }
        var offset = content.lowerBound + 1
        while offset < content.upperBound, Unit.isNumeral(source.units[offset]) { offset += 1 }
        guard offset > content.lowerBound + 1, offset < content.upperBound else { return false }
        return Unit.isChapterCounter(source.units[offset])
    }

    private func isKnownSectionName(_ line: SourceLine) -> Bool {
        let visible = source.units[line.content].filter { !SplitterCharacters.isWhitespace($0) }
        return Unit.sectionNames.contains(visible)
    }

    // MARK: Items

    /// Lines that begin a unit of their own and never continue a sentence: bullets (`・`, `■`,
    /// `-米国…`), numbered items (`①`, `(5)…`, `1.`), and figure or table captions (`図1 …`).
    private func startsItem(_ line: SourceLine) -> Bool {
        let content = line.content
        let first = source.units[content.lowerBound]
        if Unit.isBullet(first) || Unit.isHeadingMarker(first) || first == Unit.openingLenticularBracket { return true }
        if content.count > 1 {
            let second = source.units[content.lowerBound + 1]
            if Unit.isListDash(first), SplitterCharacters.isWhitespace(second) { return true }
            if first == Unit.hyphenMinus, SplitterCharacters.isJapaneseSide(second) { return true }
        }
        if source.parenthesizedNumberEnd(in: content) != nil || isNumberedItem(content) { return true }
        return isCaption(content)
    }

    /// `1.` `1)` `１．` `1）` followed by text (not `3.31`).
    private func isNumberedItem(_ content: Range<Int>) -> Bool {
        var offset = content.lowerBound
        while offset < content.upperBound, SplitterCharacters.digitValue(source.units[offset]) != nil { offset += 1 }
        guard offset > content.lowerBound, offset - content.lowerBound <= 3, offset + 1 < content.upperBound else {
            return false
        }
        let mark = source.units[offset]
        guard Unit.isFullStop(mark) || mark == Unit.rightParenthesis || mark == Unit.fullWidthRightParenthesis else {
            return false
        }
        return SplitterCharacters.digitValue(source.units[offset + 1]) == nil
    }

    private func isCaption(_ content: Range<Int>) -> Bool {
        let start = content.lowerBound
        for label in Unit.numberedCaptionLabels where source.hasPrefix(label, at: start, before: content.upperBound) {
            let afterLabel = source.skippingWhitespace(from: start + label.count, before: content.upperBound)
            if afterLabel < content.upperBound, SplitterCharacters.digitValue(source.units[afterLabel]) != nil {
                return true
            }
        }
        return Unit.sourceLabels.contains { source.hasPrefix($0, at: start, before: content.upperBound) }
    }
}

private extension SourceText {
    /// For `(1)` or `（1）` (one or two digits) at the start of `content` and followed by text,
    /// the offset after the closing parenthesis.
    func parenthesizedNumberEnd(in content: Range<Int>) -> Int? {
        guard Unit.isOpeningParenthesis(units[content.lowerBound]) else { return nil }
        var offset = content.lowerBound + 1
        while offset < content.upperBound, SplitterCharacters.digitValue(units[offset]) != nil { offset += 1 }
        let digitCount = offset - content.lowerBound - 1
        guard (1...2).contains(digitCount), offset < content.upperBound,
              Unit.isClosingParenthesis(units[offset]) else { return nil }
        let end = offset + 1
        return skippingWhitespace(from: end, before: content.upperBound) < content.upperBound ? end : nil
    }
}

// MARK: - Grouping lines into passages

/// A passage as a run of lines, before its text is built.
private struct PassageSpan {
    var kind: PassageKind
    /// Index in `SourceText.lines` (non-blank lines) of the passage's first line.
    var firstLine: Int
    /// Index in `SourceText.lines` of its last line; blank lines between belong to the passage.
    var lastLine: Int
    var footnoteNumber: Int?
    /// For a heading, where its text is (without Markdown `#` marks).
    var headingText: Range<Int>?
    /// For a Markdown table row, `|` separates cells.
    var cellSeparatorsAreSpaces = false
}

private struct PassageGrouper {
    let source: SourceText
    let kinds: [LineKind]

    func group() -> [PassageSpan] {
        var spans: [PassageSpan] = []
        // The passage the next line extends if it is plain text in the same block (no blank line
        // between): a paragraph or a footnote. Headings and table rows are one line each.
        var openSpan: Int?
        for index in kinds.indices {
            if !source.followsDirectly(lineAt: index) { openSpan = nil }
            switch kinds[index] {
            case .tableSeparator:
                openSpan = nil
            case .heading:
                spans.append(PassageSpan(kind: .heading, firstLine: index, lastLine: index,
                                         headingText: source.headingText(of: source.lines[index])))
                openSpan = nil
            case .tableRow(let markdown):
                spans.append(PassageSpan(kind: .tableRow, firstLine: index, lastLine: index,
                                         cellSeparatorsAreSpaces: markdown))
                openSpan = nil
            case .footnote(let number):
                spans.append(PassageSpan(kind: .footnote, firstLine: index, lastLine: index, footnoteNumber: number))
                openSpan = spans.count - 1
            case .itemStart:
                spans.append(PassageSpan(kind: .paragraph, firstLine: index, lastLine: index))
                openSpan = spans.count - 1
            case .text:
                if let open = openSpan, continuesInBlock(spans[open]) {
                    spans[open].lastLine = index
                } else if let last = spans.indices.last, continuesAcrossBlankLines(spans[last], toLine: index) {
                    spans[last].lastLine = index
                    openSpan = last
                } else {
                    spans.append(PassageSpan(kind: .paragraph, firstLine: index, lastLine: index))
                    openSpan = spans.count - 1
                }
            }
        }
        return spans
    }

    /// Whether the line right after `span` (no blank line between) belongs to it. A footnote
    /// runs until a blank line or the next note; a paragraph also ends at a hard-wrapped line
    /// that closes a sentence short of the wrap width.
    private func continuesInBlock(_ span: PassageSpan) -> Bool {
        span.kind == .footnote || !endsParagraph(atLine: span.lastLine, in: span)
    }

    /// 004 is hard-wrapped with no blank lines between paragraphs. A line that ends a sentence
    /// and is noticeably shorter than its neighbours (the wrap width, read locally because
    /// columns beside pictures are narrower) is a paragraph's last line; a full line ending with
    /// `。` is only a sentence ending where the wrap happened to fall.
    private func endsParagraph(atLine index: Int, in span: PassageSpan) -> Bool {
        guard let last = source.lastMeaningfulUnit(ofLine: index),
              SplitterCharacters.isClosingPunctuation(last) else { return false }
        let lines = source.lines
        let width = lines[index].width
        if width > PassageSplitter.maximumWrappedLineWidth { return true }
        var wrapWidth = index + 1 < lines.count ? lines[index + 1].width : 0
        if index > span.firstLine, source.followsDirectly(lineAt: index) {
            wrapWidth = max(wrapWidth, lines[index - 1].width)
        }
        let slack = max(6, wrapWidth / 10)
        return width + slack <= wrapWidth
    }

    /// 002 puts a blank line between the lines of one sentence (`…解決すると` / blank / `語り、…`).
    /// A paragraph whose last line runs on continues into the next line of plain text when only a
    /// blank line or two lie between; headings, notes, bullets and captions never continue one.
    private func continuesAcrossBlankLines(_ span: PassageSpan, toLine index: Int) -> Bool {
        let blankLines = source.blankLinesBefore(lineAt: index)
        guard span.kind == .paragraph, span.lastLine == index - 1,
              blankLines >= 1, blankLines <= PassageSplitter.maximumBlankLinesInsideSentence else { return false }
        return runsOn(lineAt: span.lastLine)
    }

    /// Whether a line stops mid-sentence: it ends with `、`, or it is a long line ending
    /// mid-word, or it ends with hiragana and has a clause in it (`ただ、…速いものでは`). A short
    /// line ending with a noun (`ロシアが下げがたい要求`, `DEEP DRIVE理事`) is a subtitle or a
    /// name standing on its own.
    private func runsOn(lineAt index: Int) -> Bool {
        guard let last = source.lastMeaningfulUnit(ofLine: index),
              !SplitterCharacters.isClosingPunctuation(last) else { return false }
        if SplitterCharacters.isClauseSeparator(last) { return true }
        let content = source.lines[index].content
        if content.count >= PassageSplitter.minimumRunOnLineLength, SplitterCharacters.isWordCharacter(last) {
            return true
        }
        return SplitterCharacters.isHiragana(last) && source.contains(where: Unit.isComma, in: content)
    }
}

// MARK: - Building passages

private struct PassageBuilder {
    let source: SourceText

    func build(_ spans: [PassageSpan]) -> [PassageDraft] {
        var passages: [PassageDraft] = []
        passages.reserveCapacity(spans.count)
        var section: String?
        for span in spans {
            // A heading opens the section it names, so it belongs to it.
            if span.kind == .heading, let headingText = span.headingText {
                section = source.string(headingText)
            }
            passages.append(contentsOf: drafts(for: span, section: section))
        }
        return passages
    }

    private func drafts(for span: PassageSpan, section: String?) -> [PassageDraft] {
        let text = passageText(span)
        let lineNumber = source.lines[span.firstLine].number
        guard text.count > PassageSplitter.maximumPassageLength else {
            return [draft(span, text: text, analysed: analysedRange(span, textLength: text.count),
                          lines: lineNumber...source.lines[span.lastLine].number, section: section)]
        }
        return PassageCutter.pieces(of: text, maximumLength: PassageSplitter.maximumPassageLength).map { piece in
            let pieceText = Array(text[piece.range])  // offsets in `joined` are relative to the piece
            return draft(span, text: pieceText, analysed: 0..<pieceText.count,
                         lines: (lineNumber + piece.lineOffsets.lowerBound)...(lineNumber + piece.lineOffsets.upperBound),
                         section: section)
        }
    }

    private func draft(_ span: PassageSpan, text: [UInt16], analysed: Range<Int>, lines: ClosedRange<Int>,
                       section: String?) -> PassageDraft {
        PassageDraft(
            kind: span.kind,
            lineStart: lines.lowerBound,
            lineEnd: lines.upperBound,
            text: UTF16Text.string(text[...]),
            joined: LineJoiner.join(text, range: analysed, cellSeparatorsAreSpaces: span.cellSeparatorsAreSpaces),
            analysedRange: analysed,
            cellSeparatorsAreSpaces: span.cellSeparatorsAreSpaces,
            section: section,
            footnoteNumber: span.footnoteNumber)
    }

    /// The span's lines as stored, blank lines included, with every line terminator as `\n`.
    private func passageText(_ span: PassageSpan) -> [UInt16] {
        let stored = source.lines[span.firstLine].range.lowerBound..<source.lines[span.lastLine].range.upperBound
        var text: [UInt16] = []
        text.reserveCapacity(stored.count)
        var utf16Offset = stored.lowerBound
        while utf16Offset < stored.upperBound {
            let unit = source.units[utf16Offset]
            utf16Offset += 1
            guard unit == SplitterCharacters.carriageReturn else {
                text.append(unit)
                continue
            }
            text.append(SplitterCharacters.lineFeed)
            if utf16Offset < stored.upperBound, source.units[utf16Offset] == SplitterCharacters.lineFeed {
                utf16Offset += 1
            }
        }
        return text
    }

    /// What to analyse: a Markdown heading without its `#` marks, anything else whole.
    private func analysedRange(_ span: PassageSpan, textLength: Int) -> Range<Int> {
        guard span.kind == .heading, let headingText = span.headingText else { return 0..<textLength }
        let lineStart = source.lines[span.firstLine].range.lowerBound
        return (headingText.lowerBound - lineStart)..<(headingText.upperBound - lineStart)
    }
}

/// Cuts an over-long passage text into pieces of at most a maximum length.
private enum PassageCutter {
    struct Piece: Equatable {
        /// The piece in the passage text, without surrounding whitespace.
        var range: Range<Int>
        /// The piece's first and last line, counted from the passage's first line (0).
        var lineOffsets: ClosedRange<Int>
    }

    static func pieces(of text: [UInt16], maximumLength: Int) -> [Piece] {
        var pieces: [Piece] = []
        var position = 0
        var lineOffset = 0
        while true {
            let start = skipWhitespace(text, from: position, lineOffset: &lineOffset)
            guard start < text.count else { break }
            let end = text.count - start <= maximumLength
                ? text.count
                : cutPoint(text, from: start, limit: start + maximumLength)
            var trimmedEnd = end
            while trimmedEnd > start, SplitterCharacters.isWhitespace(text[trimmedEnd - 1]) { trimmedEnd -= 1 }
            let lineBreaks = lineBreakCount(text, start..<trimmedEnd)
            pieces.append(Piece(range: start..<trimmedEnd, lineOffsets: lineOffset...(lineOffset + lineBreaks)))
            lineOffset += lineBreakCount(text, start..<end)
            position = end
        }
        return pieces
    }

    /// Where to end a piece that starts at `start` and may not pass `limit`: after the last
    /// sentence end in the second half of the window, else after the last whitespace, else after
    /// the last `、`, else at the limit (never between the two halves of a surrogate pair).
    private static func cutPoint(_ text: [UInt16], from start: Int, limit: Int) -> Int {
        let earliest = start + (limit - start) / 2
        var afterWhitespace: Int?
        var afterClause: Int?
        var candidate = limit
        while candidate > earliest {
            let unit = text[candidate - 1]
            if SplitterCharacters.isSentenceFinal(unit) { return candidate }
            if afterWhitespace == nil, SplitterCharacters.isWhitespace(unit) { afterWhitespace = candidate }
            if afterClause == nil, SplitterCharacters.isClauseSeparator(unit) { afterClause = candidate }
            candidate -= 1
        }
        if let cut = afterWhitespace ?? afterClause { return cut }
        return UTF16.isLeadSurrogate(text[limit - 1]) ? limit - 1 : limit
    }

    private static func skipWhitespace(_ text: [UInt16], from position: Int, lineOffset: inout Int) -> Int {
        var offset = position
        while offset < text.count, SplitterCharacters.isWhitespace(text[offset]) {
            if text[offset] == SplitterCharacters.lineFeed { lineOffset += 1 }
            offset += 1
        }
        return offset
    }

    private static func lineBreakCount(_ text: [UInt16], _ range: Range<Int>) -> Int {
        var count = 0
        for offset in range where text[offset] == SplitterCharacters.lineFeed { count += 1 }
        return count
    }
}

// MARK: - Characters of the line grammar

/// Units and words the line classifier looks for.
private enum Unit {
    static let numberSign: UInt16 = 0x23  // #
    static let hyphenMinus: UInt16 = 0x2D
    static let colon: UInt16 = 0x3A
    static let rightParenthesis: UInt16 = 0x29
    static let fullWidthRightParenthesis: UInt16 = 0xFF09
    static let openingLenticularBracket: UInt16 = 0x3010  // 【
    static let closingLenticularBracket: UInt16 = 0x3011  // 】
    static let dai: UInt16 = 0x7B2C  // 第

    /// Markers of the seeds' headings: `■ □ ◆ ◇` (also doubled, `◆◆`).
    static func isHeadingMarker(_ unit: UInt16) -> Bool {
        unit == 0x25A0 || unit == 0x25A1 || unit == 0x25C6 || unit == 0x25C7
    }

    /// Bullets: `・ • ● ○ ◎ ※ ★ ☆ ▲ △ ▼ ▽ ▶ ► ➢ ✓ ✔ ‣ ⁃` and circled numbers `①…⑳`.
    static func isBullet(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x30FB, 0xFF65, 0x2022, 0x25CF, 0x25CB, 0x25CE, 0x203B, 0x2605, 0x2606, 0x25B2, 0x25B3,
             0x25BC, 0x25BD, 0x25B6, 0x25BA, 0x27A2, 0x2713, 0x2714, 0x2023, 0x2043:
            return true
        case 0x2460...0x2473:
            return true
        default:
            return false
        }
    }

    /// `-`, `*`, `+` followed by whitespace start a Markdown list item.
    static func isListDash(_ unit: UInt16) -> Bool { unit == 0x2D || unit == 0x2A || unit == 0x2B }

    static func isFullStop(_ unit: UInt16) -> Bool { unit == 0x2E || unit == 0xFF0E }

    static func isComma(_ unit: UInt16) -> Bool { unit == 0x3001 || unit == 0xFF0C || unit == 0x2C }

    static func isOpeningParenthesis(_ unit: UInt16) -> Bool { unit == 0x28 || unit == 0xFF08 }

    static func isClosingParenthesis(_ unit: UInt16) -> Bool { unit == 0x29 || unit == 0xFF09 }

    /// Digits and kanji numerals, as in `第6章`, `第二節`.
    static func isNumeral(_ unit: UInt16) -> Bool {
        if SplitterCharacters.digitValue(unit) != nil { return true }
        switch unit {
        case 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E:
            return true  // 〇 一 二 三 四 五 六 七 八 九 十 百
        default:
            return false
        }
    }

    /// `章 節 部 編 回`, as in `第6章`, `第90回`.
    static func isChapterCounter(_ unit: UInt16) -> Bool {
        unit == 0x7AE0 || unit == 0x7BC0 || unit == 0x90E8 || unit == 0x7DE8 || unit == 0x56DE
    }

    /// Counters after a number that make it a quantity, not a section number: `12 月 18 日`,
    /// `20 万人`. (Not `日`, `人`: `1 日本の対応` is a title.)
    static func isCounter(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x5E74, 0x6708, 0x4E07, 0x5104, 0x25, 0xFF05: return true  // 年 月 万 億 % ％
        default: return false
        }
    }

    /// Marks that appear in references: quotes and titles `『』「」“”«»《》"`, and `<` of a URL.
    static func isReferenceMark(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x300E, 0x300F, 0x300C, 0x300D, 0x201C, 0x201D, 0x00AB, 0x00BB, 0x300A, 0x300B, 0x22, 0x3C:
            return true
        default:
            return false
        }
    }

    static let referenceWords: [[UInt16]] = ["http", "pp.", "頁", "同上", "前掲", "ibid", "Ibid"].map { Array($0.utf16) }

    /// Section names that are headings on their own, compared without spaces (`要 約` is `要約`).
    static let sectionNames: Set<[UInt16]> = Set([
        "はじめに", "おわりに", "むすび", "むすびに", "まとめ", "序論", "本論", "結論", "結語", "序章", "終章",
        "要約", "概要", "目次", "謝辞", "注", "註", "注記", "脚注", "参考文献", "引用文献", "文献", "付録", "補論",
        "筆者略歴", "著者略歴", "まえがき", "あとがき", "序文", "緒言", "Abstract", "Introduction",
        "Conclusion", "References", "Notes",
    ].map { Array($0.utf16) })

    /// Caption labels followed by a number: `図1`, `表 1`, `写真2`, `Figure 3`.
    static let numberedCaptionLabels: [[UInt16]] = ["図", "表", "写真", "Figure", "Fig.", "Table"].map { Array($0.utf16) }

    /// Source and note lines under figures and tables.
    static let sourceLabels: [[UInt16]] = [
        "(出所)", "（出所）", "(出典)", "（出典）", "(注)", "（注）", "出所：", "出典：", "資料：", "注：", "Source:", "Note:",
    ].map { Array($0.utf16) }
}

// MARK: - Strings from UTF-16

private enum UTF16Text {
    /// A string from UTF-16 units, transcoded by hand into UTF-8 storage: the generic
    /// `String(decoding:as: UTF16.self)` was most of the run time on a 50 MB line. A lone
    /// surrogate (which a cut never makes) would become U+FFFD.
    static func string(_ units: ArraySlice<UInt16>) -> String {
        String(unsafeUninitializedCapacity: units.count * 3) { buffer in
            var byteCount = 0
            func append(_ byte: UInt32) {
                buffer[byteCount] = UInt8(truncatingIfNeeded: byte)
                byteCount += 1
            }
            var index = units.startIndex
            while index < units.endIndex {
                var scalar = UInt32(units[index])
                index += 1
                if UTF16.isLeadSurrogate(units[index - 1]) {
                    if index < units.endIndex, UTF16.isTrailSurrogate(units[index]) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[index]) - 0xDC00)
                        index += 1
                    } else {
                        scalar = 0xFFFD
                    }
                } else if UTF16.isTrailSurrogate(units[index - 1]) {
                    scalar = 0xFFFD
                }
                switch scalar {
                case ..<0x80:
                    append(scalar)
                case ..<0x800:
                    append(0xC0 | scalar >> 6)
                    append(0x80 | scalar & 0x3F)
                case ..<0x10000:
                    append(0xE0 | scalar >> 12)
                    append(0x80 | scalar >> 6 & 0x3F)
                    append(0x80 | scalar & 0x3F)
                default:
                    append(0xF0 | scalar >> 18)
                    append(0x80 | scalar >> 12 & 0x3F)
                    append(0x80 | scalar >> 6 & 0x3F)
                    append(0x80 | scalar & 0x3F)
                }
            }
            return byteCount
        }
    }
}
