import Testing
@testable import Sakuin

@Suite("bibliography section titles")
struct BibliographySectionTests {
    @Test("listed titles match whatever their case, spaces, brackets and heading marks")
    func listedTitles() {
        for title in ["参考文献", "【 参考文献 】", "■ 注", "References", "WORKS CITED", "[Bibliography]", "「文献一覧」：",
                      "## Notes", "\u{3000}主要参考文献\u{3000}"] {
            #expect(Catalog.isBibliographySection(title), "\(title)")
        }
    }

    @Test("other titles do not, long or short")
    func otherTitles() {
        for title in ["はじめに", "参考", "注意", "7.3.11 参考文献の書き方について", "References and further reading",
                      "bibliographyx", "文献 一覧 と 注 釈"] {
            #expect(!Catalog.isBibliographySection(title), "\(title)")
        }
    }

    @Test("marks do not count towards a title's length")
    func marksDoNotCount() {
        // Twelve letters inside many marks: longer than any listed title only with the marks.
        let marked = "【【【 ■■■ " + "bibliography" + " ◆◆◆ 】】】" + String(repeating: "\u{3000}", count: 20)
        #expect(Catalog.isBibliographySection(marked))
    }
}
