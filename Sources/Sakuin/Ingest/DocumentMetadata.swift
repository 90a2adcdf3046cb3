/// The bibliographic description of one indexed document: who wrote it, what it is called,
/// when and where it appeared.
///
/// Metadata comes from a sidecar file written by a person (`NAME.meta.json` beside
/// `NAME.txt`) when there is one, or else is guessed from the document's own text; ``source``
/// says which. Every field but ``authors`` and ``type`` may be unknown.
///
/// ```swift
/// let metadata = DocumentMetadata(
///     title: "ロシア・ウクライナ戦争停戦の見通し",
///     authors: ["小泉悠"],
///     date: "2025-04-21")
/// print(metadata.authors)  // ["小泉悠"]
/// ```
public struct DocumentMetadata: Sendable, Hashable, Codable {
    /// Where a document's metadata came from.
    ///
    /// ```swift
    /// let source = DocumentMetadata.Source.sidecar
    /// print(source.rawValue)  // sidecar
    /// ```
    public enum Source: String, Sendable, Hashable, Codable {
        /// Written by a person in the document's `NAME.meta.json` sidecar file.
        case sidecar
        /// Guessed from the document's text: title, authors, date and publisher only.
        case extracted
    }

    /// The title, with its subtitle when it has one (`主題——副題`).
    public var title: String?
    /// The authors' names in the order the document gives them; empty when unknown.
    public var authors: [String]
    /// The date of publication (or, failing that, of completion), as `YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`.
    public var date: String?
    /// The journal, book, series or site the document appeared in (掲載誌・叢書・シリーズ).
    public var container: String?
    /// The organisation that published the document.
    public var publisher: String?
    /// The address the document can be found at.
    public var url: String?
    /// The kind of document: `article`, `report`, `chapter`, `book` or `web`.
    public var type: String
    /// Where these values came from.
    public var source: Source

    /// Creates metadata from the values known; anything left out is unknown.
    ///
    /// - Parameters:
    ///   - title: the title, subtitle included.
    ///   - authors: the authors' names, in order.
    ///   - date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ///   - container: the journal, book, series or site.
    ///   - publisher: the publishing organisation.
    ///   - url: the document's address.
    ///   - type: `article` (the default), `report`, `chapter`, `book` or `web`.
    ///   - source: where the values came from; `.sidecar` (the default) for values a person
    ///     wrote down.
    public init(title: String? = nil, authors: [String] = [], date: String? = nil, container: String? = nil,
                publisher: String? = nil, url: String? = nil, type: String = "article",
                source: Source = .sidecar) {
        self.title = title
        self.authors = authors
        self.date = date
        self.container = container
        self.publisher = publisher
        self.url = url
        self.type = type
        self.source = source
    }
}

extension DocumentMetadata {
    /// The kinds of document a sidecar's `type` may name, in the order messages list them.
    static let documentTypes = ["article", "report", "chapter", "book", "web"]

    /// A calendar date as precise as it is known: a year, a month of it, or a day.
    struct DateParts: Sendable, Hashable {
        var year: Int
        var month: Int?
        var day: Int?

        /// Checks the parts: year 1…9999, month 1…12, a day that exists in that month (29
        /// February only in a leap year), and a day only with a month.
        init?(year: Int, month: Int? = nil, day: Int? = nil) {
            guard (1...9999).contains(year) else { return nil }
            if let month, !(1...12).contains(month) { return nil }
            if let day {
                guard let month, (1...Self.dayCount(month: month, year: year)).contains(day) else { return nil }
            }
            self.year = year
            self.month = month
            self.day = day
        }

        /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (digits exactly that many, ASCII only).
        init?(_ text: String) {
            let fields = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            guard (1...3).contains(fields.count), fields[0].count == 4,
                  fields.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
            var numbers: [Int] = []
            for field in fields {
                var number = 0
                for byte in field {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                    number = number * 10 + Int(byte - UInt8(ascii: "0"))
                }
                numbers.append(number)
            }
            self.init(year: numbers[0], month: numbers.count > 1 ? numbers[1] : nil,
                      day: numbers.count > 2 ? numbers[2] : nil)
        }

        /// The date as metadata holds it: `2025`, `2025-04` or `2025-04-21`.
        var text: String {
            var text = String(year)
            text = String(repeating: "0", count: max(0, 4 - text.count)) + text
            if let month { text += "-" + Self.twoDigits(month) }
            if let day { text += "-" + Self.twoDigits(day) }
            return text
        }

        private static func twoDigits(_ number: Int) -> String {
            number < 10 ? "0\(number)" : String(number)
        }

        private static func dayCount(month: Int, year: Int) -> Int {
            switch month {
            case 2:
                let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
                return isLeapYear ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
    }
}
