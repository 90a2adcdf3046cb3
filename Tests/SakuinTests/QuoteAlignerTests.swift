import Foundation
import Testing
@testable import Sakuin

@Suite("Quote aligner") struct QuoteAlignerTests {
    let aligner = QuoteAligner()

    /// The text of `source` that `alignment` points at.
    func span(_ alignment: QuoteAlignment, in source: String) -> String {
        String(decoding: Array(source.utf16)[alignment.sourceRange], as: UTF16.self)
    }

    /// Lines `line - 2 ... line + 2` (1-based) of a seed paper joined with line breaks: a passage
    /// and its neighbours, as citation lookup gets them.
    func seedWindow(_ name: String, line: Int) throws -> String {
        let lines = TestIndex.seedLines(name)
        try #require(line >= 1 && line <= lines.count, "seed \(name) has no line \(line)")
        return lines[max(0, line - 3)...min(lines.count - 1, line + 1)].joined(separator: "\n")
    }

    /// Expects the score of an alignment with edit share `edit` and anchored share `anchored`
    /// (the mean of the two).
    func expectScore(_ alignment: QuoteAlignment, _ edit: Double, anchored: Double = 1,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = (edit + anchored) / 2
        #expect(abs(alignment.score - expected) < 1e-6, "score \(alignment.score), expected \(expected)",
                sourceLocation: sourceLocation)
    }

    // MARK: - Normalization

    @Test("identical text scores 1 with no differences")
    func identical() throws {
        let text = "停戦交渉の行方と緊密化する露朝関係"
        let alignment = try #require(aligner.align(quote: text, in: text))
        #expect(alignment == QuoteAlignment(sourceRange: 0..<17, score: 1, differences: []))
    }

    @Test("the span is the quote's place in a longer source; of two places, the first")
    func firstOccurrence() throws {
        let source = "序文。ロシアの継戦能力。本文。ロシアの継戦能力。"
        let alignment = try #require(aligner.align(quote: "ロシアの継戦能力", in: source))
        #expect(alignment.sourceRange == 3..<11)
        #expect(span(alignment, in: source) == "ロシアの継戦能力")
        #expect(alignment.score == 1)
    }

    @Test("full and half width are the same after normalization")
    func width() throws {
        let source = "ロシアは２０１４年２月にクリミアを併合した。"
        let alignment = try #require(aligner.align(quote: "2014年2月", in: source))
        #expect(span(alignment, in: source) == "２０１４年２月")
        #expect(alignment.score == 1)
        #expect(alignment.differences.isEmpty)

        let halfWidth = "大統領ﾌﾟｰﾁﾝ氏"
        let kana = try #require(aligner.align(quote: "プーチン", in: halfWidth))
        #expect(kana.sourceRange == 3..<8)  // ﾌ and ﾟ are one character after normalization
        #expect(kana.score == 1)
    }

    @Test("spaces and line breaks inside the source or the quote do not count")
    func whitespace() throws {
        let source = "発表は2024年 3月の会合で、\n　停戦の 条件を示した。"
        let alignment = try #require(aligner.align(quote: "2024年3月の会合で、停戦の条件", in: source))
        #expect(span(alignment, in: source) == "2024年 3月の会合で、\n　停戦の 条件")
        #expect(alignment.score == 1)
        #expect(alignment.differences.isEmpty)

        let spaced = try #require(aligner.align(quote: "停戦 の\n条件", in: source))
        #expect(span(spaced, in: source) == "停戦の 条件")
        #expect(spaced.score == 1)
    }

    @Test("a quote across a blank line of the seed (002, lines 7–9) matches exactly")
    func acrossBlankLine() throws {
        let source = try seedWindow("002_7435ec9e20f77821", line: 8)
        let quote = "ウクライナ戦争を就任初日には止めさせる、と公約していたが、それは就任早々取り下げ、"
        let alignment = try #require(aligner.align(quote: quote, in: source))
        #expect(span(alignment, in: source)
                == "ウクライナ戦争を就任初日には止めさせる、と公約していたが、\n\nそれは就任早々取り下げ、")
        #expect(alignment.score == 1)
        #expect(alignment.differences.isEmpty)
    }

    @Test("the span is rounded to whole source characters: surrogate pairs, ㍻, a spacing voiced mark")
    func wholeCharacters() throws {
        let surrogates = "上司が𠮟責した"
        let scolded = try #require(aligner.align(quote: "𠮟責", in: surrogates))
        #expect(scolded.sourceRange == 3..<6)

        let era = "㍻の終わり"
        let heisei = try #require(aligner.align(quote: "成の終わり", in: era))
        #expect(heisei.sourceRange == 0..<5)  // 成 comes from ㍻: the whole ㍻ is in the span
        #expect(heisei.score == 1)

        // NFKC makes `゛` a space and a combining mark; the mark stays with its kana.
        let spacingMark = try #require(aligner.align(quote: "ハ゛イデン政権", in: "バイデン政権"))
        #expect(spacingMark.differences == [.substituted(quote: "ハ゛", source: "バ")])
        expectScore(spacingMark, 1 - 0.25 / 6)
    }

    // MARK: - Confusions

    @Test("small and large kana: なかった against なかつた costs one kana-size confusion")
    func kanaSize() throws {
        let alignment = try #require(aligner.align(quote: "なかった", in: "なかつた"))
        #expect(alignment.sourceRange == 0..<4)
        #expect(alignment.differences == [.substituted(quote: "っ", source: "つ")])
        #expect(alignment.differences.map(\.description) == ["っ→つ"])
        expectScore(alignment, 1 - 0.2 / 4)
    }

    @Test("voiced marks, look-alikes and old spellings are cheap confusions")
    func confusions() throws {
        let voicing = try #require(aligner.align(quote: "プーチン大統領", in: "ブーチン大統領"))
        #expect(voicing.differences == [.substituted(quote: "プ", source: "ブ")])
        expectScore(voicing, 1 - 0.25 / 7)

        let lookAlike = try #require(aligner.align(quote: "ロシア", in: "口シア"))
        #expect(lookAlike.differences == [.substituted(quote: "ロ", source: "口")])
        expectScore(lookAlike, 1 - 0.3 / 3)

        let oldSpelling = try #require(aligner.align(quote: "いる", in: "ゐる"))
        #expect(oldSpelling.differences == [.substituted(quote: "い", source: "ゐ")])
        expectScore(oldSpelling, 1 - 0.3 / 2)

        let commas = try #require(aligner.align(quote: "停戦，交渉．", in: "停戦、交渉。"))
        #expect(commas.differences == [.substituted(quote: "，", source: "、"), .substituted(quote: "．", source: "。")])
        expectScore(commas, 1 - 0.4 / 6)
    }

    @Test("the confusion table works both ways and keeps unrelated characters apart")
    func confusionTable() {
        let table = CharacterConfusions.standard
        func cost(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Float? { table.cost(first.value, second.value) }
        #expect(cost("ブ", "プ") == 0.25 && cost("プ", "ブ") == 0.25)
        #expect(cost("フ", "プ") == 0.25)
        #expect(cost("ぶ", "ふ") == 0.25)
        #expect(cost("っ", "つ") == 0.2 && cost("ョ", "ヨ") == 0.2)
        #expect(cost("ロ", "口") == 0.3 && cost("口", "ロ") == 0.3)
        #expect(cost("カ", "力") == 0.3 && cost("タ", "夕") == 0.3)
        #expect(cost("ー", "一") == 0.3 && cost("ー", "—") == 0.2 && cost("ー", "-") == 0.2)
        #expect(cost("ふ", "う") == 0.3 && cost("ゑ", "え") == 0.3)
        #expect(cost("露", "口") == nil)
        #expect(cost("ブ", "ブ") == nil)
        #expect(cost("ぶ", "う") == nil)  // ぶ/ふ and ふ/う do not make ぶ/う
        #expect(table.partners(of: ("ハ" as Unicode.Scalar).value).map(\.scalar)
                == ["バ", "パ", "八", "ㇵ"].map { ($0 as Unicode.Scalar).value }.sorted())
    }

    // MARK: - Gaps and ellipses

    @Test("words dropped from the quote are one cheap difference")
    func droppedWords() throws {
        let source = "停戦交渉の行方と緊密化する露朝関係"
        let alignment = try #require(aligner.align(quote: "停戦交渉の行方と露朝関係", in: source))
        #expect(alignment.sourceRange == 0..<17)
        #expect(alignment.differences == [.missingFromQuote(source: "緊密化する")])
        expectScore(alignment, 1 - (0.5 + 4 * 0.1) / 12)
    }

    @Test("an ASCII ellipsis stands for the source text it skips")
    func asciiEllipsis() throws {
        let source = "しかし、ロシアとウクライナは尽きない。"
        let alignment = try #require(aligner.align(quote: "ロシアと...尽きない", in: source))
        #expect(span(alignment, in: source) == "ロシアとウクライナは尽きない")
        #expect(alignment.differences == [.elided(source: "ウクライナは", characterCount: 6)])
        #expect(alignment.differences.map(\.description) == ["… = 6 characters"])
        expectScore(alignment, 1 - 0.5 / 8)
    }

    @Test("every spelling of an ellipsis is one ellipsis", arguments: ["…", "……", "‥", "...", ". . .", "。。。", "・・・", "⋯"])
    func ellipsisSpellings(ellipsis: String) throws {
        let source = "ロシアとウクライナは尽きない"
        let alignment = try #require(aligner.align(quote: "ロシアと\(ellipsis)尽きない", in: source))
        #expect(alignment.sourceRange == 0..<14)
        #expect(alignment.differences == [.elided(source: "ウクライナは", characterCount: 6)])
        expectScore(alignment, 1 - 0.5 / 8)
    }

    @Test("an ellipsis across a line break keeps the break in the elided text; one that stands for nothing counts 0")
    func ellipsisEdges() throws {
        let source = "ロシアと\nウクライナは尽きない"
        let alignment = try #require(aligner.align(quote: "ロシアと…尽きない", in: source))
        #expect(alignment.differences == [.elided(source: "ウクライナは", characterCount: 6)])
        #expect(span(alignment, in: source) == source)

        let nothing = try #require(aligner.align(quote: "ロシアと…ウクライナ", in: source))
        #expect(nothing.differences == [.elided(source: "", characterCount: 0)])
        #expect(nothing.differences.map(\.description) == ["… = 0 characters"])
        #expect(span(nothing, in: source) == "ロシアと\nウクライナ")
    }

    @Test("an ellipsis at either end of the quote only marks a fragment")
    func ellipsisAtEnds() throws {
        let alignment = try #require(aligner.align(quote: "…ロシアとウクライナ…", in: "今のロシアとウクライナは"))
        #expect(alignment == QuoteAlignment(sourceRange: 2..<11, score: 1, differences: []))
    }

    @Test("an ellipsis stands for at most 600 source characters; beyond, the rest is dropped or not found")
    func ellipsisBound() throws {
        let within = "あいう" + String(repeating: "x", count: 600) + "えお"
        let elided = try #require(aligner.align(quote: "あいう…えお", in: within))
        #expect(elided.differences == [.elided(source: String(repeating: "x", count: 600), characterCount: 600)])
        #expect(elided.sourceRange == 0..<605)
        expectScore(elided, 1 - 0.5 / 5)

        // One character too many is dropped from the quote as well.
        let oneMore = "あいう" + String(repeating: "x", count: 601) + "えお"
        let surplus = try #require(aligner.align(quote: "あいう…えお", in: oneMore))
        #expect(surplus.differences == [
            .missingFromQuote(source: "x"), .elided(source: String(repeating: "x", count: 600), characterCount: 600),
        ])
        #expect(surplus.sourceRange == 0..<606)
        expectScore(surplus, 1 - (0.5 + 0.5) / 5, anchored: 2.0 / 5)  // あいう is cut off by the dropped x

        // Far too many: the text after the ellipsis is not found.
        let beyond = "あいう" + String(repeating: "x", count: 1_000) + "えお"
        let cut = try #require(aligner.align(quote: "あいう…えお", in: beyond))
        #expect(cut.sourceRange == 0..<3)
        #expect(cut.differences == [.extraInQuote(quote: "…えお")])
        expectScore(cut, 1 - (0.5 + 2) / 5, anchored: 3.0 / 5)  // the ellipsis, then えお against two x
    }

    // MARK: - Edge cases

    @Test("a quote with no characters, or no source, has no alignment",
          arguments: ["", " ", "\n\u{3000}\t", "…", "... 。。。"])
    func nothingToAlign(quote: String) {
        #expect(aligner.align(quote: quote, in: "ロシアとウクライナ") == nil)
    }

    @Test("an empty source or an unrelated quote has no alignment")
    func noAlignment() {
        #expect(aligner.align(quote: "ロシア", in: "") == nil)
        #expect(aligner.align(quote: "ロシア", in: " \n ") == nil)
        #expect(aligner.align(quote: "東京", in: "ロシア") == nil)
    }

    @Test("a quote longer than the source: the rest of the quote is not in the source")
    func quoteLongerThanSource() throws {
        let alignment = try #require(aligner.align(quote: "ロシア軍は撤退した", in: "ロシア軍"))
        #expect(alignment.sourceRange == 0..<4)
        #expect(alignment.differences == [.extraInQuote(quote: "は撤退した")])
        #expect(alignment.differences.map(\.description) == ["not in source: は撤退した"])
        expectScore(alignment, 1 - (1.5 + 4) / 9, anchored: 4.0 / 9)
    }

    @Test("a 300-character quote against 20,000 units of a seed finds its exact place")
    func longSource() throws {
        let lines = TestIndex.seedLines("001_49dd464655a60e45")
        let units = Array(lines.joined(separator: "\n").utf16.prefix(20_000))
        let source = String(decoding: units, as: UTF16.self)
        // The 300 units from the start of the first line that begins after offset 15,000.
        var start = 15_000
        while units[start - 1] != 0x0A || units[start] == 0x0A { start += 1 }
        var copied = String(decoding: units[start..<(start + 300)], as: UTF16.self)
        copied.removeAll { $0.isWhitespace }
        let quote = copied.replacingOccurrences(of: "ロ", with: "口")
        let alignment = try #require(aligner.align(quote: quote, in: source))
        #expect(alignment.sourceRange.lowerBound == start)
        #expect(String(decoding: units[alignment.sourceRange], as: UTF16.self).filter { !$0.isWhitespace } == copied)
        let slips = alignment.differences.filter { $0 == .substituted(quote: "口", source: "ロ") }.count
        #expect(slips == copied.filter { $0 == "ロ" }.count)
        #expect(alignment.differences.count == slips)
    }

    // MARK: - Calibration on the seed papers

    @Test("a paraphrase-near quote of 000 line 51 matches its sentence")
    func paraphrase() throws {
        let source = try seedWindow("000_cc57c55956077614", line: 51)
        let quote = "ロシア軍は20万人以上の戦死者を出したとみられるが、獲得した領域はこの1年でウクライナ国土の1%程度にすぎない"
        let alignment = try #require(aligner.align(quote: quote, in: source))
        #expect(span(alignment, in: source)
                == "ロシア軍は20万人以上の戦死者を出したと見られるものの、獲得できた領域は過去1年間でウクライナ国土の1%ほどに過ぎな")
        #expect(alignment.differences == [
            .substituted(quote: "み", source: "見"), .substituted(quote: "が", source: "ものの"),
            .substituted(quote: "し", source: "でき"), .substituted(quote: "この", source: "過去"),
            .missingFromQuote(source: "間"), .substituted(quote: "程度", source: "ほど"),
            .substituted(quote: "す", source: "過"), .extraInQuote(quote: "い"),
        ])
        // み 1, が→ものの 1 + 0.5 + 0.1, し→でき 1 + 0.5, この 2, 間 0.5, 程度 2, す 1, い 1.
        expectScore(alignment, 1 - 10.6 / 55, anchored: 35.0 / 55)
    }

    @Test("a reworded quote with a moved phrase matches 003 line 32")
    func reworded() throws {
        let source = try seedWindow("003_57592eb5b33f72b7", line: 32)
        let quote = "北朝鮮はロシアにとって単なる継戦の道具ではなく、中長期的な同盟となりつつある"
        let alignment = try #require(aligner.align(quote: quote, in: source))
        #expect(span(alignment, in: source) == "ロシアにとって北朝鮮は単なる継戦のツールを超え、中長期的視座に立つ「同盟」となりつつある")
        #expect(alignment.differences == [
            .extraInQuote(quote: "北朝鮮は"), .missingFromQuote(source: "北朝鮮は"),
            .substituted(quote: "道具ではなく", source: "ツールを超え"),
            .substituted(quote: "な", source: "視座に立つ「"), .missingFromQuote(source: "」"),
        ])
        // 北朝鮮は→に伴い、 4 + 0.8, 道具ではなく 6, な→視座に立つ「 1 + 0.9, 」 0.5.
        expectScore(alignment, 1 - 13.2 / 38, anchored: 25.0 / 38)
    }

    @Test("a quote with an ellipsis matches 000 line 45")
    func seedEllipsis() throws {
        let source = try seedWindow("000_cc57c55956077614", line: 45)
        let alignment = try #require(aligner.align(quote: "ロシアとウクライナの継戦能力は…尽きない", in: source))
        #expect(span(alignment, in: source) == "ロシアとウクライナの継戦能力はまだしばらくは尽きない")
        #expect(alignment.differences == [.elided(source: "まだしばらくは", characterCount: 7)])
        expectScore(alignment, 1 - 0.5 / 19)
    }

    @Test("a modern spelling matches the old one in 001 line 457")
    func seedOldSpelling() throws {
        let source = try seedWindow("001_49dd464655a60e45", line: 457)
        let alignment = try #require(aligner.align(quote: "ロシア側もやはり要求をある程度下げるという変化が必要になる", in: source))
        #expect(span(alignment, in: source) == "ロシア側もやはり要求をある程度下げるといふ変化が必要になる")
        #expect(alignment.differences == [.substituted(quote: "う", source: "ふ")])
        #expect(alignment.differences.map(\.description) == ["う→ふ"])
        expectScore(alignment, 1 - 0.3 / 29)
    }

    @Test("an OCR misreading that is no look-alike (露 read as 口) in 003 line 3 still scores high")
    func seedMisreading() throws {
        let source = try seedWindow("003_57592eb5b33f72b7", line: 3)
        let alignment = try #require(aligner.align(quote: "停戦交渉の行方と緊密化する露朝関係", in: source))
        #expect(span(alignment, in: source) == "停戦交渉の行方と緊密化する口朝関係")
        #expect(alignment.differences == [.substituted(quote: "露", source: "口")])
        expectScore(alignment, 1 - 1.0 / 17, anchored: 13.0 / 17)
    }

    @Test("sentences on the same topic that are not in the seeds score clearly lower than quotes that are",
          arguments: [
            "ロシアは2025年末までにキーウを完全に制圧すると宣言した", "NATOは2026年にウクライナの加盟を正式に承認した",
            "ロシアとウクライナは2025年末に包括的な和平条約に署名した",
            "プーチン大統領は北朝鮮軍の撤退を正式に表明した",
            "ゼレンスキー大統領はNATO加盟の断念を国民投票にかけると述べた",
            "欧州連合はウクライナへの軍事支援を全面的に停止した",
            "トランプ政権はロシアに対する経済制裁をすべて解除した",
            "ウクライナ軍はクリミア半島を完全に奪還したと発表した",
            "停戦交渉は中国の仲介によって北京で開始された",
            "ロシア軍は2024年にキーウ近郊まで再び進出した",
            "北朝鮮はウクライナに対して正式に宣戦布告した",
            "日本政府はロシアとの平和条約交渉を再開すると発表した",
            "国連安全保障理事会は停戦決議を全会一致で採択した",
            "ロシア国内では動員に反対する大規模な抗議運動が広がった",
            "ウクライナの人口は戦争前の半分にまで減少したとされる",
            "停戦監視団として国連平和維持部隊が派遣されることになった",
            "ロシアの国防予算はGDPの10%を超える水準に達した",
            "戦争の長期化によってロシア経済は深刻な景気後退に陥った",
            "米国議会はウクライナ支援予算を否決した",
            "ウクライナは領土の一部をロシアに割譲することで合意した",
          ])
    func absentQuotes(quote: String) throws {
        // Every paragraph with its neighbours: three paragraphs at a time, overlapping by one.
        var bestScore = 0.0
        for seed in TestIndex.seedFiles {
            let paragraphs = TestIndex.seedLines(seed.name).filter { !$0.isEmpty }
            for first in stride(from: 0, to: paragraphs.count, by: 2) {
                let window = paragraphs[first..<min(paragraphs.count, first + 3)].joined(separator: "\n")
                bestScore = max(bestScore, aligner.align(quote: quote, in: window)?.score ?? 0)
            }
        }
        #expect(bestScore > 0.15)  // the seeds do share words with it
        #expect(bestScore < CitationOptions.defaultMinimumScore)  // the lowest quote above that is in a seed scores 0.65
    }

    // MARK: - Differences

    @Test("differences print as a person reads them and round-trip through JSON")
    func differenceText() throws {
        let differences: [QuoteDifference] = [
            .substituted(quote: "プ", source: "ブ"), .elided(source: "まだ", characterCount: 2),
            .elided(source: "は", characterCount: 1), .missingFromQuote(source: "北朝鮮"),
            .extraInQuote(quote: "北朝鮮は"),
        ]
        #expect(differences.map(\.description)
                == ["プ→ブ", "… = 2 characters", "… = 1 character", "missing from quote: 北朝鮮", "not in source: 北朝鮮は"])
        let data = try JSONEncoder().encode(differences)
        #expect(try JSONDecoder().decode([QuoteDifference].self, from: data) == differences)
    }
}
