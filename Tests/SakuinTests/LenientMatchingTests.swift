import Testing
@testable import Sakuin

@Suite("lenient matching: look-alike spellings and partial matches")
struct LenientMatchingTests {
    static let s001 = "001_49dd464655a60e45"
    static let s003 = "003_57592eb5b33f72b7"
    static let s004 = "004_52d9f2df84919290"

    @Test("a term's look-alike spellings change one character each: sound marks and look-alikes of other scripts")
    func spellings() {
        #expect(LookAlikeSpellings.of("ポクロ") == ["ホクロ", "ボクロ", "ポグロ", "ポク口"])
        #expect(LookAlikeSpellings.of("露朝関係") == [])
        #expect(LookAlikeSpellings.of("NATO") == [])
        #expect(LookAlikeSpellings.of(String(repeating: "ハ", count: 30)).count == LookAlikeSpellings.maximumCount)
    }

    @Test("ポクロウスク also finds the OCR slip ボクロウスク, after the passages spelled right; --exact does not")
    func lookAlikeSpelling() throws {
        let index = try TestIndex.seeds()
        let lenient = try index.search("ポクロウスク", options: SearchOptions(limit: 10, groupsByDocument: false))
        #expect(lenient.hits.map(HitLocation.init) == [
            HitLocation(Self.s001, 395, 395), HitLocation(Self.s001, 445, 445), HitLocation(Self.s001, 260, 260),
        ])
        #expect(lenient.total == 3)
        #expect(lenient.hits.allSatisfy { !$0.isPartial })
        let slip = try #require(lenient.hits.last)
        #expect(slip.snippet.highlights.map { String(Array(slip.snippet.text.unicodeScalars)[$0].map(Character.init)) }
                    == ["ボクロウスク"])
        let exact = try index.search("ポクロウスク", options: SearchOptions(limit: 10, groupsByDocument: false, matching: .exact))
        #expect(exact.hits.map(HitLocation.init) == [HitLocation(Self.s001, 395, 395), HitLocation(Self.s001, 445, 445)])
        // Two characters are too few to guess a misreading: ボク is not searched for ポク.
        let short = try index.search("ポク", options: SearchOptions(limit: 100, groupsByDocument: false))
        #expect(!short.hits.contains { $0.lineStart == 260 && $0.document.name == Self.s001 })
        // A quoted phrase stays exact.
        let quoted = try index.search("\"ポクロウスク\"", options: SearchOptions(limit: 10, groupsByDocument: false))
        #expect(quoted.total == 2 && quoted.hits.count == 2)
    }

    @Test("露朝関係 is written nowhere whole: the passages with 露朝 … 関係 or the OCR slips 口朝関係 and 日朝関係 fill the page, marked partial")
    func partialMatches() throws {
        let index = try TestIndex.seeds()
        let lenient = try index.search("露朝関係", options: SearchOptions(limit: 10, groupsByDocument: false))
        #expect(lenient.total == 0)
        #expect(lenient.hits.map(HitLocation.init) == [
            HitLocation(Self.s003, 37, 37), HitLocation(Self.s003, 30, 30), HitLocation(Self.s004, 68, 70),
            HitLocation(Self.s004, 45, 52), HitLocation(Self.s003, 28, 28), HitLocation(Self.s003, 3, 3),
        ])
        #expect(lenient.hits.allSatisfy { $0.isPartial })
        #expect(lenient.hits.map(\.rank) == Array(1...6))
        let first = try #require(lenient.hits.first)
        #expect(first.snippet.highlights.map { String(Array(first.snippet.text.unicodeScalars)[$0].map(Character.init)) }
                    == ["朝関係", "朝関係", "朝関係"])
        let exact = try index.search("露朝関係", options: SearchOptions(limit: 10, groupsByDocument: false, matching: .exact))
        #expect(exact.hits.isEmpty && exact.total == 0)
        // Grouped by document, each document once.
        let documents = try index.search("露朝関係", options: SearchOptions(limit: 10))
        #expect(documents.hits.map(\.document.name) == [Self.s003, Self.s004])
    }

    @Test("partial matches only fill a page that whole matches leave short, always after them")
    func partialMatchesFollowWholeOnes() throws {
        let index = try TestIndex.seeds()
        // 2022年2月24日 is written whole in 5 passages; 2月24日 alone follows them.
        let dated = try index.search("２０２２年２月２４日", options: SearchOptions(limit: 10, groupsByDocument: false))
        #expect(dated.total == 5)
        #expect(dated.hits.prefix(5).allSatisfy { !$0.isPartial })
        #expect(dated.hits.dropFirst(5).allSatisfy { $0.isPartial })
        #expect(dated.hits.count > 5)
        // With a page the whole matches fill, nothing partial is looked for.
        let full = try index.search("２０２２年２月２４日", options: SearchOptions(limit: 5, groupsByDocument: false))
        #expect(full.hits.count == 5 && full.hits.allSatisfy { !$0.isPartial })
    }

    @Test("a term none of whose rarer pieces occurs finds nothing, lenient or not")
    func absentTermStaysAbsent() throws {
        let index = try TestIndex.seeds()
        for query in ["尖閣諸島", "国際宇宙ステーション", "ポクロウスク -ロシア"] {
            let results = try index.search(query, options: SearchOptions(limit: 10, groupsByDocument: false))
            #expect(results.hits.isEmpty, "\(query): \(results.hits.map(HitLocation.init))")
        }
    }
}

extension CommandLineTests {
    @Test("search marks partial hits in JSON and says where they start on standard error; --exact leaves them out")
    func partialHitsOnTheCommandLine() throws {
        let lenient = try sakuinOnSeeds("search", "露朝関係", "--color", "never")
        #expect(lenient.status == 0)
        let locations = lenient.standardOutput.split(separator: "\n").map { line in
            line.range(of: "seeds/").map { String(line[$0.lowerBound...].prefix(33)) } ?? String(line)
        }
        #expect(locations == [
            "seeds/003_57592eb5b33f72b7.txt:37",
            "seeds/004_52d9f2df84919290.txt:68",
        ])
        #expect(lenient.standardError
                    == "sakuin: 0 documents hold the whole query; from rank 1 on, results hold part of it (--exact leaves them out)\n")
        let json = try jsonHits(try sakuinOnSeeds("search", "２０２２年２月２４日", "--passages", "--json"))
        #expect(json.prefix(5).map { $0["partial"] as? Bool } == Array(repeating: false, count: 5))
        #expect(json.dropFirst(5).allSatisfy { $0["partial"] as? Bool == true })
        let exact = try sakuinOnSeeds("search", "露朝関係", "--exact")
        #expect(exact.status == 1)
        #expect(exact.standardOutput == "")
        #expect(exact.standardError == "")
    }
}
