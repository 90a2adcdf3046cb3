/// Runs a judged set against an index and scores the rankings.
///
/// Each query is searched for its top 10 passages (not grouped by document). A hit is credited
/// with a judged passage of the query when it is in the judged document and its text contains
/// the anchor, both compared after NFKC_Casefold with all whitespace removed; each judged
/// passage is credited once, and a hit that holds several anchors gets the best one still free.
/// A query with no judgments scores 1 on every metric when it returns nothing, 0 otherwise.
public enum Evaluator {
    /// Hits looked at per query.
    public static let cutoff = 10

    /// A ranked passage as the judgments see it: its document and its text.
    public struct RankedPassage: Sendable, Equatable {
        /// The document's name (file stem).
        public var document: String
        /// The passage's text.
        public var text: String

        /// A passage of `document` with the text `text`.
        public init(document: String, text: String) {
            self.document = document
            self.text = text
        }
    }

    /// Evaluates `set` on `index`: each query's top 10 passages, not grouped by document, with
    /// lenient matching and the synonyms of `thesaurus`.
    public static func evaluate(_ set: JudgedSet, on index: SearchIndex,
                                thesaurus: Thesaurus = .general) throws(SakuinError) -> EvaluationReport {
        var options = SearchOptions(limit: cutoff, groupsByDocument: false)
        options.thesaurus = thesaurus
        return try evaluate(set) { query throws(SakuinError) in
            try index.search(query.text, options: options).hits.map {
                RankedPassage(document: $0.document.name, text: $0.text)
            }
        }
    }

    /// Evaluates rankings made elsewhere (another engine run on the same passages): `rankings`
    /// maps a query id to its passages, best first; a missing query ranked nothing.
    public static func evaluate(_ set: JudgedSet, rankings: [String: [RankedPassage]]) -> EvaluationReport {
        evaluate(set) { query in rankings[query.id] ?? [] }
    }

    /// Evaluates the rankings `rank` gives; fails only as `rank` does.
    static func evaluate<Failure: Error>(
        _ set: JudgedSet, rank: (JudgedSet.Query) throws(Failure) -> [RankedPassage]
    ) throws(Failure) -> EvaluationReport {
        var results: [EvaluationReport.QueryResult] = []
        for query in set.queries {
            let judged = set.judgments.filter { $0.queryID == query.id && $0.grade > 0 }
            let hits = Array(try rank(query).prefix(cutoff))
            guard !judged.isEmpty else {
                let score: Double = hits.isEmpty ? 1 : 0
                results.append(.init(id: query.id, query: query.text, ndcg: score, recall: score, reciprocalRank: score,
                                     judged: 0, found: 0, creditedGrades: hits.map { _ in 0 }))
                continue
            }
            let anchors = judged.map { comparable($0.anchor) }
            var credited = [Bool](repeating: false, count: judged.count)
            var grades: [Int] = []
            for hit in hits {
                let text = comparable(hit.text)
                var best: Int?
                for (row, judgment) in judged.enumerated()
                where !credited[row] && judgment.document == hit.document && text.contains(anchors[row]) {
                    if best.map({ judgment.grade > judged[$0].grade }) ?? true { best = row }
                }
                if let best {
                    credited[best] = true
                    grades.append(judged[best].grade)
                } else {
                    grades.append(0)
                }
            }
            results.append(.init(
                id: query.id, query: query.text,
                ndcg: RankingMetrics.ndcg(credited: grades, judged: judged.map(\.grade), cutoff: cutoff),
                recall: RankingMetrics.recall(credited: grades, judgedCount: judged.count, cutoff: cutoff),
                reciprocalRank: RankingMetrics.reciprocalRank(credited: grades, cutoff: cutoff),
                judged: judged.count, found: grades.filter { $0 > 0 }.count, creditedGrades: grades))
        }
        return EvaluationReport(queries: results)
    }

    /// Text as the judgments are compared: NFKC_Casefold, all whitespace removed.
    static func comparable(_ text: String) -> String {
        let folded = Normalizer.nfkcCasefold(Array(text.utf16)).units.filter { !Segmenter.isWhitespace($0) }
        return String(decoding: folded, as: UTF16.self)
    }
}
