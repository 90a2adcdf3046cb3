/// Runs judged citation and reference cases against an index.
///
/// A citation match is right when its document is the expected one and its lines overlap the
/// expected lines; a quote in no document is right when nothing matches. A reference hit is
/// right when its document is the expected one and it has the expected footnote number or its
/// text holds the anchor (compared after NFKC_Casefold with whitespace removed).
///
/// ```swift
/// let cases = try LookupCases(citationFile: "eval/cite.tsv", referenceFile: nil)
/// let report = try LookupEvaluator.evaluateCitations(cases, on: index)
/// print(report.accuracy.last?.top1 ?? 0)
/// ```
public enum LookupEvaluator {
    /// How many answers are examined per case.
    public static let cutoff = 3

    /// Runs every citation case.
    public static func evaluateCitations(_ cases: LookupCases, on index: SearchIndex) throws(SakuinError) -> LookupReport {
        var results: [LookupReport.CaseResult] = []
        for judged in cases.citations {
            let matches = try index.cite(judged.quote, options: CitationOptions(limit: cutoff)).matches
            let first = matches.first.map { "\($0.document.name):\($0.lineStart)-\($0.lineEnd)" }
            guard let document = judged.document, let lines = judged.lines else {
                results.append(.init(id: judged.id, kind: judged.kind, query: judged.quote,
                                     rank: matches.isEmpty ? 1 : nil, falseMatch: !matches.isEmpty, firstAnswer: first))
                continue
            }
            let rank = matches.firstIndex { match in
                match.document.name == document && match.lineStart <= lines.upperBound && lines.lowerBound <= match.lineEnd
            }
            results.append(.init(id: judged.id, kind: judged.kind, query: judged.quote, rank: rank.map { $0 + 1 },
                                 falseMatch: false, firstAnswer: first))
        }
        return LookupReport(cases: results)
    }

    /// Runs every reference case.
    public static func evaluateReferences(_ cases: LookupCases, on index: SearchIndex) throws(SakuinError) -> LookupReport {
        var results: [LookupReport.CaseResult] = []
        for judged in cases.references {
            let hits = try index.references(matching: judged.query, limit: cutoff).hits
            let anchor = Evaluator.comparable(judged.anchor)
            let rank = hits.firstIndex { hit in
                hit.document.name == judged.document
                    && ((judged.footnote != nil && hit.footnoteNumber == judged.footnote)
                        || Evaluator.comparable(hit.text).contains(anchor))
            }
            let first = hits.first.map { hit in
                "\(hit.document.name):\(hit.lineStart)-\(hit.lineEnd)" + (hit.footnoteNumber.map { " note \($0)" } ?? "")
            }
            results.append(.init(id: judged.id, kind: "reference", query: judged.query, rank: rank.map { $0 + 1 },
                                 falseMatch: false, firstAnswer: first))
        }
        return LookupReport(cases: results)
    }
}
