import ArgumentParser
import Foundation
import Sakuin

/// `sakuin eval DIR`: scores the ranking on a judged set.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score ranking (nDCG@10, Recall@10, MRR@10) and citation and reference lookup (top-1, top-3) on judged cases.",
        discussion: """
            DIR holds queries.tsv (qid, query) and qrels.tsv (qid, doc, anchor, grade), and may hold \
            cite.tsv (cid, quote, doc, line_start, line_end, kind) and refs.tsv (rid, query, doc, \
            footnote, anchor); --queries, --qrels, --cite and --refs name files instead. Each \
            query's top 10 passages are matched to the judged passages by document and anchor \
            text; a citation is right when its lines overlap the judged ones, a reference when it \
            is the judged note.
            """)

    @Argument(help: ArgumentHelp("A folder with queries.tsv and qrels.tsv (and cite.tsv, refs.tsv).", valueName: "DIR"))
    var directory: String?

    @Option(help: ArgumentHelp("The queries file.", valueName: "FILE"))
    var queries: String?

    @Option(help: ArgumentHelp("The judgments file.", valueName: "FILE"))
    var qrels: String?

    @Option(help: ArgumentHelp("The citation cases file.", valueName: "FILE"))
    var cite: String?

    @Option(help: ArgumentHelp("The reference cases file.", valueName: "FILE"))
    var refs: String?

    @Option(help: ArgumentHelp("Score this ranking instead of searching: TSV lines qid, rank, id, score "
                               + "(another engine's top 10 over the passages of --passages).", valueName: "FILE"))
    var ranking: String?

    @Option(help: ArgumentHelp("The passages the ranking's ids name, as `sakuin export` writes them.",
                               valueName: "FILE"))
    var passages: String?

    @OptionGroup var synonyms: SynonymOptions

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var location: IndexLocation

    /// The files to evaluate: each named by its option, else found in DIR.
    private var files: (queries: String?, qrels: String?, cite: String?, refs: String?) {
        func inDirectory(_ name: String) -> String? {
            guard let directory else { return nil }
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + name
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        return (queries ?? inDirectory("queries.tsv"), qrels ?? inDirectory("qrels.tsv"),
                cite ?? (ranking == nil ? inDirectory("cite.tsv") : nil),
                refs ?? (ranking == nil ? inDirectory("refs.tsv") : nil))
    }

    func validate() throws {
        let files = files
        if (files.queries == nil) != (files.qrels == nil) {
            throw ValidationError("--queries and --qrels go together")
        }
        if let directory, files.queries == nil && files.cite == nil && files.refs == nil {
            throw ValidationError("\(directory) holds none of queries.tsv and qrels.tsv, cite.tsv, refs.tsv")
        }
        if files.queries == nil && files.cite == nil && files.refs == nil {
            throw ValidationError("give a folder holding queries.tsv and qrels.tsv, or --queries and --qrels, --cite or --refs")
        }
        if (ranking == nil) != (passages == nil) {
            throw ValidationError("--ranking and --passages go together")
        }
        if ranking != nil && files.queries == nil {
            throw ValidationError("--ranking needs the queries and judgments it is scored on")
        }
    }

    func run() throws {
        let files = files
        var report: EvaluationReport?
        var citeReport: LookupReport?
        var refsReport: LookupReport?
        if let queriesFile = files.queries, let qrelsFile = files.qrels {
            let set = try JudgedSet(queriesFile: queriesFile, judgmentsFile: qrelsFile)
            if let ranking, let passages {
                report = Evaluator.evaluate(set, rankings: try ExternalRanking.read(ranking: ranking, passages: passages))
            } else {
                let thesaurus = try synonyms.thesaurus()
                report = try Evaluator.evaluate(set, on: location.openForReading(), thesaurus: thesaurus)
            }
        }
        if files.cite != nil || files.refs != nil {
            let cases = try LookupCases(citationFile: files.cite, referenceFile: files.refs)
            let index = try location.openForReading()
            if files.cite != nil { citeReport = try LookupEvaluator.evaluateCitations(cases, on: index) }
            if files.refs != nil { refsReport = try LookupEvaluator.evaluateReferences(cases, on: index) }
        }
        if json {
            try printJSON(report, cite: citeReport, refs: refsReport)
            return
        }
        var sections: [String] = []
        if let report { sections.append(rankingTable(report)) }
        if let citeReport { sections.append(lookupTable(citeReport, idHeader: "cid")) }
        if let refsReport { sections.append(lookupTable(refsReport, idHeader: "rid")) }
        print(sections.joined(separator: "\n\n"))
    }

    private func rankingTable(_ report: EvaluationReport) -> String {
        var lines = ["qid\tnDCG@10\tR@10\tRR\tfound\tquery"]
        for query in report.queries {
            lines.append("\(query.id)\t\(format(query.ndcg))\t\(format(query.recall))\t\(format(query.reciprocalRank))\t"
                         + "\(query.found)/\(query.judged)\t\(TerminalText.escaped(query.query))")
        }
        lines.append("mean\t\(format(report.meanNDCG))\t\(format(report.meanRecall))\t\(format(report.meanReciprocalRank))\t"
                     + "\t\(report.queries.count) queries")
        return lines.joined(separator: "\n")
    }

    private func lookupTable(_ report: LookupReport, idHeader: String) -> String {
        var lines = ["\(idHeader)\tkind\trank\tfirst answer\tquery"]
        for result in report.cases {
            let rank = result.falseMatch ? "false" : result.rank.map(String.init) ?? "-"
            lines.append("\(result.id)\t\(result.kind)\t\(rank)\t\(TerminalText.escaped(result.firstAnswer ?? "none"))\t"
                         + TerminalText.escaped(result.query))
        }
        lines.append("")
        lines.append("kind\tcases\ttop-1\ttop-3\tfalse matches")
        for accuracy in report.accuracy {
            lines.append("\(accuracy.group)\t\(accuracy.cases)\t\(format(accuracy.top1))\t\(format(accuracy.top3))\t"
                         + "\(accuracy.falseMatches)")
        }
        return lines.joined(separator: "\n")
    }

    private func printJSON(_ report: EvaluationReport?, cite: LookupReport?, refs: LookupReport?) throws {
        struct Query: Encodable {
            var id: String, query: String, ndcg: Double, recall: Double, rr: Double, judged: Int, found: Int
            var grades: [Int]
        }
        struct Case: Encodable {
            var id: String, kind: String, query: String, rank: Int?, false_match: Bool, first_answer: String?
        }
        struct Accuracy: Encodable {
            var group: String, cases: Int, top1: Double, top3: Double, false_matches: Int
        }
        struct Lookup: Encodable {
            var cases: [Case], accuracy: [Accuracy]
        }
        struct Output: Encodable {
            var queries: Int?, ndcg_at_10: Double?, recall_at_10: Double?, mrr_at_10: Double?, per_query: [Query]?
            var cite: Lookup?, refs: Lookup?
        }
        func lookup(_ report: LookupReport?) -> Lookup? {
            report.map { report in
                Lookup(cases: report.cases.map {
                    Case(id: $0.id, kind: $0.kind, query: $0.query, rank: $0.rank, false_match: $0.falseMatch,
                         first_answer: $0.firstAnswer)
                }, accuracy: report.accuracy.map {
                    Accuracy(group: $0.group, cases: $0.cases, top1: rounded($0.top1), top3: rounded($0.top3),
                             false_matches: $0.falseMatches)
                })
            }
        }
        let output = Output(
            queries: report?.queries.count, ndcg_at_10: report.map { rounded($0.meanNDCG) },
            recall_at_10: report.map { rounded($0.meanRecall) }, mrr_at_10: report.map { rounded($0.meanReciprocalRank) },
            per_query: report?.queries.map {
                Query(id: $0.id, query: $0.query, ndcg: rounded($0.ndcg), recall: rounded($0.recall),
                      rr: rounded($0.reciprocalRank), judged: $0.judged, found: $0.found, grades: $0.creditedGrades)
            },
            cite: lookup(cite), refs: lookup(refs))
        print(try JSONOutput.encode(output))
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
    private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
