extension Searcher {
    /// `candidates` (best first by BM25) with their scores weighted by ``PassageKindPrior``, in
    /// weighted order as far as a page ending at `pageEnd` (after grouping by document, when
    /// `groupsByDocument`) needs; the rest follow in their first order.
    ///
    /// Kinds are read from the segments in growing batches, best candidates first, and the walk
    /// stops once the next candidate's unweighted score is below the page's last weighted
    /// score: no weight exceeds 1, so no later candidate can enter the page.
    func weightedByKind(_ candidates: [Candidate], pageEnd: Int, groupsByDocument: Bool) throws(SakuinError) -> [Candidate] {
        // Batches start at the page's size and double: most pages fill from their first batch.
        var batchSize = min(max(pageEnd, 8), 256)
        var weighted: [Candidate] = []
        // Grouped by document, a passage whose unweighted score does not beat its document's best
        // weighted score so far cannot become the document's hit, so its kind is not looked up;
        // it is ranked below that best with the lowest weight.
        var documentBest: [Int64: Double] = [:]
        var next = 0
        while next < candidates.count {
            let batch = candidates[next..<min(next + batchSize, candidates.count)]
            // Which kinds are needed is decided by the documents' best scores before this batch.
            var kinds: [PassageKind?] = []
            kinds.reserveCapacity(batch.count)
            do {
                for candidate in batch {
                    let isNeeded = !groupsByDocument || (documentBest[candidate.document] ?? -1) < candidate.score
                    kinds.append(isNeeded ? try snapshot.segments[candidate.segment].reader.passageKind(candidate.passage) : nil)
                }
            } catch {
                throw SakuinError(error)
            }
            for (candidate, kind) in zip(batch, kinds) {
                var candidate = candidate
                if let kind {
                    candidate.score *= PassageKindPrior.weight(of: kind)
                } else if groupsByDocument, let best = documentBest[candidate.document], best >= candidate.score {
                    candidate.score *= PassageKindPrior.lowestWeight
                }
                if groupsByDocument, candidate.score > documentBest[candidate.document] ?? -1 {
                    documentBest[candidate.document] = candidate.score
                }
                weighted.append(candidate)
            }
            next = batch.endIndex
            batchSize = min(batchSize * 2, 1024)
            guard next < candidates.count else { break }
            if let last = pageLast(pageEnd: pageEnd, weighted: weighted, documentBest: groupsByDocument ? documentBest : nil),
               candidates[next].score < last {
                break
            }
        }
        weighted.sort(by: Candidate.ranksBefore)
        return weighted + candidates[next...]
    }

    /// The score of the page's last entry so far (the `pageEnd`-th best passage, or with
    /// `documentBest` the `pageEnd`-th best document), or nil while there are not that many.
    private func pageLast(pageEnd: Int, weighted: [Candidate], documentBest: [Int64: Double]?) -> Double? {
        let scores = documentBest.map { Array($0.values) } ?? weighted.map(\.score)
        guard scores.count >= pageEnd else { return nil }
        return scores.sorted(by: >)[pageEnd - 1]
    }
}
