/// A stretch of a document's text around one passage, as the aligner sees it: the stored text
/// of consecutive passages of the same stream (body or footnotes) joined with line breaks, with
/// the way back from an offset in it to a line and a page of the file.
struct SourceWindow {
    /// The passages' texts joined with `\n`.
    let text: String
    /// The passages, in order, with the UTF-16 offset where each starts in `text`.
    private let pieces: [(passage: CatalogPassage, start: Int)]
    private let units: [UInt16]

    /// Where a span of the window is in the file.
    struct Span: Sendable, Equatable {
        var lineStart: Int
        var lineEnd: Int
        /// The page of the span's first line, when the document marks pages.
        var page: Int?
    }

    /// The most passages taken on each side of the centre.
    static let maximumReach = 4

    /// The window of `passages[centre]`: one passage of the same stream on each side, and more
    /// while the window is shorter than the quote (a long quote may run over several passages).
    init(passages: [CatalogPassage], around centre: Int, quoteLength: Int) {
        let isNote = passages[centre].kind == .footnote
        let sameStream = { (index: Int) in (passages[index].kind == .footnote) == isNote }
        var before: [Int] = []
        var after: [Int] = []
        var length = passages[centre].text.utf16.count
        var previous = centre - 1
        var next = centre + 1
        // One on each side, then more while the window is short of twice the quote.
        while before.count < SourceWindow.maximumReach || after.count < SourceWindow.maximumReach {
            guard before.isEmpty && after.isEmpty || length < quoteLength * 2 else { break }
            var grew = false
            while previous >= 0 && !sameStream(previous) { previous -= 1 }
            if previous >= 0 && before.count < SourceWindow.maximumReach {
                before.append(previous)
                length += passages[previous].text.utf16.count
                previous -= 1
                grew = true
            }
            while next < passages.count && !sameStream(next) { next += 1 }
            if next < passages.count && after.count < SourceWindow.maximumReach {
                after.append(next)
                length += passages[next].text.utf16.count
                next += 1
                grew = true
            }
            if !grew { break }
        }
        let order = before.reversed() + [centre] + after
        var pieces: [(passage: CatalogPassage, start: Int)] = []
        var units: [UInt16] = []
        for index in order {
            if !units.isEmpty { units.append(0x0A) }
            pieces.append((passages[index], units.count))
            units.append(contentsOf: passages[index].text.utf16)
        }
        self.pieces = pieces
        self.units = units
        self.text = String(decoding: units, as: UTF16.self)
    }

    /// The text of `range` (UTF-16 offsets into ``text``).
    func substring(_ range: Range<Int>) -> String {
        let clamped = range.clamped(to: 0..<units.count)
        return String(decoding: units[clamped], as: UTF16.self)
    }

    /// The lines (and page) of the file that `range` covers.
    func locate(_ range: Range<Int>) -> Span {
        let start = position(of: range.lowerBound)
        let end = position(of: max(range.lowerBound, range.upperBound - 1))
        return Span(lineStart: start.line, lineEnd: max(start.line, end.line), page: start.page)
    }

    /// The line and page of the character at `offset`.
    private func position(of offset: Int) -> (line: Int, page: Int?) {
        let clamped = min(max(offset, 0), max(units.count - 1, 0))
        var piece = pieces[0]
        for candidate in pieces where candidate.start <= clamped { piece = candidate }
        var line = piece.passage.lineStart
        var page = piece.passage.page
        // The passage's page is already that of its first character after any form feed.
        var index = piece.start
        while index < clamped && units[index] == 0x0C { index += 1 }
        while index < clamped {
            switch units[index] {
            case 0x0A: line += 1
            case 0x0C: page = page.map { $0 + 1 }
            default: break
            }
            index += 1
        }
        return (min(line, piece.passage.lineEnd), page)
    }
}
