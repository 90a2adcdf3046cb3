/// How citation and reference lookups fared on judged cases: top-1 and top-3 accuracy, per
/// kind and overall, and false matches on quotes that are in no document.
public struct LookupReport: Sendable, Equatable {
    /// One case's outcome.
    public struct CaseResult: Sendable, Equatable {
        /// The case's id.
        public var id: String
        /// The case's kind (`exact`, `ocr`, …; `reference` for reference cases).
        public var kind: String
        /// The quote or query.
        public var query: String
        /// The rank (1…3) of the first right answer; nil when none of the first three is right.
        /// For a quote in no document, 1 when nothing matched.
        public var rank: Int?
        /// For a quote in no document: whether something matched anyway.
        public var falseMatch: Bool
        /// The first answer, as `doc:start-end`, or nil when there was none.
        public var firstAnswer: String?
    }

    /// Accuracy over a group of cases.
    public struct Accuracy: Sendable, Equatable {
        /// The group: a kind, or `all`.
        public var group: String
        /// Cases in the group.
        public var cases: Int
        /// Share of cases whose first answer is right.
        public var top1: Double
        /// Share of cases with a right answer among the first three.
        public var top3: Double
        /// Cases in the group that matched something though they should not have.
        public var falseMatches: Int
    }

    /// Every case, in file order.
    public var cases: [CaseResult]

    /// Accuracy per kind, in order of first appearance, then `all`.
    public var accuracy: [Accuracy] {
        var kinds: [String] = []
        for result in cases where !kinds.contains(result.kind) { kinds.append(result.kind) }
        return kinds.map { kind in Self.accuracy(of: cases.filter { $0.kind == kind }, group: kind) }
            + [Self.accuracy(of: cases, group: "all")]
    }

    private static func accuracy(of cases: [CaseResult], group: String) -> Accuracy {
        let count = max(cases.count, 1)
        return Accuracy(
            group: group, cases: cases.count,
            top1: Double(cases.filter { $0.rank == 1 }.count) / Double(count),
            top3: Double(cases.filter { $0.rank != nil }.count) / Double(count),
            falseMatches: cases.filter(\.falseMatch).count)
    }
}
