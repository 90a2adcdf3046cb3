import Testing
@testable import Sakuin

@Suite("footnote markers and pages")
struct FootnoteMarkerTests {
    @Test("superscript digits are markers, several digits one number")
    func superscripts() {
        let markers = FootnoteMarkers.markers(in: "機が熟する（ripe）²。論じている³。と論じる¹²。", knownNumbers: [])
        #expect(markers == [
            .init(number: 2, utf16Offset: 11), .init(number: 3, utf16Offset: 18), .init(number: 12, utf16Offset: 24),
        ])
    }

    @Test("bare digits after a sentence are markers only for known notes and not before a unit")
    func bareDigits() {
        let text = "論じる。4 次に、返してきた。8 月には、交渉した」12そして。99"
        #expect(FootnoteMarkers.markers(in: text, knownNumbers: [4, 8, 12]).map(\.number) == [4, 12])
        #expect(FootnoteMarkers.markers(in: text, knownNumbers: []).isEmpty)
        // Full-width digits count too.
        #expect(FootnoteMarkers.markers(in: "述べた。３ 以上", knownNumbers: [3]).map(\.number) == [3])
    }

    @Test("a text with superscript markers takes no bare-digit markers")
    func superscriptStyleWins() {
        #expect(FootnoteMarkers.markers(in: "論じる⁴。次の点。5 以上", knownNumbers: [4, 5]).map(\.number) == [4])
    }

    @Test("pages are counted by form feeds; a form feed starts the line it is on")
    func pages() throws {
        let map = try #require(PageMap(text: "one\ntwo\n\u{0C}three\r\nfour\n\n\u{0C}\u{0C}six\n"))
        #expect((1...7).map(map.page(ofLine:)) == [1, 1, 2, 2, 2, 4, 4])
        #expect(PageMap(text: "no form feed\nhere") == nil)
    }
}
