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
        var entries: [Searcher.Candidate] = []
        var group: [Searcher.Candidate] = []
        var start = 0
        while start < candidates.count {
            var end = start + 1
            while end < candidates.count, candidates[end].document == candidates[start].document { end += 1 }
            group.removeAll(keepingCapacity: true)
            group.append(contentsOf: candidates[start..<end])
            group.sort(by: Searcher.Candidate.ranksBefore)
            var entry = group[0]
            if ranking == .allPassages {
                // Best first: the n-th passage counts damping^(n-1).
                var weight = 1.0
                for candidate in group.dropFirst() {
                    weight *= DocumentRanker.damping
                    entry.score += candidate.score * weight
                }
            }
            entries.append(entry)
            start = end
        }
        entries.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            return $0.document < $1.document
        }
        return entries
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
