import Foundation

/// The ranking metrics of a judged query, from the grades credited at each rank.
enum RankingMetrics {
    /// nDCG at `cutoff`: gain 2^grade − 1, discount log2(rank + 1), normalized by the ideal
    /// ranking of all judged grades. `credited[i]` is the grade credited to rank i + 1 (0 if none).
    static func ndcg(credited: [Int], judged: [Int], cutoff: Int = 10) -> Double {
        let ideal = dcg(judged.sorted(by: >), cutoff: cutoff)
        return ideal > 0 ? dcg(credited, cutoff: cutoff) / ideal : 0
    }

    static func dcg(_ grades: [Int], cutoff: Int) -> Double {
        grades.prefix(cutoff).enumerated().reduce(0) { sum, item in
            sum + (pow(2, Double(item.element)) - 1) / log2(Double(item.offset + 2))
        }
    }

    /// Judged passages credited in the first `cutoff` ranks, over all judged passages.
    static func recall(credited: [Int], judgedCount: Int, cutoff: Int = 10) -> Double {
        judgedCount > 0 ? Double(credited.prefix(cutoff).filter { $0 > 0 }.count) / Double(judgedCount) : 0
    }

    /// The reciprocal rank of the first credited hit within `cutoff`, or 0.
    static func reciprocalRank(credited: [Int], cutoff: Int = 10) -> Double {
        guard let index = credited.prefix(cutoff).firstIndex(where: { $0 > 0 }) else { return 0 }
        return 1 / Double(index + 1)
    }
}
