/// Finds the bibliographic references in one footnote and splits each into its parts.
///
/// Notes in Japanese papers mix two citation styles, often in one note — SIST 02
/// (`著者「論文名」『誌名』第6巻第3号（2024年10月）`) and Chicago (`Author, “Title,” *Venue*, Date, <URL>`) —
/// with commentary before, between and after the references. No one grammar covers them, so the
/// parser anchors on what every reference has, a title in title marks, and reads outwards:
///
/// 1. The note is cut into segments at `。`, `；`, `;`, and at a `.` followed by Japanese text, but
///    never inside brackets, quotes or URLs.
/// 2. In a segment, each title mark (`『』`, `「」`, `“”`, `""`, `«»`, `*…*`) is a candidate. The names
///    just before it are its creators (with their roles: 編, 訳, `ed.`, `trans.`); the pieces after
///    it — a container title, editors, volume and issue, a bracket with publisher and year, a date,
///    pages, URLs — are read one by one until one fits none of them.
/// 3. A candidate is commentary, not a reference, when its title runs on into the sentence
///    (`『独立新聞』の総括`, `「紛争解決の理論と実践」研究会の成果`) or when nothing but the title was found.
///
/// A segment without a titled reference may still hold URLs, which go to the reference before it
/// (they locate it: `…138–141. 東京大学…として公開、<https://…>`), or author–year citations
/// (`Zartman (2000)`).
///
/// All work is on the note's Unicode scalars and every search is bounded, so the time stays
/// linear in the note's length whatever the input.
enum ReferenceParser {
    /// Longest title, in scalars, searched for its closing mark; an opening mark without a close
    /// within this distance is not a title.
    static let maximumTitleLength = 500
    /// How far before a title its creators are looked for, in scalars.
    static let maximumCreatorsLength = 240
    /// How far after a title its details are read, in scalars.
    static let maximumDetailsLength = 1000
    /// Longest URL read, in scalars.
    static let maximumURLLength = 2000

    /// The references in one footnote's text (its number already removed), in the order they
    /// appear; empty for a note of pure commentary.
    ///
    /// References are separated by `；`, `;` or `。`, or follow commentary in the same note
    /// (`正規の動員対象ではない人を…報じられた。“Ukraine war: …,” *BBC*, September 25, 2022, <https://…>`
    /// gives one reference, the commentary none).
    static func references(inNote text: String) -> [BibliographicReference] {
        let note = NoteText(text)
        var drafts: [ReferenceDraft] = []
        for segment in note.segments() {
            let titled = note.titledReferences(in: segment)
            if !titled.isEmpty {
                drafts += titled
                continue
            }
            let urls = note.urls(in: segment)
            if let firstURL = urls.first, let lastURL = urls.last {
                if var previous = drafts.popLast() {
                    previous.urls += urls.map(\.address)
                    previous.end = max(previous.end, lastURL.range.upperBound)
                    drafts.append(previous)
                } else {
                    var draft = ReferenceDraft(start: firstURL.range.lowerBound, end: lastURL.range.upperBound)
                    draft.urls = urls.map(\.address)
                    drafts.append(draft)
                }
                continue
            }
            drafts += note.authorYearCitations(in: segment)
        }
        return drafts.map { $0.reference(in: note) }
    }
}

// MARK: - Drafts

/// A reference being read: its parts and its extent in the note, in scalar offsets.
private struct ReferenceDraft {
    var start: Int
    var end: Int
    var authors: [String] = []
    var editors: [String] = []
    var translators: [String] = []
    var title: String?
    var containerTitle: String?
    var volume: String?
    var issue: String?
    var pages: String?
    var publisher: String?
    var year: Int?
    var date: String?
    var urls: [String] = []

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Whether anything besides a title was found: a quoted phrase alone is commentary.
    var hasMoreThanTitle: Bool {
        !authors.isEmpty || !editors.isEmpty || !translators.isEmpty || containerTitle != nil
            || volume != nil || issue != nil || pages != nil || publisher != nil || year != nil || !urls.isEmpty
    }

    mutating func add(_ creators: Creators) {
        authors += creators.authors
        editors += creators.editors
        translators += creators.translators
    }

    mutating func add(_ names: [String], as role: CreatorRole) {
        switch role {
        case .author: authors += names
        case .editor: editors += names
        case .translator: translators += names
        }
    }

    mutating func setDate(_ parts: DateParts) {
        guard year == nil else { return }
        year = parts.year
        date = parts.iso
    }

    func reference(in note: NoteText) -> BibliographicReference {
        BibliographicReference(
            text: note.string(note.trimming(start..<end, trailing: Glyph.isTrailingPunctuation)),
            authors: authors, editors: editors, translators: translators, title: title,
            containerTitle: containerTitle, volume: volume, issue: issue, pages: pages,
            publisher: publisher, year: year, date: date, urls: urls)
    }
}

/// Names with their roles, read before a title (`富樫耕介編著『…』`) or after it (`ed. X and Y`).
private struct Creators {
    var authors: [String] = []
    var editors: [String] = []
    var translators: [String] = []
    /// Where the first name starts in the note.
    var start: Int

    mutating func add(_ names: [String], as role: CreatorRole) {
        switch role {
        case .author: authors += names
        case .editor: editors += names
        case .translator: translators += names
        }
    }
}

/// What a person named in a reference did for the work.
private enum CreatorRole {
    case author, editor, translator
}

/// A calendar date as far as the note gives it.
private struct DateParts {
    var year: Int
    var month: Int?
    var day: Int?

    /// `2025-04-15`, `2024-10`, or nil for a year alone.
    var iso: String? {
        guard let month else { return nil }
        let yearAndMonth = "\(year)-\(Self.twoDigits(month))"
        guard let day else { return yearAndMonth }
        return yearAndMonth + "-\(Self.twoDigits(day))"
    }

    private static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// Years a reference can carry; a four-digit number outside them is an identifier or a count.
    static let plausibleYears = 1400...2199
}

/// A URL found in a note.
private struct LocatedURL {
    /// The URL as written, with its angle brackets if any.
    var range: Range<Int>
    var address: String
}

// MARK: - Marks

/// Opening marks of titles and brackets, and how each one closes.
private enum Mark {
    case bookTitle       // 『…』
    case cornerQuote     // 「…」, also 「…» around Russian titles
    case curlyQuote      // “…”
    case straightQuote   // "…"
    case guillemet       // «…», also «…」
    case italic          // *…* (Markdown)
    case parenthesis     // (…) （…）
    case squareBracket   // […] ［…］ 【…】 〔…〕

    init?(openingAt offset: Int, in note: NoteText, before end: Int) {
        switch note.scalars[offset] {
        case "『": self = .bookTitle
        case "「": self = .cornerQuote
        case "“": self = .curlyQuote
        case "\"": self = .straightQuote
        case "«": self = .guillemet
        case "(", "（": self = .parenthesis
        case "[", "［", "【", "〔": self = .squareBracket
        case "*":
            // `*text*` is italic; `* ` is a bullet or a multiplication, `**` bold.
            guard offset + 1 < end else { return nil }
            let next = note.scalars[offset + 1]
            guard next != "*", !next.isWhitespace else { return nil }
            self = .italic
        default:
            return nil
        }
    }

    /// Whether a work with this kind of title may sit in a container: a quoted article title may
    /// (「論文」『誌名』, “Title,” *Journal*), a book title may not.
    var allowsContainer: Bool {
        switch self {
        case .cornerQuote, .curlyQuote, .straightQuote, .guillemet: true
        default: false
        }
    }

    var isTitle: Bool { self != .parenthesis && self != .squareBracket }

    /// Chicago puts the comma after a quoted title inside the quotes: “Title,”.
    var closesAfterPunctuation: Bool {
        self == .curlyQuote || self == .straightQuote || self == .guillemet
    }
}

// MARK: - Pieces after a title

/// One piece of what follows a title: a run of text, a bracket, a quoted or italic title, a URL.
private struct DetailPiece {
    enum Kind {
        case text, parenthesized, bookTitle, quoted, italic, url
    }

    var kind: Kind
    /// The piece in the note: a text run without surrounding whitespace, a bracket with its marks.
    var range: Range<Int>
    /// Inside a bracket's marks; for text and URLs the same as `range`.
    var inner: Range<Int>
    /// A URL's address, without angle brackets.
    var address: String = ""
    /// Whether a list delimiter (`、` `，` `,`) comes between this piece and the one before it.
    var followsDelimiter: Bool
}

// MARK: - The note's scalars

/// A note's Unicode scalars, with the small searches the parser makes on them by offset.
private struct NoteText {
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var count: Int { scalars.count }

    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    /// A part of a reference (a title, a name) as one line: a line break that PDF extraction left
    /// inside it disappears between Japanese characters (`山添\n博史`) and becomes a space between
    /// words (`Hurting\nStalemate`); so do runs of several spaces.
    func part(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        var offset = range.lowerBound
        while offset < range.upperBound {
            let scalar = scalars[offset]
            guard scalar.isWhitespace else {
                view.append(scalar)
                offset += 1
                continue
            }
            var runEnd = offset
            var breaksLine = false
            while runEnd < range.upperBound, scalars[runEnd].isWhitespace {
                breaksLine = breaksLine || scalars[runEnd] == "\n" || scalars[runEnd] == "\r" || scalars[runEnd] == "\t"
                runEnd += 1
            }
            if !breaksLine, runEnd - offset == 1 {
                view.append(scalar)
            } else {
                let joinsJapanese = offset > range.lowerBound && runEnd < range.upperBound
                    && scalars[offset - 1].isJapanese && scalars[runEnd].isJapanese
                if !joinsJapanese { view.append(" ") }
            }
            offset = runEnd
        }
        return String(view)
    }

    func trimming(_ range: Range<Int>, leading: (Unicode.Scalar) -> Bool = { $0.isWhitespace },
                  trailing: (Unicode.Scalar) -> Bool = { $0.isWhitespace }) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, leading(scalars[start]) || scalars[start].isWhitespace { start += 1 }
        while end > start, trailing(scalars[end - 1]) || scalars[end - 1].isWhitespace { end -= 1 }
        return start..<end
    }

    func hasPrefix(_ prefix: [Unicode.Scalar], at offset: Int, before end: Int) -> Bool {
        guard offset >= 0, end - offset >= prefix.count else { return false }
        for (index, scalar) in prefix.enumerated() where scalars[offset + index] != scalar { return false }
        return true
    }

    func hasSuffix(_ suffix: [Unicode.Scalar], in range: Range<Int>) -> Bool {
        guard range.count >= suffix.count else { return false }
        return hasPrefix(suffix, at: range.upperBound - suffix.count, before: range.upperBound)
    }

    func contains(_ range: Range<Int>, where predicate: (Unicode.Scalar) -> Bool) -> Bool {
        range.contains { predicate(scalars[$0]) }
    }

    /// The text as lowercase ASCII, for comparing English words (`May`, `eds.`).
    func lowercasedWord(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        for offset in range {
            let scalar = scalars[offset]
            if (0x41...0x5A).contains(scalar.value), let lower = Unicode.Scalar(scalar.value + 0x20) {
                view.append(lower)
            } else {
                view.append(scalar)
            }
        }
        return String(view)
    }

    /// Ranges between separators, trimmed of whitespace; empty pieces are kept as empty ranges.
    func split(_ range: Range<Int>, where isSeparator: (Unicode.Scalar) -> Bool) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for offset in range where isSeparator(scalars[offset]) {
            pieces.append(trimming(start..<offset))
            start = offset + 1
        }
        pieces.append(trimming(start..<range.upperBound))
        return pieces
    }

    /// Ranges between occurrences of `separator` (a short word such as ` and `), trimmed.
    func split(_ range: Range<Int>, atWord separator: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        var offset = range.lowerBound
        while offset < range.upperBound {
            if hasPrefix(separator, at: offset, before: range.upperBound) {
                pieces.append(trimming(start..<offset))
                offset += separator.count
                start = offset
            } else {
                offset += 1
            }
        }
        pieces.append(trimming(start..<range.upperBound))
        return pieces
    }

    /// Words separated by whitespace or commas.
    func words(_ range: Range<Int>) -> [Range<Int>] {
        split(range) { $0.isWhitespace || $0 == "," }.filter { !$0.isEmpty }
    }
}

// MARK: - Segments

private extension NoteText {
    /// The note cut at reference separators that stand outside brackets, quotes and URLs.
    func segments() -> [Range<Int>] {
        var segments: [Range<Int>] = []
        var start = 0
        var depth = 0
        var insideStraightQuote = false
        var offset = 0
        while offset < count {
            if let url = url(at: offset, before: count) {
                offset = url.range.upperBound
                continue
            }
            let scalar = scalars[offset]
            if Glyph.isOpeningBracket(scalar) {
                depth += 1
            } else if Glyph.isClosingBracket(scalar) {
                depth = max(0, depth - 1)
            } else if scalar == "\"" {
                insideStraightQuote.toggle()
            } else if depth == 0, !insideStraightQuote, isSeparator(at: offset) {
                segments.append(start..<offset)
                start = offset + 1
            }
            offset += 1
        }
        segments.append(start..<count)
        return segments.map { trimming($0) }.filter { !$0.isEmpty }
    }

    /// `。` `；` `;` always; a full stop only before Japanese text (`…225–250. ザートマンの…`), since
    /// full stops inside a Western reference (`I. William`, `ed. Paul C. Stern`) are followed by Latin.
    private func isSeparator(at offset: Int) -> Bool {
        switch scalars[offset] {
        case "。", "｡", "；", ";":
            return true
        case ".", "．":
            var next = offset + 1
            while next < count, next - offset <= 3, scalars[next].isWhitespace { next += 1 }
            guard next < count else { return false }
            let following = scalars[next]
            return following.isHan || following.isKana || following == "「" || following == "『" || following == "（"
        default:
            return false
        }
    }
}

// MARK: - URLs

private extension NoteText {
    static let http = Array("http://".unicodeScalars)
    static let https = Array("https://".unicodeScalars)

    /// The URL starting at `offset`: `<https://…>` or a bare `https://…`.
    func url(at offset: Int, before end: Int) -> LocatedURL? {
        let scalar = scalars[offset]
        if scalar == "<" {
            guard offset + 1 < end, isScheme(at: offset + 1, before: end) else { return nil }
            var close = offset + 1
            let limit = min(end, offset + 1 + ReferenceParser.maximumURLLength)
            while close < limit, scalars[close] != ">", !scalars[close].isWhitespace { close += 1 }
            if close < limit, scalars[close] == ">" {
                let address = trimming((offset + 1)..<close)
                return LocatedURL(range: offset..<(close + 1), address: string(address))
            }
            // An unclosed `<`: read what follows as a bare URL.
            return bareURL(at: offset + 1, before: end)
        }
        guard scalar == "h", isScheme(at: offset, before: end) else { return nil }
        return bareURL(at: offset, before: end)
    }

    private func isScheme(at offset: Int, before end: Int) -> Bool {
        hasPrefix(Self.https, at: offset, before: end) || hasPrefix(Self.http, at: offset, before: end)
    }

    /// A bare URL ends at whitespace or at a character URLs do not hold unescaped; trailing
    /// punctuation (`…RR1498.html.`) and an unbalanced `)` belong to the sentence.
    private func bareURL(at offset: Int, before end: Int) -> LocatedURL? {
        let limit = min(end, offset + ReferenceParser.maximumURLLength)
        var close = offset
        while close < limit, Glyph.isURLScalar(scalars[close]) { close += 1 }
        let schemeEnd = offset + (hasPrefix(Self.https, at: offset, before: end) ? Self.https.count : Self.http.count)
        while close > schemeEnd, Glyph.isURLTrailingPunctuation(scalars[close - 1]) { close -= 1 }
        if close > schemeEnd, scalars[close - 1] == ")" {
            let opened = (offset..<close).count { scalars[$0] == "(" }
            let closed = (offset..<close).count { scalars[$0] == ")" }
            if closed > opened { close -= 1 }
        }
        guard close > schemeEnd else { return nil }
        return LocatedURL(range: offset..<close, address: string(offset..<close))
    }

    /// Every URL in the range, in order.
    func urls(in range: Range<Int>) -> [LocatedURL] {
        var found: [LocatedURL] = []
        var offset = range.lowerBound
        while offset < range.upperBound {
            if let url = url(at: offset, before: range.upperBound) {
                found.append(url)
                offset = url.range.upperBound
            } else {
                offset += 1
            }
        }
        return found
    }
}

// MARK: - Brackets

private extension NoteText {
    /// The offset of the mark that closes the one opened at `opener`, searched no further than a
    /// title's maximum length. Marks of the same kind nest (`「…「併合」…」`); a corner quote may
    /// close with `»` and a guillemet with `」` (`「Итоги 2021 года»`).
    func closingMark(of mark: Mark, openedAt opener: Int, before end: Int) -> Int? {
        let limit = min(end, opener + 2 + ReferenceParser.maximumTitleLength)
        var nesting = 0
        var otherNesting = 0
        var offset = opener + 1
        while offset < limit {
            let scalar = scalars[offset]
            switch mark {
            case .bookTitle:
                if scalar == "『" { nesting += 1 } else if scalar == "』" {
                    if nesting == 0 { return offset }
                    nesting -= 1
                }
            case .cornerQuote, .guillemet:
                let isCorner = mark == .cornerQuote
                let own: Unicode.Scalar = isCorner ? "「" : "«"
                let ownClose: Unicode.Scalar = isCorner ? "」" : "»"
                let other: Unicode.Scalar = isCorner ? "«" : "「"
                let otherClose: Unicode.Scalar = isCorner ? "»" : "」"
                if scalar == own {
                    nesting += 1
                } else if scalar == ownClose {
                    if nesting == 0, otherNesting == 0 { return offset }
                    nesting = max(0, nesting - 1)
                } else if scalar == other {
                    otherNesting += 1
                } else if scalar == otherClose {
                    if otherNesting == 0 {
                        if nesting == 0 { return offset }
                    } else {
                        otherNesting -= 1
                    }
                }
            case .curlyQuote:
                if scalar == "“" { nesting += 1 } else if scalar == "”" {
                    if nesting == 0 { return offset }
                    nesting -= 1
                }
            case .straightQuote:
                if scalar == "\"" { return offset }
            case .italic:
                if scalar == "*", offset > opener + 1, !scalars[offset - 1].isWhitespace { return offset }
            case .parenthesis:
                if scalar == "(" || scalar == "（" { nesting += 1 } else if scalar == ")" || scalar == "）" {
                    if nesting == 0 { return offset }
                    nesting -= 1
                }
            case .squareBracket:
                if scalar == "[" || scalar == "［" || scalar == "【" || scalar == "〔" { nesting += 1 } else if
                    scalar == "]" || scalar == "］" || scalar == "】" || scalar == "〕" {
                    if nesting == 0 { return offset }
                    nesting -= 1
                }
            }
            offset += 1
        }
        return nil
    }

    /// A title's text: without surrounding whitespace, and for a quoted Western title without the
    /// comma or full stop set inside the quotes (a full stop after a capital, as in `U.S.`, stays).
    func titleRange(_ inner: Range<Int>, mark: Mark) -> Range<Int> {
        var range = trimming(inner)
        guard mark.closesAfterPunctuation else { return range }
        while range.count > 1 {
            let last = scalars[range.upperBound - 1]
            let beforeLast = scalars[range.upperBound - 2]
            guard last == "," || (last == "." && !beforeLast.isUppercaseLetter) else { break }
            range = trimming(range.lowerBound..<(range.upperBound - 1))
        }
        return range
    }
}

// MARK: - Titled references

private extension NoteText {
    /// The references anchored on a title mark in one segment.
    func titledReferences(in segment: Range<Int>) -> [ReferenceDraft] {
        var found: [ReferenceDraft] = []
        var creatorsFloor = segment.lowerBound
        var offset = segment.lowerBound
        while offset < segment.upperBound {
            if let url = url(at: offset, before: segment.upperBound) {
                offset = url.range.upperBound
                continue
            }
            guard let mark = Mark(openingAt: offset, in: self, before: segment.upperBound), mark.isTitle,
                  let closer = closingMark(of: mark, openedAt: offset, before: segment.upperBound) else {
                offset += 1
                continue
            }
            if let draft = reference(titledAt: offset, closer: closer, mark: mark,
                                     creatorsFloor: creatorsFloor, segmentEnd: segment.upperBound) {
                found.append(draft)
                creatorsFloor = draft.end
                offset = draft.end
            } else {
                offset = closer + 1
            }
        }
        return found
    }

    /// The reference titled by the marks at `opener` and `closer`, with its creators looked for no
    /// earlier than `creatorsFloor` (the end of the reference before it); nil if the title belongs
    /// to commentary.
    func reference(titledAt opener: Int, closer: Int, mark: Mark, creatorsFloor: Int,
                   segmentEnd: Int) -> ReferenceDraft? {
        let title = titleRange((opener + 1)..<closer, mark: mark)
        guard !title.isEmpty else { return nil }
        var pieces = DetailPieces(note: self, from: closer + 1, before: segmentEnd)
        let first = pieces.next()
        // `「紛争解決の理論と実践」研究会の成果として公開`: the title is part of a longer name in a sentence.
        if let first, first.kind == .text, !first.followsDelimiter,
           !scalars[first.range.lowerBound].isHiragana, contains(first.range, where: { $0.isHiragana }) {
            return nil
        }
        var draft = ReferenceDraft(start: opener, end: closer + 1)
        draft.title = part(title)
        if let creators = creators(before: opener, floor: creatorsFloor) {
            draft.add(creators)
            draft.start = creators.start
        }
        var reader = DetailReader(note: self, mark: mark, draft: draft)
        if let first { reader.read(first, then: &pieces) }
        return reader.draft.hasMoreThanTitle ? reader.draft : nil
    }

    /// A text piece without the punctuation around it (`: 45–67`, `2017.`), for classifying.
    func trimmingPunctuation(_ range: Range<Int>) -> Range<Int> {
        trimming(range, leading: { $0 == ":" || $0 == "." || $0 == ";" || $0 == "：" },
                 trailing: { $0 == "." || $0 == ":" || $0 == ";" || $0 == "：" })
    }
}

/// What follows a title up to the end of its segment, cut one piece at a time into brackets,
/// URLs and runs of text between list delimiters. Pieces are cut only as the reader asks for them:
/// most candidates in commentary stop after one or two.
private struct DetailPieces: IteratorProtocol {
    let note: NoteText
    private var offset: Int
    private let end: Int
    private var afterDelimiter = false
    /// A piece cut ahead to see whether it joins the text before it.
    private var lookahead: DetailPiece?

    init(note: NoteText, from start: Int, before segmentEnd: Int) {
        self.note = note
        offset = start
        end = min(segmentEnd, start + ReferenceParser.maximumDetailsLength)
    }

    /// The next piece, with what delimiters and brackets cut apart put back together:
    /// `November 12` `, 2021` is one date, and `Institute for the Study of War (ISW)` one name
    /// (a bracket without a year right after a text).
    mutating func next() -> DetailPiece? {
        let cut = lookahead ?? nextCut()
        lookahead = nil
        guard var piece = cut else { return nil }
        while piece.kind == .text, let following = nextCut() {
            let isDate = following.kind == .text && following.followsDelimiter
                && note.isMonthAndDay(piece.range) && note.isBareYear(note.trimmingPunctuation(following.range))
            let isNameSuffix = following.kind == .parenthesized && !following.followsDelimiter
                && !note.containsYear(following.inner)
            guard isDate || isNameSuffix else {
                lookahead = following
                break
            }
            piece.range = piece.range.lowerBound..<following.range.upperBound
            piece.inner = piece.range
        }
        return piece
    }

    private mutating func nextCut() -> DetailPiece? {
        var textStart: Int?
        while offset < end {
            let scalar = note.scalars[offset]
            if Glyph.isListDelimiter(scalar) {
                if let textStart { return text(textStart..<offset) }
                afterDelimiter = true
                offset += 1
                continue
            }
            if let url = note.url(at: offset, before: end) {
                if let textStart { return text(textStart..<offset) }
                offset = url.range.upperBound
                return piece(.url, url.range, inner: url.range, address: url.address)
            }
            if let mark = Mark(openingAt: offset, in: note, before: end),
               let closer = note.closingMark(of: mark, openedAt: offset, before: end) {
                if let textStart { return text(textStart..<offset) }
                let kind: DetailPiece.Kind = switch mark {
                case .bookTitle: .bookTitle
                case .cornerQuote, .curlyQuote, .straightQuote, .guillemet: .quoted
                case .italic: .italic
                case .parenthesis, .squareBracket: .parenthesized
                }
                let range = offset..<(closer + 1)
                offset = closer + 1
                return piece(kind, range, inner: (range.lowerBound + 1)..<closer)
            }
            if textStart == nil, !scalar.isWhitespace { textStart = offset }
            offset += 1
        }
        if let textStart { return text(textStart..<end) }
        return nil
    }

    private mutating func text(_ range: Range<Int>) -> DetailPiece {
        let trimmed = note.trimming(range)
        return piece(.text, trimmed, inner: trimmed)
    }

    private mutating func piece(_ kind: DetailPiece.Kind, _ range: Range<Int>, inner: Range<Int>,
                                address: String = "") -> DetailPiece {
        defer { afterDelimiter = false }
        return DetailPiece(kind: kind, range: range, inner: inner, address: address, followsDelimiter: afterDelimiter)
    }
}

// MARK: - Reading the details

/// Reads the pieces after a title in order, filling the draft until a piece fits nothing.
private struct DetailReader {
    let note: NoteText
    let mark: Mark
    var draft: ReferenceDraft

    /// Names read but not yet placed: the publisher if a date follows (`防衛研究所、2022年2月8日`,
    /// `RAND Corporation, May 9, 2017`), editors if a role follows (`富樫耕介、中村長史編著`).
    private var pendingNames: [Range<Int>] = []
    /// After `ed.` or `trans.`, the names that follow continue the list.
    private var listRole: CreatorRole?
    private var previousKind: DetailPiece.Kind?

    init(note: NoteText, mark: Mark, draft: ReferenceDraft) {
        self.note = note
        self.mark = mark
        self.draft = draft
    }

    /// Reads `first` and the pieces after it until one ends the reference; the rest is never cut.
    mutating func read(_ first: DetailPiece, then pieces: inout DetailPieces) {
        var piece = first
        while read(piece) {
            previousKind = piece.kind
            guard let next = pieces.next() else { return }
            piece = next
        }
    }

    /// Reads one piece; false when the reference ended before it.
    private mutating func read(_ piece: DetailPiece) -> Bool {
        switch piece.kind {
        case .url:
            draft.urls.append(piece.address)
            consume(piece)
        case .bookTitle, .italic:
            guard mark.allowsContainer, draft.containerTitle == nil, draft.year == nil, draft.publisher == nil else {
                return false
            }
            draft.containerTitle = note.part(note.titleRange(piece.inner, mark: .bookTitle))
            pendingNames = []
            listRole = nil
            consume(piece)
        case .quoted:
            return false
        case .parenthesized:
            if draft.year == nil, let publication = note.publication(in: piece.inner) {
                if draft.publisher == nil { draft.publisher = publication.publisher }
                draft.setDate(publication.date)
            }
            pendingNames = []
            listRole = nil
            consume(piece)
        case .text:
            return readText(piece)
        }
        return true
    }

    private mutating func readText(_ piece: DetailPiece) -> Bool {
        let text = note.trimmingPunctuation(piece.range)
        guard !text.isEmpty else { return true }
        // Japanese prose after the reference (`を参照`, `の2021年の総括`) ends it.
        if note.contains(text, where: { $0.isHiragana }) { return false }
        let role = listRole
        listRole = nil

        if note.isWord(text, oneOf: ["in"]) {
            consume(piece)
            return true
        }
        if let (role, names) = note.westernRole(text) {
            draft.add(note.westernNames(names) ?? [], as: role)
            listRole = role
            consume(piece)
            return true
        }
        // After the year a number is a page (`(Springer, 2025), 138–141`), unless it is another year.
        if draft.year != nil, draft.pages == nil, !note.isBareYear(text),
           let pages = note.pages(text, requiringMarker: false) {
            draft.pages = pages
            consume(piece)
            return true
        }
        if let date = note.date(text) {
            if draft.year == nil {
                if draft.publisher == nil, let publisher = pendingNames.first {
                    draft.publisher = note.part(note.withoutPlace(publisher))
                }
                draft.setDate(date)
            }
            pendingNames = []
            consume(piece)
            return true
        }
        if let (volume, issue) = note.volumeAndIssue(text) {
            draft.volume = draft.volume ?? volume
            draft.issue = draft.issue ?? issue
            consume(piece)
            return true
        }
        if let pages = note.pages(text, requiringMarker: true) {
            draft.pages = draft.pages ?? pages
            consume(piece)
            return true
        }
        if note.isLocator(text) {
            consume(piece)
            return true
        }
        // `*Foreign Affairs* 103, no. 3`: a number right after the container is its volume.
        if previousKind == .italic || previousKind == .bookTitle, !piece.followsDelimiter,
           draft.volume == nil, let volume = note.digitsValue(text) {
            draft.volume = "\(volume)"
            consume(piece)
            return true
        }
        if let (role, names) = note.japaneseRole(text) {
            draft.add(pendingNames.flatMap { note.japaneseNames($0) } + note.japaneseNames(names), as: role)
            pendingNames = []
            consume(piece)
            return true
        }
        if let role, let names = note.westernNames(text) {
            draft.add(names, as: role)
            listRole = role
            consume(piece)
            return true
        }
        if note.isNameLike(text) {
            pendingNames.append(text)
        } else {
            pendingNames = []
        }
        return true
    }

    private mutating func consume(_ piece: DetailPiece) {
        let end = piece.kind == .text ? note.trimmingPunctuation(piece.range).upperBound : piece.range.upperBound
        draft.end = max(draft.end, end)
    }
}

// MARK: - Creators

private extension NoteText {
    /// The names just before a title, if they read as names: Japanese names separated by `、`
    /// (`廣田尚久、上杉勇司『…』`) back to the first piece that is not a name (`…については、小林綾子「…」`),
    /// or a Western list (`Anton Troianovski, Adam Entous and Michael Schwartz, “…”`) back to the
    /// last Japanese character.
    func creators(before opener: Int, floor: Int) -> Creators? {
        let lower = max(floor, opener - ReferenceParser.maximumCreatorsLength)
        guard lower < opener else { return nil }
        var end = trimming(lower..<opener).upperBound
        if end > lower, Glyph.isListDelimiter(scalars[end - 1]) || scalars[end - 1] == ":" {
            end = trimming(lower..<(end - 1)).upperBound
        }
        guard end > lower else { return nil }
        return scalars[end - 1].isJapanese
            ? japaneseCreators(in: lower..<end)
            : westernCreators(in: lower..<end)
    }

    private func japaneseCreators(in range: Range<Int>) -> Creators? {
        var pieces: [Range<Int>] = []
        var pieceEnd = range.upperBound
        while pieceEnd > range.lowerBound {
            var pieceStart = pieceEnd
            while pieceStart > range.lowerBound, !Glyph.isListDelimiter(scalars[pieceStart - 1]) { pieceStart -= 1 }
            let piece = trimming(pieceStart..<pieceEnd)
            guard isJapaneseName(piece) || japaneseRole(piece) != nil else { break }
            pieces.append(piece)
            pieceEnd = pieceStart - 1
        }
        guard let first = pieces.last else { return nil }
        var creators = Creators(start: first.lowerBound)
        var pending: [String] = []
        for piece in pieces.reversed() {
            if let (role, names) = japaneseRole(piece) {
                creators.add(pending + japaneseNames(names), as: role)
                pending = []
            } else {
                pending += japaneseNames(piece)
            }
        }
        creators.add(pending, as: .author)
        return creators
    }

    private func westernCreators(in range: Range<Int>) -> Creators? {
        var start = range.upperBound
        while start > range.lowerBound, !scalars[start - 1].isJapanese { start -= 1 }
        var run = trimming(start..<range.upperBound, leading: { !$0.isLetter })
        // One cheap pass first: most text before a quote in commentary is no name list.
        guard !run.isEmpty, scalars[run.lowerBound].isUppercaseLetter,
              !contains(run, where: Glyph.isForbiddenInWesternName) else { return nil }
        var role = CreatorRole.author
        // `Stern and Druckman, eds., *Book*`
        let items = split(run) { $0 == "," }
        if let last = items.last, items.count > 1 {
            if isWord(last, oneOf: ["ed.", "eds.", "ed", "eds", "editor", "editors"]) {
                role = .editor
            } else if isWord(last, oneOf: ["trans.", "tr.", "translator", "translators"]) {
                role = .translator
            }
            if role != .author { run = run.lowerBound..<trimming(run.lowerBound..<(last.lowerBound - 1)).upperBound }
        }
        guard let names = westernNames(run) else { return nil }
        var creators = Creators(start: run.lowerBound)
        creators.add(names, as: role)
        return creators
    }

    /// `A, B and C` → [A, B, C], if every item reads as a person's or body's name; `et al.` is dropped.
    /// A bibliography's inverted first name (`Smith, John, and Jane Doe.`) stays as written:
    /// `Smith, John`.
    func westernNames(_ range: Range<Int>) -> [String]? {
        var names: [String] = []
        var items = split(range, where: { $0 == "," })
        if items.count >= 2, words(items[0]).count == 1, !items[0].isEmpty, !items[1].isEmpty,
           split(items[1], atWord: Glyph.and).count == 1, words(items[1]).count <= 3 {
            items[0] = items[0].lowerBound..<items[1].upperBound
            items.remove(at: 1)
        }
        for item in items {
            for candidate in split(item, atWord: Glyph.and).flatMap({ split($0, atWord: Glyph.ampersand) }) {
                var name = candidate
                if hasPrefix(Glyph.leadingAnd, at: name.lowerBound, before: name.upperBound) {
                    name = trimming((name.lowerBound + Glyph.leadingAnd.count)..<name.upperBound)
                }
                if hasSuffix(Glyph.etAl, in: name) {
                    name = trimming(name.lowerBound..<(name.upperBound - Glyph.etAl.count))
                }
                // The full stop ending a bibliography's name list (`John.`), not an initial's (`C.`).
                if name.count > 2, scalars[name.upperBound - 1] == ".", scalars[name.upperBound - 2].isLowercaseLetter {
                    name = name.lowerBound..<(name.upperBound - 1)
                }
                if name.isEmpty { continue }
                guard isWesternName(name) else { return nil }
                names.append(part(name))
            }
        }
        return names.isEmpty ? nil : names
    }

    /// A Western name: a capital first, at most six words, no digits or marks.
    private func isWesternName(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count <= 80, scalars[range.lowerBound].isUppercaseLetter else { return false }
        guard words(range).count <= 6 else { return false }
        return !contains(range, where: Glyph.isForbiddenInWesternName)
    }

    /// `ed. Hideaki Shinoda and Pavlo Fedorchenko-Kutuyev`, `trans. …`, `edited by …`.
    func westernRole(_ range: Range<Int>) -> (CreatorRole, Range<Int>)? {
        for (prefix, role) in Glyph.westernRolePrefixes
        where hasPrefix(prefix, at: range.lowerBound, before: range.upperBound) {
            return (role, trimming((range.lowerBound + prefix.count)..<range.upperBound))
        }
        return nil
    }

    /// `富樫耕介編著` → editors, `山田太郎訳` → translators, `千々和泰明著` → authors.
    func japaneseRole(_ range: Range<Int>) -> (CreatorRole, Range<Int>)? {
        for (suffix, role) in Glyph.japaneseRoleSuffixes where hasSuffix(suffix, in: range) {
            let names = trimming(range.lowerBound..<(range.upperBound - suffix.count))
            guard isJapaneseName(names) else { return nil }
            return (role, names)
        }
        return nil
    }

    /// A name as Japanese notes write it: short, no kana particles, no marks, not a number or date.
    func isJapaneseName(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count <= 40, scalars[range.lowerBound].digitValue == nil else { return false }
        var hasLetter = false
        for offset in range {
            let scalar = scalars[offset]
            if scalar.isHiragana || Glyph.isTitleMark(scalar) || scalar == "。" || scalar == "<" { return false }
            if scalar.isHan || scalar.isKana || scalar.isLetter { hasLetter = true }
        }
        return hasLetter
    }

    /// Names joined by `・` when every part holds a kanji (`千々和泰明・山添博史`); a katakana name
    /// keeps its `・` (`ウィリアム・ザートマン`).
    func japaneseNames(_ range: Range<Int>) -> [String] {
        let parts = split(range) { $0 == "・" || $0 == "･" }
        if parts.count > 1, parts.allSatisfy({ part in contains(part) { $0.isHan } }) {
            return parts.map { part($0) }
        }
        return range.isEmpty ? [] : [part(range)]
    }

    /// A publisher or organisation written without brackets: no kana particles, no marks, and
    /// in Latin script a capital first (`attached to …` is prose).
    func isNameLike(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count <= 100 else { return false }
        let first = scalars[range.lowerBound]
        guard first.digitValue == nil, !(first.isLetter && !first.isJapanese && !first.isUppercaseLetter) else {
            return false
        }
        return !contains(range) { $0.isHiragana || Glyph.isTitleMark($0) || $0 == "<" }
            && contains(range) { $0.isLetter }
    }

    func isWord(_ range: Range<Int>, oneOf words: [String]) -> Bool {
        words.contains(lowercasedWord(range))
    }
}

// MARK: - Publication, dates, numbers

private extension NoteText {
    /// The publisher and date in a bracket such as `（中央公論新社、2021年）`, `(Springer, 2025)`,
    /// `(New York: Penguin, 2000)` or `（鹿島平和研究所、2024年10月、特集「…」）`; nil without a year
    /// (`（NIDS コメンタリー）` is a series).
    func publication(in inner: Range<Int>) -> (publisher: String?, date: DateParts)? {
        var items = split(inner, where: Glyph.isListDelimiter).filter { !$0.isEmpty }
        var index = 0
        while index + 1 < items.count {
            if isMonthAndDay(items[index]), isBareYear(items[index + 1]) {
                items[index] = items[index].lowerBound..<items[index + 1].upperBound
                items.remove(at: index + 1)
            }
            index += 1
        }
        var date: DateParts?
        var publisher: String?
        for item in items {
            if let parts = self.date(trimmingPunctuation(item)) {
                date = date ?? parts
            } else if publisher == nil, isPublisherInBrackets(item) {
                let name = withoutPlace(item)
                if !name.isEmpty { publisher = part(name) }
            }
        }
        guard let date else { return nil }
        return (publisher, date)
    }

    /// `New York: Penguin` → `Penguin`: the place of publication is not part of the publisher.
    func withoutPlace(_ range: Range<Int>) -> Range<Int> {
        guard let colon = range.last(where: { scalars[$0] == ":" || scalars[$0] == "：" }) else { return range }
        return trimming((colon + 1)..<range.upperBound)
    }

    /// Inside a publication bracket a publisher may hold kana (`みすず書房`, `ちくま新書`), but not
    /// end in a particle or hold title marks (`特集「…」`).
    private func isPublisherInBrackets(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count <= 100, !scalars[range.upperBound - 1].isHiragana else { return false }
        let first = scalars[range.lowerBound]
        guard first.digitValue == nil, !(first.isLetter && !first.isJapanese && !first.isUppercaseLetter) else {
            return false
        }
        return !contains(range) { Glyph.isTitleMark($0) || $0 == "<" } && contains(range) { $0.isLetter }
    }

    /// A date filling the whole range: `2025年4月15日`, `2025 年 12 月 12 日`, `令和7年4月`,
    /// `April 11, 2025`, `11 April 2025`, `May 2020`, `2025-04-15`, `2021`.
    func date(_ range: Range<Int>) -> DateParts? {
        guard !range.isEmpty else { return nil }
        return japaneseDate(range) ?? westernDate(range)
    }

    private func japaneseDate(_ range: Range<Int>) -> DateParts? {
        let end = range.upperBound
        var offset = range.lowerBound
        let year: Int
        if let eraYear = JapaneseEra.readYear(in: scalars, at: offset, before: end) {
            year = eraYear.gregorianYear
            offset = eraYear.end
        } else {
            guard let numeral = JapaneseEra.readNumeral(in: scalars, at: offset, before: end),
                  DateParts.plausibleYears.contains(numeral.value) else { return nil }
            year = numeral.value
            offset = numeral.end
        }
        guard let afterYear = unit("年", after: offset, before: end) else { return nil }
        var parts = DateParts(year: year)
        offset = afterYear
        if let month = number(before: "月", from: offset, before: end, in: 1...12) {
            parts.month = month.value
            offset = month.end
            if let day = number(before: "日", from: offset, before: end, in: 1...31) {
                parts.day = day.value
                offset = day.end
            }
        }
        // `2021年春`, `2024年10月号`: a short remainder without kana is part of the date.
        let rest = trimming(offset..<end)
        guard rest.count <= 3, !contains(rest, where: { $0.isHiragana }) else { return nil }
        return parts
    }

    /// The offset after `unit` (`年`), skipping spaces before it.
    private func unit(_ unit: Unicode.Scalar, after offset: Int, before end: Int) -> Int? {
        var position = offset
        while position < end, scalars[position].isWhitespace { position += 1 }
        return position < end && scalars[position] == unit ? position + 1 : nil
    }

    /// A number followed by `unit` (`4月`, ` 15 日`), in the given range of values.
    private func number(before unit: Unicode.Scalar, from offset: Int, before end: Int,
                        in values: ClosedRange<Int>) -> (value: Int, end: Int)? {
        var position = offset
        while position < end, scalars[position].isWhitespace { position += 1 }
        guard position < end, let numeral = JapaneseEra.readNumeral(in: scalars, at: position, before: end),
              values.contains(numeral.value), let afterUnit = self.unit(unit, after: numeral.end, before: end) else {
            return nil
        }
        return (numeral.value, afterUnit)
    }

    private func westernDate(_ range: Range<Int>) -> DateParts? {
        let words = words(range).map { trimming($0, trailing: { $0 == "." }) }
        switch words.count {
        case 1:
            return isoDate(words[0]) ?? (isBareYear(words[0]) ? yearValue(words[0]).map { DateParts(year: $0) } : nil)
        case 2:
            guard let month = month(words[0]), let year = yearValue(words[1]) else { return nil }
            return DateParts(year: year, month: month)
        case 3:
            if let month = month(words[0]), let day = dayValue(words[1]), let year = yearValue(words[2]) {
                return DateParts(year: year, month: month, day: day)
            }
            if let day = dayValue(words[0]), let month = month(words[1]), let year = yearValue(words[2]) {
                return DateParts(year: year, month: month, day: day)
            }
            return nil
        default:
            return nil
        }
    }

    /// `2025-04-15`, `2025/4/15`, `2025-04`.
    private func isoDate(_ range: Range<Int>) -> DateParts? {
        let fields = split(range) { $0 == "-" || $0 == "/" }
        guard fields.count == 2 || fields.count == 3, fields[0].count == 4, let year = yearValue(fields[0]),
              let month = digitsValue(fields[1]), (1...12).contains(month) else { return nil }
        var parts = DateParts(year: year, month: month)
        if fields.count == 3 {
            guard let day = digitsValue(fields[2]), (1...31).contains(day) else { return nil }
            parts.day = day
        }
        return parts
    }

    /// `May 9`, `9 May`: the first half of a date that a comma cut from its year.
    func isMonthAndDay(_ range: Range<Int>) -> Bool {
        let words = words(range)
        guard words.count == 2 else { return false }
        return (month(words[0]) != nil && dayValue(words[1]) != nil)
            || (dayValue(words[0]) != nil && month(trimming(words[1], trailing: { $0 == "." })) != nil)
    }

    func isBareYear(_ range: Range<Int>) -> Bool {
        range.count == 4 && yearValue(range) != nil
    }

    /// Whether a bracket holds a year, which makes it a publication bracket rather than part of a name.
    func containsYear(_ range: Range<Int>) -> Bool {
        var run = 0
        var runValue = 0
        for offset in range {
            if let digit = scalars[offset].digitValue {
                run += 1
                runValue = runValue * 10 + digit
                if run > 4 { runValue = 0 }
            } else {
                if run == 4, DateParts.plausibleYears.contains(runValue) { return true }
                run = 0
                runValue = 0
            }
            if JapaneseEra.readYear(in: scalars, at: offset, before: range.upperBound) != nil { return true }
        }
        return run == 4 && DateParts.plausibleYears.contains(runValue)
    }

    private func yearValue(_ range: Range<Int>) -> Int? {
        guard range.count == 4, let value = digitsValue(range), DateParts.plausibleYears.contains(value) else {
            return nil
        }
        return value
    }

    private func dayValue(_ range: Range<Int>) -> Int? {
        guard range.count <= 2, let value = digitsValue(range), (1...31).contains(value) else { return nil }
        return value
    }

    /// The value of a run of ASCII or full-width digits filling the range.
    func digitsValue(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 9 else { return nil }
        var value = 0
        for offset in range {
            guard let digit = scalars[offset].digitValue else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private func month(_ range: Range<Int>) -> Int? {
        let word = lowercasedWord(trimming(range, trailing: { $0 == "." }))
        guard word.unicodeScalars.count >= 3 else { return nil }
        for (index, name) in Glyph.monthNames.enumerated() {
            if word == name || word == String(name.prefix(3)) || (name == "september" && word == "sept") {
                return index + 1
            }
        }
        return nil
    }

    /// `第6巻第3号`, `6巻3号`, `第48巻`, `第12号`, `Vol. 6`, `no. 3`, `Vol. 6, No. 3` (one piece each).
    func volumeAndIssue(_ range: Range<Int>) -> (volume: String?, issue: String?)? {
        var volume: String?
        var issue: String?
        var offset = range.lowerBound
        let end = range.upperBound
        while offset < end {
            while offset < end, scalars[offset].isWhitespace { offset += 1 }
            guard offset < end else { break }
            if let (label, labelEnd) = westernNumberLabel(at: offset, before: end) {
                var position = labelEnd
                while position < end, scalars[position].isWhitespace { position += 1 }
                guard let numeral = JapaneseEra.readNumeral(in: scalars, at: position, before: end) else { return nil }
                if label == .volume { volume = "\(numeral.value)" } else { issue = "\(numeral.value)" }
                offset = numeral.end
                continue
            }
            var position = offset
            if scalars[position] == "第" { position += 1 }
            guard let numeral = JapaneseEra.readNumeral(in: scalars, at: position, before: end) else { return nil }
            position = numeral.end
            while position < end, scalars[position].isWhitespace { position += 1 }
            guard position < end else { return nil }
            switch scalars[position] {
            case "巻": volume = "\(numeral.value)"
            case "号": issue = "\(numeral.value)"
            default: return nil
            }
            offset = position + 1
        }
        guard volume != nil || issue != nil else { return nil }
        return (volume, issue)
    }

    private enum NumberLabel { case volume, issue }

    private func westernNumberLabel(at offset: Int, before end: Int) -> (NumberLabel, Int)? {
        for (label, isVolume) in Glyph.numberLabels where hasPrefix(label, at: offset, before: end) {
            return (isVolume ? .volume : .issue, offset + label.count)
        }
        return nil
    }

    /// Pages: `173–174頁`, `69頁`, `3 頁`, `pp. 225–250`, `p. 5`, and, when no marker is required,
    /// a bare `225–250` or `225`. Digits come back as ASCII, the dash as written.
    func pages(_ range: Range<Int>, requiringMarker: Bool) -> String? {
        var offset = range.lowerBound
        var end = range.upperBound
        var marked = false
        for prefix in Glyph.pagePrefixes where hasPrefix(prefix, at: offset, before: end) {
            offset += prefix.count
            marked = true
            break
        }
        for suffix in Glyph.pageSuffixes where hasSuffix(suffix, in: offset..<end) {
            end -= suffix.count
            marked = true
            break
        }
        guard marked || !requiringMarker else { return nil }
        let body = trimming(offset..<end)
        var text = ""
        var position = body.lowerBound
        var sawDash = false
        while position < body.upperBound {
            let scalar = scalars[position]
            if let digit = scalar.digitValue {
                text += "\(digit)"
            } else if scalar.isDash, !sawDash, !text.isEmpty {
                sawDash = true
                text.unicodeScalars.append(scalar)
            } else if !scalar.isWhitespace {
                return nil
            }
            position += 1
        }
        guard let last = text.unicodeScalars.last, last.digitValue != nil, text.count <= 20 else { return nil }
        return text
    }

    /// Places inside a work that are not pages: `chap. 5`, `第3章`, `n. 12`.
    func isLocator(_ range: Range<Int>) -> Bool {
        for prefix in Glyph.locatorPrefixes where hasPrefix(prefix, at: range.lowerBound, before: range.upperBound) {
            return digitsValue(trimming((range.lowerBound + prefix.count)..<range.upperBound)) != nil
        }
        if scalars[range.lowerBound] == "第", range.count >= 3,
           let numeral = JapaneseEra.readNumeral(in: scalars, at: range.lowerBound + 1, before: range.upperBound),
           numeral.end + 1 == range.upperBound {
            return scalars[numeral.end] == "章" || scalars[numeral.end] == "節"
        }
        return false
    }
}

// MARK: - Author–year citations

private extension NoteText {
    /// `Zartman (2000)`, `Stern and Druckman (2000: 225)`, `、中井（2025年）`: a name and a bracket
    /// holding only a year (and pages). A bracket of prose with a year (`（2019年5月に参謀総長）`) is not one.
    func authorYearCitations(in segment: Range<Int>) -> [ReferenceDraft] {
        var found: [ReferenceDraft] = []
        var floor = segment.lowerBound
        var offset = segment.lowerBound
        while offset < segment.upperBound {
            guard scalars[offset] == "(" || scalars[offset] == "（",
                  let closer = closingMark(of: .parenthesis, openedAt: offset, before: segment.upperBound) else {
                offset += 1
                continue
            }
            if let (year, pages) = citedYear(in: (offset + 1)..<closer),
               let (names, start) = citedNames(before: offset, floor: floor) {
                var draft = ReferenceDraft(start: start, end: closer + 1)
                draft.authors = names
                draft.year = year
                draft.pages = pages
                found.append(draft)
                floor = closer + 1
            }
            offset = closer + 1
        }
        return found
    }

    private func citedYear(in inner: Range<Int>) -> (Int, String?)? {
        let range = trimming(inner)
        guard range.count >= 4, let year = yearValue(range.lowerBound..<(range.lowerBound + 4)) else { return nil }
        var offset = range.lowerBound + 4
        if offset < range.upperBound, ("a"..."z").contains(scalars[offset]) { offset += 1 }
        if offset < range.upperBound, scalars[offset] == "年" { offset += 1 }
        let rest = trimming(offset..<range.upperBound)
        if rest.isEmpty { return (year, nil) }
        guard Glyph.isListDelimiter(scalars[rest.lowerBound]) || scalars[rest.lowerBound] == ":",
              let pages = pages(trimming((rest.lowerBound + 1)..<rest.upperBound), requiringMarker: false) else {
            return nil
        }
        return (year, pages)
    }

    private func citedNames(before opener: Int, floor: Int) -> ([String], Int)? {
        let end = trimming(floor..<opener).upperBound
        guard end > floor else { return nil }
        let last = scalars[end - 1]
        if last.isHan || last.isKatakana {
            var start = end
            while start > floor, end - start < 20,
                  scalars[start - 1].isHan || scalars[start - 1].isKatakana || scalars[start - 1] == "・" {
                start -= 1
            }
            // The name must stand after a break, not inside a word (`第1次紛争（2014）`, `の動員（2022）`).
            let boundary = start == floor || scalars[start - 1].isWhitespace
                || Glyph.isListDelimiter(scalars[start - 1]) || scalars[start - 1] == "。"
                || Glyph.isOpeningBracket(scalars[start - 1])
            guard boundary, end - start >= 2 else { return nil }
            return (japaneseNames(start..<end), start)
        }
        guard last.isLetter || last == "." else { return nil }
        // Capitalised words and `and` / `&` / `et al.`, back to the first other word.
        let candidates = words(max(floor, end - 80)..<end)
        var accepted: [Range<Int>] = []
        for word in candidates.reversed() {
            let lowered = lowercasedWord(word)
            let isConnector = lowered == "and" || lowered == "&" || lowered == "et" || lowered == "al."
            guard isConnector || (scalars[word.lowerBound].isUppercaseLetter
                                  && !contains(word, where: { $0.digitValue != nil || $0.isJapanese })) else { break }
            accepted.append(word)
        }
        while let first = accepted.last, !scalars[first.lowerBound].isUppercaseLetter { accepted.removeLast() }
        guard let first = accepted.last else { return nil }
        guard let names = westernNames(first.lowerBound..<end) else { return nil }
        return (names, first.lowerBound)
    }
}

// MARK: - Characters

private enum Glyph {
    static func isOpeningBracket(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "(", "（", "[", "［", "【", "〔", "「", "『", "«", "“": true
        default: false
        }
    }

    static func isClosingBracket(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ")", "）", "]", "］", "】", "〕", "」", "』", "»", "”": true
        default: false
        }
    }

    static func isTitleMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "「", "」", "『", "』", "“", "”", "\"", "«", "»", "*": true
        default: false
        }
    }

    /// Digits, Japanese, brackets and marks never stand in a Western personal name.
    static func isForbiddenInWesternName(_ scalar: Unicode.Scalar) -> Bool {
        scalar.digitValue != nil || scalar.isJapanese || isOpeningBracket(scalar) || isClosingBracket(scalar)
            || scalar == "\"" || scalar == "*" || scalar == ":" || scalar == "<"
    }

    static func isListDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "、" || scalar == "，" || scalar == "," || scalar == "､"
    }

    static func isTrailingPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", "。", "｡", ",", "、", "，", ";", "；", ":", "：": true
        default: false
        }
    }

    /// Characters a bare URL may hold: printable ASCII except those that delimit it in text.
    static func isURLScalar(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value > 0x20, scalar.value < 0x7F else { return false }
        switch scalar {
        case "<", ">", "\"", "`", "{", "}", "|", "\\", "^": return false
        default: return true
        }
    }

    static func isURLTrailingPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", ";", ":", "!", "?", "'", "*": true
        default: false
        }
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// Longest first, so `編著` is found before `著` and `監訳` before `訳`.
    static let japaneseRoleSuffixes: [([Unicode.Scalar], CreatorRole)] = [
        ("共編著", CreatorRole.editor), ("編著", .editor), ("共編", .editor), ("編集", .editor), ("監修", .editor),
        ("編", .editor), ("監訳", .translator), ("共訳", .translator), ("翻訳", .translator), ("訳", .translator),
        ("著", .author),
    ].map { (Array($0.0.unicodeScalars), $0.1) }

    static let and = Array(" and ".unicodeScalars)
    static let ampersand = Array(" & ".unicodeScalars)
    static let leadingAnd = Array("and ".unicodeScalars)
    static let etAl = Array("et al.".unicodeScalars)

    static let westernRolePrefixes: [([Unicode.Scalar], CreatorRole)] = [
        ("ed. ", CreatorRole.editor), ("eds. ", .editor), ("edited by ", .editor), ("Edited by ", .editor),
        ("trans. ", .translator), ("translated by ", .translator), ("Translated by ", .translator),
    ].map { (Array($0.0.unicodeScalars), $0.1) }

    /// Labels of volume (true) and issue (false) numbers.
    static let numberLabels: [([Unicode.Scalar], Bool)] = [
        ("Vol.", true), ("vol.", true), ("Volume", true), ("No.", false), ("no.", false), ("Issue", false),
        ("Nr.", false),
    ].map { (Array($0.0.unicodeScalars), $0.1) }

    static let pagePrefixes: [[Unicode.Scalar]] = ["pp.", "p.", "pp ", "PP.", "P."].map { Array($0.unicodeScalars) }
    static let pageSuffixes: [[Unicode.Scalar]] = ["頁", "ページ", "ff."].map { Array($0.unicodeScalars) }
    static let locatorPrefixes: [[Unicode.Scalar]] = ["chap.", "ch.", "chapter", "sec.", "n.", "note", "fig."]
        .map { Array($0.unicodeScalars) }
}

private extension Unicode.Scalar {
    var isHiragana: Bool { (0x3041...0x309F).contains(value) }

    var isKatakana: Bool {
        (0x30A0...0x30FF).contains(value) || (0x31F0...0x31FF).contains(value) || (0xFF66...0xFF9F).contains(value)
    }

    var isKana: Bool { isHiragana || isKatakana }

    var isHan: Bool {
        switch value {
        case 0x3005...0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }

    /// Japanese script and punctuation, full-width forms included: where a Western name list ends.
    var isJapanese: Bool {
        isKana || isHan || (0x3000...0x303F).contains(value) || (0xFF00...0xFFEF).contains(value)
            || (0x3200...0x33FF).contains(value)
    }

    var isWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0xA0, 0x2000...0x200B, 0x3000: true
        default: false
        }
    }

    var digitValue: Int? {
        switch value {
        case 0x30...0x39: Int(value - 0x30)
        case 0xFF10...0xFF19: Int(value - 0xFF10)
        default: nil
        }
    }

    var isDash: Bool {
        switch value {
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFF0D, 0x301C, 0xFF5E: true
        default: false
        }
    }

    var isLetter: Bool { properties.isAlphabetic }

    var isUppercaseLetter: Bool { properties.isUppercase }

    var isLowercaseLetter: Bool { properties.isLowercase }
}
