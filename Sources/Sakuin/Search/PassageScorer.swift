/// The BM25 score of a matching passage as one number: the sum of the parts
/// `Searcher.scoreParts` lists for explanations, added in the same order (so the two agree to
/// the last bit), without building the parts' descriptions, which cost more than the arithmetic
/// when every candidate passage of a large collection is scored.
struct PassageScorer {
    let bm25: BM25
    let averagePassageLength: Double
    let leaves: [QueryLeaf]
    /// The inverse document frequency of each leaf.
    let leafIDF: [Double]
    /// The inverse document frequency of each scored word.
    let wordIDF: [Double]
    /// For each leaf, the indices (into the words) of its ICU words, in the leaf's order.
    private let leafWords: [[Int]]

    init(bm25: BM25, averagePassageLength: Double, leaves: [QueryLeaf], leafIDF: [Double],
         wordKeys: [[UInt8]], wordIDF: [Double]) {
        self.bm25 = bm25
        self.averagePassageLength = averagePassageLength
        self.leaves = leaves
        self.leafIDF = leafIDF
        self.wordIDF = wordIDF
        leafWords = leaves.map { leaf in leaf.wordKeys.compactMap { wordKeys.firstIndex(of: $0) } }
    }

    /// The score of `passage` (of length `length`), given one segment's leaf and word matches.
    func score(passage: UInt32, length: UInt32, leafMatches: [LeafMatches], wordMatches: [LeafMatches]) -> Double {
        var total = 0.0
        // A word counts once per passage, for the first matching leaf that has it (as in the
        // explanation). Queries have few words: a bit set, and an array past 64.
        var scoredWords: UInt64 = 0
        var scoredBeyond: [Bool] = []
        for (index, leaf) in leaves.enumerated() where leaf.scores {
            guard let frequency = leafMatches[index].frequency(of: passage) else { continue }
            if leaf.inTitle {
                total += BM25(k1: bm25.k1, b: 0).score(frequency: frequency, length: 1, averageLength: 1, idf: leafIDF[index])
                continue
            }
            total += bm25.score(frequency: frequency, length: length, averageLength: averagePassageLength, idf: leafIDF[index])
            for word in leafWords[index] {
                if word < 64 {
                    guard scoredWords & (1 << UInt64(word)) == 0 else { continue }
                    scoredWords |= 1 << UInt64(word)
                } else {
                    if scoredBeyond.isEmpty { scoredBeyond = [Bool](repeating: false, count: wordIDF.count) }
                    guard !scoredBeyond[word] else { continue }
                    scoredBeyond[word] = true
                }
                guard let wordFrequency = wordMatches[word].frequency(of: passage) else { continue }
                total += bm25.score(frequency: wordFrequency, length: length, averageLength: averagePassageLength,
                                    idf: wordIDF[word])
            }
        }
        return total
    }
}
