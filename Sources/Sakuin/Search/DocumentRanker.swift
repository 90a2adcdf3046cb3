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
        var kept = Heap<RankedEntry>()
        var documentCount = 0
        var scores: [Double] = []
        // Read through a buffer pointer: a slice or subscript of the array per document retains
        // and checks it every time.
        candidates.withUnsafeBufferPointer { candidates in
            var start = 0
            while start < candidates.count {
                var end = start + 1
                while end < candidates.count, candidates[end].document == candidates[start].document { end += 1 }
                var entry = candidates[start]
                if end - start > 1 {
                    for index in (start + 1)..<end where Searcher.Candidate.ranksBefore(candidates[index], entry) {
                        entry = candidates[index]
                    }
                    if ranking == .allPassages {
                        // Best first: the n-th passage counts damping^(n-1). Passages of equal
                        // score add the same amount in either order, so the scores alone are sorted.
                        scores.removeAll(keepingCapacity: true)
                        for index in start..<end { scores.append(candidates[index].score) }
                        scores.sort(by: >)
                        var weight = 1.0
                        for score in scores.dropFirst() {
                            weight *= DocumentRanker.damping
                            entry.score += score * weight
                        }
                    }
                }
                documentCount += 1
                let ranked = RankedEntry(candidate: entry)
                if kept.count < count {
                    kept.insert(ranked)
                } else if let worst = kept.min, worst < ranked {
                    kept.replaceMin(with: ranked)
                }
                start = end
            }
        }
        var entries: [Searcher.Candidate] = []
        entries.reserveCapacity(kept.count)
        while let best = kept.popMax() { entries.append(best.candidate) }
        return (entries, documentCount)
    }

    /// A document's entry, ordered so that the greater ranks first: by score, then by the lower
    /// catalog id. A document has one entry, so no two entries are equal.
    private struct RankedEntry: Comparable {
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
