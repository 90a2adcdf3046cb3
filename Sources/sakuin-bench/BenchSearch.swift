import Sakuin

/// Runs one benchmark query against an index and times it, from the query's text to its top
/// corpus ids in memory.
struct BenchSearch {
    /// What one query gave.
    struct Outcome {
        /// The documents found, best first: corpus id and score.
        var hits: [(id: String, score: Double)]
        /// Matching documents in all; -1 when the query failed.
        var total: Int
        /// `ok`, or `error:MESSAGE` (one line, no tabs).
        var status: String
        /// Wall time of the query.
        var microseconds: Double
    }

    let index: SearchIndex
    /// The top `limit` documents, each ranked by all its matching passages, matched exactly.
    let options: SearchOptions

    init(index: SearchIndex, limit: Int) {
        self.index = index
        // Exact matching: the peers' contract finds the query as written, nothing partial.
        var options = SearchOptions(limit: limit, groupsByDocument: true, matching: .exact)
        options.documentRanking = .allPassages
        // The peers stop at ids and scores; so does the timed path here.
        options.includesText = false
        self.options = options
    }

    /// Searches for `query` with the benchmark's meaning (``BenchQuery/searchText``), ranking
    /// documents.
    func run(_ query: BenchQuery) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        var hits: [(id: String, score: Double)] = []
        var total = -1
        var status = "ok"
        do {
            let found = try index.search(query.searchText, options: options)
            hits = found.hits.map { ($0.document.name, $0.score) }
            total = found.total
        } catch {
            status = "error:" + Self.oneLine(error.description)
        }
        let elapsed = clock.now - start
        let (seconds, attoseconds) = elapsed.components
        return Outcome(hits: hits, total: total, status: status,
                       microseconds: Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
    }

    /// `text` with tabs, line breaks and other white space as plain spaces, to fit a TSV field.
    static func oneLine(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { view.append(scalar.properties.isWhitespace ? " " : scalar) }
        return String(view)
    }

    /// A score as RESULTS.tsv gives it: six decimals.
    static func format(score: Double) -> String { fixed(score, decimals: 6) }

    /// A time as LATENCY.tsv gives it: microseconds, one decimal.
    static func format(microseconds: Double) -> String { fixed(microseconds, decimals: 1) }

    /// `value` rounded to `decimals` places, written without exponent (`12.5`, `0.000100`).
    private static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        var fraction = String(Int(scaled - Double(whole) * scale))
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        return (value < 0 && scaled > 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + fraction : "")
    }
}
