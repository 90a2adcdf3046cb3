import Testing
@testable import Sakuin

@Suite("Analysis") struct AnalyzerTests {
    let analyzer: TextAnalyzer
    init() throws { analyzer = try TextAnalyzer(Analyzer()) }

    func normalized(_ text: String) -> String { analyzer.normalize(Array(text.utf16)).string }
    func terms(_ text: String) -> [String] {
        analyzer.analyze(Array(text.utf16)).tokens.map { ($0.key.kind == .bodyWord ? "w:" : "g:") + $0.key.text }
    }

    @Test("a key is its kind byte then the UTF-8 of its text, unpaired surrogates as U+FFFD")
    func termKeyBytes() {
        func key(_ units: [UInt16], from start: Int = 0) -> [UInt8] {
            TermKey(kind: .bodyWord, utf16: units[start...]).bytes
        }
        #expect(key(Array("a露𠮷é".utf16)) == [0x02, 0x61, 0xE9, 0x9C, 0xB2, 0xF0, 0xA0, 0xAE, 0xB7, 0xC3, 0xA9])
        #expect(key([0x7F, 0x80, 0x7FF, 0x800, 0xFFFF]) == [0x02, 0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xEF, 0xBF, 0xBF])
        // A lead surrogate at the end, one before a letter, a trail alone, a pair reversed.
        #expect(key([0x61, 0xD842]) == [0x02, 0x61, 0xEF, 0xBF, 0xBD])
        #expect(key([0xD842, 0x61]) == [0x02, 0xEF, 0xBF, 0xBD, 0x61])
        #expect(key([0xDFB7]) == [0x02, 0xEF, 0xBF, 0xBD])
        #expect(key([0xDFB7, 0xD842]) == [0x02, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD])
        // A slice that starts past a pair's lead sees its trail alone.
        #expect(key([0xD842, 0xDFB7, 0x30], from: 1) == [0x02, 0xEF, 0xBF, 0xBD, 0x30])
        #expect(TermKey(kind: .titleGram, utf16: [][...]).bytes == [0x11])
        // Random units, surrogates often: the bytes are those of Swift's own transcoding.
        var generator = SplitMix64(seed: 77)
        let alphabet: [ClosedRange<UInt16>] = [0x20...0x7E, 0x80...0x7FF, 0x3040...0x9FFF, 0xD800...0xDBFF, 0xDC00...0xDFFF, 0xE000...0xFFFF]
        for _ in 0..<2000 {
            let units = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                UInt16.random(in: alphabet[Int.random(in: 0..<alphabet.count, using: &generator)], using: &generator)
            }
            #expect(key(units) == [0x02] + Array(String(decoding: units, as: UTF16.self).utf8), "\(units)")
        }
    }

    @Test("width variants normalize to the same text")
    func widthVariants() {
        #expect(normalized("２０１４年") == "2014年")
        #expect(normalized("ｳｸﾗｲﾅ") == "ウクライナ")
        #expect(normalized("ＮＡＴＯ") == "nato")
        #expect(normalized("ﾌﾟｰﾁﾝ") == "プーチン")
        #expect(normalized("カ\u{3099}") == "ガ")
    }

    @Test("Japanese unifications: kana case, prolonged marks, ヴ, iteration marks, variant kanji, 〜")
    func unifications() {
        #expect(normalized("なかった") == normalized("なかつた"))
        #expect(normalized("ヴィクトル") == "ビクトル")
        #expect(normalized("ヴ") == "ブ")
        #expect(normalized("人々") == "人人")
        #expect(normalized("髙橋") == "高橋")
        #expect(normalized("2022～2024") == "2022〜2024")
        #expect(normalized("コンピュ—タ") == "コンピユータ")
        #expect(normalized("ロシア･ウクライナ") == "ロシア・ウクライナ")
    }

    @Test("iteration marks repeat the previous kana, voiced or plain as the mark says")
    func kanaIterationMarks() {
        #expect(normalized("いすゞ") == "いすず")
        #expect(normalized("こゝろ") == "こころ")
        #expect(normalized("ぶゞ") == "ぶぶ")
        #expect(normalized("ぱゝ") == "ぱは")
        #expect(normalized("ほゞ") == "ほぼ")
        #expect(normalized("バヽ") == "バハ")
        #expect(normalized("ヒヾ") == "ヒビ")
        #expect(normalized("々") == "々")  // nothing to repeat
    }

    @Test("the offset map points back into the source across expansions and merges")
    func offsetMap() {
        let source = Array("AヴァB㍻".utf16)
        let text = analyzer.normalize(source)
        #expect(text.string == "aバb平成")
        #expect(text.sourceOffsets == [0, 1, 3, 4, 4, 5])
        #expect(text.sourceRange(of: 3..<5) == 4..<5)
        #expect(text.sourceRange(of: 1..<2) == 1..<3)
    }

    @Test("grams: bigrams over Han/kana runs plus the run's last character")
    func grams() {
        let tokens = Segmenter.gramTokens(of: Array("露朝の協力、停戦".utf16), kind: .bodyGram)
        #expect(tokens.map(\.key.text) == ["露朝", "朝の", "の協", "協力", "力", "停戦", "戦"])
        #expect(tokens.map(\.start) == [0, 1, 2, 3, 4, 6, 7])
    }

    @Test("words from ICU, with one-character kana and Han words left to the gram layer")
    func words() {
        let words = terms("NATO加盟の2014年").filter { $0.hasPrefix("w:") }
        #expect(words == ["w:nato", "w:加盟", "w:2014"])
    }

    @Test("the fingerprint names the ICU version and every option")
    func fingerprint() {
        var options = NormalizationOptions()
        options.unifyKanaCase = false
        #expect(Analyzer().fingerprint != Analyzer(normalization: options).fingerprint)
        #expect(Analyzer().fingerprint.contains("icu=72"))
        #expect(Analyzer().fingerprint.contains("kana-case=1"))
    }
}

@Suite("Analysis report") struct TextAnalysisReportTests {
    @Test("the report shows normalization, words and grams with offsets")
    func report() throws {
        let report = try TextAnalysisReport(text: "ＮＡＴＯ加盟")
        #expect(report.normalized == "nato加盟")
        #expect(report.tokens.map { "\($0.layer):\($0.text)@\($0.range.lowerBound)" }
                == ["word:nato@0", "gram:加盟@4", "word:加盟@4", "gram:盟@5"])
        #expect(report.description.hasPrefix("normalized: nato加盟\nwords:      nato@0 加盟@4\ngrams:      加盟@4 盟@5\n"))
    }
}
