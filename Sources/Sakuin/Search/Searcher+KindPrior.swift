extension Searcher {
    /// `candidates` (best first by BM25) with their scores weighted by ``PassageKindPrior``, in
    /// weighted order as far as a page ending at `pageEnd` (after grouping by document, when
    /// `groupsByDocument`) needs; the rest follow in their first order.
    ///
    /// Kinds live in the catalog, so they are fetched in batches, best candidates first, and
    /// the walk stops once the next candidate's unweighted score is below the page's last
    /// weighted score: no weight exceeds 1, so no later candidate can enter the page.
    func weightedByKind(_ candidates: [Candidate], pageEnd: Int, groupsByDocument: Bool) throws(SakuinError) -> [Candidate] {
        let batchSize = 64
        var weighted: [Candidate] = []
        var next = 0
        while next < candidates.count {
            let batch = candidates[next..<min(next + batchSize, candidates.count)]
            var kinds: [Int: [UInt32: PassageKind]] = [:]
            for segment in Set(batch.map(\.segment)) {
                let localIDs = batch.filter { $0.segment == segment }.map(\.passage)
                do {
                    kinds[segment] = try catalog.passageKinds(segment: snapshot.segments[segment].id, localIDs: localIDs)
                } catch {
                    throw SakuinError(error)
                }
            }
            for var candidate in batch {
                candidate.score *= PassageKindPrior.weight(of: kinds[candidate.segment]?[candidate.passage] ?? .paragraph)
                weighted.append(candidate)
            }
            next = batch.endIndex
            guard next < candidates.count else { break }
            weighted.sort(by: Candidate.ranksBefore)
            if let last = pageLast(weighted, pageEnd: pageEnd, groupsByDocument: groupsByDocument),
               candidates[next].score < last {
                break
            }
        }
        weighted.sort(by: Candidate.ranksBefore)
        return weighted + candidates[next...]
    }

    /// The score of the page's last entry among `sorted`, or nil while they do not fill the page.
    private func pageLast(_ sorted: [Candidate], pageEnd: Int, groupsByDocument: Bool) -> Double? {
        guard groupsByDocument else { return sorted.count >= pageEnd ? sorted[pageEnd - 1].score : nil }
        var documents = Set<Int64>()
        for candidate in sorted where documents.insert(candidate.document).inserted {
            if documents.count == pageEnd { return candidate.score }
        }
        return nil
    }
}
