import ArgumentParser
import Foundation
import Sakuin

/// `sakuin-bench query INDEXDIR QUERIES.tsv RESULTS.tsv LATENCY.tsv`: runs a query set the way the
/// benchmark contract says.
///
/// One process: open the index, run every query once untimed (warm-up: page cache, allocator,
/// catalog statements), then every query once, timed, in file order. A query's time runs from
/// its text to the top-10 corpus ids in memory (mapping onto Sakuin's syntax, parsing, search,
/// ranking, id lookup); writing the files is not timed.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a query set (id, kind, query) and write RESULTS.tsv and LATENCY.tsv.",
        discussion: """
            RESULTS.tsv: qid, rank (1-10), docid (the corpus id), score. LATENCY.tsv: qid, \
            microseconds, total (matching documents), status (ok or error:MESSAGE). Every \
            space-separated word must occur in the document, as written; kind phrase is one phrase.
            """)

    @Argument(help: "The index folder, built by `sakuin-bench index`.")
    var indexDirectory: String

    @Argument(help: "The queries: a header line, then id<TAB>kind<TAB>query.")
    var queries: String

    @Argument(help: "Where to write the top 10 of each query.")
    var results: String

    @Argument(help: "Where to write each query's time, total and status.")
    var latency: String

    /// The most documents a query returns.
    static let limit = 10

    func run() throws {
        let querySet = try BenchQuery.read(queries)
        let index = try SearchIndex(directory: indexDirectory, mode: .openExisting)
        let runner = BenchSearch(index: index, limit: Self.limit)
        for query in querySet { _ = runner.run(query) }
        var outcomes: [BenchSearch.Outcome] = []
        outcomes.reserveCapacity(querySet.count)
        for query in querySet { outcomes.append(runner.run(query)) }

        var resultLines = ""
        var latencyLines = ""
        for (query, outcome) in zip(querySet, outcomes) {
            for (rank, hit) in outcome.hits.enumerated() {
                resultLines += "\(query.id)\t\(rank + 1)\t\(hit.id)\t\(BenchSearch.format(score: hit.score))\n"
            }
            latencyLines += "\(query.id)\t\(BenchSearch.format(microseconds: outcome.microseconds))\t\(outcome.total)\t\(outcome.status)\n"
        }
        try Self.write(resultLines, to: results)
        try Self.write(latencyLines, to: latency)
    }

    private static func write(_ text: String, to path: String) throws(BenchFailure) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw BenchFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
