import Foundation
import Testing
@testable import Sakuin

/// The notes of seed 001 by number, as the passage splitter cuts them, with the number removed
/// (the text the parser is given).
private enum SeedNotes {
    static let notes: [Int: String] = (try? load()) ?? [:]

    /// `Tests/SakuinTests/ReferenceParserTests.swift` → the package root → `seeds/`.
    private static func load() throws -> [Int: String] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds").appendingPathComponent("001_49dd464655a60e45.txt")
        let document = PassageSplitter.split(try String(contentsOf: url, encoding: .utf8))
        var notes: [Int: String] = [:]
        for passage in document.passages where passage.kind == .footnote {
            guard let number = passage.footnoteNumber else { continue }
            notes[number] = String(passage.text.drop { $0.isASCII && $0.isNumber }.drop { $0 == " " })
        }
        return notes
    }
}

/// A reference with the given parts, every other part empty.
private func reference(_ text: String, authors: [String] = [], editors: [String] = [], translators: [String] = [],
                       title: String? = nil, containerTitle: String? = nil, volume: String? = nil,
                       issue: String? = nil, pages: String? = nil, publisher: String? = nil, year: Int? = nil,
                       date: String? = nil, urls: [String] = []) -> BibliographicReference {
    BibliographicReference(text: text, authors: authors, editors: editors, translators: translators, title: title,
                           containerTitle: containerTitle, volume: volume, issue: issue, pages: pages,
                           publisher: publisher, year: year, date: date, urls: urls)
}

private func expectReferences(_ note: String, _ expected: [BibliographicReference],
                              sourceLocation: SourceLocation = #_sourceLocation) {
    let parsed = ReferenceParser.references(inNote: note)
    #expect(parsed.count == expected.count, sourceLocation: sourceLocation)
    for (found, wanted) in zip(parsed, expected) {
        #expect(found == wanted, sourceLocation: sourceLocation)
    }
}

@Suite("ReferenceParser: the notes of seed 001") struct ReferenceParserSeedTests {
    @Test("the seed's notes are numbered 1 to 37 and each starts as written in the file")
    func noteNumbers() throws {
        #expect(SeedNotes.notes.keys.sorted() == Array(1...37))
        #expect(SeedNotes.notes[1]?.hasPrefix("千々和泰明『戦争はいかに終結したか』") == true)
        #expect(SeedNotes.notes[37]?.hasSuffix("RRA3987-1.html.") == true)
    }

    @Test("every reference of a note, with all its parts", arguments: 1...37)
    func note(number: Int) throws {
        let text = try #require(SeedNotes.notes[number])
        let expected = try #require(Self.expected[number])
        expectReferences(text, expected)
        for found in ReferenceParser.references(inNote: text) {
            #expect(text.contains(found.text))
        }
    }

    @Test("45 references in the 37 notes")
    func totalCount() {
        let count = SeedNotes.notes.values.reduce(0) { $0 + ReferenceParser.references(inNote: $1).count }
        #expect(count == 45)
    }

    /// What each note cites. Notes 3 and 4 (a chapter, then Japanese text), 6 (a book, commentary, a
    /// chapter), 9, 15, 17, 21 and 35 (commentary before a reference) mix references and prose.
    /// In note 3 the URL after the chapter's pages says where the chapter is published: it belongs
    /// to the chapter, whose text runs on to it.
    static let expected: [Int: [BibliographicReference]] = [
            1: [
                reference("千々和泰明『戦争はいかに終結したか』（中央公論新社、2021年）",
                          authors: ["千々和泰明"],
                          title: "戦争はいかに終結したか",
                          publisher: "中央公論新社",
                          year: 2021),
                reference("千々和泰明「戦争終結理論から見た露・ウクライナ戦争」『安全保障研究』第6巻第3号（鹿島平和研究所、2024年10月、特集「ウクライナ戦争の終結をもたらすのは何か？」）",
                          authors: ["千々和泰明"],
                          title: "戦争終結理論から見た露・ウクライナ戦争",
                          containerTitle: "安全保障研究",
                          volume: "6",
                          issue: "3",
                          publisher: "鹿島平和研究所",
                          year: 2024,
                          date: "2024-10"),
            ],
            2: [
                reference("廣田尚久、上杉勇司『和平学入門——戦争を止める13の法則』（筑摩書房、2025年）、173–174頁",
                          authors: ["廣田尚久", "上杉勇司"],
                          title: "和平学入門——戦争を止める13の法則",
                          pages: "173–174",
                          publisher: "筑摩書房",
                          year: 2025),
            ],
            3: [
                reference("篠田英朗『紛争解決ってなんだろう』（筑摩書房、2021年）69頁",
                          authors: ["篠田英朗"],
                          title: "紛争解決ってなんだろう",
                          pages: "69",
                          publisher: "筑摩書房",
                          year: 2021),
                reference("Hinako Yasui and Hideaki Shinoda, “The Scope of the Ripeness Theory in the Russo-Ukrainian War,” in *The Impacts of the Russo-Ukrainian War: Theoretical and Practical Explorations of Policy Agendas for Peace in Ukraine*, ed. Hideaki Shinoda and Pavlo Fedorchenko-Kutuyev (Springer, 2025), 138–141. 東京大学先端科学技術研究センター創発戦略研究オープンラボ（ROLES）「紛争解決の理論と実践」研究会の成果として公開、<https://roles.rcast.u-tokyo.ac.jp/news/20250209ja>",
                          authors: ["Hinako Yasui", "Hideaki Shinoda"],
                          editors: ["Hideaki Shinoda", "Pavlo Fedorchenko-Kutuyev"],
                          title: "The Scope of the Ripeness Theory in the Russo-Ukrainian War",
                          containerTitle: "The Impacts of the Russo-Ukrainian War: Theoretical and Practical Explorations of Policy Agendas for Peace in Ukraine",
                          pages: "138–141",
                          publisher: "Springer",
                          year: 2025,
                          urls: ["https://roles.rcast.u-tokyo.ac.jp/news/20250209ja"]),
            ],
            4: [
                reference("I. William Zartman, “Ripeness: The Hurting Stalemate and Beyond,” in *International Conflict Resolution after the Cold War*, ed. Paul C. Stern and Daniel Druckman (National Academy Press, 2000), 225–250, <https://nap.nationalacademies.org/read/9897/chapter/7>",
                          authors: ["I. William Zartman"],
                          editors: ["Paul C. Stern", "Daniel Druckman"],
                          title: "Ripeness: The Hurting Stalemate and Beyond",
                          containerTitle: "International Conflict Resolution after the Cold War",
                          pages: "225–250",
                          publisher: "National Academy Press",
                          year: 2000,
                          urls: ["https://nap.nationalacademies.org/read/9897/chapter/7"]),
                reference("小林綾子「仲介と交渉」、富樫耕介、中村長史編著、『国際社会の紛争解決学——理論と事例からみる分析と対処法』（法律文化社、2025年）",
                          authors: ["小林綾子"],
                          editors: ["富樫耕介", "中村長史"],
                          title: "仲介と交渉",
                          containerTitle: "国際社会の紛争解決学——理論と事例からみる分析と対処法",
                          publisher: "法律文化社",
                          year: 2025),
            ],
            5: [
                reference("富樫耕介編著『激化する紛争への国際関与——仲介の理論と旧ソ連地域の事例からの考察』（晃洋書房、2025 年）3 頁",
                          editors: ["富樫耕介"],
                          title: "激化する紛争への国際関与——仲介の理論と旧ソ連地域の事例からの考察",
                          pages: "3",
                          publisher: "晃洋書房",
                          year: 2025),
            ],
            6: [
                reference("Mikhail Zygar, *All the Kremlin's Men: Inside the Court of Vladimir Putin* (PublicAffairs, 2016), chap. 5",
                          authors: ["Mikhail Zygar"],
                          title: "All the Kremlin's Men: Inside the Court of Vladimir Putin",
                          publisher: "PublicAffairs",
                          year: 2016),
                reference("山添博史「ロシアの古典的な大国構想——遠のく『勢力圏』」増田雅之編著『大国間競争の新常態』（インターブックス、2023年）",
                          authors: ["山添博史"],
                          editors: ["増田雅之"],
                          title: "ロシアの古典的な大国構想——遠のく『勢力圏』",
                          containerTitle: "大国間競争の新常態",
                          publisher: "インターブックス",
                          year: 2023),
            ],
            7: [
                reference("Michael Kofman, Katya Migacheva, Brian Nichiporuk, Andrew Radin, Olesya Tkacheva, Jenny Oberholtzer, *Lessons from Russia's Operations in Crimea and Eastern Ukraine*, RAND Corporation, May 9, 2017. https://www.rand.org/pubs/research_reports/RR1498.html",
                          authors: ["Michael Kofman", "Katya Migacheva", "Brian Nichiporuk", "Andrew Radin", "Olesya Tkacheva", "Jenny Oberholtzer"],
                          title: "Lessons from Russia's Operations in Crimea and Eastern Ukraine",
                          publisher: "RAND Corporation",
                          year: 2017,
                          date: "2017-05-09",
                          urls: ["https://www.rand.org/pubs/research_reports/RR1498.html"]),
            ],
            8: [
                reference("中井遼『ナショナリズムとは何か——帰属、愛国、排外主義の正体』（中央公論新社、2025年）、215頁",
                          authors: ["中井遼"],
                          title: "ナショナリズムとは何か——帰属、愛国、排外主義の正体",
                          pages: "215",
                          publisher: "中央公論新社",
                          year: 2025),
            ],
            9: [
                reference("“The Battle of Ilovaisk: Details of a Massacre Inside Rebel-Held Eastern Ukraine,” *Newsweek*, November 4, 2014, <https://www.newsweek.com/2014/11/14/battle-ilovaishk-details-massacre-inside-rebel-held-eastern-ukraine-282003.html>",
                          title: "The Battle of Ilovaisk: Details of a Massacre Inside Rebel-Held Eastern Ukraine",
                          containerTitle: "Newsweek",
                          year: 2014,
                          date: "2014-11-04",
                          urls: ["https://www.newsweek.com/2014/11/14/battle-ilovaishk-details-massacre-inside-rebel-held-eastern-ukraine-282003.html"]),
            ],
            10: [
                reference("合六強「長期化するウクライナ危機と米欧の対応」『国際安全保障』第48巻第3号(2020年12月)",
                          authors: ["合六強"],
                          title: "長期化するウクライナ危機と米欧の対応",
                          containerTitle: "国際安全保障",
                          volume: "48",
                          issue: "3",
                          year: 2020,
                          date: "2020-12"),
            ],
            11: [
                reference("Eugene Rumer and Andrew S. Weiss, \"Ukraine: Putin's Unfinished Business,\" Carnegie Endowment for International Peace, November 12, 2021, <https://carnegieendowment.org/research/2021/11/ukraine-putins-unfinished-business?lang=en>",
                          authors: ["Eugene Rumer", "Andrew S. Weiss"],
                          title: "Ukraine: Putin's Unfinished Business",
                          publisher: "Carnegie Endowment for International Peace",
                          year: 2021,
                          date: "2021-11-12",
                          urls: ["https://carnegieendowment.org/research/2021/11/ukraine-putins-unfinished-business?lang=en"]),
            ],
            12: [
                reference("山添博史「2021年春のウクライナにおけるエスカレーション危機」防衛研究所、2021年5月13日",
                          authors: ["山添博史"],
                          title: "2021年春のウクライナにおけるエスカレーション危機",
                          publisher: "防衛研究所",
                          year: 2021,
                          date: "2021-05-13"),
            ],
            13: [
                reference("«Об историческом единстве русских и украинцев», President of Russia, July 12, 2021, <https://kremlin.ru/events/president/news/66181>",
                          title: "Об историческом единстве русских и украинцев",
                          publisher: "President of Russia",
                          year: 2021,
                          date: "2021-07-12",
                          urls: ["https://kremlin.ru/events/president/news/66181"]),
            ],
            14: [
                reference("山添博史「ウクライナをめぐるロシアの強要戦術」防衛研究所、2022年2月8日",
                          authors: ["山添博史"],
                          title: "ウクライナをめぐるロシアの強要戦術",
                          publisher: "防衛研究所",
                          year: 2022,
                          date: "2022-02-08"),
            ],
            15: [
                reference("「Итоги 2021 года», *Nezavisimaia gazeta*, December 25, 2021, https://www.ng.ru/itog/2021-12-25/100_itogi2021list.html",
                          title: "Итоги 2021 года",
                          containerTitle: "Nezavisimaia gazeta",
                          year: 2021,
                          date: "2021-12-25",
                          urls: ["https://www.ng.ru/itog/2021-12-25/100_itogi2021list.html"]),
            ],
            16: [
                reference("山添博史「ロシアの古典的な大国構想——遠のく『勢力圏』」",
                          authors: ["山添博史"],
                          title: "ロシアの古典的な大国構想——遠のく『勢力圏』"),
            ],
            17: [
                reference("山添博史「ロシア・ウクライナの2022年停戦協議文書」（NIDS コメンタリー）防衛研究所、2025年4月15日、<https://www.nids.mod.go.jp/publication/commentary/commentary370.html>",
                          authors: ["山添博史"],
                          title: "ロシア・ウクライナの2022年停戦協議文書",
                          publisher: "防衛研究所",
                          year: 2025,
                          date: "2025-04-15",
                          urls: ["https://www.nids.mod.go.jp/publication/commentary/commentary370.html"]),
                reference("Anton Troianovski, Adam Entous and Michael Schwartz, “Ukraine-Russia Peace Is as Elusive as Ever. But in 2022 They Were Talking,” *New York Times*, June 15, 2024, <https://www.nytimes.com/interactive/2024/06/15/world/europe/ukraine-russia-ceasefire-deal.html>",
                          authors: ["Anton Troianovski", "Adam Entous", "Michael Schwartz"],
                          title: "Ukraine-Russia Peace Is as Elusive as Ever. But in 2022 They Were Talking",
                          containerTitle: "New York Times",
                          year: 2024,
                          date: "2024-06-15",
                          urls: ["https://www.nytimes.com/interactive/2024/06/15/world/europe/ukraine-russia-ceasefire-deal.html"]),
            ],
            18: [
                reference("Samuel Charap and Sergey Radchenko, \"The Talks That Could Have Ended the War in Ukraine: A Hidden History of Diplomacy That Came Up Short—but Holds Lessons for Future Negotiations,\" *Foreign Affairs*, April 16, 2024, <https://www.foreignaffairs.com/ukraine/talks-could-have-ended-war-ukraine>",
                          authors: ["Samuel Charap", "Sergey Radchenko"],
                          title: "The Talks That Could Have Ended the War in Ukraine: A Hidden History of Diplomacy That Came Up Short—but Holds Lessons for Future Negotiations",
                          containerTitle: "Foreign Affairs",
                          year: 2024,
                          date: "2024-04-16",
                          urls: ["https://www.foreignaffairs.com/ukraine/talks-could-have-ended-war-ukraine"]),
            ],
            19: [
                reference("«Путин: вступление в НАТО Финляндии и Швеции не создает непосредственной угрозы России», *TASS*, May 16, 2022, <https://tass.ru/politika/14636203>",
                          title: "Путин: вступление в НАТО Финляндии и Швеции не создает непосредственной угрозы России",
                          containerTitle: "TASS",
                          year: 2022,
                          date: "2022-05-16",
                          urls: ["https://tass.ru/politika/14636203"]),
            ],
            20: [
                reference("「Обращение Президента Российской Федерации», President of Russia, September 21, 2022, <http://www.kremlin.ru/events/president/news/69390> <https://www.france24.com/en/europe/20220921-live-western-leaders-denounce-russia-s-sham-referendums>",
                          title: "Обращение Президента Российской Федерации",
                          publisher: "President of Russia",
                          year: 2022,
                          date: "2022-09-21",
                          urls: ["http://www.kremlin.ru/events/president/news/69390", "https://www.france24.com/en/europe/20220921-live-western-leaders-denounce-russia-s-sham-referendums"]),
            ],
            21: [
                reference("“Ukraine war: Hundreds arrested as Russian draft protests continue,” *BBC*, September 25, 2022, <https://www.bbc.com/news/world-europe-63021118>",
                          title: "Ukraine war: Hundreds arrested as Russian draft protests continue",
                          containerTitle: "BBC",
                          year: 2022,
                          date: "2022-09-25",
                          urls: ["https://www.bbc.com/news/world-europe-63021118"]),
                reference("“Ukraine war: Protests in Russia’s Dagestan region against new draft,” *BBC*, September 26, 2022, <https://www.bbc.com/news/world-europe-63028586>",
                          title: "Ukraine war: Protests in Russia’s Dagestan region against new draft",
                          containerTitle: "BBC",
                          year: 2022,
                          date: "2022-09-26",
                          urls: ["https://www.bbc.com/news/world-europe-63028586"]),
            ],
            22: [
                reference("「Указ Президента України №679/2022», President of Ukraine, September 30, 2022, <https://www.president.gov.ua/documents/6792022-44249>",
                          title: "Указ Президента України №679/2022",
                          publisher: "President of Ukraine",
                          year: 2022,
                          date: "2022-09-30",
                          urls: ["https://www.president.gov.ua/documents/6792022-44249"]),
            ],
            23: [
                reference("Christina Harward, \"Russia's Weakness Offers Leverage,\" Institute for the Study of War (ISW), February 19, 2025, <https://understandingwar.org/backgrounder/russias-weakness-offers-leverage>",
                          authors: ["Christina Harward"],
                          title: "Russia's Weakness Offers Leverage",
                          publisher: "Institute for the Study of War (ISW)",
                          year: 2025,
                          date: "2025-02-19",
                          urls: ["https://understandingwar.org/backgrounder/russias-weakness-offers-leverage"]),
            ],
            24: [
                reference("\"Common Understandings between China and Brazil on Political Settlement of the Ukraine Crisis,\" United Nations General Assembly, May 23, 2024 (attached to the Letter on July 25, 2024), https://digitallibrary.un.org/record/4055652/files/A_78_972-EN.pdf",
                          title: "Common Understandings between China and Brazil on Political Settlement of the Ukraine Crisis",
                          publisher: "United Nations General Assembly",
                          year: 2024,
                          date: "2024-05-23",
                          urls: ["https://digitallibrary.un.org/record/4055652/files/A_78_972-EN.pdf"]),
            ],
            25: [
                reference("«Встреча с руководством МИД России», President of Russia, June 14, 2024, <http://kremlin.ru/events/president/news/74285>",
                          title: "Встреча с руководством МИД России",
                          publisher: "President of Russia",
                          year: 2024,
                          date: "2024-06-14",
                          urls: ["http://kremlin.ru/events/president/news/74285"]),
            ],
            26: [
                reference("“Why China is Staying away from the Swiss-led Ukraine Peace Process,” SWI, June 14, 2024, <https://www.swissinfo.ch/eng/foreign-affairs/why-china-is-staying-away-from-the-swiss-led-ukraine-peace-process/80576891>",
                          title: "Why China is Staying away from the Swiss-led Ukraine Peace Process",
                          publisher: "SWI",
                          year: 2024,
                          date: "2024-06-14",
                          urls: ["https://www.swissinfo.ch/eng/foreign-affairs/why-china-is-staying-away-from-the-swiss-led-ukraine-peace-process/80576891"]),
            ],
            27: [
                reference("«Війська рф перекидають резерви на Курщину, у Силах оборони оцінили їх кількість», ArmyInform, September 14, 2024, <https://armyinform.com.ua/2024/09/14/vijska-rf-perekydayut-rezervy-na-kurshhynu-u-sylah-oborony-oczynyly-yih-kilkist/>",
                          title: "Війська рф перекидають резерви на Курщину, у Силах оборони оцінили їх кількість",
                          publisher: "ArmyInform",
                          year: 2024,
                          date: "2024-09-14",
                          urls: ["https://armyinform.com.ua/2024/09/14/vijska-rf-perekydayut-rezervy-na-kurshhynu-u-sylah-oborony-oczynyly-yih-kilkist/"]),
            ],
            28: [
                reference("“50,000 Russian and North Korean Troops Mass Ahead of Attack, U.S. Says,” *New York Times*, November 10, 2024",
                          title: "50,000 Russian and North Korean Troops Mass Ahead of Attack, U.S. Says",
                          containerTitle: "New York Times",
                          year: 2024,
                          date: "2024-11-10"),
            ],
            29: [
                reference("Keith Kellogg and Fred Fleitz, “America First, Russia, & Ukraine,” America First Policy Institute, April 11, 2024, <https://www.americafirstpolicy.com/issues/america-first-russia-ukraine>",
                          authors: ["Keith Kellogg", "Fred Fleitz"],
                          title: "America First, Russia, & Ukraine",
                          publisher: "America First Policy Institute",
                          year: 2024,
                          date: "2024-04-11",
                          urls: ["https://www.americafirstpolicy.com/issues/america-first-russia-ukraine"]),
            ],
            30: [
                reference("「ウクライナとロシアの直接交渉、ウクライナ側は無条件の停戦や主権の確保などを主張」JETRO、2025年6月4日、<https://www.jetro.go.jp/biznews/2025/06/caee1661c4ac2d72.html>",
                          title: "ウクライナとロシアの直接交渉、ウクライナ側は無条件の停戦や主権の確保などを主張",
                          publisher: "JETRO",
                          year: 2025,
                          date: "2025-06-04",
                          urls: ["https://www.jetro.go.jp/biznews/2025/06/caee1661c4ac2d72.html"]),
            ],
            31: [
                reference("«Нейтралитет Украины и признание Донбасса и Новороссии. Основные положения меморандума РФ» TASS, June 3, 2025, <https://tass.ru/politika/24117657>",
                          title: "Нейтралитет Украины и признание Донбасса и Новороссии. Основные положения меморандума РФ",
                          publisher: "TASS",
                          year: 2025,
                          date: "2025-06-03",
                          urls: ["https://tass.ru/politika/24117657"]),
                reference("「ロシア側はウクライナ東・南部「併合」の国際承認などを和平条件として提示」JETRO、2025年6月5日、<https://www.jetro.go.jp/biznews/2025/06/662868fb20d2888d.html>",
                          title: "ロシア側はウクライナ東・南部「併合」の国際承認などを和平条件として提示",
                          publisher: "JETRO",
                          year: 2025,
                          date: "2025-06-05",
                          urls: ["https://www.jetro.go.jp/biznews/2025/06/662868fb20d2888d.html"]),
            ],
            32: [
                reference("«Мединский заявил об упущенном шансе Киева на мир на более мягких условиях», RBC, June 9, 2025, <https://www.rbc.ru/politics/09/06/2025/6846f3c89a7947374624ce0e>",
                          title: "Мединский заявил об упущенном шансе Киева на мир на более мягких условиях",
                          publisher: "RBC",
                          year: 2025,
                          date: "2025-06-09",
                          urls: ["https://www.rbc.ru/politics/09/06/2025/6846f3c89a7947374624ce0e"]),
            ],
            33: [
                reference("「ウクライナ軍総司令官“ロシア軍の大規模攻勢計画は失敗”」NHK、2025年9月27日、<https://www3.nhk.or.jp/news/html/20250927/k10014933911000.html>",
                          title: "ウクライナ軍総司令官“ロシア軍の大規模攻勢計画は失敗”",
                          publisher: "NHK",
                          year: 2025,
                          date: "2025-09-27",
                          urls: ["https://www3.nhk.or.jp/news/html/20250927/k10014933911000.html"]),
            ],
            34: [
                reference("山添博史「ウクライナ和平をめぐる繰り返しの構造」(NIDS コメンタリー) 防衛研究所、2025 年 12 月 12 日、<https://www.nids.mod.go.jp/publication/commentary/commentary409.html>",
                          authors: ["山添博史"],
                          title: "ウクライナ和平をめぐる繰り返しの構造",
                          publisher: "防衛研究所",
                          year: 2025,
                          date: "2025-12-12",
                          urls: ["https://www.nids.mod.go.jp/publication/commentary/commentary409.html"]),
            ],
            35: [
                reference("“Russian Occupation Update, October 23, 2025,” Institute for the Study of War, October 23, 2025, <https://understandingwar.org/research/russia-ukraine/russian-occupation-update-october-23-2025/>",
                          title: "Russian Occupation Update, October 23, 2025",
                          publisher: "Institute for the Study of War",
                          year: 2025,
                          date: "2025-10-23",
                          urls: ["https://understandingwar.org/research/russia-ukraine/russian-occupation-update-october-23-2025/"]),
            ],
            36: [
                reference("Hiroshi Kimura, “The Russian Way of Negotiating,” in *International Negotiation: Actors, Structure/Process, Values*, ed. Peter Berton, Hiroshi Kimura and I. William Zartman (Macmillan, 1999)",
                          authors: ["Hiroshi Kimura"],
                          editors: ["Peter Berton", "Hiroshi Kimura", "I. William Zartman"],
                          title: "The Russian Way of Negotiating",
                          containerTitle: "International Negotiation: Actors, Structure/Process, Values",
                          publisher: "Macmillan",
                          year: 1999),
                reference("木村汎『対口交渉学——歴史・比較・展望』（藤原書店、2019年）",
                          authors: ["木村汎"],
                          title: "対口交渉学——歴史・比較・展望",
                          publisher: "藤原書店",
                          year: 2019),
            ],
            37: [
                reference("Samuel Charap, Joe Haberman, Katherine Anna Trauger, Benjamin Sakarin, Scott Savitz, *Guidelines for Designing a Ceasefire in the Russia-Ukraine War: Best Practices, Lessons Learned, and the Role of Technology* (RAND Corporation, 2025), https://www.rand.org/pubs/research_reports/RRA3987-1.html",
                          authors: ["Samuel Charap", "Joe Haberman", "Katherine Anna Trauger", "Benjamin Sakarin", "Scott Savitz"],
                          title: "Guidelines for Designing a Ceasefire in the Russia-Ukraine War: Best Practices, Lessons Learned, and the Role of Technology",
                          publisher: "RAND Corporation",
                          year: 2025,
                          urls: ["https://www.rand.org/pubs/research_reports/RRA3987-1.html"]),
            ],
    ]
}

@Suite("JapaneseEra: 和暦 years") struct JapaneseEraTests {
    @Test("era years in ASCII, full-width and kanji numerals, 元年, ligatures", arguments: [
        ("令和8年", 2026), ("令和８年", 2026), ("令和八年", 2026), ("令和8", 2026), ("令和 8 年", 2026),
        ("令和元年", 2019), ("平成元年", 1989), ("平成三十一年", 2019), ("昭和６４年", 1989), ("昭和六十四年", 1989),
        ("大正15年", 1926), ("明治元年", 1868), ("㍻31年", 2019), ("㋿8年", 2026),
    ])
    func gregorianYear(text: String, year: Int) {
        #expect(JapaneseEra.gregorianYear(from: text) == year)
    }

    @Test("years an era never had, and text that is not one era year", arguments: [
        "昭和65年", "平成0年", "平成32年", "大正十六年", "令和", "2026年", "令和8年度", "令和8年4月", "",
    ])
    func notAnEraYear(text: String) {
        #expect(JapaneseEra.gregorianYear(from: text) == nil)
    }

    @Test("numerals: digits, full-width digits, positional and digit-by-digit kanji")
    func numerals() {
        func value(_ text: String) -> Int? {
            let scalars = Array(text.unicodeScalars)
            return JapaneseEra.readNumeral(in: scalars, at: 0, before: scalars.count)?.value
        }
        #expect(value("2025") == 2025)
        #expect(value("２０２５") == 2025)
        #expect(value("二〇二五") == 2025)
        #expect(value("千九百八十九") == 1989)
        #expect(value("十") == 10)
        #expect(value("二十三") == 23)
        #expect(value("年") == nil)
    }
}

@Suite("ReferenceParser: Japanese references") struct ReferenceParserJapaneseTests {
    @Test("著者『書名』（発行者、年）頁")
    func book() {
        expectReferences("山田太郎『日本の安全保障——戦後から現在まで』（有斐閣、2020年）45頁。", [
            reference("山田太郎『日本の安全保障——戦後から現在まで』（有斐閣、2020年）45頁", authors: ["山田太郎"],
                      title: "日本の安全保障——戦後から現在まで", pages: "45", publisher: "有斐閣", year: 2020),
        ])
    }

    @Test("著者「論文名」『誌名』第N号（年月）頁")
    func article() {
        expectReferences("鈴木一郎「同盟の論理」『国際政治』第200号（2020年3月）12–30頁。", [
            reference("鈴木一郎「同盟の論理」『国際政治』第200号（2020年3月）12–30頁", authors: ["鈴木一郎"],
                      title: "同盟の論理", containerTitle: "国際政治", issue: "200", pages: "12–30", year: 2020,
                      date: "2020-03"),
        ])
    }

    @Test("編者『書名』 and 著者、訳者訳『書名』, with a kana publisher and a 和暦 year")
    func editorsAndTranslators() {
        expectReferences("田中花子編『戦争と平和』（岩波書店、2019年）。ジョン・スミス著、山田太郎訳『戦略論』（みすず書房、平成元年）。", [
            reference("田中花子編『戦争と平和』（岩波書店、2019年）", editors: ["田中花子"], title: "戦争と平和",
                      publisher: "岩波書店", year: 2019),
            reference("ジョン・スミス著、山田太郎訳『戦略論』（みすず書房、平成元年）", authors: ["ジョン・スミス"],
                      translators: ["山田太郎"], title: "戦略論", publisher: "みすず書房", year: 1989),
        ])
    }

    @Test("著者「題」発行者、和暦の日付 (publisher after the title without brackets)")
    func publisherWithoutBrackets() {
        expectReferences("佐藤次郎「防衛政策の転換」防衛研究所、令和7年4月15日。", [
            reference("佐藤次郎「防衛政策の転換」防衛研究所、令和7年4月15日", authors: ["佐藤次郎"],
                      title: "防衛政策の転換", publisher: "防衛研究所", year: 2025, date: "2025-04-15"),
        ])
    }

    @Test("「記事名」発行者、日付、<URL> without an author")
    func articleWithoutAuthor() {
        expectReferences("「停戦交渉が再開」NHK、2025年9月27日、<https://www3.nhk.or.jp/news/a.html>。", [
            reference("「停戦交渉が再開」NHK、2025年9月27日、<https://www3.nhk.or.jp/news/a.html>",
                      title: "停戦交渉が再開", publisher: "NHK", year: 2025, date: "2025-09-27",
                      urls: ["https://www3.nhk.or.jp/news/a.html"]),
        ])
    }

    @Test("authors separated by ・ and 、; a katakana name keeps its ・")
    func severalAuthors() {
        expectReferences("千々和泰明・山添博史、ウィリアム・ザートマン『共著の本』（出版社、2022年）", [
            reference("千々和泰明・山添博史、ウィリアム・ザートマン『共著の本』（出版社、2022年）",
                      authors: ["千々和泰明", "山添博史", "ウィリアム・ザートマン"], title: "共著の本", publisher: "出版社",
                      year: 2022),
        ])
    }

    @Test("full-width digits in the year and pages come back as ASCII")
    func fullWidthDigits() {
        expectReferences("山田太郎『題名』（有斐閣、２０２１年）１７３–１７４頁", [
            reference("山田太郎『題名』（有斐閣、２０２１年）１７３–１７４頁", authors: ["山田太郎"], title: "題名",
                      pages: "173–174", publisher: "有斐閣", year: 2021),
        ])
    }

    @Test("commentary before and after a reference is left out of its text")
    func commentaryAround() {
        expectReferences("この点については、山田太郎『題名』（有斐閣、2021年）を参照。", [
            reference("山田太郎『題名』（有斐閣、2021年）", authors: ["山田太郎"], title: "題名", publisher: "有斐閣",
                      year: 2021),
        ])
        expectReferences("詳しくは、山添博史「ロシアの強要戦術」を参照。", [
            reference("山添博史「ロシアの強要戦術」", authors: ["山添博史"], title: "ロシアの強要戦術"),
        ])
    }

    @Test("two references separated only by 、")
    func twoInOneSentence() {
        expectReferences("山田太郎『A』（有斐閣、2020年）、鈴木一郎『B』（岩波書店、2021年）。", [
            reference("山田太郎『A』（有斐閣、2020年）", authors: ["山田太郎"], title: "A", publisher: "有斐閣", year: 2020),
            reference("鈴木一郎『B』（岩波書店、2021年）", authors: ["鈴木一郎"], title: "B", publisher: "岩波書店", year: 2021),
        ])
    }

    @Test("quoted words and titles inside prose are not references")
    func quotesInProse() {
        expectReferences("ロシアは「停戦」を拒み、『独立新聞』の総括特集もそれを伝えた。", [])
        expectReferences("東京大学の「紛争解決の理論と実践」研究会の成果として公開された。", [])
    }
}

@Suite("ReferenceParser: Western references") struct ReferenceParserWesternTests {
    @Test("Author, “Title,” *Journal* volume, no. issue (year): pages")
    func journalArticle() {
        expectReferences("John Smith, “Ceasefires,” *Journal of Peace Research* 57, no. 3 (2020): 45–67.", [
            reference("John Smith, “Ceasefires,” *Journal of Peace Research* 57, no. 3 (2020): 45–67",
                      authors: ["John Smith"], title: "Ceasefires", containerTitle: "Journal of Peace Research",
                      volume: "57", issue: "3", pages: "45–67", year: 2020),
        ])
    }

    @Test("Editor, ed., *Book* (Place: Publisher, Year), page")
    func editedBook() {
        expectReferences("Hideaki Shinoda, ed., *Peace in Ukraine* (Cham: Springer, 2025), 12.", [
            reference("Hideaki Shinoda, ed., *Peace in Ukraine* (Cham: Springer, 2025), 12",
                      editors: ["Hideaki Shinoda"], title: "Peace in Ukraine", pages: "12", publisher: "Springer",
                      year: 2025),
        ])
    }

    @Test("Author, *Book*, trans. Translator (Publisher, Year)")
    func translatedBook() {
        expectReferences("Leo Tolstoy, *War and Peace*, trans. Louise Maude (Oxford University Press, 1922).", [
            reference("Leo Tolstoy, *War and Peace*, trans. Louise Maude (Oxford University Press, 1922)",
                      authors: ["Leo Tolstoy"], translators: ["Louise Maude"], title: "War and Peace",
                      publisher: "Oxford University Press", year: 1922),
        ])
    }

    @Test("Authors & Author, \"Title,\" *Venue*, day month year")
    func straightQuotesAndDayMonthYear() {
        expectReferences("Jane Doe & Ivan Petrov, \"Talks Resume,\" *The Guardian*, 3 March 2023.", [
            reference("Jane Doe & Ivan Petrov, \"Talks Resume,\" *The Guardian*, 3 March 2023",
                      authors: ["Jane Doe", "Ivan Petrov"], title: "Talks Resume", containerTitle: "The Guardian",
                      year: 2023, date: "2023-03-03"),
        ])
    }

    @Test("bibliography style: Last, First. *Title*. Place: Publisher, Year.")
    func bibliographyStyle() {
        expectReferences("Smith, John. *Ceasefire Politics*. New York: Penguin, 2020.", [
            reference("Smith, John. *Ceasefire Politics*. New York: Penguin, 2020", authors: ["Smith, John"],
                      title: "Ceasefire Politics", publisher: "Penguin", year: 2020),
        ])
    }

    @Test("a year after the date is an access date, not a page")
    func accessDate() {
        expectReferences("“Title,” BBC, May 1, 2020, accessed June 2, 2021, https://bbc.com/x.", [
            reference("“Title,” BBC, May 1, 2020, accessed June 2, 2021, https://bbc.com/x", title: "Title",
                      publisher: "BBC", year: 2020, date: "2020-05-01", urls: ["https://bbc.com/x"]),
        ])
    }

    @Test("«Title» and 「Title», Organisation, Month day, year, <URL> (the organisation publishes)")
    func russianTitles() {
        expectReferences("«Заявление», President of Russia, July 12, 2021, <https://kremlin.ru/a>; 「Указ», President of Ukraine, September 30, 2022, https://president.gov.ua/b.", [
            reference("«Заявление», President of Russia, July 12, 2021, <https://kremlin.ru/a>", title: "Заявление",
                      publisher: "President of Russia", year: 2021, date: "2021-07-12", urls: ["https://kremlin.ru/a"]),
            reference("「Указ», President of Ukraine, September 30, 2022, https://president.gov.ua/b", title: "Указ",
                      publisher: "President of Ukraine", year: 2022, date: "2022-09-30",
                      urls: ["https://president.gov.ua/b"]),
        ])
    }
}

@Suite("ReferenceParser: notes without titles, and junk") struct ReferenceParserEdgeTests {
    @Test("pure commentary has no reference")
    func commentary() {
        expectReferences("正規の動員対象ではない人を街頭で連行する、差別的に動員数を割り当てる、などの問題が報じられた。", [])
        expectReferences("指揮官スラン・ホームチャク中将（2019年5月に参謀総長）は証言した。", [])
        expectReferences("第1次紛争（2014）以来の経緯である。", [])
        expectReferences("", [])
    }

    @Test("line breaks left by PDF extraction vanish inside Japanese parts and become spaces between words")
    func lineBreaksInsideParts() {
        expectReferences("山添\n博史「ウクライナを\nめぐる」防衛研究所、2022年2月8日。", [
            reference("山添\n博史「ウクライナを\nめぐる」防衛研究所、2022年2月8日", authors: ["山添博史"],
                      title: "ウクライナをめぐる", publisher: "防衛研究所", year: 2022, date: "2022-02-08"),
        ])
        expectReferences("I. William\nZartman, “The Hurting\nStalemate,” *Journal*, 2000.", [
            reference("I. William\nZartman, “The Hurting\nStalemate,” *Journal*, 2000", authors: ["I. William Zartman"],
                      title: "The Hurting Stalemate", containerTitle: "Journal", year: 2000),
        ])
    }

    @Test("a URL alone is a reference; a URL after a reference belongs to it")
    func urls() {
        expectReferences("詳細は https://example.org/report.html を参照。", [
            reference("https://example.org/report.html", urls: ["https://example.org/report.html"]),
        ])
        expectReferences("山田太郎『題名』（有斐閣、2021年）。全文は<https://example.org/a>で公開。", [
            reference("山田太郎『題名』（有斐閣、2021年）。全文は<https://example.org/a>", authors: ["山田太郎"],
                      title: "題名", publisher: "有斐閣", year: 2021, urls: ["https://example.org/a"]),
        ])
    }

    @Test("author–year citations")
    func authorYear() {
        expectReferences("Zartman (2000) と Stern and Druckman (2000: 225) を参照。", [
            reference("Zartman (2000)", authors: ["Zartman"], year: 2000),
            reference("Stern and Druckman (2000: 225)", authors: ["Stern", "Druckman"], pages: "225", year: 2000),
        ])
        expectReferences("詳しくは、中井（2025年）を参照。", [
            reference("中井（2025年）", authors: ["中井"], year: 2025),
        ])
    }

    @Test("unbalanced marks and empty titles give no reference and no trap")
    func unbalanced() {
        expectReferences("山添博史「ウクライナをめぐる", [])
        expectReferences("（（（「『“«*<https://", [])
        expectReferences("「」『』“”\"\"«»**()", [])
        expectReferences("」』”»)）。；;.", [])
    }

    @Test("10,000 characters of junk: no trap, and every reference's text is in the note")
    func junk() {
        let alphabet = Array("「」『』“”\"«»*()（）<>、，,。；;. 0123456789年月日編訳ed.trans.https://x.jp/ 山田太郎あいうABCMay".unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<8 {
            var view = String.UnicodeScalarView()
            for _ in 0..<10_000 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                view.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let note = String(view)
            for found in ReferenceParser.references(inNote: note) {
                #expect(note.contains(found.text))
            }
        }
        let repeated = String(repeating: "山田太郎「題」、", count: 1_500) + String(repeating: "（", count: 3_000)
        #expect(ReferenceParser.references(inNote: repeated).count == 1_500)
    }

    @Test("a reference made from its text alone has no parts, and survives JSON")
    func emptyReference() throws {
        let reference = BibliographicReference(text: "山添博史「題」")
        #expect(reference.authors.isEmpty && reference.editors.isEmpty && reference.translators.isEmpty)
        #expect(reference.title == nil && reference.year == nil && reference.urls.isEmpty)
        let parsed = try #require(ReferenceParser.references(inNote: "山添博史「題」").first)
        let decoded = try JSONDecoder().decode(BibliographicReference.self, from: JSONEncoder().encode(parsed))
        #expect(decoded == parsed)
    }
}
