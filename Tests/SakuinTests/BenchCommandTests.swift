import Foundation
import Testing
@testable import Sakuin
@testable import sakuin_bench

/// `sakuin-bench index` and `sakuin-bench query`: the benchmark contract on a tiny corpus.
@Suite("sakuin-bench commands")
struct BenchCommandTests {
    /// Four documents a line (and a blank line, which is skipped), ids with slashes as corpora have.
    static let corpus = """
        {"id": "man/a.1", "title": "停戦", "source": "man", "text": "停戦\\n\\n交渉が始まった。"}
        {"id": "man/b.1", "title": "ロシア", "source": "man", "text": "ロシアと停戦の交渉。\\n\\n停戦は続く。"}

        {"id": "doc/c", "title": "info", "source": "doc", "text": "info information mozilla"}
        {"id": "doc/d", "source": "doc", "text": "天気は晴れ。"}

        """

    static let queries = """
        id\tkind\tquery
        w-1\tword\t停戦
        a-1\tand2\t停戦 交渉
        p-1\tphrase\t"交渉が始まった"
        m-1\tmixed\t停戦 Mozilla
        x-1\tmixed\tinfo mozilla
        n-1\tnohit\t百貨店

        """

    /// Runs `sakuin-bench` (built beside `sakuin`) with `arguments` in `directory`.
    private func bench(_ arguments: [String], in directory: String) throws -> CommandRunner.Result {
        let process = Process()
        process.executableURL = try CommandRunner.executableURL().deletingLastPathComponent()
            .appendingPathComponent("sakuin-bench")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        process.environment = CommandRunner.baseEnvironment
        process.standardInput = FileHandle.nullDevice
        // Small outputs: files rather than pipes, read after the process ends.
        let outputPath = directory + "/.stdout"
        let errorPath = directory + "/.stderr"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        process.waitUntilExit()
        return CommandRunner.Result(
            status: process.terminationStatus,
            standardOutput: try String(contentsOfFile: outputPath, encoding: .utf8),
            standardError: try String(contentsOfFile: errorPath, encoding: .utf8))
    }

    private func lines(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("index then query: RESULTS.tsv has each query's documents by corpus id, LATENCY.tsv one row a query")
    func indexAndQuery() throws {
        try TestIndex.withTemporaryDirectory("sakuin-bench") { directory in
            try Self.corpus.write(toFile: directory + "/corpus.jsonl", atomically: true, encoding: .utf8)
            try Self.queries.write(toFile: directory + "/queries.tsv", atomically: true, encoding: .utf8)

            let indexed = try bench(["index", "corpus.jsonl", "index"], in: directory)
            #expect(indexed.status == 0, "\(indexed)")
            #expect(indexed.standardOutput == "indexed 4 documents from corpus.jsonl\n")

            let queried = try bench(["query", "index", "queries.tsv", "results.tsv", "latency.tsv"], in: directory)
            #expect(queried.status == 0, "\(queried)")
            #expect(queried.standardOutput == "")

            // The scores are the library's for the same search, six decimals.
            let index = try SearchIndex(directory: directory + "/index", mode: .openExisting)
            var options = SearchOptions(limit: 10)
            options.documentRanking = .allPassages
            func score(_ query: String, rank: Int) throws -> String {
                BenchSearch.format(score: try index.search(query, options: options).hits[rank - 1].score)
            }
            let results = try lines(directory + "/results.tsv")
            #expect(results == [
                ["w-1", "1", "man/b.1", try score("\"停戦\"", rank: 1)],
                ["w-1", "2", "man/a.1", try score("\"停戦\"", rank: 2)],
                ["a-1", "1", "man/b.1", try score("\"停戦\" \"交渉\"", rank: 1)],
                ["a-1", "2", "man/a.1", try score("\"停戦\" \"交渉\"", rank: 2)],
                ["p-1", "1", "man/a.1", try score("\"交渉が始まった\"", rank: 1)],
                ["x-1", "1", "doc/c", try score("\"info\" \"mozilla\"", rank: 1)],
            ])

            let latency = try lines(directory + "/latency.tsv")
            #expect(latency.map { [$0[0], $0[2], $0[3]] } == [
                ["w-1", "2", "ok"], ["a-1", "2", "ok"], ["p-1", "1", "ok"],
                ["m-1", "0", "ok"], ["x-1", "1", "ok"], ["n-1", "0", "ok"],
            ])
            for row in latency {
                #expect(row.count == 4)
                let micros = try #require(Double(row[1]))
                #expect(micros > 0)
                #expect(row[1].split(separator: ".").last?.count == 1)
            }
        }
    }

    @Test("a query that fails is reported in its row, and the others still run")
    func failingQuery() throws {
        try TestIndex.withTemporaryDirectory("sakuin-bench") { directory in
            try Self.corpus.write(toFile: directory + "/corpus.jsonl", atomically: true, encoding: .utf8)
            // q-0 has nothing searchable: an empty result, not an error. q-1 is too long.
            try ("id\tkind\tquery\nq-0\tword\t。\nq-1\tword\t" + String(repeating: "あ", count: 5000) + "\nq-2\tword\t停戦\n")
                .write(toFile: directory + "/queries.tsv", atomically: true, encoding: .utf8)
            #expect(try bench(["index", "corpus.jsonl", "index"], in: directory).status == 0)
            let queried = try bench(["query", "index", "queries.tsv", "results.tsv", "latency.tsv"], in: directory)
            #expect(queried.status == 0, "\(queried)")
            let latency = try lines(directory + "/latency.tsv")
            #expect(latency.map { [$0[0], $0[2], $0[3]] } == [
                ["q-0", "0", "ok"],
                ["q-1", "-1", "error:invalid query: query too long (5002 characters, max 4096)"],
                ["q-2", "2", "ok"],
            ])
            #expect(try lines(directory + "/results.tsv").map { $0[2] } == ["man/b.1", "man/a.1"])
        }
    }

    @Test("a bad corpus line is named by its number and exits 2", arguments: [
        ("{\"id\": \"a\", \"text\": \"停戦\"}\n{\"id\": \"b\", \"text\": \n",
         "corpus.jsonl:2: not valid JSON (each line must be one object such as {\"id\": \"a\", \"text\": \"…\"})"),
        ("{\"id\": \"a\", \"text\": \"停戦\"}\n\n{\"id\": \"b\"}\n",
         "corpus.jsonl:3: the \"text\" key is missing (each line needs \"id\" and \"text\")"),
        ("{\"id\": 7, \"text\": \"停戦\"}\n", "corpus.jsonl:1: the \"id\" value is not a string"),
        ("{\"id\": \"a\", \"text\": \"停戦\"}\n{\"id\": \"a\", \"text\": \"交渉\"}\n",
         "corpus.jsonl:2: the id \"a\" was already used on line 1"),
        ("{\"id\": \"\", \"text\": \"停戦\"}\n", "corpus.jsonl:1: the \"id\" is empty"),
        ("{\"id\": \"/a\", \"text\": \"停戦\"}\n", "corpus.jsonl:1: the \"id\" \"/a\" starts with '/'; ids are names, not paths"),
        ("{\"id\": \"a\\tb\", \"text\": \"停戦\"}\n",
         "corpus.jsonl:1: the \"id\" holds a tab, line break or other control character"),
        ("{\"id\": \"a\", \"text\": \"停戦\"}\n[1, 2]\n", "corpus.jsonl:2: not a JSON object"),
    ])
    func badCorpusLine(corpus: String, message: String) throws {
        try TestIndex.withTemporaryDirectory("sakuin-bench") { directory in
            try corpus.write(toFile: directory + "/corpus.jsonl", atomically: true, encoding: .utf8)
            let result = try bench(["index", "corpus.jsonl", "index"], in: directory)
            #expect(result.status == 2)
            #expect(result.standardError == "sakuin-bench: \(message)\n")
            // The bad line stopped the commit: no line before it was committed either.
            #expect(try SearchIndex(directory: directory + "/index").documents().isEmpty)
        }
    }

    @Test("missing files, an index folder in use and a missing index are errors with status 2")
    func fileErrors() throws {
        try TestIndex.withTemporaryDirectory("sakuin-bench") { directory in
            let missing = try bench(["index", "nothing.jsonl", "index"], in: directory)
            #expect(missing.status == 2)
            #expect(missing.standardError == "sakuin-bench: cannot open nothing.jsonl: No such file or directory\n")

            try Self.corpus.write(toFile: directory + "/corpus.jsonl", atomically: true, encoding: .utf8)
            #expect(try bench(["index", "corpus.jsonl", "index"], in: directory).status == 0)
            let again = try bench(["index", "corpus.jsonl", "index"], in: directory)
            #expect(again.status == 2)
            #expect(again.standardError == "sakuin-bench: index already holds an index; give a missing or empty folder\n")

            try Self.queries.write(toFile: directory + "/queries.tsv", atomically: true, encoding: .utf8)
            let noIndex = try bench(["query", "elsewhere", "queries.tsv", "r.tsv", "l.tsv"], in: directory)
            #expect(noIndex.status == 2)
            #expect(noIndex.standardError.hasPrefix("sakuin-bench: no index at "))

            try "id\tkind\tquery\nq-1\tword\n".write(toFile: directory + "/short.tsv", atomically: true, encoding: .utf8)
            let short = try bench(["query", "index", "short.tsv", "r.tsv", "l.tsv"], in: directory)
            #expect(short.status == 2)
            #expect(short.standardError == "sakuin-bench: short.tsv:2: expected three tab-separated fields: id, kind, query\n")
        }
    }

    @Test("a benchmark query in Sakuin's syntax: every word quoted, a phrase kept whole", arguments: [
        ("word", "停戦", "\"停戦\""),
        ("and2", "停戦 交渉", "\"停戦\" \"交渉\""),
        ("and2", "  停戦\u{3000}交渉 ", "\"停戦\" \"交渉\""),
        ("mixed", "ノルウェー Mozilla", "\"ノルウェー\" \"Mozilla\""),
        ("mixed", "NOT OR -x title:y", "\"NOT\" \"OR\" \"-x\" \"title:y\""),
        ("phrase", "\"説明とバグ報告に関\"", "\"説明とバグ報告に関\""),
        ("phrase", "\"停戦 交渉\"", "\"停戦 交渉\""),
        ("word", "a\"b", "\"a b\""),
        ("word", "\"", "\" \""),
    ])
    func searchText(kind: String, text: String, expected: String) {
        #expect(BenchQuery(id: "q", kind: kind, text: text).searchText == expected)
    }

    @Test("scores and times are written in fixed notation", arguments: [
        (15.9213564, 6, "15.921356"), (0.0000004, 6, "0.000000"), (1e-5, 6, "0.000010"),
        (1392.84, 1, "1392.8"), (0.05, 1, "0.1"), (12_345_678.96, 1, "12345679.0"),
    ])
    func fixedNotation(value: Double, decimals: Int, expected: String) {
        #expect((decimals == 6 ? BenchSearch.format(score: value) : BenchSearch.format(microseconds: value)) == expected)
    }
}
