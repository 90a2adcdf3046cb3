/// One query of a benchmark query set: a line `qid<TAB>kind<TAB>query` of `QUERIES.tsv`.
///
/// The benchmark's meaning, which every engine follows: each space-separated word must occur in
/// the document, a word the analyzer splits must match as a sequence (a phrase), and a query of
/// kind `phrase` (`"…"`) is one phrase. ``searchText`` says this in Sakuin's syntax.
struct BenchQuery: Equatable {
    /// The query's identifier, first column.
    var id: String
    /// `word`, `rare`, `nohit`, `and2`, `mixed` or `phrase`.
    var kind: String
    /// The query as the set gives it.
    var text: String

    /// The query in Sakuin's syntax: each word quoted (`停戦 交渉` → `"停戦" "交渉"`), so that it
    /// is all required (juxtaposed items) and matched as written (a quoted phrase is never taken
    /// apart into its ICU words, as an unquoted Japanese term may be); a `phrase` query is one
    /// quoted phrase. Quote characters inside a word cannot be quoted, and stand for a separator
    /// (a space), which is what punctuation is to the matcher.
    var searchText: String {
        let scalars = Array(text.unicodeScalars)
        if kind == "phrase", scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" {
            return Self.quoted(scalars[1..<(scalars.count - 1)])
        }
        var words: [String] = []
        var start: Int?
        for (offset, scalar) in scalars.enumerated() {
            if scalar.properties.isWhitespace {
                if let first = start { words.append(Self.quoted(scalars[first..<offset])) }
                start = nil
            } else if start == nil {
                start = offset
            }
        }
        if let first = start { words.append(Self.quoted(scalars[first...])) }
        return words.joined(separator: " ")
    }

    /// `"…"` around `scalars`, their quote characters (`"`, `＂`) replaced by spaces.
    private static func quoted(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append("\"")
        for scalar in scalars { view.append(scalar == "\"" || scalar == "\u{FF02}" ? " " : scalar) }
        view.append("\"")
        return String(view)
    }

    /// The queries of a set, in file order: a header line, then one query a line (blank lines
    /// are skipped). A line without three tab-separated fields is a failure naming it.
    static func read(_ path: String) throws(BenchFailure) -> [BenchQuery] {
        let reader = try LineReader(path: path)
        var queries: [BenchQuery] = []
        while let line = try reader.next() {
            guard reader.lineNumber > 1, !line.isEmpty else { continue }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw BenchFailure.badLine(path, line: reader.lineNumber, "not valid UTF-8")
            }
            let fields = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[0].isEmpty else {
                throw BenchFailure.badLine(path, line: reader.lineNumber,
                                           "expected three tab-separated fields: id, kind, query")
            }
            queries.append(BenchQuery(id: String(fields[0]), kind: String(fields[1]), text: String(fields[2])))
        }
        return queries
    }
}
