/// The page of each line of a document whose text marks page breaks with form feeds (U+000C),
/// as PDF text extraction (`pdftotext`) writes them.
///
/// Lines are numbered as ``PassageSplitter`` numbers them: from 1, ending at `\n`, `\r\n` or a
/// lone `\r`. A line is on page 1 plus the number of form feeds before its first character
/// that is not a form feed, so the line a form feed starts is the first line of the new page.
struct PageMap: Sendable, Equatable {
    /// For each line from 1, the page it starts on (index 0 is line 1).
    private let pages: [Int32]

    /// The map of `text`, or nil when it has no form feed (its pages are unknown).
    init?(text: String) {
        // Most texts have none: looked for in the contiguous bytes, not through the view's
        // generic iterator (which cost about as much as the rest of the map).
        let hasFormFeed = text.utf8.withContiguousStorageIfAvailable { $0.contains(PageMap.formFeed) }
            ?? text.utf8.contains(PageMap.formFeed)
        guard hasFormFeed else { return nil }
        var pages: [Int32] = []
        var page: Int32 = 1
        var lineStarted = false
        var previousWasCarriageReturn = false
        for byte in text.utf8 {
            switch byte {
            case PageMap.lineFeed where previousWasCarriageReturn:
                // The `\n` of `\r\n`: the line already ended at the `\r`.
                break
            case PageMap.lineFeed, PageMap.carriageReturn:
                if !lineStarted { pages.append(page) }
                lineStarted = false
            case PageMap.formFeed:
                if !lineStarted { page += 1 }
            default:
                if !lineStarted {
                    pages.append(page)
                    lineStarted = true
                }
            }
            previousWasCarriageReturn = byte == PageMap.carriageReturn
        }
        // A last line of form feeds only (after a final terminator: a line past the end, harmless).
        if !lineStarted { pages.append(page) }
        self.pages = pages
    }

    /// The page that line `lineNumber` (from 1) is on; the last page for a line past the end.
    func page(ofLine lineNumber: Int) -> Int {
        guard !pages.isEmpty else { return 1 }
        return Int(pages[min(max(lineNumber, 1), pages.count) - 1])
    }

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let formFeed: UInt8 = 0x0C
}
