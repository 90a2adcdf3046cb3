/// How much a passage's kind counts in ranking: a field weight, as in BM25F, on the passage's
/// whole score.
///
/// BM25 favours short passages, so a heading of four words or a table row packed with dated
/// events (`8.18 ● 安全の保証を要請 8.15 ● …`) outranks the paragraph that discusses the same
/// topic. Researchers want the paragraph first; a heading is better read as the title of what
/// follows. The weights were chosen by leave-one-query-out cross-validation on the judged
/// queries together with BM25's `k1` and `b` (see the README's ranking notes); every weight is at
/// most 1, which lets ``Searcher`` fetch kinds for the best candidates only.
enum PassageKindPrior {
    /// The smallest weight of any kind.
    static let lowestWeight = PassageKind.allCases.map(weight(of:)).min() ?? 1

    /// The weight of a passage of `kind`, in (0, 1].
    static func weight(of kind: PassageKind) -> Double {
        switch kind {
        case .paragraph, .footnote: 1
        case .tableRow: 0.45
        case .heading: 0.5
        }
    }
}
