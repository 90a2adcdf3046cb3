/// The first stage of citation and reference lookup: the live passages that share the most
/// index terms with a text, weighted by how rare each term is.
///
/// The text is analysed like a document (character bigrams and ICU words), each distinct term
/// is looked up in every segment, and a passage scores the sum of the inverse document
/// frequencies of the terms it holds. Order, distance and repetition do not count: that is the
/// aligner's job, on the few passages this stage keeps. A quote with OCR slips or a dropped
/// word still shares most of its bigrams with its source, which is why bigrams, not phrases.
struct CandidateFinder {
    let snapshot: IndexSnapshot
    let analyzer: TextAnalyzer

    /// A passage and its shared-term weight.
    struct Candidate: Sendable, Equatable {
        /// Index of the segment in the snapshot.
        var segment: Int
        /// Local id of the passage in that segment.
        var passage: UInt32
        /// The sum of the inverse document frequencies of the terms the passage shares.
        var weight: Double
    }

    /// How Latin words of the text are looked up.
    enum WordMatching: Sendable {
        /// As whole ICU words.
        case exact
        /// As the start of a word: a fragment such as `commentary409` finds the URL word
        /// `commentary409.html`.
        case prefix
    }

    /// A term whose document frequency is above this share of the live passages costs more to
    /// read than it tells; it is left out when the collection is large enough for that to matter.
    private static let commonTermShare = 0.2
    /// Collections smaller than this many passages read every term.
    private static let commonTermFloor = 5_000

    /// The `limit` passages that share the most weight with `text`, best first (ties in index
    /// order), leaving out passages that `include` rejects.
    func candidates(for text: String, limit: Int, words: WordMatching = .exact,
                    include: ((Int, UInt32) -> Bool)? = nil) throws(IndexError) -> [Candidate] {
        let analysed = analyzer.analyze(Array(text.utf16))
        var keys: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for token in analysed.tokens where seen.insert(token.key.bytes).inserted { keys.append(token.key.bytes) }
        guard !keys.isEmpty, limit > 0 else { return [] }

        let passageCount = snapshot.passageCount
        let commonLimit = max(CandidateFinder.commonTermFloor, Int(Double(passageCount) * CandidateFinder.commonTermShare))
        var found: [Candidate] = []
        for (segmentIndex, segment) in snapshot.segments.enumerated() {
            let reader = segment.reader
            var weights = [Double](repeating: 0, count: reader.passageCount)
            for key in keys {
                let isLatinWord = key.first == TermKey.Kind.bodyWord.rawValue && key.dropFirst().allSatisfy { $0 < 0x80 }
                let prefix = words == .prefix && isLatinWord
                // A whole key is looked up once: its location opens its postings.
                let location = prefix ? nil : reader.termLocation(of: key)
                guard prefix || location != nil else { continue }
                // The frequency over the whole snapshot, for a weight that does not depend on
                // how the collection happens to be split into segments.
                let frequency = collectionFrequency(of: key, prefix: prefix)
                guard frequency > 0, frequency <= commonLimit || passageCount < CandidateFinder.commonTermFloor else { continue }
                let idf = BM25.inverseDocumentFrequency(frequency, of: passageCount)
                // Each passage gains the key's weight once, however many of a prefix's terms it holds.
                var marked = Set<UInt32>()
                func weigh(_ list: PostingList) {
                    for id in list.ids where segment.isLive(id) && marked.insert(id).inserted { weights[Int(id)] += idf }
                }
                if let location {
                    weigh(try reader.postings(at: location))
                } else {
                    for term in reader.termIndices(withPrefix: key) { weigh(try reader.postings(at: term)) }
                }
            }
            for (passage, weight) in weights.enumerated() where weight > 0 {
                guard include?(segmentIndex, UInt32(passage)) ?? true else { continue }
                found.append(Candidate(segment: segmentIndex, passage: UInt32(passage), weight: weight))
            }
        }
        found.sort {
            if $0.weight != $1.weight { return $0.weight > $1.weight }
            return ($0.segment, $0.passage) < ($1.segment, $1.passage)
        }
        return Array(found.prefix(limit))
    }

    /// The number of live passages holding `key` (or, with `prefix`, any term it starts) across
    /// the snapshot. Counts from the dictionaries, so tombstoned passages are included: an
    /// estimate that errs towards common.
    private func collectionFrequency(of key: [UInt8], prefix: Bool) -> Int {
        var total = 0
        for segment in snapshot.segments {
            let reader = segment.reader
            if prefix {
                for term in reader.termIndices(withPrefix: key) { total += reader.documentFrequency(at: term) }
            } else if let location = reader.termLocation(of: key) {
                total += location.documentFrequency
            }
        }
        return total
    }
}
