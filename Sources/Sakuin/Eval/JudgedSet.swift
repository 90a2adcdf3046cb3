import Foundation

/// A judged test collection: queries and graded passage judgments, read from two TSV files.
///
/// `queries.tsv` has the columns `qid`, `query` (and more, ignored); `qrels.tsv` has `qid`,
/// `doc`, `anchor`, `grade`. Both start with a header line. A judged passage is named by its
/// document and an anchor: a substring of the passage, unique in that document.
public struct JudgedSet: Sendable, Equatable {
    /// A query to run.
    public struct Query: Sendable, Equatable {
        /// Its identifier, such as `q01`.
        public var id: String
        /// The query as a user would type it.
        public var text: String
    }

    /// One judged passage of one query.
    public struct Judgment: Sendable, Equatable {
        /// The query's identifier.
        public var queryID: String
        /// The document's name (file stem).
        public var document: String
        /// A substring of the passage that identifies it.
        public var anchor: String
        /// 3 = central, 2 = substantially relevant, 1 = mentions it.
        public var grade: Int
    }

    /// The queries, in file order.
    public var queries: [Query]
    /// The judgments, in file order.
    public var judgments: [Judgment]

    /// Reads the two files. Errors name the file and line.
    public init(queriesFile: String, judgmentsFile: String) throws(SakuinError) {
        queries = try JudgedSet.rows(of: queriesFile, columns: ["qid", "query"]).map { row in
            Query(id: row.fields[0], text: row.fields[1])
        }
        var judgments: [Judgment] = []
        for row in try JudgedSet.rows(of: judgmentsFile, columns: ["qid", "doc", "anchor", "grade"]) {
            guard let grade = Int(row.fields[3]), (0...3).contains(grade) else {
                throw SakuinError.invalidRequest(
                    "\(judgmentsFile):\(row.line): grade must be 0, 1, 2 or 3, not \"\(row.fields[3])\"")
            }
            guard !row.fields[2].isEmpty else {
                throw SakuinError.invalidRequest("\(judgmentsFile):\(row.line): the anchor is empty")
            }
            judgments.append(Judgment(queryID: row.fields[0], document: row.fields[1], anchor: row.fields[2], grade: grade))
        }
        self.judgments = judgments
        let known = Set(queries.map(\.id))
        if let stray = judgments.first(where: { !known.contains($0.queryID) }) {
            throw SakuinError.invalidRequest("\(judgmentsFile): judgments for query \(stray.queryID), which \(queriesFile) does not have")
        }
    }

    /// The data rows of a TSV file whose header starts with `columns`.
    static func rows(of path: String, columns: [String]) throws(SakuinError) -> [(line: Int, fields: [String])] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SakuinError.invalidRequest("cannot read \(path) as UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init),
              header.starts(with: columns) else {
            throw SakuinError.invalidRequest(
                "\(path):1: the header must start with " + columns.joined(separator: ", ") + " (tab-separated)")
        }
        var rows: [(Int, [String])] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= columns.count else {
                throw SakuinError.invalidRequest(
                    "\(path):\(offset + 1): expected \(columns.count) tab-separated fields, found \(fields.count)")
            }
            rows.append((offset + 1, fields))
        }
        return rows
    }
}
