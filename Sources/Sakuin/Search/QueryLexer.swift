/// The scalars of a query that take part in parsing, each with its column in the original query.
///
/// Building it checks the length and rejects control characters; bidi controls are dropped.
struct QuerySource {
    /// The most Unicode scalars a query may have.
    static let maxLength = 4096

    /// The scalars of the query without the ignorable ones.
    private(set) var scalars: [Unicode.Scalar] = []
    /// `columns[i]` is the 1-based column of `scalars[i]` in the original query.
    private(set) var columns: [Int] = []
    /// The column just past the end of the original query.
    let endColumn: Int

    init(_ query: String) throws(QuerySyntaxError) {
        let count = query.unicodeScalars.count
        guard count <= Self.maxLength else {
            throw QuerySyntaxError(
                message: "query too long (\(count) characters, max \(Self.maxLength))",
                column: Self.maxLength + 1)
        }
        endColumn = count + 1
        scalars.reserveCapacity(count)
        columns.reserveCapacity(count)
        for (offset, scalar) in query.unicodeScalars.enumerated() {
            let column = offset + 1
            if Self.isForbiddenControl(scalar) {
                throw QuerySyntaxError(
                    message: "control character \(Self.codePoint(scalar)) at column \(column)",
                    column: column)
            }
            if Self.isIgnorable(scalar) { continue }
            scalars.append(scalar)
            columns.append(column)
        }
    }

    /// The column of the scalar at `index`, or the end column for the end of input.
    func column(at index: Int) -> Int {
        index < columns.count ? columns[index] : endColumn
    }

    /// The text of the scalars in `range`.
    func text(_ range: Range<Int>) -> String {
        // A scalar at a time: appending a slice goes through the generic sequence path, which
        // allocates as it reads each element.
        var view = String.UnicodeScalarView()
        for index in range { view.append(scalars[index]) }
        return String(view)
    }

    /// The text of the scalars in `range`, shortened with `…` if long, for quoting in a message.
    func snippet(_ range: Range<Int>) -> String {
        let limit = 30
        guard range.count > limit else { return text(range) }
        return text(range.lowerBound..<(range.lowerBound + limit)) + "…"
    }

    /// Whether `scalar` is a C0 control other than tab, line feed and carriage return, or DEL.
    private static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F: true
        default: false
        }
    }

    /// Whether `scalar` is an invisible bidi control, which the parser drops.
    private static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `U+XXXX` for `scalar`.
    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// One lexical item of a query.
struct QueryToken: Equatable {
    /// What a token is.
    enum Kind: Equatable {
        /// A term, without field prefix.
        case term(String)
        /// A prefix, without field prefix and `*`.
        case prefix(String)
        /// A phrase, without quotes.
        case phrase(String)
        /// `name:`, always directly followed by a term, prefix, phrase or `(`.
        case field(QueryField)
        /// `(`.
        case openParen
        /// `)`.
        case closeParen
        /// The keyword `AND`.
        case and
        /// The keyword `OR`.
        case or
        /// The keyword `NOT`.
        case not
        /// A `-` at the start of an item, always directly followed by the item.
        case minus

        /// Whether an operand (something `OR`, `AND` or a negation can apply to) starts here.
        var startsOperand: Bool {
            switch self {
            case .term, .prefix, .phrase, .field, .openParen, .minus, .not: true
            case .closeParen, .and, .or: false
            }
        }
    }

    /// What the token is.
    var kind: Kind
    /// Index of the token's first scalar in `QuerySource.scalars`.
    var start: Int
    /// Index just past the token's last scalar in `QuerySource.scalars`.
    var end: Int
    /// The 1-based column of the token's first scalar in the original query.
    var column: Int
}

/// Splits a query into tokens.
///
/// Whitespace (space, tab, line feed, carriage return, U+3000) separates items. ASCII `(` and `)`
/// and the quotes `"` and `＂` are delimiters wherever they appear. Everything else is read as
/// words, which become keywords, field prefixes, prefixes or terms.
struct QueryLexer {
    private let source: QuerySource
    private var tokens: [QueryToken] = []
    private var index = 0

    private init(source: QuerySource) { self.source = source }

    /// The tokens of `source`.
    static func tokens(of source: QuerySource) throws(QuerySyntaxError) -> [QueryToken] {
        var lexer = QueryLexer(source: source)
        try lexer.run()
        return lexer.tokens
    }

    private var scalars: [Unicode.Scalar] { source.scalars }

    private mutating func run() throws(QuerySyntaxError) {
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isWhitespace(scalar) {
                index += 1
            } else if scalar == "(" {
                append(.openParen, index..<(index + 1))
                index += 1
            } else if scalar == ")" {
                append(.closeParen, index..<(index + 1))
                index += 1
            } else if Self.isQuote(scalar) {
                try lexPhrase()
            } else if scalar == "-" {
                // Only reached at the start of an item: a `-` inside a word is read with the word.
                try lexMinus()
            } else {
                try lexWord()
            }
        }
    }

    private mutating func append(_ kind: QueryToken.Kind, _ range: Range<Int>) {
        tokens.append(QueryToken(kind: kind, start: range.lowerBound, end: range.upperBound,
                                 column: source.column(at: range.lowerBound)))
    }

    private func scalar(at index: Int) -> Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    private mutating func lexMinus() throws(QuerySyntaxError) {
        let next = scalar(at: index + 1)
        if next.map({ Self.isWhitespace($0) || $0 == ")" }) ?? true {
            let column = source.column(at: index)
            throw QuerySyntaxError(
                message: "'-' at column \(column) needs a term right after it (no space), e.g. '-ロシア'",
                column: column)
        }
        append(.minus, index..<(index + 1))
        index += 1
    }

    private mutating func lexPhrase() throws(QuerySyntaxError) {
        let open = index
        var close = open + 1
        while close < scalars.count, !Self.isQuote(scalars[close]) { close += 1 }
        let column = source.column(at: open)
        guard close < scalars.count else {
            throw QuerySyntaxError(message: "unclosed quote at column \(column)", column: column)
        }
        let content = (open + 1)..<close
        guard !scalars[content].allSatisfy(Self.isWhitespace) else {
            throw QuerySyntaxError(message: "empty phrase at column \(column)", column: column)
        }
        append(.phrase(source.text(content)), open..<(close + 1))
        index = close + 1
        if scalar(at: index) == "*" {
            let starColumn = source.column(at: index)
            throw QuerySyntaxError(
                message: "'*' after a phrase at column \(starColumn); prefix search works on single terms only",
                column: starColumn)
        }
    }

    private mutating func lexWord() throws(QuerySyntaxError) {
        let start = index
        var end = start
        while end < scalars.count, !Self.isDelimiter(scalars[end]) { end += 1 }
        index = end

        // `-OR` is the term `OR` excluded, not a keyword.
        if tokens.last?.kind != .minus, let keyword = keyword(in: start..<end) {
            append(keyword, start..<end)
            return
        }
        if let colon = fieldColon(in: start..<end) {
            let name = source.text(start..<colon)
            let rest = (colon + 1)..<end
            let groupOrPhraseFollows = scalar(at: end).map { $0 == "(" || Self.isQuote($0) } ?? false
            if let field = QueryField(rawValue: name.lowercased()) {
                try checkFieldOperand(name: name, at: start, rest: rest,
                                      groupOrPhraseFollows: groupOrPhraseFollows)
                append(.field(field), start..<(colon + 1))
                if !rest.isEmpty { try appendTermOrPrefix(rest) }
                return
            }
            let looksLikeURL = scalars[rest].starts(with: ["/", "/"])
            let isTrailingColon = rest.isEmpty && !groupOrPhraseFollows
            if !looksLikeURL && !isTrailingColon {
                let column = source.column(at: start)
                let fields = QueryField.allCases.map(\.rawValue).joined(separator: ", ")
                throw QuerySyntaxError(
                    message: "unknown field '\(name)' at column \(column) (fields: \(fields))",
                    column: column)
            }
        }
        try appendTermOrPrefix(start..<end)
    }

    /// The keyword spelt by `range`, if any (upper case only).
    private func keyword(in range: Range<Int>) -> QueryToken.Kind? {
        switch source.text(range) {
        case "AND": .and
        case "OR": .or
        case "NOT": .not
        default: nil
        }
    }

    /// The index of the `:` if `range` starts with one or more ASCII letters and a `:`.
    private func fieldColon(in range: Range<Int>) -> Int? {
        var position = range.lowerBound
        while position < range.upperBound, Self.isASCIILetter(scalars[position]) { position += 1 }
        guard position > range.lowerBound, position < range.upperBound, scalars[position] == ":" else {
            return nil
        }
        return position
    }

    /// Checks that something a known field can apply to follows `name:`.
    private func checkFieldOperand(name: String, at start: Int, rest: Range<Int>,
                                   groupOrPhraseFollows: Bool) throws(QuerySyntaxError) {
        if rest.isEmpty && !groupOrPhraseFollows {
            let column = source.column(at: start)
            throw QuerySyntaxError(message: "field '\(name)' needs a term after ':' at column \(column)",
                                   column: column)
        }
        if !rest.isEmpty && scalars[rest.lowerBound] == "-" {
            let column = source.column(at: rest.lowerBound)
            throw QuerySyntaxError(
                message: "'-' at column \(column) belongs before the field: write '-\(name):…' to exclude",
                column: column)
        }
    }

    /// Appends `range` as a term, or as a prefix if it ends with `*`.
    private mutating func appendTermOrPrefix(_ range: Range<Int>) throws(QuerySyntaxError) {
        let last = range.upperBound - 1
        for position in range where scalars[position] == "*" {
            let column = source.column(at: position)
            if position != last {
                throw QuerySyntaxError(
                    message: "'*' at column \(column) is not at the end of a term; only prefix search ('停戦*') is supported",
                    column: column)
            }
            if position == range.lowerBound {
                throw QuerySyntaxError(
                    message: "a prefix needs at least one character before '*' at column \(column)",
                    column: column)
            }
        }
        if scalars[last] == "*" {
            append(.prefix(source.text(range.lowerBound..<last)), range)
        } else {
            append(.term(source.text(range)), range)
        }
    }

    /// Space, tab, line feed, carriage return and the ideographic space U+3000.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{3000}": true
        default: false
        }
    }

    /// `"` and the full-width `＂`.
    private static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "\u{FF02}"
    }

    /// Whitespace, ASCII parentheses and quotes: what ends a word.
    private static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        isWhitespace(scalar) || scalar == "(" || scalar == ")" || isQuote(scalar)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
