/// The BM25 score of a matching passage as one number: the sum of the parts
/// `Searcher.scoreParts` lists for explanations, added in the same order (so the two agree to
/// the last bit), without building the parts' descriptions, which cost more than the arithmetic
/// when every candidate passage of a large collection is scored.
struct PassageScorer {
    let bm25: BM25
    let averagePassageLength: Double
    /// The inverse document frequency of each leaf.
    let leafIDF: [Double]
    /// The inverse document frequency of each scored word.
    let wordIDF: [Double]
    /// The leaves that score, in query order: their index and whether they search titles.
    private let scoringLeaves: [(index: Int, inTitle: Bool)]
    /// For each leaf, the indices (into the words) of its ICU words, in the leaf's order.
    private let leafWords: [[Int]]
    /// For each word, whether scoring body leaves list it more than once (two leaves, or one
    /// leaf twice), so that the passages it scored in must be remembered for the next time.
    private let isShared: [Bool]

    init(bm25: BM25, averagePassageLength: Double, leaves: [QueryLeaf], leafIDF: [Double],
         wordKeys: [[UInt8]], wordIDF: [Double]) {
        self.bm25 = bm25
        self.averagePassageLength = averagePassageLength
        self.leafIDF = leafIDF
        self.wordIDF = wordIDF
        scoringLeaves = leaves.indices.filter { leaves[$0].scores }.map { ($0, leaves[$0].inTitle) }
        leafWords = leaves.map { leaf in leaf.wordKeys.compactMap { wordKeys.firstIndex(of: $0) } }
        var leafCounts = [Int](repeating: 0, count: wordKeys.count)
        for (index, leaf) in leaves.enumerated() where leaf.scores && !leaf.inTitle {
            for word in leafWords[index] { leafCounts[word] += 1 }
        }
        isShared = leafCounts.map { $0 > 1 }
    }

    /// The scores of `passages` (ascending local ids of one segment), given that segment's leaf
    /// and word matches. A word counts once per passage, for the first matching leaf that has it
    /// (as in the explanation).
    ///
    /// Scores are summed a leaf at a time over all the passages, with each leaf's matches walked
    /// once alongside them, rather than a passage at a time with a search in every list. Each
    /// passage receives its parts in the explanation's order, so the sums agree to the bit.
    func scores(of passages: [UInt32], reader: SegmentReader, leafMatches: [LeafMatches],
                wordMatches: [LeafMatches]) -> [Double] {
        var totals = [Double](repeating: 0, count: passages.count)
        guard !passages.isEmpty else { return totals }
        let norms = passages.map { bm25.norm(length: reader.passageLength($0), averageLength: averagePassageLength) }
        // Per word, the passages (by index) it has already scored in, for an earlier leaf.
        var scored: [[Bool]] = Array(repeating: [], count: wordIDF.count)
        var matched: [Int] = []
        for (leaf, inTitle) in scoringLeaves {
            let matches = leafMatches[leaf]
            let idf = leafIDF[leaf]
            var cursor = 0
            matched.removeAll(keepingCapacity: true)
            if !inTitle, matches.passages == passages {
                // The leaf matched every passage (as the one leaf of a query does): its
                // frequencies line up with the passages, with nothing to look up.
                matches.frequencies.withUnsafeBufferPointer { frequencies in
                    for index in passages.indices {
                        totals[index] += bm25.score(frequency: frequencies[index], norm: norms[index], idf: idf)
                    }
                }
                matched.append(contentsOf: passages.indices)
            } else {
                for index in passages.indices {
                    guard let frequency = matches.frequency(of: passages[index], from: &cursor) else { continue }
                    if inTitle {
                        totals[index] += BM25(k1: bm25.k1, b: 0).score(frequency: frequency, length: 1, averageLength: 1, idf: idf)
                    } else {
                        totals[index] += bm25.score(frequency: frequency, norm: norms[index], idf: idf)
                        matched.append(index)
                    }
                }
            }
            // The leaf's words, in order, each where the leaf matched and no earlier leaf scored it.
            for word in leafWords[leaf] where !inTitle {
                let words = wordMatches[word]
                let wordIDF = wordIDF[word]
                var wordCursor = 0
                guard isShared[word] else {
                    // The only leaf with this word: no earlier leaf scored it anywhere.
                    for index in matched {
                        guard let frequency = words.frequency(of: passages[index], from: &wordCursor) else { continue }
                        totals[index] += bm25.score(frequency: frequency, norm: norms[index], idf: wordIDF)
                    }
                    continue
                }
                // Taken out while it is marked, so that the marks write to a buffer of its own.
                var marks = scored[word]
                scored[word] = []
                if marks.isEmpty { marks = [Bool](repeating: false, count: passages.count) }
                for index in matched where !marks[index] {
                    marks[index] = true
                    guard let frequency = words.frequency(of: passages[index], from: &wordCursor) else { continue }
                    totals[index] += bm25.score(frequency: frequency, norm: norms[index], idf: wordIDF)
                }
                scored[word] = marks
            }
        }
        return totals
    }
}
