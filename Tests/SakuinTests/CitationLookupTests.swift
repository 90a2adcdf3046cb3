import Foundation
import Testing
@testable import Sakuin

/// The seed papers' names, by their number.
private enum Seed {
    static let s000 = "000_cc57c55956077614"
    static let s001 = "001_49dd464655a60e45"
    static let s002 = "002_7435ec9e20f77821"
    static let s003 = "003_57592eb5b33f72b7"
    static let s004 = "004_52d9f2df84919290"
}

/// A quote and where its best match must be.
struct CitationCase: Sendable, CustomTestStringConvertible {
    var quote: String
    var location: HitLocation
    var differences: [String]

    init(_ quote: String, _ document: String, _ lines: ClosedRange<Int>, differences: [String] = []) {
        self.quote = quote
        self.location = HitLocation(document, lines.lowerBound, lines.upperBound)
        self.differences = differences
    }

    var testDescription: String { "\(quote.prefix(16))… → \(location)" }
}

@Suite("Citation lookup on the seed papers")
struct CitationLookupTests {
    @Test("each tolerance finds the exact source lines and says what differed", arguments: [
        // Verbatim.
        CitationCase("ロシアによるウクライナ侵略は3年2ヶ月続いている", Seed.s000, 13...13),
        CitationCase("停戦交渉は2026年も継続する公算が高い", Seed.s003, 20...20),
        // Across hard line breaks, blank lines included.
        CitationCase("同月編成の新政権では、経済専門家であるベロウソフが国防大臣に就任するなど侵略の長期化を見据えた戦時経済体制固めの人事が行われた",
                     Seed.s004, 4...5),
        CitationCase("ウクライナ戦争を就任初日には止めさせる、と公約していたが、それは就任早々取り下げ", Seed.s002, 7...9),
        CitationCase("ただ、その前進速度は決して速いものではなく、しかも犠牲があまりに多い", Seed.s000, 49...51),
        // Width, and PDF spaces inside numbers.
        CitationCase("ケロッグ・ウクライナ問題特使が100日間で解決すると", Seed.s002, 9...9),
        CitationCase("ロシアでは２０２４年３月の大統領選挙を経て、プーチン大統領の通算５期目の任期が開始された", Seed.s004, 3...3),
        // OCR slips in the file: voiced marks both ways, old kana, a misread kanji.
        CitationCase("2024年6月14日、プーチン大統領は外務省幹部の前で演説を行い", Seed.s000, 33...33, differences: ["プ→ブ"]),
        CitationCase("4月4日にゼレンスキー大統領はブチャでの虐殺を非難した", Seed.s001, 195...195, differences: ["ブ→プ"]),
        CitationCase("ロシア側もやはり要求をある程度下げるという変化が必要になる", Seed.s001, 457...457, differences: ["う→ふ"]),
        CitationCase("停戦交渉の行方と緊密化する露朝関係", Seed.s003, 3...3, differences: ["露→口"]),
        // An ellipsis for the omitted part.
        CitationCase("ロシアとウクライナの継戦能力は…尽きない", Seed.s000, 45...45, differences: ["… = 7 characters"]),
        CitationCase("欧州の支援疲れも懸念されている。今後、ウクライナは…代償として何を失うのかの選択に迫られるだろう", Seed.s003, 20...20,
                     differences: ["… = 14 characters"]),
        // Words dropped without an ellipsis.
        CitationCase("停戦交渉の行方と口朝関係", Seed.s003, 3...3, differences: ["missing from quote: 緊密化する"]),
        // Light rewording.
        CitationCase("ロシア軍は20万人以上の戦死者を出したとみられるが、獲得した領域はこの1年でウクライナ国土の1%程度にすぎない",
                     Seed.s000, 51...51,
                     differences: ["み→見", "が→ものの", "し→でき", "この→過去", "missing from quote: 間", "程度→ほど", "す→過",
                                   "not in source: い"]),
        CitationCase("北朝鮮はロシアにとって単なる継戦の道具ではなく、中長期的な同盟となりつつある", Seed.s003, 32...32,
                     differences: ["not in source: 北朝鮮は", "missing from quote: 北朝鮮は", "道具ではなく→ツールを超え",
                                   "な→視座に立つ「", "missing from quote: 」"]),
    ])
    func finds(_ judged: CitationCase) throws {
        let index = try TestIndex.seeds()
        let best = try #require(try index.cite(judged.quote).matches.first)
        #expect(HitLocation(best.document.name, best.lineStart, best.lineEnd) == judged.location)
        #expect(best.differences.map(\.description) == judged.differences)
        #expect(best.rank == 1)
        #expect(best.score >= CitationOptions.defaultMinimumScore && best.score <= 1)
        #expect(best.page == nil)  // the seeds have no form feeds
    }

    @Test("quotes that are in no paper match nothing", arguments: [
        "ロシアは2025年末までにキーウを完全に制圧すると宣言した",
        "NATOは2026年にウクライナの加盟を正式に承認した",
        "ウクライナは領土の一部をロシアに割譲することで合意した",
        "プーチン大統領は北朝鮮軍の撤退を正式に表明した",
        "米国議会はウクライナ支援予算を否決した",
    ])
    func absent(quote: String) throws {
        #expect(try TestIndex.seeds().cite(quote).matches.isEmpty)
    }

    @Test("the source text is the file's, line breaks kept; the citation follows the sidecar")
    func sourceTextAndCitation() throws {
        let index = try TestIndex.seeds()
        let acrossBreak = try #require(
            try index.cite("ウクライナ戦争を就任初日には止めさせる、と公約していたが、それは就任早々取り下げ").matches.first)
        #expect(acrossBreak.sourceText == "ウクライナ戦争を就任初日には止めさせる、と公約していたが、\n\nそれは就任早々取り下げ")
        #expect(acrossBreak.citation == "「第90回：ウクライナ戦争停戦交渉」, 2025年2月27日, 7–9行.")
        #expect(acrossBreak.metadata.source == .sidecar)

        let plain = try #require(try index.cite("停戦交渉は2026年も継続する公算が高い").matches.first)
        #expect(plain.sourceText == "停戦交渉は2026年も継続する公算が高い")
        #expect(plain.score == 1)
        #expect(plain.differences.isEmpty)
        #expect(plain.citation
                == "田島理博「ロシアによるウクライナ侵略は終結するのか：停戦交渉の行方と緊密化するロ朝関係」, 2025年12月31日, 20行.")
        let bibtex = try #require(try index.cite("停戦交渉は2026年も継続する公算が高い",
                                                 options: CitationOptions(style: .bibtex)).matches.first)
        #expect(bibtex.citation == """
            @incollection{003_57592eb5b33f72b7,
              author = {田島理博},
              title = {ロシアによるウクライナ侵略は終結するのか：停戦交渉の行方と緊密化するロ朝関係},
              year = {2025},
              month = {12},
              note = {line 20}
            }
            """)
    }

    @Test("bad requests are refused with a message naming the problem")
    func badRequests() throws {
        let index = try TestIndex.seeds()
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try index.cite(" \n\u{3000}") } == "the quote is empty")
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try index.cite(String(repeating: "停戦", count: 1_001)) }
                == "the quote is 2002 characters long; the most is 2000")
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try index.cite("停戦", options: CitationOptions(limit: 0)) }
                == "the limit must be 1 or more, not 0")
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try index.cite("停戦", options: CitationOptions(minimumScore: 1.5)) }
                == "the minimum score must be between 0 and 1, not 1.5")
    }

    @Test("a document with form feeds gives the page of the span; an in-memory document's metadata is used")
    func pagesAndInMemoryMetadata() throws {
        try TestIndex.withTemporaryDirectory { directory in
            let index = try SearchIndex(directory: directory)
            let text = "表題\n\n一頁目の本文である。\n\u{0C}二頁目には停戦交渉が難航したと書かれている。\n続く行。\n\u{0C}三頁目。\n"
            let metadata = DocumentMetadata(title: "交渉の記録", authors: ["山田太郎", "鈴木花子"], date: "2024-03")
            try index.add([InMemoryDocument(name: "memo", text: text, metadata: metadata)])
            let match = try #require(try index.cite("停戦交渉が難航したと書かれている").matches.first)
            #expect(match.lineStart == 4 && match.lineEnd == 4)
            #expect(match.page == 2)
            #expect(match.metadata == metadata)
            #expect(match.citation == "山田太郎・鈴木花子「交渉の記録」, 2024年3月, 2頁, 4行.")
        }
    }

    @Test("a sidecar next to a file gives its metadata; changing it re-indexes the file; a bad one is reported")
    func sidecars() throws {
        try TestIndex.withTemporaryDirectory { folder in
            let indexDirectory = TestIndex.makeTemporaryDirectory(prefix: "sakuin-sidecar-index")
            defer { try? FileManager.default.removeItem(atPath: indexDirectory) }
            let paper = folder + "/paper.txt"
            let sidecar = folder + "/paper.meta.json"
            try "# 表題\n\n停戦交渉は難航した。\n".write(toFile: paper, atomically: true, encoding: .utf8)
            try #"{"title": "停戦の研究", "authors": ["山田太郎"], "date": "2025"}"#
                .write(toFile: sidecar, atomically: true, encoding: .utf8)
            let index = try SearchIndex(directory: indexDirectory)
            #expect(try index.index(paths: [folder]).line == "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            #expect(try index.cite("停戦交渉は難航した").matches.first?.citation == "山田太郎「停戦の研究」, 2025年, 3行.")

            #expect(try index.index(paths: [folder]).line == "0 added, 0 updated, 1 unchanged, 0 removed, 0 skipped, 0 failed")
            try #"{"title": "停戦の研究 改訂版", "authors": ["山田太郎"], "date": "2025"}"#
                .write(toFile: sidecar, atomically: true, encoding: .utf8)
            #expect(try index.index(paths: [folder]).line == "0 added, 1 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed")
            #expect(try index.cite("停戦交渉は難航した").matches.first?.metadata.title == "停戦の研究 改訂版")

            try #"{"title": "停戦の研究", "date": "2025/4/21"}"#.write(toFile: sidecar, atomically: true, encoding: .utf8)
            let summary = try index.index(paths: [folder])
            #expect(summary.line == "0 added, 1 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed")
            #expect(summary.problems.map(\.message) == [
                "\(sidecar): \"date\" must be YYYY, YYYY-MM or YYYY-MM-DD, not \"2025/4/21\"; "
                    + "its document is indexed with metadata taken from its text",
            ])
            let extracted = try #require(try index.cite("停戦交渉は難航した").matches.first)
            #expect(extracted.metadata.source == .extracted)
            #expect(extracted.metadata.title == "表題")
        }
    }
}

@Suite("Reference lookup on the seed papers")
struct ReferenceLookupTests {
    @Test("the 37 notes of 001 are footnote passages, numbered in order, each at its line")
    func notesOf001() throws {
        let (_, passages) = try TestIndex.seeds().passages(of: Seed.s001)
        let notes = passages.filter { $0.kind == .footnote }
        #expect(notes.compactMap(\.footnoteNumber) == Array(1...37))
        #expect(notes.map(\.lineStart) == [
            60, 62, 64, 67, 95, 107, 109, 111, 124, 138, 150, 152, 154, 156, 159, 189, 199, 209, 211, 225, 227, 277,
            293, 295, 307, 309, 323, 325, 327, 400, 402, 404, 406, 430, 438, 441, 469,
        ])
        #expect(notes.allSatisfy { $0.lineEnd == $0.lineStart })
        #expect(notes.allSatisfy { $0.text.hasPrefix("\($0.footnoteNumber ?? 0) ") })
        // Every note, commentary ones included, cites at least one work whose title is parsed.
        let untitled = notes.filter { note in
            !ReferenceParser.references(inNote: String(note.text.drop { $0 != " " }.dropFirst())).contains { $0.title != nil }
        }
        #expect(untitled.compactMap(\.footnoteNumber) == [])
    }

    @Test("author, title, publisher, URL fragment and date queries find their note", arguments: [
        ("Zartman Ripeness", 4), ("戦争はいかに終結したか", 1), ("和平学入門 筑摩書房", 2), ("RR1498", 7),
        ("commentary409", 34), ("Charap Radchenko Foreign Affairs", 18), ("木村汎 対露交渉学", 36),
        ("合六強 国際安全保障", 10), ("JETRO 2025年6月4日", 30), ("Russian Occupation Update", 35),
        // An era year is read as the Western year the note gives.
        ("JETRO 令和7年6月4日", 30),
        // Whole references pasted in another style.
        ("Zartman, I. W. (2000). Ripeness: the hurting stalemate and beyond. In International Conflict Resolution "
            + "After the Cold War. Washington: National Academy Press.", 4),
        ("千々和泰明 著, 戦争はいかに終結したか, 中公, 2021", 1),
    ])
    func finds(query: String, footnote: Int) throws {
        let best = try #require(try TestIndex.seeds().references(matching: query).hits.first)
        #expect(best.document.name == Seed.s001)
        #expect(best.footnoteNumber == footnote)
    }

    @Test("a hit carries the note's lines, text and parsed references")
    func parsedParts() throws {
        let hit = try #require(try TestIndex.seeds().references(matching: "RR1498").hits.first)
        #expect((hit.lineStart, hit.lineEnd) == (109, 109))
        #expect(hit.text.hasPrefix("7 Michael Kofman, Katya Migacheva,"))
        #expect(hit.authors == ["Michael Kofman", "Katya Migacheva", "Brian Nichiporuk", "Andrew Radin",
                                "Olesya Tkacheva", "Jenny Oberholtzer"])
        #expect(hit.title == "Lessons from Russia's Operations in Crimea and Eastern Ukraine")
        #expect(hit.year == 2017)
        #expect(hit.urls == ["https://www.rand.org/pubs/research_reports/RR1498.html"])
        #expect(hit.references.first?.publisher == "RAND Corporation")
    }

    @Test("a query no note holds finds nothing; an empty one is refused")
    func nothing() throws {
        let index = try TestIndex.seeds()
        #expect(try index.references(matching: "xyzzy plugh").hits.isEmpty)
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try index.references(matching: "  ") } == "the query is empty")
        #expect(TestIndex.errorMessage { () throws(SakuinError) in _ = try index.references(matching: "停戦", limit: 0) }
                == "the limit must be 1 or more, not 0")
    }

    @Test("search with notes links a passage's superscript markers to its footnotes")
    func searchNotes() throws {
        let index = try TestIndex.seeds()
        let hit = try #require(try index.search("紛争熟度", options: SearchOptions(limit: 1, includesNotes: true)).hits.first)
        #expect(hit.document.name == Seed.s001 && hit.lineStart == 56)
        #expect(hit.notes.map(\.number) == [2, 3, 4])
        #expect(hit.notes.map(\.lineStart) == [62, 64, 67])
        #expect(hit.notes.first?.text == "2 廣田尚久、上杉勇司『和平学入門——戦争を止める13の法則』（筑摩書房、2025年）、173–174頁。")
        // Without the option, no notes.
        #expect(try index.search("紛争熟度", options: SearchOptions(limit: 1)).hits.first?.notes == [])
    }

    @Test("bibliography paragraphs under a 参考文献 heading are entries too")
    func bibliographySection() throws {
        try TestIndex.withTemporaryDirectory { directory in
            let index = try SearchIndex(directory: directory)
            let text = "# 本文\n\n停戦について論じる。\n\n## 参考文献\n\n山田太郎『停戦の政治学』（東京出版、2020年）。\n\n鈴木花子「和平交渉の条件」『国際研究』第3巻第2号（2019年）。\n"
            try index.add([InMemoryDocument(name: "paper", text: text)])
            let hits = try index.references(matching: "鈴木花子 和平交渉").hits
            #expect(hits.map(\.lineStart) == [9])
            #expect(hits.first?.footnoteNumber == nil)
            #expect(hits.first?.title == "和平交渉の条件")
            #expect(hits.first?.year == 2019)
        }
    }
}
