import Foundation
import Glibc
import Testing
@testable import Sakuin

/// Shorthand for an expected hit: document name and line range.
private func at(_ document: String, _ lines: ClosedRange<Int>) -> HitLocation {
    HitLocation(document, lines.lowerBound, lines.upperBound)
}

/// The seed papers' names, by their number.
private enum Seed {
    static let s000 = "000_cc57c55956077614"
    static let s001 = "001_49dd464655a60e45"
    static let s002 = "002_7435ec9e20f77821"
    static let s003 = "003_57592eb5b33f72b7"
    static let s004 = "004_52d9f2df84919290"
}

// MARK: - The seed papers

/// End-to-end tests of the library: an index of the seed papers, a small synthetic corpus, and
/// bad input. The nested suites share the prefix `SearchIndexTests` for `--filter`.
@Suite("SearchIndex end to end")
struct SearchIndexTests {}

extension SearchIndexTests {
@Suite("searching the seed papers")
struct SeedPapers {
    @Test("the seed index holds the five papers, named by file stem")
    func seedDocuments() throws {
        let index = try TestIndex.seeds()
        #expect(try index.documents().map(\.name).sorted() == [Seed.s000, Seed.s001, Seed.s002, Seed.s003, Seed.s004])
    }

    @Test("a phrase across a hard line break matches", arguments: [
        // `ロシア軍` ends line 6, `の能力` starts line 7.
        ("\"ロシア軍の能力\"", at(Seed.s004, 3...11)),
        // `投入さ` / `れている` (lines 13–14).
        ("\"ウクライナ東部に投入されている\"", at(Seed.s004, 12...16)),
        // `ロ` / `シア` split inside a word (lines 28–29), with a middle dot before it.
        ("\"非加盟・ロシアにとっての\"", at(Seed.s004, 17...32)),
        // `ウク` / `ライナ` (lines 19–20).
        ("\"オレシュニクをウクライナに向けて発射\"", at(Seed.s004, 17...32)),
        // A sentence split by blank lines: `…解決すると` (line 9) / blank / `語り、…` (line 11).
        ("\"１００日間で解決すると語り、それでさえ\"", at(Seed.s002, 7...11)),
        ("\"解決すると語り\"", at(Seed.s002, 7...11)),
        // `サウジアラビアで` (line 15) / blank / `停戦に向けた` (line 17).
        ("\"サウジアラビアで停戦に向けた\"", at(Seed.s002, 13...17)),
    ])
    func phraseAcrossLineBreak(query: String, expected: HitLocation) throws {
        let index = try TestIndex.seeds()
        #expect(try index.passageHits(query) == [expected])
    }

    @Test("a space that PDF extraction put between a number and a Japanese word does not stop a phrase")
    func spacedNumbers() throws {
        let index = try TestIndex.seeds()
        #expect(try index.passageHits("第2次世界大戦") == [at(Seed.s004, 12...16)])
        #expect(try index.passageHits("\"2024年3月\"") == [at(Seed.s001, 477...477), at(Seed.s004, 3...11)].sorted())
        // A space in the query still needs the Japanese run before it to end there.
        #expect(try index.passageHits("\"大戦 後\"") == [])
    }

    @Test("full-width digits match ASCII digits, spaced or not: ２０１４年 ≡ 2014年 ≡ 2014 年")
    func fullWidthDigits() throws {
        let index = try TestIndex.seeds()
        // 001's lines 27, 87, 91, 291 and 428 write `2014 年`, as PDF extraction often spaces a
        // number from its unit: whitespace does not count in phrase positions.
        let expected = [
            at(Seed.s001, 27...27), at(Seed.s001, 87...87), at(Seed.s001, 91...91), at(Seed.s001, 291...291),
            at(Seed.s001, 428...428),
            at(Seed.s000, 37...39), at(Seed.s001, 42...42), at(Seed.s001, 52...52), at(Seed.s001, 101...101),
            at(Seed.s001, 103...103), at(Seed.s001, 113...113), at(Seed.s001, 115...115), at(Seed.s001, 124...124),
            at(Seed.s001, 136...136), at(Seed.s002, 55...55),
        ].sorted()
        #expect(try index.passageHits("２０１４年") == expected)
        #expect(try index.passageHits("2014年") == expected)
        #expect(try index.passageHits("\"２０１４年\"") == expected)
        #expect(try index.passageHits("\"2014年\"") == expected)
        #expect(try index.passageHits("\"2014 年\"") == expected)
    }

    @Test("half-width katakana matches full-width: ｳｸﾗｲﾅ ≡ ウクライナ")
    func halfWidthKatakana() throws {
        let index = try TestIndex.seeds()
        // Quoted: exactly these characters (unquoted, both also find the synonym Ukraine).
        let fullWidth = try index.passageHits("\"ウクライナ\"")
        #expect(fullWidth.count > 100)
        #expect(try index.passageHits("\"ｳｸﾗｲﾅ\"") == fullWidth)
        #expect(try index.passageHits("ｳｸﾗｲﾅ") == index.passageHits("ウクライナ"))
        // Every passage whose text has ウクライナ (with hard line breaks removed) is found.
        var containing: [HitLocation] = []
        for seed in TestIndex.seedFiles {
            for passage in try index.passages(of: seed.name).passages
            where passage.text.replacingOccurrences(of: "\n", with: "").contains("ウクライナ") {
                containing.append(at(seed.name, passage.lineStart...passage.lineEnd))
            }
        }
        #expect(Set(containing).subtracting(fullWidth).sorted() == [])
    }

    @Test("Latin letters match in any width and case: ＮＡＴＯ ≡ nato ≡ NATO")
    func latinWidthAndCase() throws {
        let index = try TestIndex.seeds()
        let expected = [
            at(Seed.s000, 21...21), at(Seed.s000, 27...27), at(Seed.s000, 33...35),
            at(Seed.s001, 120...120), at(Seed.s001, 132...132), at(Seed.s001, 142...142), at(Seed.s001, 144...144),
            at(Seed.s001, 159...159), at(Seed.s001, 161...161), at(Seed.s001, 179...179), at(Seed.s001, 203...203),
            at(Seed.s001, 205...205), at(Seed.s001, 354...354), at(Seed.s001, 432...432),
            at(Seed.s002, 71...75), at(Seed.s002, 77...83), at(Seed.s003, 11...11), at(Seed.s003, 13...13),
            at(Seed.s004, 17...32),
        ].sorted()
        #expect(try index.passageHits("ＮＡＴＯ") == expected)
        #expect(try index.passageHits("nato") == expected)
        #expect(try index.passageHits("NATO") == expected)
        #expect(try index.passageHits("Nato") == expected)
        #expect(try index.documentHits("ＮＡＴＯ") == [Seed.s000, Seed.s001, Seed.s002, Seed.s003, Seed.s004])
    }

    @Test("a one-character query 露 finds every passage with 露, the 露朝 passages among them")
    func oneCharacterKanji() throws {
        let index = try TestIndex.seeds()
        let roChou = [at(Seed.s004, 34...34), at(Seed.s004, 45...52), at(Seed.s004, 68...70)]
        #expect(try index.passageHits("露朝") == roChou)
        #expect(try index.passageHits("\"露朝\"") == roChou)
        let ro = try index.passageHits("露")
        #expect(Set(roChou).isSubset(of: Set(ro)))
        // Exactly the passages whose stored text has 露.
        var containing: [HitLocation] = []
        for seed in TestIndex.seedFiles {
            for passage in try index.passages(of: seed.name).passages where passage.text.contains("露") {
                containing.append(at(seed.name, passage.lineStart...passage.lineEnd))
            }
        }
        #expect(ro == containing.sorted())
        #expect(ro.count == 26)
    }

    @Test("grouped by document, each document appears once with its best passage")
    func groupedByDocument() throws {
        let index = try TestIndex.seeds()
        let results = try index.search("露", options: SearchOptions(limit: 100, groupsByDocument: true))
        #expect(results.total == 4)
        #expect(results.hits.map(\.document.name).sorted() == [Seed.s000, Seed.s001, Seed.s002, Seed.s004])
        #expect(results.hits.map(\.rank) == [1, 2, 3, 4])
        let limited = try index.search("露", options: SearchOptions(limit: 2, groupsByDocument: false))
        #expect(limited.total == 26)
        #expect(limited.hits.count == 2)
    }

    @Test("an offset starts the page at rank offset + 1; past the end the page is empty; a huge limit is clamped")
    func offsetPages() throws {
        let index = try TestIndex.seeds()
        let all = try index.search("露", options: SearchOptions(limit: 100, groupsByDocument: false))
        #expect(all.hits.count == 26)
        #expect(all.offset == 0)
        let page = try index.search("露", options: SearchOptions(limit: 5, offset: 24, groupsByDocument: false))
        #expect(page.offset == 24)
        #expect(page.total == 26)
        #expect(page.hits == Array(all.hits[24...]))
        #expect(page.hits.map(\.rank) == [25, 26])
        let past = try index.search("露", options: SearchOptions(limit: 5, offset: 26, groupsByDocument: false))
        #expect(past == SearchResults(query: "露", total: 26, hits: [], offset: 26))
        let far = try index.search("露", options: SearchOptions(limit: .max, offset: .max, groupsByDocument: false))
        #expect(far.hits.isEmpty && far.total == 26)
        #expect(try index.search("露", options: SearchOptions(limit: .max, groupsByDocument: false)) == all)
        #expect(SearchOptions.maximumLimit == 10_000)
        let error = TestIndex.errorMessage { () throws(SakuinError) in
            _ = try index.search("露", options: SearchOptions(offset: -1))
        }
        #expect(error == "the offset must be 0 or more, not -1")
    }
}

}

// MARK: - A small synthetic corpus

/// Eight short documents, each a heading (its title) and one paragraph.
private enum Corpus {
    static let documents = [
        InMemoryDocument(name: "a", text: "# 停戦交渉\n\nロシアとウクライナの停戦交渉が始まった。\n"),
        InMemoryDocument(name: "b", text: "# 経済制裁\n\n米国はロシアに経済制裁を科した。New sanctions were announced.\n"),
        InMemoryDocument(name: "c", text: "# NATO加盟\n\nウクライナはNATO加盟を望んでいる。The allies sanctioned the move.\n"),
        InMemoryDocument(name: "d", text: "# 露朝関係\n\n露朝の軍事協力が進む。北朝鮮は兵士を派遣した。\n"),
        InMemoryDocument(name: "e", text: "# 和平案\n\n和平案の協議では停戦と、その後の交渉が別々に論じられた。\n"),
        // `軍事支` / `援` broken across lines 3–4.
        InMemoryDocument(name: "f", text: "# 軍事支援\n\n西側諸国の軍事支\n援は続いている。\n"),
        // 禁輸 three times in a short passage …
        InMemoryDocument(name: "g", text: "# 禁輸の記録\n\n禁輸、禁輸、禁輸。\n"),
        // … and once in a long one.
        InMemoryDocument(name: "h", text: "# 長い報告\n\n" + String(repeating: "各国の代表が集まり、会議は長時間に及んだ。", count: 8)
            + "最後に禁輸が議題となった。" + String(repeating: "議論は夜まで続いた。", count: 8) + "\n"),
    ]

    static let directory: Result<String, SakuinError> = {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sakuin-e2e-corpus-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        atexit {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("sakuin-e2e-corpus-\(getpid())").path
            try? FileManager.default.removeItem(atPath: directory)
        }
        do throws(SakuinError) {
            let summary = try SearchIndex(directory: directory).add(documents)
            guard summary.added == documents.count else { return .failure(.invalidRequest("summary: \(summary)")) }
            return .success(directory)
        } catch {
            return .failure(error)
        }
    }()

    static func open() throws -> SearchIndex {
        try SearchIndex(directory: directory.get(), mode: .openExisting)
    }
}

extension SearchIndexTests {
@Suite("search semantics on a small corpus")
struct Semantics {
    @Test("titles are the first heading; each document is a heading passage and a paragraph")
    func corpusShape() throws {
        let index = try Corpus.open()
        let documents = try index.documents()
        #expect(documents.map(\.name).sorted() == ["a", "b", "c", "d", "e", "f", "g", "h"])
        #expect(documents.first { $0.name == "a" }?.title == "停戦交渉")
        #expect(documents.first { $0.name == "c" }?.title == "NATO加盟")
        #expect(documents.allSatisfy { $0.passageCount == 2 })
        let f = try index.passages(of: "f")
        #expect(f.passages.map { [$0.lineStart, $0.lineEnd] } == [[1, 1], [3, 4]])
        #expect(f.passages.map(\.kind) == [.heading, .paragraph])
        #expect(f.passages[1].text == "西側諸国の軍事支\n援は続いている。")
    }

    @Test("query semantics: exact passage and document hit sets", arguments: [
        // AND by juxtaposition and with the keyword: every term in the same document.
        ("ロシア 停戦", [at("a", 1...1), at("a", 3...3)]),
        // Terms in different passages of one document: the document matches, and each passage
        // with one of them is a candidate (BM25 ranks the one with both first).
        ("北朝鮮 関係", [at("d", 1...1), at("d", 3...3)]),
        ("ロシア AND 制裁", [at("b", 1...1), at("b", 3...3)]),
        ("ロシア 露朝", []),
        // OR.
        ("露朝 OR 禁輸", [at("d", 1...1), at("d", 3...3), at("g", 1...1), at("g", 3...3), at("h", 3...3)]),
        // Exclusion with `-` and `NOT`.
        ("ウクライナ -NATO", [at("a", 3...3)]),
        ("ウクライナ NOT 停戦", [at("c", 3...3)]),
        ("ウクライナ -(停戦 OR NATO)", []),
        // Parentheses against precedence: OR binds tighter than AND.
        ("露朝 OR (ロシア 制裁)", [at("b", 1...1), at("b", 3...3), at("d", 1...1), at("d", 3...3)]),
        ("露朝 OR ロシア 制裁", [at("b", 1...1), at("b", 3...3)]),
        ("(露朝 OR ロシア) 制裁", [at("b", 1...1), at("b", 3...3)]),
        // An exact phrase against the same words apart.
        ("\"停戦交渉\"", [at("a", 1...1), at("a", 3...3)]),
        ("停戦 交渉", [at("a", 1...1), at("a", 3...3), at("e", 3...3)]),
        ("\"停戦と交渉\"", []),
        // Latin words match whole; `prefix*` matches the words that start with it.
        ("sanction*", [at("b", 3...3), at("c", 3...3)]),
        ("Sanction*", [at("b", 3...3), at("c", 3...3)]),
        ("sanctions", [at("b", 3...3)]),
        ("sanctioned", [at("c", 3...3)]),
        ("sanction", []),
        ("\"new sanctions\"", [at("b", 3...3)]),
        ("\"sanctions new\"", []),
        // `title:` matches documents by their title; every passage of such a document is a hit.
        ("title:停戦", [at("a", 1...1), at("a", 3...3)]),
        ("title:nato", [at("c", 1...1), at("c", 3...3)]),
        ("title:禁輸 OR 露朝", [at("d", 1...1), at("d", 3...3), at("g", 1...1), at("g", 3...3)]),
        ("title:ウクライナ", []),
        ("title:(露朝 OR 和平案)", [at("d", 1...1), at("d", 3...3), at("e", 1...1), at("e", 3...3)]),
        // One-character kanji: any gram that starts with it, and the last character of a run.
        ("露", [at("d", 1...1), at("d", 3...3)]),
        ("朝", [at("d", 1...1), at("d", 3...3)]),
        ("輸", [at("g", 1...1), at("g", 3...3), at("h", 3...3)]),
        // A Japanese term across a hard line break (`軍事支` / `援`).
        ("軍事支援", [at("f", 1...1), at("f", 3...4)]),
        ("\"軍事支援は続いている\"", [at("f", 3...4)]),
        ("支援", [at("f", 1...1), at("f", 3...4)]),
        // Mixed Latin and kanji.
        ("NATO加盟", [at("c", 1...1), at("c", 3...3)]),
        ("ＮＡＴＯ加盟", [at("c", 1...1), at("c", 3...3)]),
        ("\"NATO加盟を望んでいる\"", [at("c", 3...3)]),
        ("NATO", [at("c", 1...1), at("c", 3...3)]),
        // Words that are nowhere.
        ("北大西洋", []),
        ("sanctionsx", []),
    ])
    func semantics(query: String, expected: [HitLocation]) throws {
        let index = try Corpus.open()
        let passages = try index.search(query, options: SearchOptions(limit: 1000, groupsByDocument: false))
        #expect(passages.hits.map(HitLocation.init).sorted() == expected.sorted())
        #expect(passages.total == expected.count)
        #expect(passages.hits.map(\.rank) == passages.hits.indices.map { $0 + 1 })

        let documents = try index.search(query, options: SearchOptions(limit: 1000, groupsByDocument: true))
        let expectedDocuments = Set(expected.map(\.document)).sorted()
        #expect(documents.hits.map(\.document.name).sorted() == expectedDocuments)
        #expect(documents.total == expectedDocuments.count)
    }

    @Test("a short passage with the term three times ranks above a long one with it once")
    func rankingByFrequencyAndLength() throws {
        let index = try Corpus.open()
        let passages = try index.search("\"禁輸が\" OR \"禁輸、禁輸\"", options: SearchOptions(limit: 10, groupsByDocument: false))
        #expect(passages.hits.map(HitLocation.init) == [at("g", 3...3), at("h", 3...3)])
        let body = try index.search("禁輸", options: SearchOptions(limit: 10, groupsByDocument: false))
        let order = body.hits.map(HitLocation.init)
        #expect(order.count == 3)
        #expect(order.firstIndex(of: at("g", 3...3))! < order.firstIndex(of: at("h", 3...3))!)
        #expect(order.last == at("h", 3...3))
        #expect(zip(body.hits, body.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        let documents = try index.search("禁輸", options: SearchOptions(limit: 10, groupsByDocument: true))
        #expect(documents.hits.map(\.document.name) == ["g", "h"])
    }

    // A gap in a query is never a wildcard: the Japanese run before it must end there in the
    // document too. Whitespace does not count in positions, so a space matches a space (or
    // none, where a run ends anyway); punctuation must be there, one character for one. `・` is
    // part of a katakana run (as in ウラジーミル・プーチン), so 停戦・交渉 is one run.
    @Test("a space or punctuation in a phrase matches only a separator, not a word character")
    func phraseGapIsNotAWildcard() throws {
        try TestIndex.withTemporaryDirectory("sakuin-e2e-gap") { folder in
            let index = try SearchIndex(directory: folder)
            try index.add([
                InMemoryDocument(name: "w", text: "停戦、交渉の行方"),
                InMemoryDocument(name: "x", text: "停戦と交渉の行方"),
                InMemoryDocument(name: "y", text: "停戦・交渉の行方"),
                InMemoryDocument(name: "z", text: "停戦 交渉の行方"),
            ])
            #expect(try index.documentHits("\"停戦と交渉\"") == ["x"])
            #expect(try index.documentHits("\"停戦交渉\"") == [])
            #expect(try index.documentHits("\"停戦 交渉\"") == ["z"])
            #expect(try index.documentHits("\"停戦、交渉\"") == ["w"])
            // Unquoted, a term that ICU cuts into words also matches a document with every word.
            #expect(try index.documentHits("停戦、交渉") == ["w", "x", "y", "z"])
            #expect(try index.documentHits("\"停戦・交渉\"") == ["y"])
            #expect(try index.documentHits("\"停戦。\"") == ["w", "z"])
        }
    }

    @Test("an unquoted compound term also finds its words apart; the exact term ranks first; quotes keep it exact")
    func compoundTermRelaxes() throws {
        try TestIndex.withTemporaryDirectory("sakuin-e2e-compound") { folder in
            let index = try SearchIndex(directory: folder)
            try index.add([
                InMemoryDocument(name: "exact", text: "ロシアの停戦条件は厳しい。\n"),
                InMemoryDocument(name: "apart", text: "停戦には三つの条件がある。\n"),
                InMemoryDocument(name: "one", text: "停戦が続く。\n"),
                InMemoryDocument(name: "loanword", text: "テイクアウトのパッケージミスを修正。\n"),
            ])
            // A katakana loanword is not cut into ICU's pieces of it (テイ + ミス).
            #expect(try index.search("ティラミス").hits.isEmpty)
            let results = try index.search("停戦条件")
            #expect(results.hits.map(\.document.name) == ["exact", "apart"])
            #expect(try index.documentHits("\"停戦条件\"") == ["exact"])
            // The parts highlight where they are.
            let apart = try #require(results.hits.last)
            let scalars = Array(apart.snippet.text.unicodeScalars)
            #expect(apart.snippet.highlights.map { String(String.UnicodeScalarView(scalars[$0])) } == ["停戦", "条件"])
        }
    }

    @Test("a hit carries the document, the passage text and highlights of the match")
    func hitContents() throws {
        let index = try Corpus.open()
        let results = try index.search("\"軍事支援\"", options: SearchOptions(limit: 10, groupsByDocument: false))
        let hit = try #require(results.hits.first { $0.lineStart == 3 })
        #expect(hit.document == DocumentReference(name: "f", path: "f", title: "軍事支援"))
        #expect(hit.kind == .paragraph)
        #expect(hit.text == "西側諸国の軍事支\n援は続いている。")
        // 軍事支 is at scalars 5..<8 and 援 at 9..<10 of the stored text.
        let scalars = Array(hit.text.unicodeScalars)
        let highlighted = hit.textHighlights.map { String(String.UnicodeScalarView(scalars[$0])) }.joined()
        #expect(highlighted.replacingOccurrences(of: "\n", with: "") == "軍事支援")
        let snippetScalars = Array(hit.snippet.text.unicodeScalars)
        #expect(hit.snippet.highlights.map { String(String.UnicodeScalarView(snippetScalars[$0])) } == ["軍事支援"])
    }
}

}

// MARK: - Bad input

extension SearchIndexTests {
@Suite("bad input is refused with a message for the user")
struct BadInput {
    @Test("bad queries and options name what is wrong", arguments: [
        ("", 10, "invalid query: empty query"),
        ("   ", 10, "invalid query: empty query"),
        ("\"停戦", 10, "invalid query: unclosed quote at column 1"),
        ("ロシア \"停戦", 10, "invalid query: unclosed quote at column 5"),
        ("-停戦", 10, "invalid query: '-停戦' at column 1 only excludes; a query needs at least one term to search for"),
        ("NOT 停戦", 10, "invalid query: 'NOT 停戦' at column 1 only excludes; a query needs at least one term to search for"),
        ("nosuchfield:停戦", 10, "invalid query: unknown field 'nosuchfield' at column 1 (fields: title)"),
        ("停戦", 0, "the limit must be 1 or more, not 0"),
        ("停戦", -3, "the limit must be 1 or more, not -3"),
    ])
    func badQuery(query: String, limit: Int, message: String) throws {
        let index = try Corpus.open()
        let error = TestIndex.errorMessage { () throws(SakuinError) in
            _ = try index.search(query, options: SearchOptions(limit: limit))
        }
        #expect(error == message)
    }

    @Test("opening a missing index with .openExisting fails and creates nothing")
    func missingIndex() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let missing = folder + "/nothing-here"
            let error = TestIndex.errorMessage { () throws(SakuinError) in
                _ = try SearchIndex(directory: missing, mode: .openExisting)
            }
            #expect(error == "no index at \(missing); build one with `sakuin index PATH…`")
            #expect(!FileManager.default.fileExists(atPath: missing))
            #expect(!SearchIndex.exists(at: missing))
        }
    }

    @Test("passages(of:) an unknown document names it")
    func unknownDocument() throws {
        let index = try Corpus.open()
        let error = TestIndex.errorMessage { () throws(SakuinError) in _ = try index.passages(of: "nosuch") }
        #expect(error == "no document named \"nosuch\" in the index")
    }

    @Test("remove(documents:) of an unknown document names it and changes nothing")
    func removeUnknownDocument() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let index = try SearchIndex(directory: folder)
            try index.add([InMemoryDocument(name: "memo", text: "停戦交渉の記録")])
            let error = TestIndex.errorMessage { () throws(SakuinError) in _ = try index.remove(documents: ["nosuch"]) }
            #expect(error == "no document named \"nosuch\" in the index")
            #expect(try index.passageHits("停戦") == [at("memo", 1...1)])
        }
    }

    @Test("in-memory documents need distinct names that are not empty and not paths")
    func badDocumentNames() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let index = try SearchIndex(directory: folder)
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try index.add([InMemoryDocument(name: "", text: "停戦")])
            } == "an in-memory document needs a name that is not empty and does not start with '/': \"\"")
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try index.add([InMemoryDocument(name: "x", text: "停戦"), InMemoryDocument(name: "x", text: "和平")])
            } == "two in-memory documents are named \"x\"")
            #expect(try index.documents().isEmpty)
        }
    }

    /// `count` in-memory documents of about 2 KB each, `doc-0` …, every tenth mentioning 停戦.
    private static func generatedDocuments(_ count: Int) -> [InMemoryDocument] {
        (0..<count).map { number in
            let topic = number % 10 == 0 ? "停戦交渉の第\(number)回記録。" : "和平への道、第\(number)章。"
            return InMemoryDocument(name: "doc-\(number)", text: topic + "\n\n" + String(repeating: "会議は長引いた。", count: 80) + "\n")
        }
    }

    @Test("documents given one at a time are committed together, megabytes of them, as the same array would be")
    func addFromSource() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let documents = Self.generatedDocuments(1500)
            // More text than the writer takes at a time: it queues the documents in pieces.
            #expect(documents.reduce(0) { $0 + $1.text.utf8.count } > 2 * IndexWriter.queueBytes)
            let streamed = try SearchIndex(directory: folder + "/streamed")
            var calls = 0
            var remaining = documents.makeIterator()
            let summary = try streamed.add { () throws(SakuinError) in
                calls += 1
                return remaining.next()
            }
            #expect(calls == 1501)
            #expect(summary.line == "1500 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            #expect(try streamed.commitCount() == 1)
            let whole = try SearchIndex(directory: folder + "/whole")
            try whole.add(documents)
            #expect(try streamed.search("停戦") == (try whole.search("停戦")))
            #expect(try streamed.search("停戦").total == 150)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/streamed/segments").sorted()
            #expect(files == (try FileManager.default.contentsOfDirectory(atPath: folder + "/whole/segments").sorted()))
            for file in files {
                #expect(FileManager.default.contentsEqual(atPath: folder + "/streamed/segments/" + file,
                                                          andPath: folder + "/whole/segments/" + file), "\(file)")
            }
            // Again, the same texts: nothing changes.
            var again = documents.makeIterator()
            #expect(try streamed.add { () throws(SakuinError) in again.next() }.line
                    == "0 added, 0 updated, 1500 unchanged, 0 removed, 0 skipped, 0 failed")
        }
    }

    @Test("a source that throws part way commits nothing, and its error is the one thrown")
    func addFromFailingSource() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let index = try SearchIndex(directory: folder)
            try index.add([InMemoryDocument(name: "memo", text: "停戦交渉の記録")])
            let documents = Self.generatedDocuments(1200)
            var given = 0
            let error = TestIndex.errorMessage { () throws(SakuinError) in
                _ = try index.add { () throws(SakuinError) in
                    guard given < 1100 else { throw SakuinError.invalidRequest("line 1101 of the source is damaged") }
                    given += 1
                    return documents[given - 1]
                }
            }
            #expect(error == "line 1101 of the source is damaged")
            #expect(try index.commitCount() == 1)
            #expect(try index.documents().map(\.name) == ["memo"])
            #expect(try index.check().problems.isEmpty)
            // A name given twice is refused, the second time far from the first.
            var repeated = (documents.prefix(800) + [InMemoryDocument(name: "doc-3", text: "停戦")]).makeIterator()
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try index.add { () throws(SakuinError) in repeated.next() }
            } == "two in-memory documents are named \"doc-3\"")
            #expect(try index.documents().map(\.name) == ["memo"])
        }
    }

    @Test("a second writer is refused while another process holds the writer lock")
    func lockedIndex() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let index = try SearchIndex(directory: folder)
            try index.add([InMemoryDocument(name: "memo", text: "停戦交渉の記録")])

            // Take the lock as another writer would: flock on write.lock, holding our process id.
            let lockPath = index.directory + "/write.lock"
            let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
            _ = ftruncate(descriptor, 0)
            let pid = Array("\(getpid())\n".utf8)
            _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }

            let expected = "index is locked by process \(getpid()) (\(lockPath))"
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try index.add([InMemoryDocument(name: "other", text: "和平案")])
            } == expected)
            #expect(TestIndex.errorMessage { () throws(SakuinError) in
                _ = try index.remove(documents: ["memo"])
            } == expected)
            // Reading is not blocked by a writer.
            #expect(try index.passageHits("停戦") == [at("memo", 1...1)])

            flock(descriptor, LOCK_UN)
            let summary = try index.add([InMemoryDocument(name: "other", text: "和平案")])
            #expect(summary.added == 1)
            #expect(try index.passageHits("和平案") == [at("other", 1...1)])
        }
    }
}

    @Test("searches read with the larger page cache, writers with SQLite's default")
    func pageCacheFollowsUse() throws {
        try TestIndex.withTemporaryDirectory("sakuin-page-cache") { directory in
            let index = try SearchIndex(directory: directory)
            #expect(index.catalog.pageCache == .writing)
            _ = try index.add([InMemoryDocument(name: "one", text: "停戦協議の行方。")])
            #expect(index.catalog.pageCache == .writing)
            #expect(try index.search("停戦").total == 1)
            #expect(index.catalog.pageCache == .reading)
            _ = try index.add([InMemoryDocument(name: "two", text: "停戦の条件。")])
            #expect(index.catalog.pageCache == .writing)
            #expect(try index.search("停戦").total == 2)
            #expect(index.catalog.pageCache == .reading)
        }
    }
}
