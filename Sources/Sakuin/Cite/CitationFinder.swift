import Foundation

/// Finds where a pasted quote comes from: candidate passages from the index by shared bigrams,
/// then an alignment of the quote against each candidate and its neighbours picks the span and
/// scores it.
///
/// The neighbours matter because a sentence often runs across passages as the splitter cuts
/// them: a hard line break with a blank line after it, a page break, a block of footnotes in the
/// middle of a paragraph. A body passage's window is the nearest body passages around it; a
/// footnote's, the nearest footnotes.
struct CitationFinder {
    let snapshot: IndexSnapshot
    let catalog: Catalog
    let analyzer: TextAnalyzer
    var aligner = QuoteAligner()

    /// How many candidate passages are aligned.
    static let candidateLimit = 24
    /// The longest quote accepted, in UTF-16 units after trimming: a paragraph or two. The
    /// alignment costs the quote's length times the window's.
    static let maximumQuoteLength = 2_000

    func cite(_ quote: String, options: CitationOptions) throws(SakuinError) -> CitationResults {
        guard options.limit >= 1 else { throw SakuinError.invalidRequest("the limit must be 1 or more, not \(options.limit)") }
        guard (0...1).contains(options.minimumScore) else {
            throw SakuinError.invalidRequest("the minimum score must be between 0 and 1, not \(options.minimumScore)")
        }
        let trimmed = quote.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SakuinError.invalidRequest("the quote is empty") }
        guard trimmed.utf16.count <= CitationFinder.maximumQuoteLength else {
            throw SakuinError.invalidRequest(
                "the quote is \(trimmed.utf16.count) characters long; the most is \(CitationFinder.maximumQuoteLength)")
        }

        let candidates: [CandidateFinder.Candidate]
        do {
            candidates = try CandidateFinder(snapshot: snapshot, analyzer: analyzer)
                .candidates(for: CitationFinder.withoutEllipses(trimmed), limit: CitationFinder.candidateLimit)
        } catch { throw SakuinError(error) }

        var documents = DocumentCache(catalog: catalog)
        var found: [Found] = []
        for candidate in candidates {
            let segment = snapshot.segments[candidate.segment]
            let passage: CatalogPassage
            let context: DocumentCache.Entry
            do throws(IndexError) {
                guard let row = try catalog.passage(segment: segment.id, localID: candidate.passage) else {
                    throw IndexError.catalog(
                        "catalog has no passage \(candidate.passage) of segment \(segment.id); run `sakuin index --rebuild`")
                }
                passage = row
                context = try documents.entry(row.documentID)
            } catch { throw SakuinError(error) }
            guard let position = context.passages.firstIndex(where: { $0.localID == passage.localID && $0.segmentID == passage.segmentID })
            else { continue }
            let window = SourceWindow(passages: context.passages, around: position, quoteLength: trimmed.utf16.count)
            guard let alignment = aligner.align(quote: trimmed, in: window.text),
                  alignment.score >= options.minimumScore else { continue }
            let span = window.locate(alignment.sourceRange)
            found.append(Found(documentID: passage.documentID, span: span, alignment: alignment,
                               sourceText: window.substring(alignment.sourceRange), weight: candidate.weight))
        }

        // One match per place: spans of one document whose lines overlap are the same source
        // reached from two candidates; keep the better.
        found.sort { $0.ranks(before: $1) }
        var kept: [Found] = []
        for match in found where !kept.contains(where: { $0.overlaps(match) }) {
            kept.append(match)
            if kept.count == options.limit { break }
        }

        var matches: [CitationMatch] = []
        for match in kept {
            let entry: DocumentCache.Entry
            do { entry = try documents.entry(match.documentID) } catch { throw SakuinError(error) }
            let lines = match.span.lineStart...match.span.lineEnd
            matches.append(CitationMatch(
                rank: matches.count + 1,
                document: DocumentReference(name: entry.document.name, path: entry.document.path, title: entry.document.title),
                lineStart: match.span.lineStart, lineEnd: match.span.lineEnd, page: match.span.page,
                score: match.alignment.score, sourceText: match.sourceText, differences: match.alignment.differences,
                citation: CitationFormatter.citation(entry.metadata, documentName: entry.document.name, lines: lines,
                                                     page: match.span.page, style: options.style),
                metadata: entry.metadata))
        }
        return CitationResults(quote: quote, matches: matches)
    }

    /// The quote with its ellipses turned into spaces, for finding candidates: a bigram that
    /// straddles an omission is in no source.
    static func withoutEllipses(_ quote: String) -> String {
        var text = quote
        for ellipsis in ["…", "‥", "...", "。。。", "・・・"] { text = text.replacingOccurrences(of: ellipsis, with: " ") }
        return text
    }

    /// An aligned span before ranking.
    private struct Found {
        var documentID: Int64
        var span: SourceWindow.Span
        var alignment: QuoteAlignment
        var sourceText: String
        var weight: Double

        func ranks(before other: Found) -> Bool {
            if alignment.score != other.alignment.score { return alignment.score > other.alignment.score }
            if weight != other.weight { return weight > other.weight }
            return (documentID, span.lineStart) < (other.documentID, other.span.lineStart)
        }

        func overlaps(_ other: Found) -> Bool {
            documentID == other.documentID && span.lineStart <= other.span.lineEnd && other.span.lineStart <= span.lineEnd
        }
    }
}

/// The documents a lookup touched, with their passages in file order and their metadata.
struct DocumentCache {
    let catalog: Catalog
    private var entries: [Int64: Entry] = [:]

    struct Entry {
        var document: CatalogDocument
        var passages: [CatalogPassage]
        var metadata: DocumentMetadata
    }

    init(catalog: Catalog) { self.catalog = catalog }

    mutating func entry(_ documentID: Int64) throws(IndexError) -> Entry {
        if let entry = entries[documentID] { return entry }
        guard let document = try catalog.document(id: documentID) else {
            throw IndexError.catalog("catalog has no document \(documentID); run `sakuin index --rebuild`")
        }
        let passages = try catalog.passages(document: documentID).sorted { $0.lineStart < $1.lineStart }
        let entry = Entry(document: document, passages: passages, metadata: DocumentCache.metadata(of: document))
        entries[documentID] = entry
        return entry
    }

    /// The stored metadata; a document whose stored JSON cannot be read (which only a damaged
    /// catalog has) is cited by its title alone rather than not at all.
    static func metadata(of document: CatalogDocument) -> DocumentMetadata {
        if let decoded = try? JSONDecoder().decode(DocumentMetadata.self, from: Data(document.metadata.utf8)) {
            return decoded
        }
        return DocumentMetadata(title: document.title)
    }
}
