import Foundation
import Testing
@testable import Sakuin

@Suite("synonyms: the thesaurus and the terms it widens")
struct ThesaurusTests {
    static let s000 = "000_cc57c55956077614"
    static let s001 = "001_49dd464655a60e45"

    func passages(_ query: String, _ thesaurus: Thesaurus = .general, matching: QueryMatching = .lenient,
                  limit: Int = 10) throws -> [HitLocation] {
        var options = SearchOptions(limit: limit, groupsByDocument: false, matching: matching)
        options.thesaurus = thesaurus
        return try TestIndex.seeds().search(query, options: options).hits.map(HitLocation.init)
    }

    func withFile<R>(_ text: String, _ body: (String) throws -> R) throws -> R {
        try TestIndex.withTemporaryDirectory("sakuin-synonyms") { directory in
            let path = directory + "/synonyms.txt"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return try body(path)
        }
    }

    @Test("a synonyms file: one group a line, commas of either width, comments and blank lines skipped, words folded")
    func readsFile() throws {
        let thesaurus = try withFile("# mine\n\nＵＳＡ, 米国 ，アメリカ\r\n停戦協議,和平交渉\n") { try Thesaurus(contentsOfFile: $0) }
        #expect(thesaurus.groups == [["usa", "米国", "アメリカ"], ["停戦協議", "和平交渉"]])
        #expect(thesaurus.synonyms(of: "米国") == ["usa", "アメリカ"])
        #expect(thesaurus.synonyms(of: "停戦") == [])
    }

    @Test("a malformed synonyms file is refused with its path and line")
    func refusesMalformedFile() throws {
        let cases = [
            ("a,b\n停戦\n", 2, "a group needs two or more different words, separated by commas"),
            ("米国, ＵＳＡ, usa\nnato, NATO\n", 2, "a group needs two or more different words, separated by commas"),
            ("停戦,,和平\n", 1, "an empty word (two commas in a row, or one at an end)"),
            ("# x\n停戦, 和平,\n", 2, "an empty word (two commas in a row, or one at an end)"),
        ]
        for (text, line, problem) in cases {
            try withFile(text) { path in
                let message = TestIndex.errorMessage { () throws(SakuinError) in _ = try Thesaurus(contentsOfFile: path) }
                #expect(message == "\(path):\(line): \(problem)")
            }
        }
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try Thesaurus(contentsOfFile: "/nonexistent/synonyms.txt") }
                    == "the synonyms file /nonexistent/synonyms.txt does not exist")
        try withFile("") { path in
            try Data([0x61, 0x2C, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
            #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try Thesaurus(contentsOfFile: path) }
                        == "cannot read the synonyms file \(path) as UTF-8 text")
        }
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try Thesaurus(groups: [["a", "b"], ["c"]]) }
                    == "group 2: a group needs two or more different words, separated by commas")
    }

    @Test("the general groups: folded nouns of two or more characters with no hiragana, two or more a group")
    func generalGroups() {
        let groups = Thesaurus.general.groups
        #expect(groups.count > 20_000)
        #expect(groups.allSatisfy { $0.count >= 2 && Set($0).count == $0.count })
        let words = groups.joined()
        #expect(words.allSatisfy { $0.unicodeScalars.count >= 2 })
        #expect(!words.contains { $0.unicodeScalars.contains { (0x3041...0x309F).contains($0.value) } })
        #expect(!words.contains { $0 != Thesaurus.fold($0) })
        #expect(Thesaurus.general.synonyms(of: "ナチス") == ["nazi", "nazis", "ナチ"])
        #expect(Thesaurus.general.synonyms(of: "米国").starts(with: ["america", "u.s.a.", "united states of america", "usa", "アメリカ"]))
        #expect(Thesaurus.general.synonyms(of: "停戦") == [])
    }

    @Test("the general index finds every word's groups by binary search, and nothing for words it lacks")
    func generalIndex() {
        var expected: [String: [[String]]] = [:]
        for group in GeneralThesaurus.allGroups {
            for word in group { expected[word, default: []].append(group) }
        }
        #expect(expected.count == 67_471)
        #expect(expected.allSatisfy { GeneralThesaurus.groups(containing: $0.key) == $0.value })
        let sorted = expected.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var probes = ["", "ナ", "ナチスス", "停戦", "\u{0}", "\u{10FFFF}", "!"]
        probes += sorted.prefix(1).map { String($0.dropLast()) } + sorted.suffix(1).map { $0 + "z" }
        for word in probes {
            #expect(GeneralThesaurus.groups(containing: word) == (expected[word] ?? []), "\(word)")
        }
    }

    @Test("groups added to the general ones: a word has the synonyms of both, each once")
    func adding() throws {
        let mine = try Thesaurus(groups: [["ナチ", "国家社会主義"]])
        let both = Thesaurus.general.adding(mine)
        #expect(both.synonyms(of: "ナチ") == ["nazi", "nazis", "ナチス", "国家社会主義"])
        #expect(both.adding(mine) == both)
        #expect(both != Thesaurus.general)
        #expect(Thesaurus.empty.adding(mine) == mine)
    }

    @Test("非ナチス化 also finds 非ナチ化 (a word of the compound replaced), after the exact passage; not with --exact or no thesaurus")
    func compoundWordReplaced() throws {
        #expect(try passages("非ナチス化") == [
            HitLocation(Self.s000, 37, 39), HitLocation(Self.s001, 161, 161), HitLocation(Self.s001, 177, 177),
            HitLocation(Self.s001, 291, 291), HitLocation(Self.s001, 432, 432),
        ])
        #expect(try passages("非ナチス化", .empty) == [HitLocation(Self.s000, 37, 39)])
        #expect(try passages("非ナチス化", matching: .exact) == [HitLocation(Self.s000, 37, 39)])
        #expect(try passages("\"非ナチス化\"") == [HitLocation(Self.s000, 37, 39)])
        // A negated term excludes only itself: 非ナチ化 is not taken for it.
        #expect(try passages("非軍事化 -非ナチス化", limit: 100).contains(HitLocation(Self.s001, 161, 161)))
    }

    @Test("a user's group finds the passages with the other word; the general groups stay out when left out")
    func userGroup() throws {
        let mine = try Thesaurus(groups: [["和平交渉", "停戦協議"]])
        let with = Set(try passages("和平交渉", mine, limit: 1000))
        let without = Set(try passages("和平交渉", .empty, limit: 1000))
        let added = with.subtracting(without).sorted()
        #expect(added == [31, 183, 195, 199, 203, 233, 477].map { HitLocation(Self.s001, $0, $0) })
        // Exactly the passages that say 停戦協議 and were not found before.
        #expect(added == Set(try passages("\"停戦協議\"", .empty, limit: 1000)).subtracting(without).sorted())
        #expect(without.isSubset(of: with))
    }

    @Test("a term without Japanese is not widened: RAND would find ランド inside ポーランド")
    func latinTermsStay() throws {
        #expect(try passages("RAND", limit: 100) == passages("RAND", .empty, limit: 100))
    }

    @Test("the explanation says a term may match its synonyms; the highlight is on the synonym")
    func explainedAndHighlighted() throws {
        var options = SearchOptions(limit: 2, groupsByDocument: false, explains: true)
        options.thesaurus = .general
        let hits = try TestIndex.seeds().search("非ナチス化", options: options).hits
        #expect(hits.map { $0.explanation.first?.matchedAs } == ["phrase of 4 bigrams, or its synonym", "phrase of 4 bigrams, or its synonym"])
        let synonymHit = try #require(hits.last)
        #expect(synonymHit.snippet.highlights.map { String(Array(synonymHit.snippet.text.unicodeScalars)[$0].map(Character.init)) }
                    == ["非ナチ化"])
    }

    @Test("sakuin search --synonyms FILE --no-general-synonyms: the file's groups only; a bad file exits 2 naming the line")
    func commandLine() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        func search(_ arguments: [String]) throws -> CommandRunner.Result {
            try CommandRunner.run(["search", "--passages", "--limit", "1000", "--color", "never"] + arguments
                                    + ["--index", shared.index], in: shared.workingDirectory)
        }
        func lines(_ run: CommandRunner.Result) -> Set<String> {
            // The file name and lines of each hit: `001_….txt:31-31:`.
            Set(run.standardOutputLines.map { $0.prefix { $0 != " " }.split(separator: "/").last.map(String.init) ?? "" })
        }
        try withFile("停戦協議, 和平交渉\n") { path in
            let mine = try search(["和平交渉", "--synonyms", path, "--no-general-synonyms"])
            let none = try search(["和平交渉", "--exact"])
            #expect(mine.status == 0 && none.status == 0)
            #expect(lines(mine).subtracting(lines(none)).sorted() == [31, 183, 195, 199, 203, 233, 477].map {
                "\(Self.s001).txt:\($0)-\($0):"
            }.sorted())
            // Only the file's groups: 非ナチス化 finds only itself.
            let alone = try search(["非ナチス化", "--synonyms", path, "--no-general-synonyms"])
            #expect(alone.standardOutputLines.count == 1)
            let general = try search(["非ナチス化"])
            #expect(general.standardOutputLines.count == 5)
        }
        try withFile("停戦協議, 和平交渉\n停戦\n") { path in
            let bad = try search(["和平交渉", "--synonyms", path])
            #expect(bad.status == 2)
            #expect(bad.standardOutput == "")
            #expect(bad.standardErrorLines == ["sakuin: \(path):2: a group needs two or more different words, separated by commas"])
        }
    }

    @Test("sakuin eval --synonyms FILE and --no-general-synonyms: the judged queries run with those groups; a bad file exits 2")
    func evalOptions() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        try TestIndex.withTemporaryDirectory("sakuin-eval-synonyms") { folder in
            try "qid\tquery\nq1\t非ナチス化\nq2\t休戦協議\n".write(toFile: folder + "/queries.tsv", atomically: true, encoding: .utf8)
            try """
                qid\tdoc\tanchor\tgrade
                q1\t\(Self.s001)\t「非軍事化、非ナチ化」を行うために\t3
                q2\t\(Self.s001)\t虐殺を非難したが停戦協議は続ける\t3

                """.write(toFile: folder + "/qrels.tsv", atomically: true, encoding: .utf8)
            try "休戦協議, 停戦協議\n".write(toFile: folder + "/mine.txt", atomically: true, encoding: .utf8)
            try "休戦協議\n".write(toFile: folder + "/bad.txt", atomically: true, encoding: .utf8)
            func eval(_ arguments: [String]) throws -> CommandRunner.Result {
                try CommandRunner.run(["eval", folder] + arguments + ["--index", shared.index], in: shared.workingDirectory)
            }
            /// The `found` column of each query's row.
            func found(_ run: CommandRunner.Result) -> [String] {
                run.standardOutputLines.filter { $0.hasPrefix("q") && !$0.hasPrefix("qid") }.map { $0.split(separator: "\t")[4].description }
            }
            let general = try eval([])
            #expect(general.status == 0)
            #expect(found(general) == ["1/1", "0/1"])
            let none = try eval(["--no-general-synonyms"])
            #expect(found(none) == ["0/1", "0/1"])
            let mine = try eval(["--synonyms", folder + "/mine.txt"])
            #expect(found(mine) == ["1/1", "1/1"])
            let bad = try eval(["--synonyms", folder + "/bad.txt"])
            #expect(bad.status == 2)
            #expect(bad.standardOutput == "")
            #expect(bad.standardErrorLines == ["sakuin: \(folder)/bad.txt:1: a group needs two or more different words, separated by commas"])
        }
    }
}
