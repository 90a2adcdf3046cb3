import Foundation
import Testing

extension CommandLineTests {
    @Test("cite prints the source, the differences and the citation, and exits 0; a quote found nowhere exits 1")
    func cite() throws {
        let found = try sakuinOnSeeds("cite", "停戦交渉の行方と緊密化する露朝関係")
        #expect(found.status == 0, "\(found)")
        #expect(found.standardOutputLines == [
            CommandFixtures.seedsDirectory + "/003_57592eb5b33f72b7.txt:3-3: score 0.853",
            "    停戦交渉の行方と緊密化する口朝関係",
            "  differs: 露→口",
            "  cite: 田島理博「ロシアによるウクライナ侵略は終結するのか：停戦交渉の行方と緊密化するロ朝関係」, 2025年12月31日, 3行.",
        ])
        #expect(found.standardError == "")

        let absent = try sakuinOnSeeds("cite", "NATOは2026年にウクライナの加盟を正式に承認した")
        #expect(absent.status == 1)
        #expect(absent.standardOutput == "")
        #expect(absent.standardError == "sakuin: the quote was found in no indexed document\n")
    }

    @Test("cite --json gives the quote and each match's place, text, score, differences and citation")
    func citeJSON() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        // A long quote from a file, across the blank line of 002 lines 7–9.
        try "ウクライナ戦争を就任初日には止めさせる、と公約していたが、\nそれは就任早々取り下げ\n"
            .write(toFile: directory + "/quote.txt", atomically: true, encoding: .utf8)
        let run = try sakuinOnSeeds("cite", "--file", directory + "/quote.txt", "--json", "--style", "bibtex", "--limit", "1")
        #expect(run.status == 0, "\(run)")
        let object = try jsonObject(run)
        #expect(object["quote"] as? String == "ウクライナ戦争を就任初日には止めさせる、と公約していたが、\nそれは就任早々取り下げ\n")
        let matches = try #require(object["matches"] as? [[String: Any]])
        #expect(matches.count == 1)
        let match = try #require(matches.first)
        #expect(match["doc"] as? String == "002_7435ec9e20f77821")
        #expect(match["line_start"] as? Int == 7 && match["line_end"] as? Int == 9)
        #expect(match["score"] as? Double == 1)
        #expect(match["source_text"] as? String == "ウクライナ戦争を就任初日には止めさせる、と公約していたが、\n\nそれは就任早々取り下げ")
        #expect(match["differences"] as? [String] == [])
        #expect(match["citation"] as? String
                == "@misc{002_7435ec9e20f77821,\n  title = {第90回：ウクライナ戦争停戦交渉},\n  year = {2025},\n  month = {2},\n  note = {lines 7--9}\n}")
        let metadata = try #require(match["metadata"] as? [String: Any])
        #expect(metadata["title"] as? String == "第90回：ウクライナ戦争停戦交渉")
        #expect(metadata["source"] as? String == "sidecar")
    }

    @Test("cite and refs read the quote from standard input when none is given")
    func standardInput() throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let cite = try CommandRunner.run(["cite", "--index", shared.index, "--json"], in: shared.workingDirectory,
                                         input: "ロシア側もやはり要求をある程度下げるという\n変化が必要になる\n")
        #expect(cite.status == 0, "\(cite)")
        let match = try #require((try jsonObject(cite)["matches"] as? [[String: Any]])?.first)
        #expect(match["line_start"] as? Int == 457)
        #expect(match["differences"] as? [String] == ["う→ふ"])

        let refs = try CommandRunner.run(["refs", "--index", shared.index, "--limit", "1"], in: shared.workingDirectory,
                                         input: "Zartman Ripeness")
        #expect(refs.status == 0, "\(refs)")
        #expect(refs.standardOutputLines.first == CommandFixtures.seedsDirectory + "/001_49dd464655a60e45.txt:67-67: note 4 (score 1.000)")

        let empty = try CommandRunner.run(["cite", "--index", shared.index], in: shared.workingDirectory, input: "")
        #expect(empty.status == 2)
        #expect(empty.standardError == "sakuin: the quote is empty\n")
    }

    @Test("cite refuses bad options and input with exit 2", arguments: [
        (["cite", "停戦", "--min-score", "2"], "Error: --min-score must be between 0 and 1, not 2.0"),
        (["cite", "停戦", "--limit", "0"], "Error: --limit must be 1 or more, not 0"),
        (["cite", "停戦", "--file", "q.txt"], "Error: give the quote as an argument or with --file, not both"),
        (["cite", "--file", "/nonexistent/q.txt"], "sakuin: /nonexistent/q.txt: cannot read the file"),
        (["cite", "   "], "sakuin: the quote is empty"),
        (["cite", "停戦", "--style", "apa"], "Error: The value 'apa' is invalid for '--style <style>'. Please provide one of 'plain' and 'bibtex'."),
    ])
    func citeErrors(arguments: [String], message: String) throws {
        let shared = try CommandFixtures.sharedSeedIndex()
        let run = try CommandRunner.run(arguments + ["--index", shared.index], in: shared.workingDirectory)
        #expect(run.status == 2, "\(run)")
        #expect(run.standardErrorLines.first == message)
    }

    @Test("refs prints each note with its parsed parts; --json has the fields of the README")
    func refs() throws {
        let run = try sakuinOnSeeds("refs", "RR1498")
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutputLines == [
            CommandFixtures.seedsDirectory + "/001_49dd464655a60e45.txt:109-109: note 7 (score 1.000)",
            "    7 Michael Kofman, Katya Migacheva, Brian Nichiporuk, Andrew Radin, Olesya Tkacheva, Jenny Oberholtzer, "
                + "*Lessons from Russia's Operations in Crimea and Eastern Ukraine*, RAND Corporation, May 9, 2017. "
                + "https://www.rand.org/pubs/research_reports/RR1498.html.",
            "  authors: Michael Kofman; Katya Migacheva; Brian Nichiporuk; Andrew Radin; Olesya Tkacheva; Jenny Oberholtzer"
                + " | title: Lessons from Russia's Operations in Crimea and Eastern Ukraine | year: 2017"
                + " | url: https://www.rand.org/pubs/research_reports/RR1498.html",
        ])

        let json = try sakuinOnSeeds("refs", "Charap Radchenko Foreign Affairs", "--json", "--limit", "1")
        #expect(json.status == 0, "\(json)")
        let object = try jsonObject(json)
        #expect(object["query"] as? String == "Charap Radchenko Foreign Affairs")
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        #expect(hit["doc"] as? String == "001_49dd464655a60e45")
        #expect(hit["footnote"] as? Int == 18)
        #expect(hit["line_start"] as? Int == 209 && hit["line_end"] as? Int == 209)
        #expect(hit["authors"] as? [String] == ["Samuel Charap", "Sergey Radchenko"])
        #expect(hit["title"] as? String == "The Talks That Could Have Ended the War in Ukraine: A Hidden History of Diplomacy That Came Up Short—but "
                + "Holds Lessons for Future Negotiations")
        #expect(hit["year"] as? Int == 2024)
        #expect((hit["urls"] as? [String])?.count == 1)

        let none = try sakuinOnSeeds("refs", "xyzzy plugh")
        #expect(none.status == 1)
        #expect(none.standardOutput == "")
    }

    @Test("search --notes prints the notes a passage cites under it, and in JSON")
    func searchNotes() throws {
        let run = try sakuinOnSeeds("search", "紛争熟度", "--notes", "--json")
        #expect(run.status == 0, "\(run)")
        let hit = try #require(try jsonHits(run).first)
        let notes = try #require(hit["notes"] as? [[String: Any]])
        #expect(notes.compactMap { $0["number"] as? Int } == [2, 3, 4])
        #expect(notes.compactMap { $0["line_start"] as? Int } == [62, 64, 67])

        let text = try sakuinOnSeeds("search", "紛争熟度", "--notes")
        #expect(text.standardOutputLines.count == 4)
        #expect(text.standardOutputLines[1] == "    [2] line 62: 2 廣田尚久、上杉勇司『和平学入門——戦争を止める13の法則』（筑摩書房、2025年）、173–174頁。")
        let plain = try sakuinOnSeeds("search", "紛争熟度", "--json")
        #expect(try jsonHits(plain).first?["notes"] == nil)
    }

    @Test("eval with cite.tsv and refs.tsv prints top-1 and top-3 per kind")
    func evalLookups() throws {
        let directory = try CommandFixtures.makeTemporaryDirectory()
        defer { CommandFixtures.remove(directory) }
        try """
            cid\tquote\tdoc\tline_start\tline_end\tkind
            c1\t停戦交渉は2026年も継続する公算が高い\t003_57592eb5b33f72b7\t20\t20\texact
            c2\t停戦交渉の行方と緊密化する露朝関係\t003_57592eb5b33f72b7\t3\t3\tocr
            c3\tNATOは2026年にウクライナの加盟を正式に承認した\t\t\t\tabsent
            c4\t停戦交渉は2026年も継続する公算が高い\t000_cc57c55956077614\t1\t1\texact

            """.write(toFile: directory + "/cite.tsv", atomically: true, encoding: .utf8)
        try "rid\tquery\tdoc\tfootnote\tanchor\nr1\tRR1498\t001_49dd464655a60e45\t7\tLessons from Russia\n"
            .write(toFile: directory + "/refs.tsv", atomically: true, encoding: .utf8)
        let run = try sakuinOnSeeds("eval", directory)
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutputLines == [
            "cid\tkind\trank\tfirst answer\tquery",
            "c1\texact\t1\t003_57592eb5b33f72b7:20-20\t停戦交渉は2026年も継続する公算が高い",
            "c2\tocr\t1\t003_57592eb5b33f72b7:3-3\t停戦交渉の行方と緊密化する露朝関係",
            "c3\tabsent\t1\tnone\tNATOは2026年にウクライナの加盟を正式に承認した",
            "c4\texact\t-\t003_57592eb5b33f72b7:20-20\t停戦交渉は2026年も継続する公算が高い",
            "",
            "kind\tcases\ttop-1\ttop-3\tfalse matches",
            "exact\t2\t0.500\t0.500\t0",
            "ocr\t1\t1.000\t1.000\t0",
            "absent\t1\t1.000\t1.000\t0",
            "all\t4\t0.750\t0.750\t0",
            "",
            "rid\tkind\trank\tfirst answer\tquery",
            "r1\treference\t1\t001_49dd464655a60e45:109-109 note 7\tRR1498",
            "",
            "kind\tcases\ttop-1\ttop-3\tfalse matches",
            "reference\t1\t1.000\t1.000\t0",
            "all\t1\t1.000\t1.000\t0",
        ])
    }
}
