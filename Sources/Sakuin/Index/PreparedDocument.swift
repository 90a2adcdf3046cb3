/// A document split, analysed and grouped into terms, ready for the segment builder and the
/// catalog: everything about it that does not depend on where in the index it goes.
struct PreparedDocument: Sendable {
    /// One passage: its catalog record (ids not yet assigned), normalized length and terms.
    struct Passage: Sendable {
        /// The record, with `segmentID`, `localID` and `documentID` still 0.
        var record: CatalogPassage
        /// The normalized length, in UTF-16 units (for BM25).
        var length: UInt32
        var terms: TermOccurrences
    }

    var input: DocumentInput
    /// The title the splitter found (the catalog's `title` column).
    var title: String?
    /// The metadata as the catalog stores it (JSON with sorted keys).
    var metadataJSON: String
    var titleTerms: TermOccurrences
    /// The passages; their records' `text` is empty: the texts are in ``storedText``.
    var passages: [Passage]
    /// The passages' texts, compressed as the catalog stores them. Compressed here, by the
    /// worker that analysed the document, so that a commit's documents wait for the catalog
    /// at less than half the size of their texts, and the commit itself only inserts rows.
    var storedText: StoredText

    /// Splits and analyses `input` with `analyzer`.
    init(_ input: DocumentInput, analyzer: TextAnalyzer) {
        let text = input.text
        let split = PassageSplitter.split(text)
        var metadata = input.metadata ?? MetadataExtractor.extract(fromText: text)
        if metadata.title == nil { metadata.title = split.title }
        let pages = PageMap(text: text)
        self.input = input
        self.title = split.title
        self.metadataJSON = IndexWriter.json(metadata)
        self.titleTerms = split.title.map { TermOccurrences(analyzer.tokenLog(Array($0.utf16), title: true).tokens) }
            ?? TermOccurrences()
        self.passages = split.passages.map { draft in
            let (length, tokens) = analyzer.tokenLog(draft.joined.units)
            let record = CatalogPassage(
                segmentID: 0, localID: 0, documentID: 0, kind: draft.kind,
                lineStart: draft.lineStart, lineEnd: draft.lineEnd, section: draft.section,
                footnoteNumber: draft.footnoteNumber, text: draft.text, analysedRange: draft.analysedRange,
                cellSeparatorsAreSpaces: draft.cellSeparatorsAreSpaces,
                page: pages?.page(ofLine: draft.lineStart))
            return Passage(record: record, length: UInt32(length), terms: TermOccurrences(tokens))
        }
        storedText = StoredText(passageTexts: passages.map(\.record.text))
        for index in passages.indices { passages[index].record.text = "" }
    }
}
