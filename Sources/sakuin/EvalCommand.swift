import ArgumentParser
import Foundation
import Sakuin

/// `sakuin eval DIR`: scores the ranking on a judged set.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the ranking on judged queries: nDCG@10, Recall@10 and MRR@10.",
        discussion: """
            DIR holds queries.tsv (qid, query) and qrels.tsv (qid, doc, anchor, grade); --queries \
            and --qrels name the files instead. Each query's top 10 passages are matched to the \
            judged passages by document and anchor text.
            """)

    @Argument(help: ArgumentHelp("A folder with queries.tsv and qrels.tsv.", valueName: "DIR"))
    var directory: String?

    @Option(help: ArgumentHelp("The queries file.", valueName: "FILE"))
    var queries: String?

    @Option(help: ArgumentHelp("The judgments file.", valueName: "FILE"))
    var qrels: String?

    @Option(help: ArgumentHelp("Score this ranking instead of searching: TSV lines qid, rank, id, score "
                               + "(another engine's top 10 over the passages of --passages).", valueName: "FILE"))
    var ranking: String?

    @Option(help: ArgumentHelp("The passages the ranking's ids name, as `sakuin export` writes them.",
                               valueName: "FILE"))
    var passages: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var location: IndexLocation

    func validate() throws {
        if directory == nil && (queries == nil || qrels == nil) {
            throw ValidationError("give a folder holding queries.tsv and qrels.tsv, or both --queries and --qrels")
        }
        if (ranking == nil) != (passages == nil) {
            throw ValidationError("--ranking and --passages go together")
        }
    }

    func run() throws {
        let base = directory.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        let set = try JudgedSet(queriesFile: queries ?? base + "queries.tsv", judgmentsFile: qrels ?? base + "qrels.tsv")
        let report: EvaluationReport
        if let ranking, let passages {
            report = Evaluator.evaluate(set, rankings: try ExternalRanking.read(ranking: ranking, passages: passages))
        } else {
            report = try Evaluator.evaluate(set, on: location.openForReading())
        }
        if json {
            struct Query: Encodable {
                var id: String, query: String, ndcg: Double, recall: Double, rr: Double, judged: Int, found: Int
                var grades: [Int]
            }
            struct Output: Encodable {
                var queries: Int, ndcg_at_10: Double, recall_at_10: Double, mrr_at_10: Double, per_query: [Query]
            }
            print(try JSONOutput.encode(Output(
                queries: report.queries.count, ndcg_at_10: rounded(report.meanNDCG),
                recall_at_10: rounded(report.meanRecall), mrr_at_10: rounded(report.meanReciprocalRank),
                per_query: report.queries.map {
                    Query(id: $0.id, query: $0.query, ndcg: rounded($0.ndcg), recall: rounded($0.recall),
                          rr: rounded($0.reciprocalRank), judged: $0.judged, found: $0.found, grades: $0.creditedGrades)
                })))
            return
        }
        print("qid\tnDCG@10\tR@10\tRR\tfound\tquery")
        for query in report.queries {
            print("\(query.id)\t\(format(query.ndcg))\t\(format(query.recall))\t\(format(query.reciprocalRank))\t"
                  + "\(query.found)/\(query.judged)\t\(query.query)")
        }
        print("mean\t\(format(report.meanNDCG))\t\(format(report.meanRecall))\t\(format(report.meanReciprocalRank))\t"
              + "\t\(report.queries.count) queries")
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
    private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

