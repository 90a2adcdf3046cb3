import Foundation
import Testing
@testable import Sakuin

/// The seed papers at the package root, by file name without extension.
enum MetadataSeed: String, CaseIterable {
    case outlook = "000_cc57c55956077614"
    case peaceAttempts = "001_49dd464655a60e45"
    case ceasefireTalks = "002_7435ec9e20f77821"
    case chapterSix = "003_57592eb5b33f72b7"
    case wrappedOutlook = "004_52d9f2df84919290"

    /// `Tests/SakuinTests/DocumentMetadataTests.swift` → the package root → `seeds/NAME.txt`.
    var path: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds").appendingPathComponent(rawValue + ".txt").path
    }

    func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

/// Parses `json` as the sidecar `x.meta.json` and returns the message of the error it raises.
private func sidecarMessage(_ json: String) -> String? {
    sidecarMessage(bytes: Array(json.utf8))
}

private func sidecarMessage(bytes: [UInt8]) -> String? {
    do {
        _ = try MetadataSidecar.parse(bytes, path: "x.meta.json")
        return nil
    } catch {
        return error.description
    }
}

@Suite("Sidecar files")
struct MetadataSidecarTests {
    @Test("the sidecar sits beside the document, its last extension replaced",
          arguments: [
              ("seeds/001_49dd464655a60e45.txt", "seeds/001_49dd464655a60e45.meta.json"),
              ("/papers/notes.md", "/papers/notes.meta.json"),
              ("a/x.tar.txt", "a/x.tar.meta.json"),
              ("dir.v2/README", "dir.v2/README.meta.json"),
              ("papers/.hidden", "papers/.hidden.meta.json"),
              ("論文.txt", "論文.meta.json"),
          ])
    func sidecarPath(document: String, sidecar: String) {
        #expect(MetadataSidecar.path(forDocumentAt: document) == sidecar)
    }

    @Test("sidecar names end with .meta.json in any case, after at least one character")
    func sidecarNames() {
        #expect(MetadataSidecar.isSidecar(fileName: "x.meta.json"))
        #expect(MetadataSidecar.isSidecar(fileName: "Paper.META.Json"))
        #expect(MetadataSidecar.isSidecar(fileName: "seeds/000_cc57c55956077614.meta.json"))
        #expect(!MetadataSidecar.isSidecar(fileName: ".meta.json"))
        #expect(!MetadataSidecar.isSidecar(fileName: "dir/.meta.json"))
        #expect(!MetadataSidecar.isSidecar(fileName: "meta.json"))
        #expect(!MetadataSidecar.isSidecar(fileName: "x.json"))
        #expect(!MetadataSidecar.isSidecar(fileName: "x.meta.json.txt"))
        #expect(!MetadataSidecar.isSidecar(fileName: "x.meta.json/"))
    }

    @Test("every key is read: values trimmed, escapes decoded, the date kept as written")
    func fullSidecar() throws {
        let json = """
            \u{FEFF}{
              "title": " ロシア・ウクライナ戦争停戦の見通し\\u3000",
              "authors": ["\\u5C0F泉悠", "Samuel Charap"],
              "date": "2024-02-29",
              "container": "安全保障研究",
              "publisher": "鹿島平和研究所",
              "url": "HTTPS://example.org/a?b=1&c=%20",
              "type": "chapter"
            }
            """
        let metadata = try MetadataSidecar.parse(Array(json.utf8), path: "x.meta.json")
        #expect(metadata == DocumentMetadata(
            title: "ロシア・ウクライナ戦争停戦の見通し", authors: ["小泉悠", "Samuel Charap"], date: "2024-02-29",
            container: "安全保障研究", publisher: "鹿島平和研究所", url: "HTTPS://example.org/a?b=1&c=%20",
            type: "chapter", source: .sidecar))
    }

    @Test("an empty object leaves everything unknown, the type article")
    func emptySidecar() throws {
        let metadata = try MetadataSidecar.parse(Array(" {} \n".utf8), path: "x.meta.json")
        #expect(metadata == DocumentMetadata(title: nil, authors: [], date: nil, container: nil, publisher: nil,
                                             url: nil, type: "article", source: .sidecar))
        #expect(try MetadataSidecar.parse(Array(#"{"authors": [], "date": "2025"}"#.utf8), path: "x")
                == DocumentMetadata(date: "2025"))
    }

    @Test("a value of the wrong kind names the key, what it must be and what it is",
          arguments: [
              (#"{"title": 5}"#, #"x.meta.json: "title" must be a string, not a number"#),
              (#"{"publisher": true}"#, #"x.meta.json: "publisher" must be a string, not true or false"#),
              (#"{"container": null}"#, #"x.meta.json: "container" must be a string, not null"#),
              (#"{"date": 2025}"#, #"x.meta.json: "date" must be a string, not a number"#),
              (#"{"type": ["book"]}"#, #"x.meta.json: "type" must be a string, not an array"#),
              (#"{"url": {}}"#, #"x.meta.json: "url" must be a string, not an object"#),
              (#"{"authors": "小泉悠"}"#, #"x.meta.json: "authors" must be an array of strings, not a string"#),
              (#"{"authors": ["小泉悠", null]}"#,
               #"x.meta.json: "authors" must be an array of strings, not an array holding null"#),
              (#"{"authors": [["小泉悠"]]}"#,
               #"x.meta.json: "authors" must be an array of strings, not an array holding an array"#),
          ])
    func wrongKinds(json: String, message: String) {
        #expect(sidecarMessage(json) == message)
    }

    @Test("bad values name the key and quote the value",
          arguments: [
              (#"{"date": "2025/4/21"}"#,
               #"x.meta.json: "date" must be YYYY, YYYY-MM or YYYY-MM-DD, not "2025/4/21""#),
              (#"{"date": "2025-4-21"}"#,
               #"x.meta.json: "date" must be YYYY, YYYY-MM or YYYY-MM-DD, not "2025-4-21""#),
              (#"{"date": "2025-02-29"}"#,
               #"x.meta.json: "date" must be YYYY, YYYY-MM or YYYY-MM-DD, not "2025-02-29""#),
              (#"{"date": "2025-13"}"#,
               #"x.meta.json: "date" must be YYYY, YYYY-MM or YYYY-MM-DD, not "2025-13""#),
              (#"{"date": "２０２５"}"#,
               #"x.meta.json: "date" must be YYYY, YYYY-MM or YYYY-MM-DD, not "２０２５""#),
              (#"{"type": "paper"}"#,
               #"x.meta.json: "type" must be article, report, chapter, book or web, not "paper""#),
              (#"{"type": "Book"}"#,
               #"x.meta.json: "type" must be article, report, chapter, book or web, not "Book""#),
              (#"{"url": "www.example.org"}"#,
               #"x.meta.json: "url" must be an http:// or https:// address, not "www.example.org""#),
              (#"{"url": "https://example.org/a b"}"#,
               #"x.meta.json: "url" must be an http:// or https:// address, not "https://example.org/a b""#),
              (#"{"url": "https://"}"#, #"x.meta.json: "url" must be an http:// or https:// address, not "https://""#),
              (#"{"title": " \u3000"}"#, #"x.meta.json: "title" must not be empty"#),
              (#"{"authors": ["小泉悠", ""]}"#, #"x.meta.json: "authors" must not hold an empty name"#),
          ])
    func badValues(json: String, message: String) {
        #expect(sidecarMessage(json) == message)
    }

    @Test("unknown and repeated keys are refused, the first fault in the file reported")
    func keys() {
        #expect(sidecarMessage(#"{"title": "a", "titel": "b"}"#)
                == #"x.meta.json: unknown key "titel"; the keys are title, authors, date, container, publisher, url, type"#)
        #expect(sidecarMessage(#"{"Title": "a"}"#)
                == #"x.meta.json: unknown key "Title"; the keys are title, authors, date, container, publisher, url, type"#)
        #expect(sidecarMessage(#"{"ti\"tle\n": 1}"#)
                == #"x.meta.json: unknown key "ti\"tle\n"; the keys are title, authors, date, container, publisher, url, type"#)
        #expect(sidecarMessage(#"{"title": "a", "date": "2025", "title": "a"}"#)
                == #"x.meta.json: "title" is given more than once"#)
        #expect(sidecarMessage(#"{"date": "bad", "title": 1}"#)
                == #"x.meta.json: "date" must be YYYY, YYYY-MM or YYYY-MM-DD, not "bad""#)
    }

    @Test("text that is not a JSON object is refused with the line and column to look at",
          arguments: [
              ("", "not valid JSON at line 1, column 1: expected a value, found the end of the file"),
              ("  \n ", "not valid JSON at line 2, column 2: expected a value, found the end of the file"),
              (#"{"title": "x",}"#, "not valid JSON at line 1, column 15: expected a key in double quotes, found '}'"),
              ("{\n  \"title\": \"ロシア\"\n  \"date\": \"2025\"\n}",
               "not valid JSON at line 3, column 3: expected ',' or '}' after a value, found '\"'"),
              (#"{"title": "小泉" x}"#, "not valid JSON at line 1, column 16: expected ',' or '}' after a value, found 'x'"),
              (#"{"title" "x"}"#, "not valid JSON at line 1, column 10: expected ':' after the key, found '\"'"),
              (#"{title: "x"}"#, "not valid JSON at line 1, column 2: expected a key in double quotes, found 't'"),
              (#"{"title": 'x'}"#, "not valid JSON at line 1, column 11: expected a value, found '''"),
              (#"{"authors": ["a" "b"]}"#, "not valid JSON at line 1, column 18: expected ',' or ']' after a value, found '\"'"),
              (#"{"title": tru}"#, "not valid JSON at line 1, column 11: expected a value, found 't'"),
              (#"{"title": 01}"#, "not valid JSON at line 1, column 12: expected ',' or '}' after a value, found '1'"),
              (#"{"title": 1.}"#, "not valid JSON at line 1, column 11: invalid number"),
              (#"{"title": "a\qb"}"#, #"not valid JSON at line 1, column 13: unknown escape in a string (a backslash is written \\)"#),
              (#"{"title": "\ud800"}"#, #"not valid JSON at line 1, column 12: \u escape of a lone surrogate"#),
              (#"{"title": "\u12"}"#, #"not valid JSON at line 1, column 12: \u must be followed by 4 hexadecimal digits"#),
              ("{\"title\": \"a\nb\"}", #"not valid JSON at line 1, column 13: control character in a string (write a line break as \n)"#),
              (#"{"title": "abc"#, "not valid JSON at line 1, column 15: the string is not closed"),
              (#"{"title": "a"} {}"#, "not valid JSON at line 1, column 16: expected the end of the file after the value, found '{'"),
              (String(repeating: "[", count: 100), "not valid JSON at line 1, column 65: values nested more than 64 deep, found '['"),
              (#"["title"]"#, #"must hold one JSON object such as {"title": "…"}, not an array"#),
              (#""title""#, #"must hold one JSON object such as {"title": "…"}, not a string"#),
          ])
    func invalidJSON(json: String, message: String) {
        #expect(sidecarMessage(json) == "x.meta.json: " + message)
    }

    @Test("bytes that are not UTF-8 are refused with their offset, a byte order mark counted")
    func invalidUTF8() {
        #expect(sidecarMessage(bytes: [0x7B, 0xFF, 0x7D]) == "x.meta.json: not valid UTF-8 (byte offset 1)")
        #expect(sidecarMessage(bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0xC3, 0x7D]) == "x.meta.json: not valid UTF-8 (byte offset 4)")
    }

    @Test("a surrogate pair escape gives one character")
    func surrogatePair() throws {
        let metadata = try MetadataSidecar.parse(Array(#"{"title": "\ud842\udfb7野家\/\"\t"}"#.utf8), path: "x")
        #expect(metadata.title == "𠮷野家/\"")
    }

    @Test("a document without a sidecar has none; one with a sidecar gets it, errors name the sidecar")
    func loading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-meta-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        #expect(try MetadataSidecar.load(forDocumentAt: folder + "/a.txt") == nil)

        try Data(#"{"title": "題名", "authors": ["山添博史"]}"#.utf8).write(to: URL(fileURLWithPath: folder + "/a.meta.json"))
        #expect(try MetadataSidecar.load(forDocumentAt: folder + "/a.txt")
                == DocumentMetadata(title: "題名", authors: ["山添博史"], source: .sidecar))

        try Data(#"{"date": "2025/4/21"}"#.utf8).write(to: URL(fileURLWithPath: folder + "/b.meta.json"))
        #expect(throws: MetadataSidecarError(path: folder + "/b.meta.json", problem: .invalidDate("2025/4/21"))) {
            try MetadataSidecar.load(forDocumentAt: folder + "/b.md")
        }

        try FileManager.default.createDirectory(atPath: folder + "/c.meta.json", withIntermediateDirectories: false)
        #expect(throws: MetadataSidecarError(path: folder + "/c.meta.json", problem: .unreadable(reason: "Is a directory"))) {
            try MetadataSidecar.load(forDocumentAt: folder + "/c.txt")
        }
        let message = MetadataSidecarError(path: folder + "/c.meta.json", problem: .unreadable(reason: "Is a directory"))
        #expect(message.description == folder + "/c.meta.json: cannot be read: Is a directory")
    }

    @Test("the seed papers' sidecars say what the papers say", arguments: MetadataSeed.allCases)
    func seedSidecars(seed: MetadataSeed) throws {
        let expected: DocumentMetadata
        switch seed {
        case .outlook:
            expected = DocumentMetadata(title: "ロシア・ウクライナ戦争停戦の見通し", authors: ["小泉悠"], date: "2025-04-21")
        case .peaceAttempts:
            expected = DocumentMetadata(
                title: "ウクライナとロシアの和平達成の試み——ウクライナが放棄しがたい権利、ロシアが下げがたい要求",
                authors: ["山添博史"], date: "2026-02-17", publisher: "防衛研究所", type: "book")
        case .ceasefireTalks:
            expected = DocumentMetadata(title: "第90回：ウクライナ戦争停戦交渉", date: "2025-02-27", type: "web")
        case .chapterSix:
            expected = DocumentMetadata(title: "ロシアによるウクライナ侵略は終結するのか：停戦交渉の行方と緊密化するロ朝関係",
                                        authors: ["田島理博"], date: "2025-12-31", type: "chapter")
        case .wrappedOutlook:
            expected = DocumentMetadata(title: "疲弊するロシア・ウクライナと続く消耗戦、トランプ政権による停戦交渉は実現するのか",
                                        authors: ["田島理博"], date: "2024-12-06")
        }
        #expect(try MetadataSidecar.load(forDocumentAt: seed.path) == expected)
    }
}

@Suite("Metadata extraction")
struct MetadataExtractorTests {
    @Test("each seed paper's title, authors, date and publisher", arguments: MetadataSeed.allCases)
    func seeds(seed: MetadataSeed) throws {
        let expected: DocumentMetadata
        switch seed {
        case .outlook:
            // The affiliation `東京大学先端科学技術研究センター准教授` is not the publisher, the
            // reading `こいづみ ゆう` not an author.
            expected = DocumentMetadata(title: "ロシア・ウクライナ戦争停戦の見通し", authors: ["小泉悠"],
                                        date: "2025-04-21", source: .extracted)
        case .peaceAttempts:
            // The colophon's date of publication wins over `(2025 年 12 月 18 日脱稿)`.
            expected = DocumentMetadata(
                title: "ウクライナとロシアの和平達成の試み——ウクライナが放棄しがたい権利、ロシアが下げがたい要求",
                authors: ["山添博史"], date: "2026-02-17", publisher: "防衛研究所", source: .extracted)
        case .ceasefireTalks:
            expected = DocumentMetadata(title: "第90回：ウクライナ戦争停戦交渉", date: "2025-02-27", source: .extracted)
        case .chapterSix:
            expected = DocumentMetadata(title: "ロシアによるウクライナ侵略は終結するのか：停戦交渉の行方と緊密化する口朝関係",
                                        authors: ["田島理博"], date: "2025-12-31", source: .extracted)
        case .wrappedOutlook:
            expected = DocumentMetadata(title: "疲弊するロシア・ウクライナと続く消耗戦、トランプ政権による停戦交渉は実現するのか",
                                        authors: ["田島理博"], date: "2024-12-06", source: .extracted)
        }
        #expect(MetadataExtractor.extract(fromText: try seed.text()) == expected)
    }

    @Test("empty text gives nothing; text that starts with a sentence has no header, only a colophon")
    func nothingToFind() {
        let unknown = DocumentMetadata(source: .extracted)
        #expect(MetadataExtractor.extract(fromText: "") == unknown)
        #expect(MetadataExtractor.extract(fromText: "\n \n\u{3000}\n") == unknown)
        #expect(MetadataExtractor.extract(fromText: "本稿では停戦の条件を論じる。\n小泉悠\n令和7年4月\n")
                == DocumentMetadata(date: "2025-04", source: .extracted))
    }

    @Test("a heading's marks are stripped and its spaces between Japanese characters removed")
    func headingTitle() {
        #expect(MetadataExtractor.extract(fromText: "\n  ■■ 停戦交渉の 行方 ■\n\n本文。").title == "停戦交渉の行方")
        #expect(MetadataExtractor.extract(fromText: "## 第十二章：Ukraine and Russia  after 2022\n本文。").title
                == "Ukraine and Russia after 2022")
        #expect(MetadataExtractor.extract(fromText: "第2次世界大戦の終結\n本文。").title == "第2次世界大戦の終結")
        #expect(MetadataExtractor.extract(fromText: "---\n**和平の条件**\n本文。").title == "和平の条件")
        #expect(MetadataExtractor.extract(fromText: "# 安全保障\n山田太郎\n本文。")
                == DocumentMetadata(title: "安全保障", authors: ["山田太郎"], source: .extracted))
        #expect(MetadataExtractor.extract(fromText: "日本外交\n\n本文。")
                == DocumentMetadata(title: "日本外交", source: .extracted))
    }

    @Test("a subtitle after a dash is joined; a title wrapped without one keeps its first line")
    func subtitles() {
        let withSubtitle = "和平の試み\n\n〜放棄しがたい権利、\n下げがたい要求〜\n\n山田 太郎\n\n本文。"
        #expect(MetadataExtractor.extract(fromText: withSubtitle).title == "和平の試み〜放棄しがたい権利、下げがたい要求〜")
        #expect(MetadataExtractor.extract(fromText: withSubtitle).authors == ["山田太郎"])
        let wrapped = "ウクライナとロシアの\n和平達成の試み\n\n本文。"
        #expect(MetadataExtractor.extract(fromText: wrapped).title == "ウクライナとロシアの")
        let western = "Ukraine and Russia\n— Rights Hard to Give Up,\nDemands Hard to Lower\n\nBody."
        #expect(MetadataExtractor.extract(fromText: western).title
                == "Ukraine and Russia — Rights Hard to Give Up, Demands Hard to Lower")
        let twoBlankLines = "和平の試み\n\n\n——副題\n本文。"
        #expect(MetadataExtractor.extract(fromText: twoBlankLines).title == "和平の試み")
    }

    @Test("bylines: spaced and several names; readings, headings and organisations are not names")
    func bylines() {
        func authors(_ text: String) -> [String] { MetadataExtractor.extract(fromText: text).authors }
        #expect(authors("題名\n小泉 悠\nこいづみ ゆう\n本文。") == ["小泉悠"])
        #expect(authors("題名\n山田太郎・鈴木 花子\n佐藤一郎（東京大学）\n本文。") == ["山田太郎", "鈴木花子", "佐藤一郎"])
        #expect(authors("題名\n著者：山田太郎、鈴木花子\n山田太郎 編\n本文。") == ["山田太郎", "鈴木花子"])
        #expect(authors("題名\n目 次\n要 約\n以上\n本文。") == [])
        #expect(authors("題名\n東京大学\n防衛研究所\n外務省\n本文。") == [])
        #expect(authors("題名\n林 望\n林望\n本文。") == ["林望"])
        #expect(authors("題名\n山田太郎・Taro Yamada\n本文。") == [])
        #expect(authors("題名\n長谷川 一二三\n本文。") == [])
        #expect(authors("小泉 悠\n停戦の見通し\n本文。") == ["小泉悠"])
        #expect(MetadataExtractor.extract(fromText: "小泉 悠\n停戦の見通し\n本文。").title == "停戦の見通し")
    }

    @Test("a byline after the first sentence is not read; a signed closing line is")
    func signatures() {
        #expect(MetadataExtractor.extract(fromText: "題名\n本文。\n小泉悠\n").authors == [])
        let signed = "題名\n本文。\n（2025年4月21日脱稿　小泉 悠／東京大学准教授）\n"
        #expect(MetadataExtractor.extract(fromText: "題名\n本文。\n2025年4月21日配信／小泉悠\n").authors == ["小泉悠"])
        #expect(MetadataExtractor.extract(fromText: signed).authors == ["小泉悠"])
        #expect(MetadataExtractor.extract(fromText: signed).date == "2025-04-21")
        let unsigned = "題名\n本文。\n（2025年4月写真：小泉悠）\n"
        #expect(MetadataExtractor.extract(fromText: unsigned) == DocumentMetadata(title: "題名", source: .extracted))
    }

    @Test("dates in Western and era forms, full-width digits, with and without a day",
          arguments: [
              ("２０２５年４月２１日", "2025-04-21"),
              ("2025 年 12 月 31 日", "2025-12-31"),
              ("2025年4月", "2025-04"),
              ("2025年", "2025"),
              ("令和7年4月", "2025-04"),
              ("令和元年5月1日", "2019-05-01"),
              ("平成３１年４月３０日", "2019-04-30"),
              ("昭和64年1月7日", "1989-01-07"),
              ("令和 8 年（2026 年）2 月 17 日", "2026-02-17"),
              ("2025-04-21", "2025-04-21"),
              ("2025/4/21", "2025-04-21"),
              ("2025.4.21", "2025-04-21"),
              ("2025年2月27日配信", "2025-02-27"),
              ("発行日：2025年2月27日", "2025-02-27"),
              ("(2025年4月21日脱稿)", "2025-04-21"),
              ("【2024年2月29日 公開】", "2024-02-29"),
          ])
    func dates(line: String, date: String) {
        #expect(MetadataExtractor.extract(fromText: "題名\n" + line + "\n本文。").date == date)
    }

    @Test("impossible dates, disagreeing years and dates in prose or captions are not taken",
          arguments: [
              "2025年2月30日", "2025年13月", "令和8年（2025年）2月17日", "12025年4月", "表紙写真：2025年4月26日",
              "（2024年 8月 写真：アフロ）", "2025年度報告", "2025-4", "2025/4/31", "令和0年4月",
              "2025年4月21日発表の声明", "声明の発表 2025年4月21日",
          ])
    func notDates(line: String) {
        #expect(MetadataExtractor.extract(fromText: "題名\n本文。\n" + line).date == nil)
    }

    @Test("a publication date wins over a completion date; the first of each kind is taken")
    func datePriority() {
        let text = "題名\n(2025年1月1日脱稿)\n本文。\n（2025年2月2日脱稿）\n2025年3月3日発行\n令和7年4月4日\n"
        #expect(MetadataExtractor.extract(fromText: text).date == "2025-03-03")
        #expect(MetadataExtractor.extract(fromText: "題名\n本文。\n執筆 2025年2月2日\n稿了2025年3月3日\n").date
                == "2025-02-02")
    }

    @Test("the publisher after a label, of a copyright, or alone in the colophon; not an affiliation")
    func publishers() {
        func publisher(_ text: String) -> String? { MetadataExtractor.extract(fromText: text).publisher }
        #expect(publisher("題名\n本文。\n発行所：日本国際問題研究所\n") == "日本国際問題研究所")
        #expect(publisher("題名\n本文。\n編集・発行 公益財団法人 日本国際フォーラム\n") == "公益財団法人日本国際フォーラム")
        #expect(publisher("題名\n本文。\n© 2025 鹿島平和研究所\n") == "鹿島平和研究所")
        #expect(publisher("題名\n本文。\nCopyright (c) 2020-2025 Example Research Institute 研究所\n")
                == "Example Research Institute 研究所")
        #expect(publisher("題名\n本文。\n岩波書店\n") == "岩波書店")
        #expect(publisher("題名\n本文。\n株式会社インターブックス\n") == "株式会社インターブックス")
        #expect(publisher("題名\n本文。\n小泉 悠\n東京大学\n") == nil)
        #expect(publisher("題名\n東京大学先端科学技術研究センター\n本文。\n") == nil)
        #expect(publisher("題名\n本文。\n東京大学先端科学技術研究センター准教授\n") == nil)
        #expect(publisher("題名\n本文。\n発行日 2025年4月\n") == nil)
        #expect(publisher("題名\n本文。\n発行 2025年4月\n") == nil)
        #expect(publisher("題名\n本文。\n© 2025 小泉悠\n") == nil)
    }
}

@Suite("Citation strings")
struct CitationFormatterTests {
    private let full = DocumentMetadata(
        title: "ロシア・ウクライナ戦争停戦の見通し", authors: ["小泉悠", "山添博史"], date: "2025-04-21",
        container: "安全保障研究", publisher: "鹿島平和研究所", url: "https://example.org/a_b%20{c}", type: "article")

    private func plain(_ metadata: DocumentMetadata, lines: ClosedRange<Int> = 13...15, page: Int? = nil) -> String {
        CitationFormatter.citation(metadata, documentName: "000_cc57c55956077614.txt", lines: lines, page: page,
                                   style: .plain)
    }

    private func bibtex(_ metadata: DocumentMetadata, lines: ClosedRange<Int> = 13...15, page: Int? = nil) -> String {
        CitationFormatter.citation(metadata, documentName: "000_cc57c55956077614.txt", lines: lines, page: page,
                                   style: .bibtex)
    }

    @Test("plain, Japanese order, every part known")
    func plainFull() {
        #expect(plain(full) == "小泉悠・山添博史「ロシア・ウクライナ戦争停戦の見通し」『安全保障研究』鹿島平和研究所, 2025年4月21日, 13–15行.")
        #expect(plain(full, lines: 13...13, page: 5)
                == "小泉悠・山添博史「ロシア・ウクライナ戦争停戦の見通し」『安全保障研究』鹿島平和研究所, 2025年4月21日, 5頁, 13行.")
    }

    @Test("plain, Japanese order, missing parts left out with their separators")
    func plainSparse() {
        let outlook = DocumentMetadata(title: "ロシア・ウクライナ戦争停戦の見通し", authors: ["小泉悠"], date: "2025-04-21")
        #expect(plain(outlook, lines: 13...13) == "小泉悠「ロシア・ウクライナ戦争停戦の見通し」, 2025年4月21日, 13行.")
        #expect(plain(DocumentMetadata(title: "第90回：ウクライナ戦争停戦交渉", date: "2025-02", type: "web"))
                == "「第90回：ウクライナ戦争停戦交渉」, 2025年2月, 13–15行.")
        #expect(plain(DocumentMetadata(title: "和平達成の試み", authors: ["山添博史"], date: "2026",
                                       publisher: "防衛研究所", type: "book"))
                == "山添博史『和平達成の試み』防衛研究所, 2026年, 13–15行.")
        #expect(plain(DocumentMetadata(title: "和平達成の試み", container: "NIDSコメンタリー", type: "report"))
                == "「和平達成の試み」『NIDSコメンタリー』, 13–15行.")
        #expect(plain(DocumentMetadata(authors: ["田島理博"], date: "2024-12-06"))
                == "田島理博, 000_cc57c55956077614.txt, 2024年12月6日, 13–15行.")
        #expect(plain(DocumentMetadata(authors: ["田島理博"], publisher: "日本国際問題研究所"), page: 2)
                == "田島理博, 000_cc57c55956077614.txt, 日本国際問題研究所, 2頁, 13–15行.")
        #expect(plain(DocumentMetadata(), lines: 1...1) == "000_cc57c55956077614.txt, 1行.")
        #expect(plain(DocumentMetadata(title: "題名", date: "2025/4/21")) == "「題名」, 2025/4/21, 13–15行.")
    }

    @Test("plain, Western order for a title in Latin script")
    func plainWestern() {
        let report = DocumentMetadata(
            title: "Guidelines for Designing a Ceasefire in the Russia-Ukraine War",
            authors: ["Samuel Charap", "Joe Haberman", "Scott Savitz"], date: "2025-04-21",
            container: "Research Reports", publisher: "RAND Corporation", type: "report")
        #expect(plain(report) == "Samuel Charap, Joe Haberman, and Scott Savitz, “Guidelines for Designing a Ceasefire in the Russia-Ukraine War,” *Research Reports*, RAND Corporation, April 21, 2025, lines 13–15.")
        let book = DocumentMetadata(title: "All the Kremlin's Men", authors: ["Mikhail Zygar"], date: "2016-05",
                                    publisher: "PublicAffairs", type: "book")
        #expect(plain(book, lines: 7...7, page: 12) == "Mikhail Zygar, *All the Kremlin's Men*, PublicAffairs, May 2016, p. 12, line 7.")
        let article = DocumentMetadata(title: "Ripeness", authors: ["I. William Zartman", "Paul C. Stern"], date: "2000")
        #expect(plain(article) == "I. William Zartman and Paul C. Stern, “Ripeness,” 2000, lines 13–15.")
        #expect(plain(DocumentMetadata(title: "Ripeness")) == "“Ripeness,” lines 13–15.")
        #expect(plain(DocumentMetadata(authors: ["Samuel Charap"])) == "Samuel Charap, 000_cc57c55956077614.txt, lines 13–15.")
    }

    @Test("BibTeX, every part known: fields in order, values escaped, the url verbatim but for braces")
    func bibtexFull() {
        #expect(bibtex(full) == """
            @article{000_cc57c55956077614,
              author = {小泉悠 and 山添博史},
              title = {ロシア・ウクライナ戦争停戦の見通し},
              journal = {安全保障研究},
              publisher = {鹿島平和研究所},
              year = {2025},
              month = {4},
              note = {lines 13--15},
              url = {https://example.org/a_b%20%7Bc%7D}
            }
            """)
    }

    @Test("BibTeX entry types and container fields follow the type; missing fields are left out")
    func bibtexTypes() {
        #expect(bibtex(DocumentMetadata(title: "停戦交渉の行方", authors: ["田島理博"], date: "2025-12",
                                        container: "戦略年次報告", type: "chapter"), lines: 3...3, page: 5) == """
            @incollection{000_cc57c55956077614,
              author = {田島理博},
              title = {停戦交渉の行方},
              booktitle = {戦略年次報告},
              year = {2025},
              month = {12},
              note = {p. 5, line 3}
            }
            """)
        #expect(bibtex(DocumentMetadata(title: "和平達成の試み", container: "NIDSコメンタリー", publisher: "防衛研究所",
                                        type: "report")) == """
            @techreport{000_cc57c55956077614,
              title = {和平達成の試み},
              series = {NIDSコメンタリー},
              institution = {防衛研究所},
              note = {lines 13--15}
            }
            """)
        #expect(bibtex(DocumentMetadata(container: "叢書", publisher: "防衛研究所", type: "book")) == """
            @book{000_cc57c55956077614,
              series = {叢書},
              publisher = {防衛研究所},
              note = {lines 13--15}
            }
            """)
        #expect(bibtex(DocumentMetadata(date: "2025", container: "メールマガジン", type: "web")) == """
            @misc{000_cc57c55956077614,
              howpublished = {メールマガジン},
              year = {2025},
              note = {lines 13--15}
            }
            """)
        #expect(bibtex(DocumentMetadata(date: "2025/4/21")) == """
            @article{000_cc57c55956077614,
              note = {lines 13--15}
            }
            """)
    }

    @Test("LaTeX's special characters are escaped in values")
    func escaping() {
        #expect(CitationFormatter.escapedForLaTeX(#"{A} & B_C 100% #1 $5 \x ~y ^z"#)
                == ##"\{A\} \& B\_C 100\% \#1 \$5 \textbackslash{}x \textasciitilde{}y \textasciicircum{}z"##)
        let metadata = DocumentMetadata(title: "R&D {50%}", authors: ["A_B"])
        #expect(CitationFormatter.citation(metadata, documentName: "x", lines: 1...2, page: nil, style: .bibtex) == #"""
            @article{x,
              author = {A\_B},
              title = {R\&D \{50\%\}},
              note = {lines 1--2}
            }
            """#)
    }

    @Test("the BibTeX key keeps ASCII letters, digits and underscores of the document's name",
          arguments: [
              ("000_cc57c55956077614.txt", "000_cc57c55956077614"),
              ("seeds/001_49dd464655a60e45.TXT", "001_49dd464655a60e45"),
              ("notes.md", "notes"),
              ("my paper-2 (final).txt", "my_paper_2_final"),
              ("小泉 停戦 2025.txt", "2025"),
              ("論文.txt", "document"),
              ("_a__b_.md", "a__b"),
              ("paper.v2", "paper_v2"),
          ])
    func bibtexKeys(name: String, key: String) {
        #expect(CitationFormatter.bibtexKey(name) == key)
    }

    @Test("the styles' names")
    func styleNames() {
        #expect(CitationStyle.allCases.map(\.rawValue) == ["plain", "bibtex"])
    }

    @Test("metadata round-trips through Codable")
    func codable() throws {
        let data = try JSONEncoder().encode(full)
        #expect(try JSONDecoder().decode(DocumentMetadata.self, from: data) == full)
    }
}
