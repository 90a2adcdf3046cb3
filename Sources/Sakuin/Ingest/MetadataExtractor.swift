/// Guesses a document's title, authors, date and publisher from its text, for documents
/// without a sidecar.
///
/// Only two places are read: the **header** (the non-blank lines before the first sentence,
/// that is the first line holding `。` or `．` or 100 characters or more; at most 15 lines)
/// and the **colophon** (the last 15 non-blank lines after the header). Each field is left
/// unknown rather than guessed when the text does not say it plainly:
///
/// - **Title**: the first header line that is not a date or a byline of names written apart,
///   its heading marks (`#`, `◆`, `■`, …) stripped at both ends. A chapter number before it
///   (`第6章`) is dropped: it is a position, not part of the title. White space between two
///   Japanese characters is a line break left by PDF extraction and is removed
///   (`ウクライナとロシアの 和平達成の試み`). A subtitle is joined to it when the next
///   paragraph (after at most one blank line) opens with a dash or a wave dash (`——…`,
///   `〜…`): its lines, up to three, are joined as one, without spaces between Japanese
///   characters (`主題——副題`). A title that wraps onto a second line without such a mark
///   keeps only its first line, since nothing tells a wrapped title from the line after it.
/// - **Authors**: header lines that are nothing but personal names: 2–4 kanji, the family
///   and given names optionally apart (`小泉 悠` → `小泉悠`), several names separated by `・`
///   or `、`, a reading or affiliation in brackets after them ignored. A reading in kana
///   (`こいづみ ゆう`) is not a name, nor is a heading word (`目 次`) or an organisation
///   (`防衛研究所`). Without a byline, the signature of a dated closing line is used
///   (`（脱稿日 2025 年 12 月 31 日 田島理博／日本国際問題研究所研究員）`).
/// - **Date**: a date on a line of its own, or marked as the date of publication (`発行`,
///   `配信`, `公開`, …) or of completion (`脱稿`, `執筆`), in the header or the colophon;
///   a publication date wins over a completion date. Western (`2025年4月21日`, full-width
///   digits too, `2025-04-21`, `2025/4/21`) and Japanese era dates (`令和7年4月` →
///   `2025-04`, `令和 8 年（2026 年）2 月 17 日`) are read. Dates in captions and prose are
///   not taken: they are about events, not about the document.
/// - **Publisher**: the name after a label (`発行 防衛研究所`, `発行所：…`), the holder of a
///   copyright (`© 2025 …研究所`), or a colophon line that is only an organisation's name
///   (`…研究所`, `…財団`, `…大学`, `…新聞社`, `…書店`, `株式会社…`) and does not follow
///   a name (where it would be the author's affiliation). Affiliations in the header, such as
///   `東京大学先端科学技術研究センター准教授`, are never taken for the publisher.
///
/// Container, URL and type are never guessed: the type is `article`.
enum MetadataExtractor {
    /// Title, authors, date, publisher guessed from the document's text (LF lines as stored).
    static func extract(fromText text: String) -> DocumentMetadata {
        let lines = TextLines(text)
        let header = lines.header()
        let colophon = lines.colophon(after: header.last?.index ?? -1)
        var metadata = DocumentMetadata(source: .extracted)
        let title = title(in: header, lines: lines)
        metadata.title = title?.text
        let bylineLines = header.filter { !(title?.lineIndices.contains($0.index) ?? false) }
        metadata.authors = bylineAuthors(in: bylineLines)
        if metadata.authors.isEmpty { metadata.authors = signatureAuthors(in: colophon) }
        metadata.date = date(in: header + colophon)
        metadata.publisher = publisher(header: header, colophon: colophon)
        return metadata
    }

    // MARK: Title

    /// The title and the lines it was read from.
    private static func title(in header: [Line], lines: TextLines) -> (text: String, lineIndices: Set<Int>)? {
        for line in header {
            let text = headingText(line.scalars)
            guard text.contains(where: { $0.properties.isAlphabetic }) else { continue }
            if datedLine(text) != nil || isByline(text) { continue }
            var title = withoutChapterNumber(text)
            var lineIndices: Set<Int> = [line.index]
            if let subtitle = subtitle(after: line.index, lines: lines) {
                title += [" "] + subtitle.scalars
                lineIndices.formUnion(subtitle.lineIndices)
            }
            guard title.count <= maximumTitleLength else { return nil }
            return (compactingSpaces(title), lineIndices)
        }
        return nil
    }

    /// Whether a line is plainly a byline rather than a title: names written apart
    /// (`小泉 悠`, `山田太郎・鈴木花子`). One word of kanji (`日本外交`) may be either, and
    /// at the top of a paper it is the title.
    private static func isByline(_ text: [Unicode.Scalar]) -> Bool {
        guard personalNames(in: text) != nil else { return false }
        return text.contains { $0.properties.isWhitespace || nameSeparators.contains($0) }
    }

    /// Longer than this, the first line is a paragraph rather than a title.
    private static let maximumTitleLength = 120

    /// The subtitle paragraph after the title line, when it opens with a dash.
    private static func subtitle(after titleIndex: Int, lines: TextLines)
        -> (scalars: [Unicode.Scalar], lineIndices: Set<Int>)? {
        var index = titleIndex + 1
        if index < lines.count, lines.scalars(at: index).isEmpty { index += 1 }
        guard index < lines.count, let first = lines.scalars(at: index).first, subtitleMarks.contains(first) else {
            return nil
        }
        var scalars: [Unicode.Scalar] = []
        var lineIndices: Set<Int> = []
        while index < lines.count, lineIndices.count < 3 {
            let line = lines.scalars(at: index)
            if line.isEmpty { break }
            // Lines are joined by a space, which `compactingSpaces` removes between Japanese.
            if !scalars.isEmpty { scalars.append(" ") }
            scalars += line
            lineIndices.insert(index)
            index += 1
        }
        return (scalars, lineIndices)
    }

    /// Dashes and wave dashes that open a subtitle: `— ― ─ 〜 ～`.
    private static let subtitleMarks: Set<Unicode.Scalar> = ["\u{2014}", "\u{2015}", "\u{2500}", "\u{301C}", "\u{FF5E}"]

    /// Marks that style a heading, stripped from its start: Markdown `#` and emphasis, and the
    /// bullets used in PDF papers.
    private static let headingMarks: Set<Unicode.Scalar> = [
        "#", "*", "◆", "◇", "■", "□", "●", "○", "▲", "△", "▼", "▽", "★", "☆", "◎", "▶", "▷",
    ]

    /// A line without its heading marks and the white space around them.
    private static func headingText(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = scalars[...]
        while let first = text.first, headingMarks.contains(first) || first.properties.isWhitespace {
            text = text.dropFirst()
        }
        while let last = text.last, headingMarks.contains(last) || last.properties.isWhitespace {
            text = text.dropLast()
        }
        return Array(text)
    }

    /// `text` without a leading `第6章` (digits or kanji numerals) and the space or colon after it.
    private static func withoutChapterNumber(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.first == "第" else { return text }
        var index = 1
        while index < text.count, digitValue(text[index]) != nil || kanjiNumerals.contains(text[index]) {
            index += 1
        }
        guard index > 1, index < text.count, text[index] == "章" else { return text }
        index += 1
        while index < text.count, text[index].properties.isWhitespace || text[index] == "：" || text[index] == ":" {
            index += 1
        }
        return index < text.count ? Array(text[index...]) : text
    }

    private static let kanjiNumerals: Set<Unicode.Scalar> = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百"]

    /// `scalars` as a string, white space removed between two Japanese characters (where it is
    /// an artefact of extraction) and otherwise collapsed to one space.
    private static func compactingSpaces(_ scalars: [Unicode.Scalar]) -> String {
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar.properties.isWhitespace else {
                result.append(scalar)
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, scalars[end].properties.isWhitespace { end += 1 }
            if let before = result.last, end < scalars.count, !(isWide(before) && isWide(scalars[end])) {
                result.append(" ")
            }
            index = end
        }
        return String(result)
    }

    /// Han, kana, and full-width punctuation and dashes: characters set without spaces.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0xFF00...0xFFEF, 0x2014, 0x2015, 0x2500: return true
        default: return JapaneseCharacters.isBigramScalar(scalar.value)
        }
    }

    // MARK: Authors

    /// The names on the header's byline lines, in order, each once.
    private static func bylineAuthors(in header: [Line]) -> [String] {
        var names: [String] = []
        for line in header {
            for name in personalNames(in: line.scalars) ?? [] where !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }

    /// The names signing dated closing lines (`（脱稿日 … 田島理博／…研究員）`).
    private static func signatureAuthors(in colophon: [Line]) -> [String] {
        var names: [String] = []
        for line in colophon {
            guard let dated = datedLine(line.scalars), !dated.remainder.isEmpty else { continue }
            let signer = dated.remainder.split(whereSeparator: { $0 == "／" || $0 == "/" }).first.map(Array.init) ?? []
            for name in personalNames(in: signer) ?? [] where !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }

    /// The personal names a line consists of, or nil when it holds anything else.
    private static func personalNames(in line: [Unicode.Scalar]) -> [String]? {
        // A byline is short and holds kanji; most lines fail this at once, before any string is built.
        guard line.count <= maximumBylineLength, line.contains(where: isKanji) else { return nil }
        var text = trimmed(line[...])
        for label in bylineLabels where text.starts(with: label.unicodeScalars) {
            let rest = text.dropFirst(label.unicodeScalars.count)
            if let colon = rest.first, colon == "：" || colon == ":" {
                text = trimmed(rest.dropFirst())
                break
            }
        }
        // A reading or an affiliation in brackets after the names: `山添 博史（やまぞえ・ひろし）`.
        if let last = text.last, last == "）" || last == ")" {
            guard let open = text.lastIndex(where: { $0 == "（" || $0 == "(" }) else { return nil }
            text = trimmed(text[..<open])
        }
        guard !text.isEmpty else { return nil }
        var names: [String] = []
        for part in text.split(whereSeparator: { nameSeparators.contains($0) }) {
            guard let name = personalName(Array(part)) else { return nil }
            names.append(name)
        }
        return names.isEmpty ? nil : names
    }

    /// One name: 3–4 kanji written together, or 2–4 kanji as a family and a given name apart;
    /// a trailing `著`, `編`, … apart from it is dropped.
    private static func personalName(_ part: [Unicode.Scalar]) -> String? {
        guard part.count <= maximumNameLength else { return nil }
        var words = part.split(whereSeparator: { $0.properties.isWhitespace })
            .map { String(String.UnicodeScalarView($0)) }
        if words.count > 1, let last = words.last, roleWords.contains(last) { words.removeLast() }
        guard (1...2).contains(words.count) else { return nil }
        let name = words.joined()
        let scalars = Array(name.unicodeScalars)
        let minimumLength = words.count == 2 ? 2 : 3
        guard (minimumLength...4).contains(scalars.count), scalars.allSatisfy(isKanji),
              scalars.first != "第", !notNames.contains(name),
              let last = scalars.last, !nonNameEndings.contains(last),
              !organisationSuffixes.contains(where: { name.hasSuffix($0) }) else { return nil }
        return name
    }

    private static func isKanji(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x323AF, 0x3005: return true
        default: return false
        }
    }

    /// The longest line read as a byline, in scalars: labels, several names, separators and a
    /// bracketed reading or affiliation.
    private static let maximumBylineLength = 80
    /// The longest stretch between name separators read as one name: 4 kanji, a space, a role
    /// word and spaces around them.
    private static let maximumNameLength = 12

    /// Labels that may open a byline: `著者：小泉悠`.
    private static let bylineLabels = ["執筆者", "著者", "筆者", "文"]

    /// Separators between names on one line.
    private static let nameSeparators: Set<Unicode.Scalar> = ["・", "、", "，", ",", "､", "･"]

    /// Words after a name that say what the person did.
    private static let roleWords: Set<String> = ["著", "編", "訳", "編著", "監修", "共著", "監訳"]

    /// Short all-kanji words that stand alone near the top of papers and are not names
    /// (PDF extraction often spaces them out: `目 次`).
    private static let notNames: Set<String> = [
        "目次", "要約", "概要", "要旨", "抄録", "序論", "序章", "序文", "緒言", "凡例", "本文", "結論", "結語",
        "終章", "謝辞", "注記", "付録", "附録", "索引", "以上", "文献", "参考文献", "引用文献", "目録", "補論",
        "補遺", "資料", "年表", "図表", "略歴", "筆者略歴", "著者略歴", "総論", "各論", "提言", "政策提言",
        "論文", "論考", "論説", "報告", "報告書", "解説", "解題", "特集", "時評", "書評", "概説", "表紙",
        "前言", "後記", "編集後記", "巻頭言", "要点", "要約版", "本稿", "本書",
    ]

    /// Last characters of words for roles, bodies and places, which given names do not end with.
    private static let nonNameEndings: Set<Unicode.Scalar> = [
        "省", "庁", "局", "社", "院", "所", "部", "課", "室", "会", "団", "長", "員", "授", "師", "官", "者",
        "科", "班", "係", "隊", "軍", "県", "府", "市", "町", "村", "区", "党", "論", "章", "節", "表", "図",
        "版", "号", "年", "月", "日", "録", "集", "誌", "報", "紙", "書", "稿", "言", "記", "題", "策", "案",
    ]

    // MARK: Date

    /// The publication date found first in `lines`, or else the completion date found first.
    private static func date(in lines: [Line]) -> String? {
        var completion: String?
        for line in lines {
            guard let dated = datedLine(line.scalars) else { continue }
            switch dated.kind {
            case .publication: return dated.date.text
            case .completion: if completion == nil { completion = dated.date.text }
            }
        }
        return completion
    }

    /// What a date on a line stands for.
    private enum DateKind {
        case publication
        case completion
    }

    /// Words marking a date as the document's publication: `2025年2月27日配信`, `発行日：…`.
    private static let publicationMarks = ["発行", "刊行", "配信", "公開", "掲載", "発表", "出版"]
    /// Words marking a date as the document's completion: `(2025年4月21日脱稿)`, `脱稿日 …`.
    private static let completionMarks = ["脱稿", "稿了", "擱筆", "執筆"]

    /// The date a line gives for the document: the line is only a date (brackets aside), or the
    /// date sits next to a mark of publication or completion. `remainder` is what follows the
    /// date and its mark, such as a signature.
    private static func datedLine(_ line: [Unicode.Scalar])
        -> (date: DocumentMetadata.DateParts, kind: DateKind, remainder: [Unicode.Scalar])? {
        let text = withoutEnclosingBrackets(line)
        guard let match = firstDate(in: text) else { return nil }
        let before = trimmed(text[..<match.range.lowerBound], extra: ["：", ":"])
        let after = trimmed(text[match.range.upperBound...])
        if before.isEmpty && after.isEmpty { return (match.date, .publication, []) }
        for (marks, kind) in [(publicationMarks, DateKind.publication), (completionMarks, .completion)] {
            for mark in marks {
                let markScalars = Array(mark.unicodeScalars)
                if before.elementsEqual(markScalars) || before.elementsEqual(markScalars + ["日"]) {
                    return (match.date, kind, Array(after))
                }
                if before.isEmpty, after.starts(with: markScalars) {
                    var rest = after.dropFirst(markScalars.count)
                    if rest.first == "日" { rest = rest.dropFirst() }
                    // The mark must be a word of its own: not `2025年4月21日発表の声明`.
                    if let next = rest.first, !next.properties.isWhitespace, next != "／", next != "/" { continue }
                    return (match.date, kind, Array(trimmed(rest)))
                }
            }
        }
        return nil
    }

    /// A line without the brackets around all of it: `（…）`, `(…)`, `［…］`, `【…】`, `〔…〕`.
    private static func withoutEnclosingBrackets(_ line: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar> {
        var text = trimmed(line[...])
        let pairs: [(Unicode.Scalar, Unicode.Scalar)] = [
            ("（", "）"), ("(", ")"), ("［", "］"), ("[", "]"), ("【", "】"), ("〔", "〕"),
        ]
        if let first = text.first, let last = text.last, pairs.contains(where: { $0.0 == first && $0.1 == last }) {
            text = trimmed(text.dropFirst().dropLast())
        }
        return text
    }

    /// A date found in text, with the scalars it spans.
    private struct DateMatch {
        var range: Range<Int>
        var date: DocumentMetadata.DateParts
    }

    /// The first well-formed date in `text`.
    private static func firstDate(in text: ArraySlice<Unicode.Scalar>) -> DateMatch? {
        let scalars = Array(text)
        for start in scalars.indices {
            if let match = date(at: start, in: scalars) {
                let offset = text.startIndex
                return DateMatch(range: (match.range.lowerBound + offset)..<(match.range.upperBound + offset),
                                 date: match.date)
            }
        }
        return nil
    }

    /// First years of Japanese eras, less one: 令和1年 is 2019.
    private static let eraOffsets: [(era: [Unicode.Scalar], offset: Int)] = [
        (["令", "和"], 2018), (["平", "成"], 1988), (["昭", "和"], 1925), (["大", "正"], 1911), (["明", "治"], 1867),
    ]

    /// A date starting exactly at `start`: `2025年4月21日`, `2025年4月`, `2025年`,
    /// `令和7年4月`, `令和 8 年（2026 年）2 月 17 日`, `2025-04-21`, `2025/4/21`, `2025.4.21`.
    /// Digits may be full width; white space may separate the parts.
    private static func date(at start: Int, in text: [Unicode.Scalar]) -> DateMatch? {
        var cursor = DateCursor(text: text, position: start)
        if start > 0, digitValue(text[start - 1]) != nil { return nil }
        let year: Int
        if let era = eraOffsets.first(where: { text[start...].starts(with: $0.era) }) {
            cursor.position += 2
            cursor.skipSpaces()
            let number: Int
            if cursor.next == "元" {
                cursor.position += 1
                number = 1
            } else {
                guard let digits = cursor.readNumber(maximumDigits: 2), digits >= 1 else { return nil }
                number = digits
            }
            cursor.skipSpaces()
            guard cursor.take("年") else { return nil }
            year = era.offset + number
            // The Western year in brackets after the era year must agree with it.
            var bracketed = cursor
            bracketed.skipSpaces()
            if bracketed.take("（") || bracketed.take("(") {
                bracketed.skipSpaces()
                guard let western = bracketed.readNumber(maximumDigits: 4), western == year else { return nil }
                bracketed.skipSpaces()
                _ = bracketed.take("年")
                bracketed.skipSpaces()
                guard bracketed.take("）") || bracketed.take(")") else { return nil }
                cursor = bracketed
            }
        } else {
            guard let western = cursor.readNumber(maximumDigits: 4), cursor.position - start == 4 else { return nil }
            year = western
            if let separator = cursor.next, separator == "-" || separator == "/" || separator == "." {
                cursor.position += 1
                guard let month = cursor.readNumber(maximumDigits: 2), cursor.take(separator),
                      let day = cursor.readNumber(maximumDigits: 2),
                      let date = DocumentMetadata.DateParts(year: year, month: month, day: day) else { return nil }
                return DateMatch(range: start..<cursor.position, date: date)
            }
            cursor.skipSpaces()
            guard cursor.take("年") else { return nil }
        }
        guard var date = DocumentMetadata.DateParts(year: year) else { return nil }
        var end = cursor.position
        if let month = cursor.readUnit("月") {
            guard let withMonth = DocumentMetadata.DateParts(year: year, month: month) else { return nil }
            date = withMonth
            end = cursor.position
            if let day = cursor.readUnit("日") {
                guard let withDay = DocumentMetadata.DateParts(year: year, month: month, day: day) else { return nil }
                date = withDay
                end = cursor.position
            }
        }
        return DateMatch(range: start..<end, date: date)
    }

    /// A reading position in a line, for the date grammar.
    private struct DateCursor {
        let text: [Unicode.Scalar]
        var position: Int

        var next: Unicode.Scalar? { position < text.count ? text[position] : nil }

        mutating func skipSpaces() {
            while let scalar = next, scalar.properties.isWhitespace { position += 1 }
        }

        /// Reads `4月`, ` 17 日`: a number of one or two digits and its unit, spaces around the
        /// number allowed; moves only when both are there.
        mutating func readUnit(_ unit: Unicode.Scalar) -> Int? {
            var probe = self
            probe.skipSpaces()
            guard let number = probe.readNumber(maximumDigits: 2) else { return nil }
            probe.skipSpaces()
            guard probe.take(unit) else { return nil }
            self = probe
            return number
        }

        /// Moves past `scalar` if it is next.
        mutating func take(_ scalar: Unicode.Scalar) -> Bool {
            guard next == scalar else { return false }
            position += 1
            return true
        }

        /// Reads 1 to `maximumDigits` digits (ASCII or full width) not followed by another.
        mutating func readNumber(maximumDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while let scalar = next, let digit = MetadataExtractor.digitValue(scalar) {
                guard count < maximumDigits else { return nil }
                value = value * 10 + digit
                count += 1
                position += 1
            }
            return count > 0 ? value : nil
        }
    }

    /// The value of an ASCII or full-width digit.
    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }

    // MARK: Publisher

    /// The publisher named by a label, a copyright, or a colophon line of its own.
    private static func publisher(header: [Line], colophon: [Line]) -> String? {
        for line in colophon + header {
            if let name = labelledPublisher(line.scalars) { return name }
        }
        for line in colophon + header {
            if let name = copyrightHolder(line.scalars) { return name }
        }
        var previousIsName = false
        for line in colophon {
            defer { previousIsName = personalNames(in: line.scalars) != nil }
            if !previousIsName, line.scalars.count <= 30, isOrganisation(line.scalars) {
                return compactingSpaces(line.scalars)
            }
        }
        return nil
    }

    /// Labels before a publisher's name, longest first so that `発行所` is not read as `発行`.
    private static let publisherLabels = ["編集・発行所", "編集・発行", "編集発行", "発行所", "発行元", "発行者", "出版社", "発行", "出版"]

    /// `発行 防衛研究所`, `発行所：…`: the name after the label.
    private static func labelledPublisher(_ line: [Unicode.Scalar]) -> String? {
        for label in publisherLabels where line.starts(with: label.unicodeScalars) {
            let rest = line.dropFirst(label.unicodeScalars.count)
            guard let separator = rest.first,
                  separator.properties.isWhitespace || separator == "：" || separator == ":" else { return nil }
            let name = trimmed(rest, extra: ["：", ":"])
            guard !name.isEmpty, name.count <= 40, firstDate(in: name) == nil,
                  !name.contains("。") else { return nil }
            return compactingSpaces(Array(name))
        }
        return nil
    }

    /// `© 2025 …研究所`, `Copyright (c) 2024 …財団`: the holder, when it is an organisation.
    private static func copyrightHolder(_ line: [Unicode.Scalar]) -> String? {
        var text = line[...]
        var marked = false
        for mark in ["Copyright", "copyright", "COPYRIGHT", "©", "(c)", "(C)", "（c）", "（C）"] {
            if text.starts(with: mark.unicodeScalars) {
                text = trimmed(text.dropFirst(mark.unicodeScalars.count))
                marked = true
            }
        }
        guard marked else { return nil }
        // The years: `2025`, `2020-2025`, `2020, 2025`.
        while let first = text.first,
              digitValue(first) != nil || first == "-" || first == "," || first.properties.isWhitespace {
            text = text.dropFirst()
        }
        let name = Array(trimmed(text, extra: ["."]))
        guard !name.isEmpty, name.count <= 40, isOrganisation(name) else { return nil }
        return compactingSpaces(name)
    }

    /// Words an organisation's name ends with.
    private static let organisationSuffixes = [
        "研究所", "研究センター", "センター", "研究機構", "機構", "財団", "財団法人", "協会", "学会", "大学",
        "出版会", "新聞社", "出版社", "新社", "書店", "書房", "出版", "委員会", "研究会", "図書館", "省", "庁",
    ]

    /// Words an organisation's name may start with.
    private static let organisationPrefixes = [
        "株式会社", "有限会社", "公益財団法人", "一般財団法人", "公益社団法人", "一般社団法人", "独立行政法人",
        "国立研究開発法人",
    ]

    /// Whether a whole line is an organisation's name: one of the endings or prefixes above,
    /// and no sentence, date or job title in it.
    private static func isOrganisation(_ line: [Unicode.Scalar]) -> Bool {
        // Compared as scalars, the name test first: most lines fail it, and it is the cheap one.
        let named = organisationSuffixScalars.contains { line.ends(with: $0) }
            || organisationPrefixScalars.contains { line.starts(with: $0) }
        guard named, !line.contains("。"), !line.contains("、") else { return false }
        return firstDate(in: line[...]) == nil
    }

    private static let organisationSuffixScalars = organisationSuffixes.map { Array($0.unicodeScalars) }
    private static let organisationPrefixScalars = organisationPrefixes.map { Array($0.unicodeScalars) }

    // MARK: Lines

    /// One non-blank line: its index in the text (0-based) and its scalars, trimmed.
    private struct Line {
        var index: Int
        var scalars: [Unicode.Scalar]
    }

    /// The text cut at line feeds; lines are decoded only when read.
    private struct TextLines {
        private let slices: [Substring.UTF8View]

        init(_ text: String) {
            slices = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        }

        var count: Int { slices.count }

        /// Line `index` without surrounding white space (a carriage return included).
        func scalars(at index: Int) -> [Unicode.Scalar] {
            Array(MetadataExtractor.trimmed(Array(Substring(slices[index]).unicodeScalars)[...]))
        }

        /// The non-blank lines before the first sentence, at most 15.
        func header() -> [Line] {
            var lines: [Line] = []
            var index = 0
            while index < slices.count, lines.count < 15 {
                let scalars = scalars(at: index)
                if scalars.count >= 100 || scalars.contains("。") || scalars.contains("．") { break }
                if !scalars.isEmpty { lines.append(Line(index: index, scalars: scalars)) }
                index += 1
            }
            return lines
        }

        /// The last 15 non-blank lines after line `headerEnd`, in text order.
        func colophon(after headerEnd: Int) -> [Line] {
            var lines: [Line] = []
            var index = slices.count - 1
            while index > headerEnd, lines.count < 15 {
                let scalars = scalars(at: index)
                if !scalars.isEmpty { lines.append(Line(index: index, scalars: scalars)) }
                index -= 1
            }
            return lines.reversed()
        }
    }

    /// `text` without white space (and the `extra` scalars) at either end.
    private static func trimmed(_ text: ArraySlice<Unicode.Scalar>,
                                extra: Set<Unicode.Scalar> = []) -> ArraySlice<Unicode.Scalar> {
        var text = text
        while let first = text.first, first.properties.isWhitespace || extra.contains(first) { text = text.dropFirst() }
        while let last = text.last, last.properties.isWhitespace || extra.contains(last) { text = text.dropLast() }
        return text
    }
}

extension Array where Element == Unicode.Scalar {
    /// Whether the array ends with `suffix`.
    fileprivate func ends(with suffix: [Unicode.Scalar]) -> Bool {
        suffix.count <= count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
