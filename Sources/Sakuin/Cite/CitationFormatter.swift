/// Builds the citation string for a cited place in a document, in a ``CitationStyle``.
///
/// **Plain, Japanese order** (the title holds Japanese characters, or without a title the
/// authors do): `著者「題名」『掲載誌』発行者, 年月日, 該当箇所.`
/// - Several authors are joined with `・`.
/// - The title is in `「」`, or in `『』` for a book or report that stands alone (no
///   container), as Japanese bibliographies set whole publications; the container is in `『』`.
///   Brackets delimit themselves, so what follows a bracket is written against it
///   (`「…」防衛研究所`); other parts are separated by `, `.
/// - The date is written `2025年4月21日`, `2025年4月` or `2025年`.
/// - The place is `13行` or `13–15行` (an en dash), after the page when known: `5頁, 13–15行`.
/// - Unknown parts are left out with their separators; without a title the document's name
///   stands in for it, unbracketed, so that the citation still says which document it is.
///
/// **Plain, Western order** (a title in Latin script):
/// `A, B, and C, “Title,” *Container*, Publisher, April 21, 2025, p. 5, lines 13–15.` A book
/// or report standing alone has its title in `*…*` instead of quotes.
///
/// **BibTeX**: one entry over several lines, its key the document's name without its `.txt`
/// or `.md` extension, reduced to ASCII letters, digits and `_`. The entry type and the field
/// for the container follow ``DocumentMetadata/type``:
///
/// | type | entry | container | publisher |
/// |---|---|---|---|
/// | `article` | `@article` | `journal` | `publisher` |
/// | `chapter` | `@incollection` | `booktitle` | `publisher` |
/// | `report` | `@techreport` | `series` | `institution` |
/// | `book` | `@book` | `series` | `publisher` |
/// | `web` (and any other) | `@misc` | `howpublished` | `publisher` |
///
/// `month` is a number, `note` the cited place (`p. 5, lines 13--15`). Values are escaped for
/// LaTeX (`\ { } % & # _ $ ~ ^`); the `url` field, read verbatim by BibTeX's URL packages, only
/// has its braces percent-encoded.
enum CitationFormatter {
    /// The citation of a place in a document, e.g.
    /// `小泉悠「ロシア・ウクライナ戦争停戦の見通し」, 2025年4月21日, 13–15行.`
    ///
    /// - Parameters:
    ///   - metadata: what is known of the document.
    ///   - documentName: the document's file name; it makes the BibTeX key, and stands in for
    ///     a missing title in plain citations.
    ///   - lines: the cited lines, 1-based (`13...15`; `13...13` for one line).
    ///   - page: the page of the first cited line, when the source has pages.
    ///   - style: plain text or BibTeX.
    static func citation(_ metadata: DocumentMetadata, documentName: String, lines: ClosedRange<Int>, page: Int?,
                         style: CitationStyle) -> String {
        switch style {
        case .plain:
            if usesWesternOrder(metadata) {
                return westernCitation(metadata, documentName: documentName, lines: lines, page: page)
            }
            return japaneseCitation(metadata, documentName: documentName, lines: lines, page: page)
        case .bibtex:
            return bibtexEntry(metadata, documentName: documentName, lines: lines, page: page)
        }
    }

    /// Western order for a title without Japanese characters; without a title, the authors decide.
    private static func usesWesternOrder(_ metadata: DocumentMetadata) -> Bool {
        guard let deciding = metadata.title ?? metadata.authors.first else { return false }
        return !deciding.unicodeScalars.contains { JapaneseCharacters.isBigramScalar($0.value) }
    }

    /// Whether the title names a whole publication rather than a part of one.
    private static func standsAlone(_ metadata: DocumentMetadata) -> Bool {
        metadata.container == nil && (metadata.type == "book" || metadata.type == "report")
    }

    // MARK: Plain, Japanese order

    private static func japaneseCitation(_ metadata: DocumentMetadata, documentName: String, lines: ClosedRange<Int>,
                                         page: Int?) -> String {
        var segments = BracketedSegments()
        segments.append(metadata.authors.joined(separator: "・"))
        if let title = metadata.title {
            segments.append(standsAlone(metadata) ? "『\(title)』" : "「\(title)」")
        } else {
            segments.append(documentName)
        }
        if let container = metadata.container { segments.append("『\(container)』") }
        if let publisher = metadata.publisher { segments.append(publisher) }
        var parts = segments.finished
        if let date = metadata.date { parts.append(japaneseDate(date)) }
        var place = lines.count == 1 ? "\(lines.lowerBound)行" : "\(lines.lowerBound)–\(lines.upperBound)行"
        if let page { place = "\(page)頁, " + place }
        parts.append(place)
        return parts.joined(separator: ", ") + "."
    }

    /// Parts of a Japanese citation: a part in brackets is written against its neighbours, the
    /// others are kept apart (to be joined with `, `).
    private struct BracketedSegments {
        private(set) var finished: [String] = []

        mutating func append(_ part: String) {
            guard !part.isEmpty else { return }
            if let last = finished.last, Self.isBracketed(part) || last.hasSuffix("」") || last.hasSuffix("』") {
                finished[finished.count - 1] = last + part
            } else {
                finished.append(part)
            }
        }

        private static func isBracketed(_ part: String) -> Bool {
            part.hasPrefix("「") || part.hasPrefix("『")
        }
    }

    /// `2025年4月21日`, `2025年4月`, `2025年`; a date of another form as it is.
    private static func japaneseDate(_ date: String) -> String {
        guard let parts = DocumentMetadata.DateParts(date) else { return date }
        var text = "\(parts.year)年"
        if let month = parts.month { text += "\(month)月" }
        if let day = parts.day { text += "\(day)日" }
        return text
    }

    // MARK: Plain, Western order

    private static func westernCitation(_ metadata: DocumentMetadata, documentName: String, lines: ClosedRange<Int>,
                                        page: Int?) -> String {
        var parts: [String] = []
        if !metadata.authors.isEmpty { parts.append(westernList(metadata.authors)) }
        if let title = metadata.title {
            parts.append(standsAlone(metadata) ? "*\(title)*" : "“\(title)”")
        } else {
            parts.append(documentName)
        }
        if let container = metadata.container { parts.append("*\(container)*") }
        if let publisher = metadata.publisher { parts.append(publisher) }
        if let date = metadata.date { parts.append(westernDate(date)) }
        var place = lines.count == 1 ? "line \(lines.lowerBound)" : "lines \(lines.lowerBound)–\(lines.upperBound)"
        if let page { place = "p. \(page), " + place }
        parts.append(place)
        // A comma after a quoted title goes inside the closing quote: “Title,” *Container*.
        var text = ""
        for (index, part) in parts.enumerated() {
            if index > 0 {
                if text.hasSuffix("”") {
                    text.removeLast()
                    text += ",” "
                } else {
                    text += ", "
                }
            }
            text += part
        }
        return text + "."
    }

    /// `A`, `A and B`, `A, B, and C`.
    private static func westernList(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2: return names[0] + " and " + names[1]
        default: return names.dropLast().joined(separator: ", ") + ", and " + (names.last ?? "")
        }
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// `April 21, 2025`, `April 2025`, `2025`; a date of another form as it is.
    private static func westernDate(_ date: String) -> String {
        guard let parts = DocumentMetadata.DateParts(date) else { return date }
        guard let month = parts.month else { return String(parts.year) }
        let monthName = monthNames[month - 1]
        if let day = parts.day { return "\(monthName) \(day), \(parts.year)" }
        return "\(monthName) \(parts.year)"
    }

    // MARK: BibTeX

    private static func bibtexEntry(_ metadata: DocumentMetadata, documentName: String, lines: ClosedRange<Int>,
                                    page: Int?) -> String {
        let (entryType, containerField, publisherField): (String, String, String)
        switch metadata.type {
        case "article": (entryType, containerField, publisherField) = ("article", "journal", "publisher")
        case "chapter": (entryType, containerField, publisherField) = ("incollection", "booktitle", "publisher")
        case "report": (entryType, containerField, publisherField) = ("techreport", "series", "institution")
        case "book": (entryType, containerField, publisherField) = ("book", "series", "publisher")
        default: (entryType, containerField, publisherField) = ("misc", "howpublished", "publisher")
        }
        var fields: [(name: String, value: String)] = []
        if !metadata.authors.isEmpty {
            fields.append(("author", metadata.authors.map(escapedForLaTeX).joined(separator: " and ")))
        }
        if let title = metadata.title { fields.append(("title", escapedForLaTeX(title))) }
        if let container = metadata.container { fields.append((containerField, escapedForLaTeX(container))) }
        if let publisher = metadata.publisher { fields.append((publisherField, escapedForLaTeX(publisher))) }
        if let date = metadata.date.flatMap(DocumentMetadata.DateParts.init) {
            fields.append(("year", String(date.year)))
            if let month = date.month { fields.append(("month", String(month))) }
        }
        var place = lines.count == 1 ? "line \(lines.lowerBound)" : "lines \(lines.lowerBound)--\(lines.upperBound)"
        if let page { place = "p. \(page), " + place }
        fields.append(("note", place))
        if let url = metadata.url {
            fields.append(("url", url.replacingBraces()))
        }
        let body = fields.map { "  \($0.name) = {\($0.value)}" }.joined(separator: ",\n")
        return "@\(entryType){\(bibtexKey(documentName)),\n\(body)\n}"
    }

    /// The entry key: the document's name (its last path component) without a `.txt` or `.md`
    /// extension, every run of characters other than ASCII letters, digits and `_` made one
    /// `_`, and `_` trimmed from the ends; `document` when nothing is left.
    static func bibtexKey(_ documentName: String) -> String {
        var name = Substring(documentName.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        for suffix in [".txt", ".md", ".TXT", ".MD", ".Txt", ".Md"] where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            break
        }
        var key = ""
        var pendingSeparator = false
        for scalar in name.unicodeScalars {
            let isKeyScalar = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_"
            if isKeyScalar {
                if pendingSeparator && !key.isEmpty { key += "_" }
                pendingSeparator = false
                key.unicodeScalars.append(scalar)
            } else {
                pendingSeparator = true
            }
        }
        while key.hasSuffix("_") { key.removeLast() }
        while key.hasPrefix("_") { key.removeFirst() }
        return key.isEmpty ? "document" : key
    }

    /// `value` with LaTeX's special characters escaped, so that BibTeX prints them as written.
    static func escapedForLaTeX(_ value: String) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\textbackslash{}"
            case "~": escaped += "\\textasciitilde{}"
            case "^": escaped += "\\textasciicircum{}"
            case "{", "}", "%", "&", "#", "_", "$":
                escaped += "\\"
                escaped.unicodeScalars.append(character)
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

private extension String {
    /// The address with `{` and `}` percent-encoded, the only characters that would end a
    /// BibTeX field early.
    func replacingBraces() -> String {
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "{": result += "%7B"
            case "}": result += "%7D"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
