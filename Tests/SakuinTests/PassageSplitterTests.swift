import Foundation
import Testing
@testable import Sakuin

/// The five seed papers at the package root, as the splitter sees them.
private enum Seed: String, CaseIterable {
    case defenceOutlook = "000_cc57c55956077614"
    case peaceAttempts = "001_49dd464655a60e45"
    case ceasefireTalks = "002_7435ec9e20f77821"
    case chapterSix = "003_57592eb5b33f72b7"
    case wrappedOutlook = "004_52d9f2df84919290"

    /// `Tests/SakuinTests/PassageSplitterTests.swift` → the package root → `seeds/`.
    func text() throws -> String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = packageRoot.appendingPathComponent("seeds").appendingPathComponent(rawValue + ".txt")
        return try String(contentsOf: url, encoding: .utf8)
    }

    func split() throws -> SplitDocument { PassageSplitter.split(try text()) }
}

private extension PassageDraft {
    var joinedString: String { String(decoding: joined.units, as: UTF16.self) }
    var lines: ClosedRange<Int> { lineStart...lineEnd }
}

private extension SplitDocument {
    func passages(_ kind: PassageKind) -> [PassageDraft] { passages.filter { $0.kind == kind } }

    /// Headings as (line, section text).
    var headings: [(line: Int, text: String?)] { passages(.heading).map { ($0.lineStart, $0.section) } }

    func passage(startingAt lineStart: Int) -> PassageDraft? { passages.first { $0.lineStart == lineStart } }

    func passage(joinedContaining phrase: String) -> PassageDraft? {
        passages.first { $0.joinedString.contains(phrase) }
    }

    var kindCounts: [PassageKind: Int] { passages.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 } }
}

private func expectHeadings(_ document: SplitDocument, _ expected: [(Int, String)],
                            sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(document.headings.map(\.line) == expected.map(\.0), sourceLocation: sourceLocation)
    #expect(document.headings.map(\.text) == expected.map(\.1), sourceLocation: sourceLocation)
}

@Suite("PassageSplitter: seeds") struct PassageSplitterSeedTests {
    @Test("000: Markdown headings, title, and sentences split by a blank line joined again")
    func defenceOutlook() throws {
        let document = try Seed.defenceOutlook.split()
        #expect(document.title == "ロシア・ウクライナ戦争停戦の見通し")
        expectHeadings(document, [
            (3, "ロシア・ウクライナ戦争停戦の見通し"), (17, "「停戦」の中身"),
            (25, "トランプ政権の「停戦」戦略"), (43, "ロシアとウクライナの継戦能力"),
        ])
        let heading = try #require(document.passage(startingAt: 3))
        #expect(heading.text == "# ロシア・ウクライナ戦争停戦の見通し")
        #expect(heading.joinedString == "ロシア・ウクライナ戦争停戦の見通し")

        let interrupted = try #require(document.passage(joinedContaining: "速いものではなく、しかも犠牲"))
        #expect(interrupted.lines == 49...51)
        #expect(interrupted.section == "ロシアとウクライナの継戦能力")
        let conditions = try #require(document.passage(joinedContaining: "ここでロシア側の「停戦」条件"))
        #expect(conditions.lines == 33...35)

        // Markdown two-space line breaks: the trailing spaces do not reach the joined text.
        #expect(document.passage(startingAt: 5)?.joinedString == "東京大学先端科学技術研究センター准教授DEEP DRIVE理事")
        #expect(document.passage(startingAt: 8)?.lines == 8...9)
        #expect(document.passage(startingAt: 8)?.joinedString == "小泉 悠こいづみ ゆう")
        #expect(document.kindCounts == [.heading: 4, .paragraph: 18])
    }

    @Test("001: title is the first line, styled and numbered section titles are headings")
    func peaceAttemptsHeadings() throws {
        let document = try Seed.peaceAttempts.split()
        #expect(document.title == "ウクライナとロシアの 和平達成の試み")
        expectHeadings(document, [
            (23, "目 次"), (40, "要 約"), (50, "はじめに"),
            (89, "1 ロシアの武力行使の動機"),
            (91, "（1）ウクライナに対するプーチン大統領の願望と 2014 年の作戦"),
            (134, "(2) 2021年の準備"),
            (146, "(3) 2022年2月24日の「特別軍事作戦」の宣言"),
            (181, "2 ロシアとウクライナの戦闘継続、2022～2024年"),
            (183, "（1）戦闘開始と停戦協議、2022年2～4月"),
            (215, "(2) ウクライナによる被占領地回復の期待、2022年5月～2023年11月"),
            (281, "(3) ロシアの漸進、2023 年 12 月～2024 年 12 月"),
            (315, "3 米国トランプ政権による和平の試み、2025年"),
            (317, "(1) 米国の立場からの問題意識"),
            (333, "(2) 「仲介者」米国の認識と行動の展開、2025年2月～4月"),
            (373, "(3) 欧州安全保障への関与の回復か、2025年5月以降"),
            (426, "おわりに"), (465, "謝 辞"), (471, "筆者略歴"),
        ])
        #expect(document.passages.first?.lines == 5...5)
        #expect(document.passages.first?.section == nil)
        #expect(document.passage(startingAt: 7)?.lines == 7...8)
        #expect(document.passage(startingAt: 7)?.joinedString == "——ウクライナが放棄しがたい権利、ロシアが下げがたい要求")
        #expect(document.kindCounts == [.heading: 18, .paragraph: 140, .footnote: 37, .tableRow: 64])
    }

    @Test("001: each of the 37 notes is one footnote with its number and line")
    func peaceAttemptsFootnotes() throws {
        let document = try Seed.peaceAttempts.split()
        let expectedLines = [
            60, 62, 64, 67, 95, 107, 109, 111, 124, 138, 150, 152, 154, 156, 159, 189, 199, 209, 211,
            225, 227, 277, 293, 295, 307, 309, 323, 325, 327, 400, 402, 404, 406, 430, 438, 441, 469,
        ]
        let footnotes = document.passages(.footnote)
        #expect(footnotes.map(\.footnoteNumber) == Array(1...37))
        #expect(footnotes.map(\.lineStart) == expectedLines)
        #expect(footnotes.map(\.lineEnd) == expectedLines)
        for footnote in footnotes {
            let number = try #require(footnote.footnoteNumber)
            #expect(footnote.text.hasPrefix("\(number) "))
        }
        #expect(footnotes[3].text.hasPrefix("4 I. William Zartman, “Ripeness: The Hurting Stalemate and Beyond,”"))
        #expect(footnotes[0].section == "はじめに")
        #expect(document.passages.allSatisfy { $0.kind == .footnote || $0.footnoteNumber == nil })
        // A year at the start of a line is not note 1975.
        #expect(document.passage(startingAt: 477)?.kind == .paragraph)
    }

    @Test("001: table of contents and event tables give one table row per line")
    func peaceAttemptsTables() throws {
        let document = try Seed.peaceAttempts.split()
        let rows = document.passages(.tableRow)
        #expect(rows.map(\.lineStart) == Array(25...38) + Array(231...263) + Array(345...361))
        #expect(rows.allSatisfy { $0.lineStart == $0.lineEnd })
        #expect(rows.first?.joinedString == "はじめに 1")
        #expect(rows.first?.section == "目 次")
        #expect(document.passage(startingAt: 26)?.joinedString == "1 ロシアの武力行使の動機 3")
        #expect(document.passage(startingAt: 232)?.joinedString == "2022 年")
        #expect(document.passage(startingAt: 236)?.text == "\t\t3.31\t● キーウ周辺撤収")
        #expect(document.passage(startingAt: 236)?.joinedString == "3.31 ● キーウ周辺撤収")
    }

    @Test("001: a sentence broken by one blank line is one paragraph; one broken by notes is not")
    func peaceAttemptsContinuations() throws {
        let document = try Seed.peaceAttempts.split()
        let joined = try #require(document.passage(joinedContaining: "そのために交渉による解決の道を遠くする"))
        #expect(joined.lines == 418...420)
        #expect(try #require(document.passage(joinedContaining: "相手からの圧力手段発動を先送り")).lines == 377...379)
        // Interrupted by the notes of page 1: the two halves stay separate paragraphs.
        #expect(document.passage(startingAt: 58)?.lines == 58...58)
        #expect(document.passage(startingAt: 69)?.kind == .paragraph)
        // Interrupted by a figure: the caption is its own paragraph.
        #expect(document.passage(startingAt: 73)?.lines == 73...73)
        #expect(document.passage(startingAt: 75)?.joinedString == "図1 ウクライナにとっての和平プランAと和平プランB")
    }

    @Test("002: ■ lines that run on are paragraphs, short ■ lines are headings")
    func ceasefireTalksHeadings() throws {
        let document = try Seed.ceasefireTalks.split()
        #expect(document.title == "第90回：ウクライナ戦争停戦交渉")
        expectHeadings(document, [
            (1, "第90回：ウクライナ戦争停戦交渉"), (5, "【全体の流れ】"), (25, "【今後留意すべきポイント】"),
            (27, "■米国はウクライナ・欧州に対して冷たく、ロシアに近い立ち位置"), (53, "■一番重要なのは再発防止策"),
            (87, "■欧州の動きは遅すぎる"), (109, "■中国の動きが今後の鍵を握る"), (137, "■日本も後れを取らないように"),
        ])
        let bullet = try #require(document.passage(startingAt: 13))
        #expect(bullet.kind == .paragraph)
        #expect(bullet.lines == 13...17)
        #expect(bullet.section == "【全体の流れ】")
        #expect(document.passage(startingAt: 19)?.lines == 19...19)
        #expect(document.kindCounts == [.heading: 8, .paragraph: 31])
    }

    @Test("002: a sentence with a blank line between each of its lines is one passage")
    func ceasefireTalksBlankLineSplit() throws {
        let document = try Seed.ceasefireTalks.split()
        let passage = try #require(document.passage(joinedContaining: "１００日間で解決すると語り、それでさえ"))
        #expect(passage.lines == 7...11)
        #expect(passage.text == """
            ■トランプ大統領は、大統領選挙戦を通じて、ウクライナ戦争を就任初日には止めさせる、と公約していたが、

            それは就任早々取り下げ、本年に入ってからは、ケロッグ・ウクライナ問題特使が１００日間で解決すると

            語り、それでさえ楽観的に過ぎると評されてきた。
            """)
        #expect(passage.joinedString == "■トランプ大統領は、大統領選挙戦を通じて、ウクライナ戦争を就任初日には止めさせる、と公約していたが、"
            + "それは就任早々取り下げ、本年に入ってからは、ケロッグ・ウクライナ問題特使が１００日間で解決すると"
            + "語り、それでさえ楽観的に過ぎると評されてきた。")
        #expect(try #require(document.passage(joinedContaining: "はずだが、米国は、まずロシアと協議を始め、そもそも")).lines == 29...35)
        // A heading or a bullet after the blank line is not a continuation.
        #expect(document.passage(startingAt: 55)?.lines == 55...55)
        #expect(document.passage(startingAt: 57)?.lines == 57...65)
    }

    @Test("003: Markdown headings with ◆, and a sentence split by a blank line")
    func chapterSix() throws {
        let document = try Seed.chapterSix.split()
        #expect(document.title == "第6章 ロシアによるウクライナ侵略は終結するのか： 停戦交渉の行方と緊密化する口朝関係")
        expectHeadings(document, [
            (3, "第6章 ロシアによるウクライナ侵略は終結するのか： 停戦交渉の行方と緊密化する口朝関係"),
            (5, "◆ 停戦交渉の行方"), (22, "◆ ロシアの継戦体制を支えているもの"),
            (28, "◆ 日朝関係の緊密化と「同盟」関係への進展"), (34, "◆ 政策提言"),
        ])
        let joined = try #require(document.passage(joinedContaining: "景気は良好とされているが民需は低調であり"))
        #expect(joined.lines == 24...26)
        #expect(document.passage(startingAt: 17)?.joinedString == "米・ウクライナ大統領、ロシアとの和平案巡り協議(2025年12月写真：AP/アフロ)")
        #expect(document.passage(startingAt: 36)?.lines == 36...36)
        #expect(document.passage(startingAt: 37)?.section == "◆ 政策提言")
        #expect(document.kindCounts == [.heading: 5, .paragraph: 12])
    }

    @Test("004: hard-wrapped lines without blank lines make paragraphs at short sentence-final lines")
    func wrappedOutlook() throws {
        let document = try Seed.wrappedOutlook.split()
        #expect(document.title == "◆◆疲弊するロシア・ウクライナと続く消耗戦、トランプ政権による停戦交渉は実現するのか")
        expectHeadings(document, [
            (1, "◆◆疲弊するロシア・ウクライナと続く消耗戦、トランプ政権による停戦交渉は実現するのか"),
            (34, "◆◆露中と露朝の結束が進み、東アジアに対する脅威の増大に"), (59, "◆◆提言"),
        ])
        #expect(document.passages(.paragraph).map(\.lines) == [
            3...11, 12...16, 17...32, 36...40, 42...44, 45...52, 53...57, 61...66, 68...70, 71...72, 74...74,
        ])
        #expect(document.passages(.tableRow).map(\.lineStart) == [76, 77])
        let army = try #require(document.passage(joinedContaining: "ロシア軍の能力は減少傾向"))
        #expect(army.lines == 3...11)
        #expect(army.text.contains("ロシア軍\nの能力"))
        #expect(try #require(document.passage(joinedContaining: "結果、ICBMの性能向上や SLBMの開発")).lines == 45...52)
        #expect(document.passage(startingAt: 61)?.joinedString.hasPrefix("• 双方の消耗戦の行き着く先は") == true)
    }

    @Test("every joined unit maps back to the same unit of the passage text, on every seed")
    func sourceOffsetsAreExact() throws {
        for seed in Seed.allCases {
            for passage in try seed.split().passages {
                let text = Array(passage.text.utf16)
                let joined = passage.joined
                #expect(joined.sourceOffsets.count == joined.units.count + 1)
                #expect(joined.sourceOffsets.last == Int32(text.count))
                #expect(zip(joined.sourceOffsets, joined.sourceOffsets.dropFirst()).allSatisfy { $0 < $1 })
                #expect(!joined.units.contains(0x0A))
                for (unit, offset) in zip(joined.units, joined.sourceOffsets) where unit != 0x20 {
                    #expect(text[Int(offset)] == unit, "\(seed.rawValue) line \(passage.lineStart)")
                }
            }
        }
    }

    @Test("\\r\\n and lone \\r give the same passages and line numbers as \\n")
    func lineEndingVariants() throws {
        for seed in Seed.allCases {
            let text = try seed.text()
            let expected = PassageSplitter.split(text)
            #expect(PassageSplitter.split(text.replacingOccurrences(of: "\n", with: "\r\n")) == expected)
            #expect(PassageSplitter.split(text.replacingOccurrences(of: "\n", with: "\r")) == expected)
        }
    }
}

@Suite("PassageSplitter: edge cases") struct PassageSplitterEdgeTests {
    @Test("empty text gives no title and no passages")
    func empty() {
        #expect(PassageSplitter.split("") == SplitDocument(title: nil, passages: []))
    }

    @Test("whitespace only (spaces, U+3000, tabs, NUL, blank lines) gives no passages")
    func whitespaceOnly() {
        #expect(PassageSplitter.split(" \n\u{3000}\u{3000}\r\n\t\r\n\u{0}\n\n") == SplitDocument(title: nil, passages: []))
    }

    // Found by the splitter's fuzz target: a document whose only line is long has no title, and
    // the target's promise ("a title whenever a line is not blank") was wrong, not the splitter.
    @Test("a first line longer than the maximum title length is a paragraph and the document has no title")
    func longFirstLineIsNoTitle() {
        let limit = PassageSplitter.maximumTitleLength
        let long = String(repeating: "長い段落の文です、", count: limit / 9 + 1)
        #expect(long.utf16.count > limit)
        let untitled = PassageSplitter.split(long + "終わり。\n")
        #expect(untitled.title == nil)
        #expect(untitled.passages.map(\.kind) == [.paragraph])
        let atLimit = String(repeating: "題", count: limit)
        #expect(PassageSplitter.split(atLimit + "\n\n本文。\n").title == atLimit)
        #expect(PassageSplitter.split(atLimit + "題\n\n本文。\n").title == nil)
    }

    @Test("a 50,000-character line without breaks is cut at the maximum length, all on line 1")
    func longLineWithoutBreaks() {
        let line = String(repeating: "あ", count: 50_000)
        let passages = PassageSplitter.split(line).passages
        #expect(passages.count == 25)
        #expect(passages.allSatisfy { $0.text.utf16.count == PassageSplitter.maximumPassageLength })
        #expect(passages.allSatisfy { $0.lineStart == 1 && $0.lineEnd == 1 && $0.kind == .paragraph })
        #expect(passages.map(\.text).joined() == line)
        #expect(passages.allSatisfy { $0.joined.sourceOffsets.last == 2000 })
    }

    @Test("a long line is cut after 。 and, failing that, after a space")
    func longLineCutPoints() {
        let sentences = String(repeating: "ロシア軍の能力。", count: 6250)  // 50,000 units
        let sentencePieces = PassageSplitter.split(sentences).passages
        #expect(sentencePieces.count == 25)
        #expect(sentencePieces.allSatisfy { $0.text.hasSuffix("。") && $0.text.hasPrefix("ロシア") })

        let words = "\n" + String(repeating: "word ", count: 10_000)  // on line 2
        let wordPieces = PassageSplitter.split(words).passages
        #expect(wordPieces.count == 25)
        #expect(wordPieces.allSatisfy { $0.text.utf16.count == 1999 && $0.text.hasSuffix("word") })
        #expect(wordPieces.allSatisfy { $0.lineStart == 2 && $0.lineEnd == 2 })
    }

    @Test("a long paragraph over several lines is cut at a line end, each piece with its own lines")
    func longMultilineParagraph() {
        let line = String(repeating: "文章が続く、", count: 100)  // 600 units, never ends a sentence
        let text = Array(repeating: line, count: 5).joined(separator: "\n")
        let passages = PassageSplitter.split(text).passages
        #expect(passages.map(\.kind) == [.paragraph, .paragraph])
        #expect(passages.map(\.lines) == [1...3, 4...5])
        #expect(passages.map { $0.text.utf16.count } == [3 * 600 + 2, 2 * 600 + 1])
    }

    @Test("NUL and other control characters become spaces in the joined text")
    func controlCharacters() throws {
        let passage = try #require(PassageSplitter.split("本文\u{0}です。\u{7}終わり。").passages.first)
        #expect(passage.text == "本文\u{0}です。\u{7}終わり。")
        #expect(passage.joinedString == "本文 です。 終わり。")
        #expect(passage.joined.sourceOffsets == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    }

    @Test("a text that is only a heading")
    func onlyHeading() {
        let document = PassageSplitter.split("## 見出し ##\n")
        #expect(document.title == "見出し")
        #expect(document.passages.count == 1)
        #expect(document.passages.first?.kind == .heading)
        #expect(document.passages.first?.text == "## 見出し ##")
        #expect(document.passages.first?.joinedString == "見出し")
        #expect(document.passages.first?.joined.sourceOffsets == [3, 4, 5, 9])
        #expect(document.passages.first?.section == "見出し")
    }

    @Test("lines of only punctuation or marks are passages and nothing crashes")
    func punctuationLines() {
        let document = PassageSplitter.split("。。。\n\n———\n\n・・・\n\n######\n\n|---|---|\n\n(1)\n\n#")
        #expect(document.passages.map(\.lineStart) == [1, 3, 5, 7, 11, 13])
        #expect(document.passages.allSatisfy { $0.kind == .paragraph })
        #expect(document.title == "。。。")
    }
}

@Suite("PassageSplitter: joining and classification") struct PassageSplitterRuleTests {
    private func joined(_ text: String) -> [String] {
        PassageSplitter.split(text).passages.map { String(decoding: $0.joined.units, as: UTF16.self) }
    }

    @Test("a line break is removed between Japanese characters and becomes a space between words")
    func lineBreaks() {
        #expect(joined("ロシア軍\nの能力") == ["ロシア軍の能力"])
        #expect(joined("The Hurting\nStalemate") == ["The Hurting Stalemate"])
        #expect(joined("NATO\n加盟") == ["NATO加盟"])
        #expect(joined("東京  \n大学") == ["東京大学"])
        #expect(joined("a \u{3000}\t b") == ["a b"])
    }

    @Test("leading and trailing whitespace is trimmed from joined text with an exact map")
    func trimming() throws {
        let passage = try #require(PassageSplitter.split("  本文。\u{3000} ").passages.first)
        #expect(passage.text == "  本文。\u{3000} ")
        #expect(passage.joined.units == Array("本文。".utf16))
        #expect(passage.joined.sourceOffsets == [2, 3, 4, 7])
    }

    @Test("a numbered note runs on to the next line; a short numbered title is a heading")
    func footnotesAndNumberedTitles() {
        let document = PassageSplitter.split("""
            1 はじめに

            本文である¹。

            1 山田太郎『本の題』（出版社、2020年）、
            12頁。

            2 結論
            """)
        #expect(document.passages.map(\.kind) == [.heading, .paragraph, .footnote, .heading])
        #expect(document.passages.map(\.lines) == [1...1, 3...3, 5...6, 8...8])
        #expect(document.passages[2].footnoteNumber == 1)
        #expect(document.passages[2].joinedString == "1 山田太郎『本の題』（出版社、2020年）、12頁。")
        #expect(document.passages.map(\.section) == ["1 はじめに", "1 はじめに", "1 はじめに", "2 結論"])
    }

    @Test("Markdown table rows are passages with cells separated by spaces; the rule line is not")
    func markdownTable() {
        let document = PassageSplitter.split("| 国 | 首都 |\n|---|:---:|\n| 日本 | 東京 |")
        #expect(document.passages.map(\.kind) == [.tableRow, .tableRow])
        #expect(document.passages.map(\.lineStart) == [1, 3])
        #expect(document.passages.map { String(decoding: $0.joined.units, as: UTF16.self) } == ["国 首都", "日本 東京"])
    }

    @Test("a bullet followed by a tab is a bullet, not a table row")
    func bulletWithTab() {
        let document = PassageSplitter.split("•\t 第一の点である。\n•\t 第二の点である。")
        #expect(document.passages.map(\.kind) == [.paragraph, .paragraph])
        #expect(document.passages.map(\.lines) == [1...1, 2...2])
    }

    @Test("a short name line is not joined to the text after a blank line")
    func shortLinesStandAlone() {
        let document = PassageSplitter.split("山添 博史\n\n本書に示された見解は筆者個人のものである。")
        #expect(document.passages.map(\.lines) == [1...1, 3...3])
    }
}
