/// How well a ranking did on a judged set: per query and on average.
public struct EvaluationReport: Sendable, Equatable {
    /// The figures of one query.
    public struct QueryResult: Sendable, Equatable {
        /// The query's identifier.
        public var id: String
        /// The query text.
        public var query: String
        /// nDCG@10.
        public var ndcg: Double
        /// Recall@10.
        public var recall: Double
        /// Reciprocal rank of the first relevant hit in the top 10 (0 if none).
        public var reciprocalRank: Double
        /// Judged passages of the query.
        public var judged: Int
        /// Judged passages found in the top 10.
        public var found: Int
        /// The grade credited to each of the top hits, in rank order (0 = not a judged passage).
        public var creditedGrades: [Int]
    }

    /// Every query, in file order.
    public var queries: [QueryResult]

    /// Mean nDCG@10 over the queries.
    public var meanNDCG: Double { mean(\.ndcg) }
    /// Mean Recall@10 over the queries.
    public var meanRecall: Double { mean(\.recall) }
    /// Mean reciprocal rank (MRR@10) over the queries.
    public var meanReciprocalRank: Double { mean(\.reciprocalRank) }

    private func mean(_ value: KeyPath<QueryResult, Double>) -> Double {
        queries.isEmpty ? 0 : queries.reduce(0) { $0 + $1[keyPath: value] } / Double(queries.count)
    }
}
