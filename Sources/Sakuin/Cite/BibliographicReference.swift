/// One bibliographic reference found in a footnote, split into its parts.
///
/// Notes cite works in the Japanese style (SIST 02) or the Chicago style, often both in one note:
///
/// ```
/// 千々和泰明「戦争終結理論から見た露・ウクライナ戦争」『安全保障研究』第6巻第3号（鹿島平和研究所、2024年10月）
/// I. William Zartman, “Ripeness,” in *International Conflict Resolution after the Cold War*, ed. Paul C. Stern and Daniel Druckman (National Academy Press, 2000), 225–250
/// ```
///
/// Each part is what the note says, without its punctuation: the first of these references has
/// `authors == ["千々和泰明"]`, `title == "戦争終結理論から見た露・ウクライナ戦争"`,
/// `containerTitle == "安全保障研究"`, `volume == "6"`, `issue == "3"`,
/// `publisher == "鹿島平和研究所"`, `year == 2024` and `date == "2024-10"`. A part the note does
/// not give is empty or nil.
///
/// ```swift
/// var reference = BibliographicReference(text: "千々和泰明『戦争はいかに終結したか』（中央公論新社、2021年）")
/// reference.authors = ["千々和泰明"]
/// reference.title = "戦争はいかに終結したか"
/// reference.publisher = "中央公論新社"
/// reference.year = 2021
/// ```
public struct BibliographicReference: Sendable, Hashable, Codable {
    /// The reference's own text as found in the note, without the punctuation that separates
    /// it from the next reference or from commentary.
    public var text: String
    /// The authors (著者), in the order given: `["廣田尚久", "上杉勇司"]`, `["I. William Zartman"]`.
    public var authors: [String]
    /// The editors, named with 編, 編著, `ed.` or `eds.` (of the book a chapter appears in, or of an
    /// edited book).
    public var editors: [String]
    /// The translators, named with 訳 or `trans.`.
    public var translators: [String]
    /// The work's own title: an article's 「論文名」 or “Title,”, else a book's 『書名』 or *Title*.
    /// A subtitle after `——` is part of it.
    public var title: String?
    /// Where the work appeared: the journal or book 『掲載誌』 after a 「論文」, or the *Venue* or
    /// *Book* (after `in`) of a quoted title.
    public var containerTitle: String?
    /// The volume number, as its digits (`"6"` for 第6巻).
    public var volume: String?
    /// The issue number, as its digits (`"3"` for 第3号).
    public var issue: String?
    /// The pages cited, without `頁` or `pp.` (`"173–174"`, `"69"`).
    public var pages: String?
    /// The publisher or the organisation that issued the work (`"中央公論新社"`, `"RAND Corporation"`,
    /// `"President of Russia"`).
    public var publisher: String?
    /// The Gregorian year of publication; a 和暦 year is converted (令和8年 → 2026).
    public var year: Int?
    /// The date of publication in ISO 8601 form when the note gives a month (`"2024-10"`) or a
    /// full date (`"2025-04-15"` for 2025年4月15日 or April 15, 2025); nil for a year alone.
    public var date: String?
    /// The URLs given for the work, without angle brackets or trailing punctuation.
    public var urls: [String]

    /// A reference with the given text and no parts yet.
    ///
    /// ```swift
    /// let reference = BibliographicReference(text: "山添博史「ウクライナをめぐるロシアの強要戦術」")
    /// // reference.authors == [], reference.title == nil
    /// ```
    public init(text: String) {
        self.init(text: text, authors: [])
    }

    init(text: String, authors: [String], editors: [String] = [], translators: [String] = [],
         title: String? = nil, containerTitle: String? = nil, volume: String? = nil, issue: String? = nil,
         pages: String? = nil, publisher: String? = nil, year: Int? = nil, date: String? = nil,
         urls: [String] = []) {
        self.text = text
        self.authors = authors
        self.editors = editors
        self.translators = translators
        self.title = title
        self.containerTitle = containerTitle
        self.volume = volume
        self.issue = issue
        self.pages = pages
        self.publisher = publisher
        self.year = year
        self.date = date
        self.urls = urls
    }
}
