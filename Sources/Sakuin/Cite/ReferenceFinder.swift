/// Finds notes and bibliography entries by author, title, publisher, year, URL fragment, or a
/// whole (messy) reference pasted as is.
///
/// Candidates are the note passages that share index terms with the query (Latin words as
/// prefixes, so `commentary409` finds the URL word `commentary409.html`). Each is scored by how
/// much of the query it holds, on normalized text with spaces and punctuation removed: the mean
/// of the share of the query's words found whole and the share of its character bigrams found.
/// The bigram share carries a reference pasted with other punctuation or an OCR slip. Era
/// years in the query (`令和7年`) are read as the Western years notes write (`2025年`).
struct ReferenceFinder {
    let snapshot: IndexSnapshot
    let catalog: Catalog
    let analyzer: TextAnalyzer

    /// How many candidate passages are scored.
    static let candidateLimit = 200
    /// The lowest score returned: at least half the query must be in the entry.
    static let minimumScore = 0.5
    /// The longest query accepted, in UTF-16 units.
    static let maximumQueryLength = 2_000

    func references(matching query: String, limit: Int) throws(SakuinError) -> ReferenceResults {
        guard limit >= 1 else { throw SakuinError.invalidRequest("the limit must be 1 or more, not \(limit)") }
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SakuinError.invalidRequest("the query is empty") }
        guard trimmed.utf16.count <= ReferenceFinder.maximumQueryLength else {
            throw SakuinError.invalidRequest(
                "the query is \(trimmed.utf16.count) characters long; the most is \(ReferenceFinder.maximumQueryLength)")
        }
        // Notes give years in the Western calendar; a query may use the Japanese one.
        let searched = JapaneseEra.replacingEraYears(in: trimmed)
        let queryText = ComparableText(searched, analyzer: analyzer)
        guard !queryText.words.isEmpty else { return ReferenceResults(query: query, hits: []) }

        var scored: [(score: Double, weight: Double, passage: CatalogPassage)] = []
        do {
            let notes = try catalog.notePassages()
            var noteSets: [Int64: Set<UInt32>] = [:]
            for note in notes { noteSets[note.segmentID, default: []].insert(note.localID) }
            let segmentIDs = snapshot.segments.map(\.id)
            let candidates = try CandidateFinder(snapshot: snapshot, analyzer: analyzer).candidates(
                for: searched, limit: ReferenceFinder.candidateLimit, words: .prefix,
                include: { segment, passage in noteSets[segmentIDs[segment]]?.contains(passage) ?? false })
            for candidate in candidates {
                let segment = snapshot.segments[candidate.segment]
                guard let passage = try catalog.passage(segment: segment.id, localID: candidate.passage) else { continue }
                let score = queryText.coverage(in: ComparableText(passage.text, analyzer: analyzer))
                if score >= ReferenceFinder.minimumScore { scored.append((score, candidate.weight, passage)) }
            }
        } catch { throw SakuinError(error) }
        scored.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.weight != $1.weight { return $0.weight > $1.weight }
            return ($0.passage.documentID, $0.passage.lineStart) < ($1.passage.documentID, $1.passage.lineStart)
        }

        var documents = DocumentCache(catalog: catalog)
        var hits: [ReferenceHit] = []
        for (score, _, passage) in scored.prefix(limit) {
            let entry: DocumentCache.Entry
            do { entry = try documents.entry(passage.documentID) } catch { throw SakuinError(error) }
            hits.append(ReferenceHit(
                rank: hits.count + 1, score: score,
                document: DocumentReference(name: entry.document.name, path: entry.document.path, title: entry.document.title),
                footnoteNumber: passage.footnoteNumber, lineStart: passage.lineStart, lineEnd: passage.lineEnd,
                text: passage.text,
                references: ReferenceParser.references(inNote: ReferenceFinder.body(of: passage))))
        }
        return ReferenceResults(query: query, hits: hits)
    }

    /// A note's text without its leading number.
    static func body(of passage: CatalogPassage) -> String {
        guard passage.footnoteNumber != nil else { return passage.text }
        let text = passage.text.drop { $0 == " " || $0 == "\u{3000}" }
        let rest = text.drop { $0.isNumber }
        return String(rest.drop { $0 == " " || $0 == "\u{3000}" || $0 == "." })
    }
}

/// Text reduced for comparison: normalized as the index normalizes (width, case, kana
/// unifications), split into words at spaces and punctuation, and the same without any separator
/// as a set of character bigrams.
struct ComparableText {
    /// The words, each as UTF-16 units.
    let words: [[UInt16]]
    /// Every word joined, without separators.
    let joined: [UInt16]
    /// The bigrams of `joined`, each packed in 32 bits.
    let bigrams: Set<UInt32>

    init(_ text: String, analyzer: TextAnalyzer) {
        let normalized = analyzer.normalize(Array(text.utf16)).units
        var words: [[UInt16]] = []
        var current: [UInt16] = []
        for unit in normalized {
            if ComparableText.isSeparator(unit) {
                if !current.isEmpty { words.append(current) }
                current = []
            } else {
                current.append(unit)
            }
        }
        if !current.isEmpty { words.append(current) }
        self.words = words
        let joined = words.flatMap { $0 }
        self.joined = joined
        var bigrams = Set<UInt32>()
        if joined.count >= 2 {
            for index in 1..<joined.count { bigrams.insert(UInt32(joined[index - 1]) << 16 | UInt32(joined[index])) }
        }
        self.bigrams = bigrams
    }

    /// How much of this text `other` holds, 0…1: the mean of the share of this text's words
    /// (weighted by length) found in `other`'s joined text and the share of its bigrams found
    /// among `other`'s.
    func coverage(in other: ComparableText) -> Double {
        let total = words.reduce(0) { $0 + $1.count }
        guard total > 0 else { return 0 }
        var found = 0
        for word in words where other.joined.contains(subsequence: word) { found += word.count }
        let wordShare = Double(found) / Double(total)
        guard !bigrams.isEmpty else { return wordShare }
        let bigramShare = Double(bigrams.intersection(other.bigrams).count) / Double(bigrams.count)
        return (wordShare + bigramShare) / 2
    }

    /// Spaces and punctuation that separate words of a reference.
    private static func isSeparator(_ unit: UInt16) -> Bool {
        separators.contains(unit)
    }

    private static let separators: Set<UInt16> = Set(
        " \t\n\r\u{3000}、。，．,.;；:：・/\\|()（）[]［］{}｛｝「」『』【】〈〉《》«»\"'“”‘’<>＜＞*＊_–—―‐-〜～!?！？".utf16)
}

extension Array where Element == UInt16 {
    /// Whether `needle` occurs in the array as a contiguous run.
    func contains(subsequence needle: [UInt16]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        let first = needle[0]
        var index = 0
        while index + needle.count <= count {
            if self[index] == first && self[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
