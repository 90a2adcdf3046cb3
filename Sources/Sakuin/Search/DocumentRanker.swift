import HeapModule

/// Turns scored passages into one ranked entry per document, as ``DocumentRanking`` says.
///
/// The entry of a document is its best passage (the one its hit shows); with
/// ``DocumentRanking/allPassages`` its score becomes the document's score. Ties break as they do
/// for passages: by catalog document id, so a ranking is the same from run to run.
struct DocumentRanker {
    /// How much each further passage of a document counts, relative to the one before it.
    static let damping = 0.5

    let ranking: DocumentRanking

    /// One candidate per document, best first, from candidates in index order: each document's
    /// passages side by side (as the searcher collects them, segment by segment in id order),
    /// in any order within the document. Gives exactly what ``rank(_:)`` gives for the same
    /// candidates sorted best first, without sorting every passage: only each document's few
    /// passages, and then the documents.
    func rank(groupedByDocument candidates: [Searcher.Candidate]) -> [Searcher.Candidate] {
        rank(groupedByDocument: candidates, keeping: Int.max).entries
    }

    /// The first `count` documents of ``rank(groupedByDocument:)``, and how many documents there
    /// are in all. Only the kept entries are sorted: the rest are passed over by a heap of
    /// `count` entries, so a page of 10 out of thousands of documents costs a pass, not a sort.
    func rank(groupedByDocument candidates: [Searcher.Candidate], keeping count: Int)
        -> (entries: [Searcher.Candidate], documentCount: Int) {
        var top = TopDocuments(ranking: ranking, keeping: count)
        var passages: [UInt32] = []
        var scores: [Double] = []
        var start = 0
        while start < candidates.count {
            var end = start + 1
            while end < candidates.count, candidates[end].document == candidates[start].document { end += 1 }
            // A document's passages in ascending order, as a segment lists them: the ranker's
            // ties between equal passages then fall to the first, as `ranksBefore` says.
            let group = candidates[start..<end].sorted { ($0.segment, $0.passage) < ($1.segment, $1.passage) }
            passages.removeAll(keepingCapacity: true)
            scores.removeAll(keepingCapacity: true)
            for candidate in group {
                passages.append(candidate.passage)
                scores.append(candidate.score)
            }
            passages.withUnsafeBufferPointer { passages in
                scores.withUnsafeBufferPointer { scores in
                    top.add(document: candidates[start].document, segment: group[0].segment, passages: passages, scores: scores)
                }
            }
            start = end
        }
        return (top.entries(), top.documentCount)
    }

    /// The best `count` documents of a search, collected a document at a time from each
    /// segment's scored passages, without a candidate per passage: a document's entry is made
    /// once, and a document whose score cannot reach the kept ones is only counted.
    struct TopDocuments {
        let ranking: DocumentRanking
        let count: Int
        /// The documents added, kept or not.
        private(set) var documentCount = 0
        private var kept = Heap<RankedEntry>()
        /// A document's scores, best first, while its weights are summed.
        private var sorted: [Double] = []

        init(ranking: DocumentRanking, keeping count: Int) {
            self.ranking = ranking
            self.count = count
        }

        /// Adds the document `document` of segment `segment`, whose matching passages are
        /// `passages` (ascending local ids) with `scores` (one each, at least one).
        mutating func add(document: Int64, segment: Int, passages: UnsafeBufferPointer<UInt32>,
                          scores: UnsafeBufferPointer<Double>) {
            documentCount += 1
            // The best passage: the highest score, the first of equal ones.
            var best = 0
            for index in 1..<scores.count where scores[index] > scores[best] { best = index }
            var entry = Searcher.Candidate(score: scores[best], segment: segment, passage: passages[best], document: document)
            if scores.count > 1, ranking == .allPassages {
                if kept.count >= count, let worst = kept.min {
                    // Every further passage weighs at most `damping` and scores at most the best:
                    // a document bounded below the worst kept entry cannot enter, whatever its
                    // order, so its scores need no sort. The margin covers the sum's rounding.
                    var othersSum = 0.0
                    for index in scores.indices where index != best { othersSum += max(scores[index], 0) }
                    let bound = entry.score + othersSum * DocumentRanker.damping
                    if bound + abs(bound) * 1e-9 < worst.candidate.score { return }
                }
                // Best first: the n-th passage counts damping^(n-1). Passages of equal score add
                // the same amount in either order, so the scores alone are sorted.
                sorted.removeAll(keepingCapacity: true)
                sorted.append(contentsOf: scores)
                sorted.sort(by: >)
                var weight = 1.0
                for score in sorted.dropFirst() {
                    weight *= DocumentRanker.damping
                    entry.score += score * weight
                }
            }
            let ranked = RankedEntry(candidate: entry)
            if kept.count < count {
                kept.insert(ranked)
            } else if let worst = kept.min, worst < ranked {
                kept.replaceMin(with: ranked)
            }
        }

        /// Adds the documents of one segment's matching `passages` (ascending local ids, with
        /// their `scores`): each document's passages are consecutive there.
        mutating func add(passages: [UInt32], scores: [Double], segment: Int, reader: SegmentReader) {
            passages.withUnsafeBufferPointer { passages in
                scores.withUnsafeBufferPointer { scores in
                    var start = 0
                    while start < passages.count {
                        let ordinal = reader.passageDocument(passages[start])
                        var end = start + 1
                        while end < passages.count, reader.passageDocument(passages[end]) == ordinal { end += 1 }
                        add(document: reader.documentCatalogID(ordinal), segment: segment,
                            passages: UnsafeBufferPointer(rebasing: passages[start..<end]),
                            scores: UnsafeBufferPointer(rebasing: scores[start..<end]))
                        start = end
                    }
                }
            }
        }

        /// The kept documents, best first.
        func entries() -> [Searcher.Candidate] {
            var kept = kept
            var entries: [Searcher.Candidate] = []
            entries.reserveCapacity(kept.count)
            while let best = kept.popMax() { entries.append(best.candidate) }
            return entries
        }
    }

    /// A document's entry, ordered so that the greater ranks first: by score, then by the lower
    /// catalog id. A document has one entry, so no two entries are equal.
    fileprivate struct RankedEntry: Comparable {
        var candidate: Searcher.Candidate

        static func < (first: RankedEntry, second: RankedEntry) -> Bool {
            if first.candidate.score != second.candidate.score { return first.candidate.score < second.candidate.score }
            return first.candidate.document > second.candidate.document
        }

        static func == (first: RankedEntry, second: RankedEntry) -> Bool {
            first.candidate.score == second.candidate.score && first.candidate.document == second.candidate.document
        }
    }

    /// One candidate per document, best first. `candidates` must be sorted best first, as the
    /// searcher sorts them (score descending, then document, then segment and passage).
    func rank(_ candidates: [Searcher.Candidate]) -> [Searcher.Candidate] {
        switch ranking {
        case .bestPassage:
            var seen = Set<Int64>()
            return candidates.filter { seen.insert($0.document).inserted }
        case .allPassages:
            // The weights need each document's passages in score order, which grouping gives.
            return rank(groupedByDocument: Dictionary(grouping: candidates, by: \.document).values.flatMap { $0 })
        }
    }
}
