import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `sakuin` tool as a user runs it: the built executable in a fresh process, with its exit
/// status, standard output and standard error checked exactly. Read-only tests share one index of
/// the seeds (built once); tests that write get their own temporary directory.
@Suite("Command line") struct CommandLineTests {
    typealias Run = CommandRunner.Result

    /// Runs `sakuin` in `directory`.
    func sakuin(_ arguments: String..., in directory: String, environment: [String: String] = [:]) throws -> Run {
        try CommandRunner.run(arguments, in: directory, environment: environment)
    }

    /// Runs `sakuin` against the shared index of the seeds (`--index` given explicitly).
    func sakuinOnSeeds(_ arguments: String..., environment: [String: String] = [:]) throws -> Run {
        let shared = try CommandFixtures.sharedSeedIndex()
        return try CommandRunner.run(arguments + ["--index", shared.index], in: shared.workingDirectory,
                                     environment: environment)
    }

    /// The seed files whose text, with line breaks removed, contains `text`.
    func seedFiles(containing text: String) throws -> [String] {
        try CommandFixtures.seedFiles().filter {
            try String(contentsOfFile: $0, encoding: .utf8).replacingOccurrences(of: "\n", with: "").contains(text)
        }
    }

    /// Parses a JSON object printed on standard output.
    func jsonObject(_ run: Run) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
        return try #require(object as? [String: Any], "stdout is not a JSON object: \(run.standardOutput)")
    }

    /// The hits of a search's JSON output.
    func jsonHits(_ run: Run) throws -> [[String: Any]] {
        try #require(try jsonObject(run)["hits"] as? [[String: Any]])
    }

    /// `text[range]`, with `range` counted in Unicode scalars, as the JSON highlights are.
    func scalars(of text: String, _ pair: [Int]) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard pair.count == 2, 0 <= pair[0], pair[0] < pair[1], pair[1] <= scalars.count else { return nil }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[pair[0]..<pair[1]])
        return result
    }

    func matches(_ line: String, _ pattern: String) -> Bool {
        (try? Regex(pattern).wholeMatch(in: line)) != nil
    }

    // MARK: - Locating the tool

    @Test("the test process finds the sakuin executable that swift test built")
    func locatesExecutable() throws {
        let url = try CommandRunner.executableURL()
        #expect(url.lastPathComponent == "sakuin")
        #expect(FileManager.default.isExecutableFile(atPath: url.path))
    }

    // MARK: - Auto-build

    @Test("search in a fresh directory builds ./index from ./seeds first, once")
    func autoBuildInFreshDirectory() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        try FileManager.default.copyItem(atPath: CommandFixtures.seedsDirectory, toPath: directory + "/seeds")

        let first = try sakuin("search", "停戦", in: directory)
        #expect(first.status == 0, "\(first)")
        #expect(first.standardErrorLines == [
            "sakuin: no index in ./index; building it from ./seeds first",
            "sakuin: indexed ./seeds: 5 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed",
        ])
        let lines = first.standardOutputLines
        for line in lines {
            #expect(matches(line, #"seeds/\d{3}_[0-9a-f]{16}\.txt:\d+-\d+: .+"#), "\(line)")
        }
        // Grouped by document with the default limit of 10: one line per document that has the word.
        let expected = try seedFiles(containing: "停戦").map { "seeds/" + URL(fileURLWithPath: $0).lastPathComponent }
        #expect(expected.count == 5)
        let printed = lines.compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(printed.sorted() == expected.sorted())
        #expect(FileManager.default.fileExists(atPath: directory + "/index/catalog.sqlite"))

        let second = try sakuin("search", "停戦", in: directory)
        #expect(second.status == 0)
        #expect(second.standardError == "")
        #expect(second.standardOutput == first.standardOutput)
    }

    @Test("search with no index and no ./seeds says how to make one")
    func noIndexNoSeeds() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let run = try sakuin("search", "停戦", in: directory)
        #expect(run.status == 2)
        #expect(run.standardOutput == "")
        #expect(run.standardError
                == "sakuin: no index in ./index and no ./seeds to build one from; run `sakuin index PATH…` first\n")
    }

    // MARK: - Exit statuses

    @Test("a search with hits exits 0 and prints path:lines: snippet")
    func hitsExitZero() throws {
        let run = try sakuinOnSeeds("search", "停戦")
        #expect(run.status == 0)
        #expect(run.standardError == "")
        #expect(run.standardOutputLines.count == 5)
        let seeds = CommandFixtures.seedsDirectory
        for line in run.standardOutputLines {
            #expect(matches(line, NSRegularExpression.escapedPattern(for: seeds) + #"/\d{3}_[0-9a-f]{16}\.txt:\d+-\d+: .*停戦.*"#),
                    "\(line)")
        }
    }

    @Test("a search with no hits exits 1 and prints nothing")
    func noHitsExitOne() throws {
        let run = try sakuinOnSeeds("search", "zzzzqqq")
        #expect(run.status == 1)
        #expect(run.standardOutput == "")
        #expect(run.standardError == "")

        let json = try sakuinOnSeeds("search", "zzzzqqq", "--json")
        #expect(json.status == 1)
        #expect(json.standardOutput == #"{"hits":[],"offset":0,"query":"zzzzqqq","total":0}"# + "\n")
    }

    @Test("a limit below the number of results says so on standard error")
    func limitMessage() throws {
        let run = try sakuinOnSeeds("search", "停戦", "--limit", "2")
        #expect(run.status == 0)
        #expect(run.standardOutputLines.count == 2)
        #expect(run.standardError == "sakuin: showing 2 of 5 documents; use --limit for more\n")
    }

    @Test("--offset pages through the results: ranks go on, the note says where the next page starts")
    func offsetPages() throws {
        let all = try sakuinOnSeeds("search", "ロシア軍", "--passages", "--limit", "1000")
        #expect(all.status == 0)
        let total = all.standardOutputLines.count
        try #require(total > 6)
        let page = try sakuinOnSeeds("search", "ロシア軍", "--passages", "--offset", "2", "--limit", "3")
        #expect(page.status == 0)
        #expect(page.standardOutputLines == Array(all.standardOutputLines[2..<5]))
        #expect(page.standardError == "sakuin: showing 3-5 of \(total) passages; use --offset 5 for more\n")
        let last = try sakuinOnSeeds("search", "ロシア軍", "--passages", "--offset", "\(total - 1)")
        #expect(last.status == 0)
        #expect(last.standardOutputLines == [all.standardOutputLines[total - 1]])
        #expect(last.standardError == "")

        let json = try jsonObject(try sakuinOnSeeds("search", "ロシア軍", "--passages", "--offset", "2", "--limit", "3", "--json"))
        #expect(json["offset"] as? Int == 2)
        #expect(json["total"] as? Int == total)
        #expect((json["hits"] as? [[String: Any]])?.map { $0["rank"] as? Int } == [3, 4, 5])

        let help = try sakuinOnSeeds("search", "--help")
        let limitHelp = try #require(help.standardOutputLines.firstIndex { $0.hasPrefix("  --limit <limit>") }, "\(help)")
        #expect(help.standardOutputLines[limitHelp...].prefix(2) == [
            "  --limit <limit>         The most results to show (1 or more; a larger number",
            "                          counts as 10000). (default: 10)",
        ])
    }

    /// A command that must fail with status 2, nothing on standard output, and this first line
    /// of standard error (or all of it, when `exact`).
    struct Failure: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var message: String
        var exact: Bool
        var testDescription: String { "sakuin " + arguments.map { "'\($0)'" }.joined(separator: " ") }
    }

    static let failures: [Failure] = [
        Failure(arguments: ["search", ""], message: "Error: the query is empty", exact: false),
        Failure(arguments: ["search", "   "], message: "Error: the query is empty", exact: false),
        Failure(arguments: ["search", "\"停戦"],
                message: "sakuin: invalid query: unclosed quote at column 1", exact: true),
        Failure(arguments: ["search", "--", "-停戦"],
                message: "sakuin: invalid query: '-停戦' at column 1 only excludes; a query needs at least one term to search for",
                exact: true),
        // Without `--`, argument-parser takes `-停戦` for an option and the query is missing.
        Failure(arguments: ["search", "-停戦"], message: "Error: Missing expected argument '<query>'", exact: false),
        Failure(arguments: ["search", "--limit", "0", "停戦"],
                message: "Error: --limit must be 1 or more, not 0", exact: false),
        Failure(arguments: ["search", "--offset", "-3", "停戦"],
                message: "Error: --offset must be 0 or more, not -3", exact: false),
        Failure(arguments: ["search", "--bogus", "停戦"], message: "Error: Unknown option '--bogus'. Did you mean '--notes'?", exact: false),
        Failure(arguments: ["search", "--color", "purple", "停戦"],
                message: "Error: The value 'purple' is invalid for '--color <color>'. Please provide one of 'auto', 'always' or 'never'.",
                exact: false),
        Failure(arguments: ["search", "--index", "/nonexistent/dir", "停戦"],
                message: "sakuin: no index at /nonexistent/dir; build one with `sakuin index PATH…`", exact: true),
        Failure(arguments: ["show", "no_such_doc"],
                message: "sakuin: no document named \"no_such_doc\" in the index", exact: true),
        Failure(arguments: ["show", "003_57592eb5b33f72b7:0"],
                message: "Error: line numbers start at 1, not 0", exact: false),
        Failure(arguments: ["nosuchcommand"], message: "Error: Unexpected argument 'nosuchcommand'", exact: false),
    ]

    @Test("errors exit 2 with a message on standard error", arguments: failures)
    func errorsExitTwo(_ failure: Failure) throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        // Run where ./index is the shared index, so that commands without --index read it.
        let run = try CommandRunner.run(failure.arguments, in: shared.workingDirectory)
        #expect(run.status == 2, "\(run)")
        #expect(run.standardOutput == "")
        if failure.exact {
            #expect(run.standardError == failure.message + "\n")
        } else {
            #expect(run.standardErrorLines.first == failure.message, "\(run)")
        }
    }

    @Test("an argument that is not UTF-8 (a Shift_JIS query) is refused, not searched as mojibake")
    func argumentNotUTF8() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // ロシア in Shift_JIS: 83 8D 83 56 83 41.
        process.arguments = ["-c", #"exec "$0" search --index "$1" "$(printf '\203\215\203V\203A')""#,
                             try CommandRunner.executableURL().path, shared.index]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message == "sakuin: argument 4 is not valid UTF-8; give queries and paths in UTF-8\n")
    }

    @Test("export writes every passage as one JSON line with a unique id, in file order")
    func exportPassages() throws {
        let run = try sakuinOnSeeds("export", "--passages", "--jsonl")
        #expect(run.status == 0, "\(run)")
        let lines = run.standardOutputLines
        #expect(lines.count == 353)
        var ids = Set<String>()
        var previous: (doc: String, line: Int)?
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            let doc = try #require(object["doc"] as? String)
            let start = try #require(object["line_start"] as? Int)
            let end = try #require(object["line_end"] as? Int)
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            #expect(id.hasPrefix(doc + "#"))
            #expect(start <= end)
            #expect(object["text"] is String && object["kind"] is String && object["path"] is String)
            if let previous, previous.doc == doc { #expect(previous.line <= start) }
            previous = (doc, start)
        }
        #expect(lines.first?.contains(#""id":"000_cc57c55956077614#1""#) == true)
    }

    @Test("eval scores another engine's ranking of exported passages with the same code")
    func evalExternalRanking() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let export = try sakuinOnSeeds("export")
        try export.standardOutput.write(toFile: directory + "/passages.jsonl", atomically: true, encoding: .utf8)
        // 003's heading `### ◆ 停戦交渉の行方` is passage 003_57592eb5b33f72b7#…; find its id.
        let heading = try #require(export.standardOutputLines.first { $0.contains("◆ 停戦交渉の行方") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(heading.utf8)) as? [String: Any])
        let id = try #require(object["id"] as? String)
        try "qid\tquery\nq1\t停戦交渉\nq2\t尖閣\n".write(toFile: directory + "/queries.tsv", atomically: true, encoding: .utf8)
        try "qid\tdoc\tanchor\tgrade\nq1\t003_57592eb5b33f72b7\t停戦交渉の行方\t3\n"
            .write(toFile: directory + "/qrels.tsv", atomically: true, encoding: .utf8)
        try "q1\t1\t\(id)\t9.5\n".write(toFile: directory + "/ranking.tsv", atomically: true, encoding: .utf8)
        let run = try sakuin("eval", directory, "--ranking", directory + "/ranking.tsv",
                             "--passages", directory + "/passages.jsonl", "--json", in: directory)
        #expect(run.status == 0, "\(run)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(result["ndcg_at_10"] as? Double == 1)
        #expect(result["recall_at_10"] as? Double == 1)
        #expect(result["queries"] as? Int == 2)

        try "q1\t1\tnope#1\t1\n".write(toFile: directory + "/ranking.tsv", atomically: true, encoding: .utf8)
        let bad = try sakuin("eval", directory, "--ranking", directory + "/ranking.tsv",
                             "--passages", directory + "/passages.jsonl", in: directory)
        #expect(bad.status == 2)
        #expect(bad.standardError == "sakuin: \(directory)/ranking.tsv:1: no passage \"nope#1\" in \(directory)/passages.jsonl\n")
    }

    @Test("eval prints a line per query and the means; its options are checked")
    func evalTable() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        try "qid\tquery\nq1\t停戦交渉の行方\nq2\t尖閣諸島\n".write(toFile: directory + "/queries.tsv", atomically: true, encoding: .utf8)
        try "qid\tdoc\tanchor\tgrade\nq1\t003_57592eb5b33f72b7\t停戦交渉の行方\t3\n"
            .write(toFile: directory + "/qrels.tsv", atomically: true, encoding: .utf8)
        let run = try sakuinOnSeeds("eval", directory)
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutputLines == [
            "qid\tnDCG@10\tR@10\tRR\tfound\tquery",
            "q1\t1.000\t1.000\t1.000\t1/1\t停戦交渉の行方",
            "q2\t1.000\t1.000\t1.000\t0/0\t尖閣諸島",
            "mean\t1.000\t1.000\t1.000\t\t2 queries",
        ])

        let missing = try sakuinOnSeeds("eval")
        #expect(missing.status == 2)
        #expect(missing.standardErrorLines.first == "Error: give a folder holding queries.tsv and qrels.tsv, or --queries and --qrels, --cite or --refs")
        let half = try sakuinOnSeeds("eval", directory, "--ranking", directory + "/r.tsv")
        #expect(half.status == 2)
        #expect(half.standardErrorLines.first == "Error: --ranking and --passages go together")
    }

    @Test("index of a missing path exits 2 naming it")
    func indexMissingPath() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        try FileManager.default.copyItem(atPath: CommandFixtures.seedsDirectory, toPath: directory + "/seeds")
        let run = try sakuin("index", "/no/such/path", in: directory)
        #expect(run.status == 2)
        #expect(run.standardOutput == "")
        #expect(run.standardError == "sakuin: no such file or directory: /no/such/path\n")

        // A failed first run must leave no empty index that would stop the build from ./seeds.
        let search = try sakuin("search", "停戦", in: directory)
        #expect(search.status == 0, "search after a failed `index /no/such/path`: \(search)")
        #expect(search.standardOutputLines.count == 5)
    }

    // MARK: - JSON

    @Test("--json prints ranked hits whose highlights are the query", arguments: ["ロシア軍", "ﾛｼｱ軍", "ＮＡＴＯ"])
    func jsonHitsHighlightQuery(_ query: String) throws {
        let run = try sakuinOnSeeds("search", query, "--json")
        #expect(run.status == 0, "\(run)")
        #expect(run.standardError == "")
        let object = try jsonObject(run)
        #expect(Set(object.keys).isSuperset(of: ["query", "total", "hits"]))
        #expect(object["query"] as? String == query)
        let hits = try jsonHits(run)
        let total = try #require(object["total"] as? Int)
        #expect(!hits.isEmpty)
        #expect(total >= hits.count)
        let expected = query.precomposedStringWithCompatibilityMapping.lowercased()
        var previousScore = Double.infinity
        for (offset, hit) in hits.enumerated() {
            for key in ["rank", "score", "doc", "path", "title", "line_start", "line_end", "snippet", "highlights", "text"] {
                #expect(hit[key] != nil, "hit \(offset + 1) has no \(key)")
            }
            #expect(hit["rank"] as? Int == offset + 1)
            let score = try #require(hit["score"] as? Double)
            #expect(score > 0 && score <= previousScore, "scores must not rise: \(score) after \(previousScore)")
            previousScore = score
            let doc = try #require(hit["doc"] as? String)
            #expect(matches(doc, #"\d{3}_[0-9a-f]{16}"#))
            #expect(hit["path"] as? String == CommandFixtures.seedsDirectory + "/" + doc + ".txt")
            let lineStart = try #require(hit["line_start"] as? Int)
            let lineEnd = try #require(hit["line_end"] as? Int)
            #expect(1 <= lineStart && lineStart <= lineEnd)

            let snippet = try #require(hit["snippet"] as? String)
            let text = try #require(hit["text"] as? String)
            let highlights = try #require(hit["highlights"] as? [[Int]])
            #expect(!highlights.isEmpty)
            for pair in highlights {
                let highlighted = try #require(scalars(of: snippet, pair),
                                               "highlight \(pair) outside the snippet's \(snippet.unicodeScalars.count) scalars")
                #expect(highlighted.precomposedStringWithCompatibilityMapping.lowercased() == expected)
                #expect(text.replacingOccurrences(of: "\n", with: "").contains(highlighted))
            }
            // Every occurrence in the snippet is highlighted; the snippet may cut some of the text's.
            let normalizedSnippet = snippet.precomposedStringWithCompatibilityMapping.lowercased()
            #expect(normalizedSnippet.components(separatedBy: expected).count - 1 == highlights.count, "\(snippet)")
            let textHighlights = try #require(hit["text_highlights"] as? [[Int]])
            #expect(textHighlights.count >= highlights.count)
            for pair in textHighlights {
                let highlighted = try #require(scalars(of: text, pair))
                #expect(highlighted.replacingOccurrences(of: "\n", with: "")
                    .precomposedStringWithCompatibilityMapping.lowercased() == expected)
            }
        }
    }

    @Test("a phrase across a hard line break is highlighted whole in the snippet and the text")
    func jsonPhraseAcrossLineBreak() throws {
        // seeds/004 lines 6-7: "…経済制裁の影響で、ロシア軍" / "の能力は減少傾向にあり…"
        let run = try sakuinOnSeeds("search", "\"ロシア軍の能力\"", "--json")
        #expect(run.status == 0, "\(run)")
        let hits = try jsonHits(run)
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit["doc"] as? String == "004_52d9f2df84919290")
        let lineStart = try #require(hit["line_start"] as? Int)
        let lineEnd = try #require(hit["line_end"] as? Int)
        #expect(lineStart <= 6 && 7 <= lineEnd)
        let snippet = try #require(hit["snippet"] as? String)
        let text = try #require(hit["text"] as? String)
        let highlights = try #require(hit["highlights"] as? [[Int]])
        let textHighlights = try #require(hit["text_highlights"] as? [[Int]])
        #expect(highlights.compactMap { scalars(of: snippet, $0) } == ["ロシア軍の能力"])
        #expect(textHighlights.compactMap { scalars(of: text, $0) } == ["ロシア軍\nの能力"])
    }

    @Test("--passages --json lists every matching passage and counts passages in total")
    func jsonPassages() throws {
        let grouped = try sakuinOnSeeds("search", "ロシア軍", "--json", "--limit", "1000")
        let passages = try sakuinOnSeeds("search", "ロシア軍", "--json", "--limit", "1000", "--passages")
        #expect(grouped.status == 0 && passages.status == 0)
        let groupedHits = try jsonHits(grouped)
        let passageHits = try jsonHits(passages)
        let groupedTotal = try #require(try jsonObject(grouped)["total"] as? Int)
        let passageTotal = try #require(try jsonObject(passages)["total"] as? Int)
        #expect(passageHits.count > groupedHits.count)
        #expect(groupedTotal == groupedHits.count)
        #expect(passageTotal == passageHits.count)
        // Grouping keeps one passage per document: as many as the documents among all passages.
        let documents = Set(passageHits.compactMap { $0["doc"] as? String })
        #expect(documents.count == groupedTotal)
        #expect(Set(groupedHits.compactMap { $0["doc"] as? String }) == documents)
        // No passage is listed twice.
        let keys = passageHits.map { "\($0["doc"] ?? ""):\($0["line_start"] ?? "")" }
        #expect(Set(keys).count == keys.count)
        // Each document's best passage is its grouped hit.
        for hit in groupedHits {
            let best = passageHits.first { $0["doc"] as? String == hit["doc"] as? String }
            #expect(best?["line_start"] as? Int == hit["line_start"] as? Int)
        }

        let limited = try sakuinOnSeeds("search", "ロシア軍", "--json", "--passages", "--limit", "3")
        #expect(try jsonHits(limited).count == 3)
        #expect(try jsonObject(limited)["total"] as? Int == passageTotal)
    }

    // MARK: - Colour

    @Test("--color always marks matches in bold red; plain output is the same text without escapes")
    func colorAlways() throws {
        let coloured = try sakuinOnSeeds("search", "停戦", "--color", "always")
        let plain = try sakuinOnSeeds("search", "停戦")
        #expect(coloured.status == 0)
        #expect(coloured.standardOutput.contains("\u{1B}[1;31m停戦\u{1B}[0m"))
        let stripped = coloured.standardOutput.replacing(try Regex(#"\x{1B}\[[0-9;]*m"#), with: "")
        #expect(stripped == plain.standardOutput)
    }

    @Test("no escape codes when standard output is a pipe, or with NO_COLOR and --color auto")
    func colorOff() throws {
        let piped = try sakuinOnSeeds("search", "停戦")
        #expect(piped.status == 0)
        #expect(!piped.standardOutput.contains("\u{1B}"))
        let noColor = try sakuinOnSeeds("search", "停戦", "--color", "auto", environment: ["NO_COLOR": "1"])
        #expect(noColor.status == 0)
        #expect(!noColor.standardOutput.contains("\u{1B}"))
        let never = try sakuinOnSeeds("search", "停戦", "--color", "never")
        #expect(!never.standardOutput.contains("\u{1B}"))
        // An explicit request wins over NO_COLOR.
        let forced = try sakuinOnSeeds("search", "停戦", "--color", "always", environment: ["NO_COLOR": "1"])
        #expect(forced.standardOutput.contains("\u{1B}[1;31m"))
    }

    // MARK: - Explain

    @Test("--explain prints a score line and its parts after each hit; the parts add up to the score")
    func explain() throws {
        let run = try sakuinOnSeeds("search", "ロシア 停戦", "--explain", "--limit", "3")
        #expect(run.status == 0, "\(run)")
        let lines = run.standardOutputLines
        var hitCount = 0
        var index = 0
        while index < lines.count {
            let hitLine = lines[index]
            #expect(matches(hitLine, #"/.+/\d{3}_[0-9a-f]{16}\.txt:\d+-\d+: .+"#), "\(hitLine)")
            hitCount += 1
            index += 1
            guard index < lines.count else {
                Issue.record("no score line after \(hitLine)")
                break
            }
            let scoreLine = lines[index]
            #expect(matches(scoreLine, #"    score \d+\.\d{3} \([a-z_]+(, under ".*")?\)"#), "\(scoreLine)")
            let score = Double(scoreLine.split(separator: " ")[1]) ?? -1
            index += 1
            var parts: [Double] = []
            while index < lines.count, lines[index].hasPrefix("      ") {
                let part = lines[index]
                #expect(matches(part, #"      \d+\.\d{3} = .+ \[(body|title), .+\] tf \d+, df \d+, idf \d+\.\d{3}"#), "\(part)")
                parts.append(Double(part.split(separator: " ")[0]) ?? -1)
                index += 1
            }
            #expect(!parts.isEmpty)
            #expect(abs(parts.reduce(0, +) - score) <= 0.0006 * Double(parts.count + 1),
                    "parts \(parts) do not add up to \(score)")
        }
        #expect(hitCount == 3)
    }

    // MARK: - show

    @Test("show DOC prints every passage with the file's own lines, numbered")
    func showDocument() throws {
        let document = "003_57592eb5b33f72b7"
        let path = CommandFixtures.seedsDirectory + "/" + document + ".txt"
        let fileLines = try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let run = try sakuinOnSeeds("show", document)
        #expect(run.status == 0, "\(run)")
        #expect(run.standardError == "")
        let header = try Regex(NSRegularExpression.escapedPattern(for: path) + #":(\d+)-(\d+): \[([a-z_]+)\]"#)
        var expectedLine: Int?
        var passageEnd = 0
        var passages = 0
        var previousEnd = 0
        for line in run.standardOutputLines {
            if let match = try header.wholeMatch(in: line) {
                #expect(expectedLine == nil, "passage ended early before \(line)")
                let start = Int(match.output[1].substring ?? "") ?? 0
                let end = Int(match.output[2].substring ?? "") ?? 0
                #expect(previousEnd < start && start <= end, "\(line)")
                expectedLine = start
                passageEnd = end
                previousEnd = end
                passages += 1
                continue
            }
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2, let number = Int(fields[0].trimmingCharacters(in: .whitespaces)),
                  fields[0] == "  \(number)" else {
                Issue.record("not a header or a numbered line: \(line)")
                continue
            }
            #expect(number == expectedLine, "line \(number) out of order")
            #expect(String(fields[1]) == fileLines[number - 1], "line \(number) differs from the file")
            expectedLine = number == passageEnd ? nil : number + 1
        }
        #expect(expectedLine == nil)
        #expect(passages > 0)
        #expect(previousEnd == 39)
    }

    @Test("show DOC:LINE prints only the passage holding that line")
    func showDocumentLine() throws {
        let search = try sakuinOnSeeds("search", "\"ロシア軍の能力\"", "--json")
        let hit = try #require(try jsonHits(search).first)
        let document = try #require(hit["doc"] as? String)
        let lineStart = try #require(hit["line_start"] as? Int)
        let lineEnd = try #require(hit["line_end"] as? Int)
        let path = try #require(hit["path"] as? String)
        for line in Set([lineStart, (lineStart + lineEnd) / 2, lineEnd]) {
            let run = try sakuinOnSeeds("show", "\(document):\(line)")
            #expect(run.status == 0, "\(run)")
            let lines = run.standardOutputLines
            #expect(lines.first == "\(path):\(lineStart)-\(lineEnd): [paragraph]")
            #expect(lines.count == lineEnd - lineStart + 2)
            #expect(lines.dropFirst().contains { $0.hasPrefix("  \(line)\t") && $0.contains("ロシア軍") } || line != 6)
        }
        // The path works as well as the name.
        let byPath = try sakuinOnSeeds("show", "\(path):\(lineStart)")
        #expect(byPath.status == 0)
        #expect(byPath.standardOutputLines.first == "\(path):\(lineStart)-\(lineEnd): [paragraph]")
    }

    @Test("show DOC:LINE past the end, or on a blank line, exits 2 and says where passages end")
    func showLineOutOfRange() throws {
        let far = try sakuinOnSeeds("show", "003_57592eb5b33f72b7:99999")
        #expect(far.status == 2)
        #expect(far.standardOutput == "")
        #expect(far.standardError == "sakuin: no passage of 003_57592eb5b33f72b7 holds line 99999 "
                + "(its passages end at line 39; blank lines belong to none)\n")
        let blank = try sakuinOnSeeds("show", "003_57592eb5b33f72b7:6")
        #expect(blank.status == 2)
        #expect(blank.standardError == "sakuin: no passage of 003_57592eb5b33f72b7 holds line 6 "
                + "(its passages end at line 39; blank lines belong to none)\n")
    }

    // MARK: - stats

    @Test("stats counts 5 documents and 353 passages, in text and in JSON, matching show")
    func stats() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let run = try sakuinOnSeeds("stats")
        #expect(run.status == 0, "\(run)")
        let lines = run.standardOutputLines
        #expect(lines.first == "index         index")
        #expect(lines.contains("documents     5"))
        #expect(lines.contains("passages      353 live, 0 deleted"))
        #expect(lines.contains("segments      1"))
        #expect(lines.contains("commits       1"))
        #expect(lines.map { String($0.prefix(14)).trimmingCharacters(in: .whitespaces) } == [
            "index", "documents", "passages", "segments", "terms", "segment files", "catalog", "source texts",
            "commits", "analyzer",
        ])

        let json = try jsonObject(try sakuinOnSeeds("stats", "--json"))
        #expect(json["documents"] as? Int == 5)
        #expect(json["passages"] as? Int == (4 + 18 + 0 + 0) + (18 + 140 + 37 + 64) + (8 + 31) + (5 + 12) + (3 + 11 + 2))
        #expect(json["passages"] as? Int == 353)
        #expect(json["deleted_passages"] as? Int == 0)
        #expect(json["directory"] as? String == shared.index)
        let sourceBytes = try CommandFixtures.seedFiles().reduce(0) {
            $0 + ((try FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0)
        }
        #expect(json["source_bytes"] as? Int == sourceBytes)

        // The passages `show --json` lists, summed over the documents, are the same 353.
        var sum = 0
        for file in try CommandFixtures.seedFiles() {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let show = try jsonObject(try sakuinOnSeeds("show", name, "--json"))
            sum += (show["passages"] as? [Any])?.count ?? 0
        }
        #expect(sum == 353)
    }

    // MARK: - index

    /// The summary line `sakuin index` prints, with its timing as a pattern.
    func summaryPattern(_ counts: String, passages: Int, segments: Int) -> String {
        NSRegularExpression.escapedPattern(
            for: "\(counts); \(passages == 1 ? "1 passage" : "\(passages) passages") in \(segments) new segment(s); ")
            + #"\d+\.\d{2} s"#
    }

    @Test("index is incremental: unchanged files are skipped, changed and removed ones handled")
    func incrementalIndex() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let docs = directory + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "停戦交渉は難航した。\n".write(toFile: docs + "/a.txt", atomically: true, encoding: .utf8)
        try "# 題名\n\nロシア軍の能力は減少した。\n".write(toFile: docs + "/b.md", atomically: true, encoding: .utf8)
        try "x,y\n".write(toFile: docs + "/notes.csv", atomically: true, encoding: .utf8)

        let first = try sakuin("index", "docs", "--index", "ix", in: directory)
        #expect(first.status == 0, "\(first)")
        #expect(first.standardError == "sakuin: skipped: \(docs)/notes.csv (not .txt or .md)\n")
        #expect(first.standardOutputLines.count == 1)
        #expect(matches(first.standardOutput.trimmingCharacters(in: .newlines),
                        summaryPattern("2 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 0 failed",
                                       passages: 3, segments: 1)), "\(first)")

        let again = try sakuin("index", "docs", "--index", "ix", in: directory)
        #expect(again.status == 0)
        #expect(again.standardOutput.hasPrefix("0 added, 0 updated, 2 unchanged, 0 removed"))
        #expect(matches(again.standardOutput.trimmingCharacters(in: .newlines),
                        summaryPattern("0 added, 0 updated, 2 unchanged, 0 removed, 1 skipped, 0 failed",
                                       passages: 0, segments: 0)), "\(again)")

        // With no paths, the paths indexed before.
        let remembered = try sakuin("index", "--index", "ix", in: directory)
        #expect(remembered.status == 0)
        #expect(remembered.standardOutput.hasPrefix("0 added, 0 updated, 2 unchanged, 0 removed, 1 skipped, 0 failed;"))

        try "和平合意が成立した。\n".write(toFile: docs + "/a.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: docs + "/b.md")
        let changed = try sakuin("index", "docs", "--index", "ix", in: directory)
        #expect(changed.status == 0, "\(changed)")
        #expect(matches(changed.standardOutput.trimmingCharacters(in: .newlines),
                        summaryPattern("0 added, 1 updated, 0 unchanged, 1 removed, 1 skipped, 0 failed",
                                       passages: 1, segments: 1)), "\(changed)")

        let old = try sakuin("search", "停戦", "--index", "ix", in: directory)
        #expect(old.status == 1)
        let new = try sakuin("search", "和平", "--index", "ix", in: directory)
        #expect(new.status == 0)
        #expect(new.standardOutput == "docs/a.txt:1-1: 和平合意が成立した。\n")
        let gone = try sakuin("search", "ロシア軍", "--index", "ix", in: directory)
        #expect(gone.status == 1)

        let rebuilt = try sakuin("index", "--rebuild", "--index", "ix", in: directory)
        #expect(rebuilt.status == 0, "\(rebuilt)")
        #expect(matches(rebuilt.standardOutput.trimmingCharacters(in: .newlines),
                        summaryPattern("1 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 0 failed",
                                       passages: 1, segments: 1)), "\(rebuilt)")
        let stats = try jsonObject(try sakuin("stats", "--json", "--index", "ix", in: directory))
        #expect(stats["documents"] as? Int == 1)
        #expect(stats["passages"] as? Int == 1)
        #expect(stats["deleted_passages"] as? Int == 0)
        #expect(stats["segments"] as? Int == 1)
        let afterRebuild = try sakuin("search", "和平", "--index", "ix", in: directory)
        #expect(afterRebuild.standardOutput == new.standardOutput)
    }

    @Test("a file that is not UTF-8 is skipped with its byte offset, the others indexed, status 2")
    func invalidUTF8() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let docs = directory + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "停戦交渉は難航した。\n".write(toFile: docs + "/a.txt", atomically: true, encoding: .utf8)
        try Data([0x6F, 0x6B, 0xFF, 0x62, 0x61, 0x64, 0x0A]).write(to: URL(fileURLWithPath: docs + "/bad.txt"))

        let run = try sakuin("index", "docs", "--index", "ix", in: directory)
        #expect(run.status == 2)
        #expect(run.standardError
                == "sakuin: skipped: \(docs)/bad.txt is not valid UTF-8 (byte offset 2)\n")
        #expect(matches(run.standardOutput.trimmingCharacters(in: .newlines),
                        summaryPattern("1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed",
                                       passages: 1, segments: 1)), "\(run)")
        let search = try sakuin("search", "停戦", "--index", "ix", in: directory)
        #expect(search.status == 0)
        #expect(search.standardOutput == "docs/a.txt:1-1: 停戦交渉は難航した。\n")
    }

    @Test("a second writer is refused while the lock is held, naming the holder; readers go on")
    func secondWriterIsLocked() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let docs = directory + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "停戦交渉は難航した。\n".write(toFile: docs + "/a.txt", atomically: true, encoding: .utf8)
        let index = directory + "/ix"
        let built = try sakuin("index", "docs", "--index", index, in: directory)
        #expect(built.status == 0, "\(built)")

        let lockPath = index + "/write.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0, "cannot open \(lockPath): errno \(errno)")
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0, "cannot lock \(lockPath): errno \(errno)")
        defer { flock(descriptor, LOCK_UN) }
        let holder = getpid()
        _ = ftruncate(descriptor, 0)
        let text = Array("\(holder)\n".utf8)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }

        let expected = "sakuin: index is locked by process \(holder) (\(lockPath))\n"
        let second = try sakuin("index", "docs", "--index", index, in: directory)
        #expect(second.status == 2)
        #expect(second.standardOutput == "")
        #expect(second.standardError == expected)
        #expect(second.standardError.contains("locked"))

        let rebuild = try sakuin("index", "--rebuild", "docs", "--index", index, in: directory)
        #expect(rebuild.status == 2)
        #expect(rebuild.standardError == expected)

        // Searching takes no lock.
        let search = try sakuin("search", "停戦", "--index", index, in: directory)
        #expect(search.status == 0, "\(search)")
        #expect(search.standardOutput == "docs/a.txt:1-1: 停戦交渉は難航した。\n")

        flock(descriptor, LOCK_UN)
        let after = try sakuin("index", "docs", "--index", index, in: directory)
        #expect(after.status == 0, "\(after)")
        #expect(after.standardOutput.hasPrefix("0 added, 0 updated, 1 unchanged, 0 removed"))
    }

    // MARK: - analyze

    @Test("analyze shows the normalized text, words and grams")
    func analyze() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        let run = try sakuin("analyze", "東京", in: directory)
        #expect(run.status == 0)
        #expect(run.standardError == "")
        let lines = run.standardOutputLines
        #expect(Array(lines.prefix(3)) == ["normalized: 東京", "words:      東京@0", "grams:      東京@0 京@1"])
        #expect(lines.count == 4)
        #expect(lines.last?.hasPrefix("analyzer:   sakuin-analyzer/") == true)
        // analyze needs no index.
        #expect(!FileManager.default.fileExists(atPath: directory + "/index"))

        let empty = try sakuin("analyze", "", in: directory)
        #expect(empty.status == 2)
        #expect(empty.standardError == "sakuin analyze: empty text\n")
    }
}
