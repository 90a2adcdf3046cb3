import Testing
@testable import Sakuin

private func term(_ text: String, _ column: Int, _ field: QueryField? = nil) -> QueryNode {
    .term(text, field: field, column: column)
}

private func phrase(_ text: String, _ column: Int, _ field: QueryField? = nil) -> QueryNode {
    .phrase(text, field: field, column: column)
}

private func prefix(_ text: String, _ column: Int, _ field: QueryField? = nil) -> QueryNode {
    .prefix(text, field: field, column: column)
}

private func parse(_ query: String) throws -> QueryNode {
    try QueryParser.parse(query)
}

/// The error parsing `query` throws, or nil if it parses.
private func failure(_ query: String) -> QuerySyntaxError? {
    do {
        _ = try QueryParser.parse(query)
        return nil
    } catch {
        return error
    }
}

/// A query that must fail with exactly this message and column.
struct BadQuery: Sendable, CustomTestStringConvertible {
    var query: String
    var message: String
    var column: Int
    init(_ query: String, _ message: String, _ column: Int) {
        self.query = query
        self.message = message
        self.column = column
    }
    var testDescription: String {
        let scalars = query.unicodeScalars
        guard scalars.count > 40 else { return "\(query.debugDescription) → \(message)" }
        let start = String(String.UnicodeScalarView(scalars.prefix(20)))
        return "\(start.debugDescription)… (\(scalars.count) scalars) → \(message)"
    }
}

/// Whether `node` has the canonical shape `QueryNode` documents.
private func isCanonical(_ node: QueryNode) -> Bool {
    func isNot(_ node: QueryNode) -> Bool { if case .not = node { true } else { false } }
    func isAnd(_ node: QueryNode) -> Bool { if case .and = node { true } else { false } }
    func isOr(_ node: QueryNode) -> Bool { if case .or = node { true } else { false } }
    switch node {
    case .term(let text, _, let column), .phrase(let text, _, let column), .prefix(let text, _, let column):
        return !text.isEmpty && column >= 1
    case .and(let children):
        return children.count >= 2 && !children.contains(where: isAnd)
            && children.contains { !isNot($0) }
            && children.allSatisfy { child in
                if case .not(let inner) = child { !isNot(inner) && isCanonical(inner) } else { isCanonical(child) }
            }
    case .or(let children):
        return children.count >= 2 && !children.contains(where: isOr) && !children.contains(where: isNot)
            && children.allSatisfy(isCanonical)
    case .not:
        return false
    }
}

@Suite("QueryParser") struct QueryParserTests {
    // MARK: Terms and implicit AND

    @Test("juxtaposed terms are ANDed, with scalar columns")
    func implicitAnd() throws {
        #expect(try parse("停戦 交渉") == .and([term("停戦", 1), term("交渉", 4)]))
        #expect(try parse("停戦") == term("停戦", 1))
        #expect(try parse("  停戦  ") == term("停戦", 3))
    }

    @Test("tab, newline, carriage return and U+3000 separate terms")
    func whitespace() throws {
        #expect(try parse("停戦\u{3000}交渉\t和平\r\n合意")
                == .and([term("停戦", 1), term("交渉", 4), term("和平", 7), term("合意", 11)]))
    }

    @Test("OR binds tighter than juxtaposition")
    func orPrecedence() throws {
        #expect(try parse("ロシア OR ウクライナ 停戦")
                == .and([.or([term("ロシア", 1), term("ウクライナ", 8)]), term("停戦", 14)]))
        #expect(try parse("a AND b OR c") == .and([term("a", 1), .or([term("b", 7), term("c", 12)])]))
        #expect(try parse("a OR b OR c") == .or([term("a", 1), term("b", 6), term("c", 11)]))
    }

    @Test("explicit AND is the same as juxtaposition")
    func explicitAnd() throws {
        #expect(try parse("停戦 AND 交渉") == .and([term("停戦", 1), term("交渉", 8)]))
    }

    @Test("keywords are upper case whole words; otherwise text")
    func keywordsAreUpperCaseWords() throws {
        #expect(try parse("a or b") == .and([term("a", 1), term("or", 3), term("b", 6)]))
        #expect(try parse("ORACLE") == term("ORACLE", 1))
        #expect(try parse("\"OR\"") == phrase("OR", 1))
        #expect(try parse("-OR 停戦") == .and([.not(term("OR", 2)), term("停戦", 5)]))
        #expect(try parse("(a)OR(b)") == .or([term("a", 2), term("b", 7)]))
        #expect(try parse("a | b") == .and([term("a", 1), term("|", 3), term("b", 5)]))
    }

    // MARK: Phrases

    @Test("a phrase keeps its text between the quotes, spaces included")
    func phrases() throws {
        #expect(try parse("\"ロシア軍の能力\"") == phrase("ロシア軍の能力", 1))
        #expect(try parse("\"停戦 交渉 \" 和平") == .and([phrase("停戦 交渉 ", 1), term("和平", 10)]))
        #expect(try parse("\"a (b) -c* OR d:e\"") == phrase("a (b) -c* OR d:e", 1))
        #expect(try parse("停戦\"交渉\"") == .and([term("停戦", 1), phrase("交渉", 3)]))
    }

    @Test("the full-width quote is a quote; Japanese brackets are text")
    func fullWidthQuote() throws {
        #expect(try parse("＂停戦 交渉＂") == phrase("停戦 交渉", 1))
        #expect(try parse("＂停戦\"") == phrase("停戦", 1))
        #expect(try parse("「停戦交渉」") == term("「停戦交渉」", 1))
        #expect(try parse("「停戦 交渉」") == .and([term("「停戦", 1), term("交渉」", 5)]))
    }

    // MARK: Prefixes

    @Test("a trailing * makes a prefix")
    func prefixes() throws {
        #expect(try parse("NATO*") == prefix("NATO", 1))
        #expect(try parse("停戦* 交渉") == .and([prefix("停戦", 1), term("交渉", 5)]))
        #expect(try parse("(NATO*)") == prefix("NATO", 2))
        #expect(try parse("!*") == prefix("!", 1))
    }

    // MARK: Fields

    @Test("title: restricts a term, prefix or phrase; the column is the field's")
    func fieldOnItems() throws {
        #expect(try parse("title:ロシア 停戦") == .and([term("ロシア", 1, .title), term("停戦", 11)]))
        #expect(try parse("title:NATO*") == prefix("NATO", 1, .title))
        #expect(try parse("title:\"停戦 交渉\"") == phrase("停戦 交渉", 1, .title))
        #expect(try parse("Title:停戦") == term("停戦", 1, .title))
        #expect(try parse("title:https://example.com") == term("https://example.com", 1, .title))
        #expect(try parse("title:OR") == term("OR", 1, .title))
    }

    @Test("title:(…) applies to every item inside")
    func fieldOnGroup() throws {
        #expect(try parse("title:(停戦 OR 和平)") == .or([term("停戦", 8, .title), term("和平", 14, .title)]))
        #expect(try parse("title:(停戦 -\"和平\") 交渉")
                == .and([term("停戦", 8, .title), .not(phrase("和平", 12, .title)), term("交渉", 18)]))
        #expect(try parse("title:(title:停戦)") == term("停戦", 8, .title))
    }

    @Test("colons that are not field prefixes stay text")
    func colonsInText() throws {
        #expect(try parse("12:30") == term("12:30", 1))
        #expect(try parse("https://example.com/a") == term("https://example.com/a", 1))
        #expect(try parse("ftp://example.com") == term("ftp://example.com", 1))
        #expect(try parse("第90回：ウクライナ") == term("第90回：ウクライナ", 1))
        #expect(try parse("Note: 停戦") == .and([term("Note:", 1), term("停戦", 7)]))
        #expect(try parse("a1:b") == term("a1:b", 1))
        #expect(try parse("停戦title:交渉") == term("停戦title:交渉", 1))
        #expect(try parse("ｔｉｔｌｅ：停戦") == term("ｔｉｔｌｅ：停戦", 1))
        #expect(try parse(":停戦") == term(":停戦", 1))
    }

    // MARK: Negation

    @Test("-item and NOT item exclude")
    func negation() throws {
        #expect(try parse("-ロシア 停戦") == .and([.not(term("ロシア", 2)), term("停戦", 6)]))
        #expect(try parse("停戦 NOT ロシア") == .and([term("停戦", 1), .not(term("ロシア", 8))]))
        #expect(try parse("-\"ロシア軍\" 停戦") == .and([.not(phrase("ロシア軍", 2)), term("停戦", 9)]))
        #expect(try parse("停戦 -(ロシア OR 北朝鮮)")
                == .and([term("停戦", 1), .not(.or([term("ロシア", 6), term("北朝鮮", 13)]))]))
        #expect(try parse("-title:ロシア 停戦") == .and([.not(term("ロシア", 2, .title)), term("停戦", 12)]))
        #expect(try parse("\"停戦\"-ロシア") == .and([phrase("停戦", 1), .not(term("ロシア", 6))]))
        #expect(try parse("停戦 AND -NATO*") == .and([term("停戦", 1), .not(prefix("NATO", 9))]))
        #expect(try parse("停戦 -(交渉 -和平)")
                == .and([term("停戦", 1), .not(.and([term("交渉", 6), .not(term("和平", 10))]))]))
    }

    @Test("a - inside or at the end of a word is text")
    func hyphenInWord() throws {
        #expect(try parse("COVID-19") == term("COVID-19", 1))
        #expect(try parse("F-16 -COVID-19") == .and([term("F-16", 1), .not(term("COVID-19", 7))]))
        #expect(try parse("停戦- 交渉") == .and([term("停戦-", 1), term("交渉", 5)]))
    }

    // MARK: Grouping and flattening

    @Test("parentheses group; and/or are flattened; one child stands for itself")
    func grouping() throws {
        #expect(try parse("a (b c)") == .and([term("a", 1), term("b", 4), term("c", 6)]))
        #expect(try parse("(a OR b) OR c") == .or([term("a", 2), term("b", 7), term("c", 13)]))
        #expect(try parse("((a))") == term("a", 3))
        #expect(try parse("(a b) OR c") == .or([.and([term("a", 2), term("b", 4)]), term("c", 10)]))
        #expect(try parse("a(b)") == .and([term("a", 1), term("b", 3)]))
        #expect(try parse("(1)") == term("1", 2))
    }

    @Test("full-width parentheses are text")
    func fullWidthParentheses() throws {
        #expect(try parse("（1）") == term("（1）", 1))
        #expect(try parse("（停戦 OR 和平）") == .or([term("（停戦", 1), term("和平）", 8)]))
    }

    @Test("64 levels of parentheses are allowed")
    func maximumNesting() throws {
        let query = String(repeating: "(", count: 64) + "a" + String(repeating: ")", count: 64)
        #expect(try parse(query) == term("a", 65))
    }

    // MARK: Content the parser does not judge

    @Test("punctuation-only items are still terms")
    func punctuation() throws {
        #expect(try parse("。、「」！？…") == term("。、「」！？…", 1))
        #expect(try parse("!!! 停戦") == .and([term("!!!", 1), term("停戦", 5)]))
    }

    @Test("emoji and combining marks are text; columns count scalars")
    func emojiAndCombiningMarks() throws {
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(try parse("\(family) e\u{301}") == .and([term(family, 1), term("e\u{301}", 7)]))
        #expect(try parse("\u{301}停戦") == term("\u{301}停戦", 1))
        #expect(try parse("\"\u{301}\"") == phrase("\u{301}", 1))
        #expect(try parse("停戦 -\u{301}") == .and([term("停戦", 1), .not(term("\u{301}", 5))]))
        #expect(failure("\(family) \"") == QuerySyntaxError(message: "unclosed quote at column 7", column: 7))
    }

    @Test("bidi controls are removed; columns still refer to the original query")
    func bidiControls() throws {
        #expect(try parse("\u{202E}停戦\u{202C} 交渉") == .and([term("停戦", 2), term("交渉", 6)]))
        #expect(try parse("停\u{200F}戦") == term("停戦", 1))
        #expect(try parse("-\u{2066}ロシア 停戦") == .and([.not(term("ロシア", 3)), term("停戦", 7)]))
    }

    @Test("a query of exactly 4096 scalars is accepted")
    func longestQuery() throws {
        let query = String(repeating: "停", count: 4096)
        #expect(try parse(query) == term(query, 1))
        let words = String(repeating: "a ", count: 2048)
        guard case .and(let children) = try parse(words) else {
            Issue.record("expected an and")
            return
        }
        #expect(children.count == 2048)
    }

    // MARK: Errors

    static let badQueries: [BadQuery] = [
        BadQuery("", "empty query", 1),
        BadQuery("  \u{3000}\t", "empty query", 1),
        BadQuery("\u{200E}\u{202E}", "empty query", 1),
        BadQuery("停戦 \"ロシア", "unclosed quote at column 4", 4),
        BadQuery("\"停戦\" \"", "unclosed quote at column 6", 6),
        BadQuery("\"\"", "empty phrase at column 1", 1),
        BadQuery("停戦 \" \u{3000}\"", "empty phrase at column 4", 4),
        BadQuery("\"停戦\"*", "'*' after a phrase at column 5; prefix search works on single terms only", 5),
        BadQuery("*", "a prefix needs at least one character before '*' at column 1", 1),
        BadQuery("停戦 -*", "a prefix needs at least one character before '*' at column 5", 5),
        BadQuery("title:*", "a prefix needs at least one character before '*' at column 7", 7),
        BadQuery("(*)", "a prefix needs at least one character before '*' at column 2", 2),
        BadQuery("停*戦",
                 "'*' at column 2 is not at the end of a term; only prefix search ('停戦*') is supported", 2),
        BadQuery("*停戦",
                 "'*' at column 1 is not at the end of a term; only prefix search ('停戦*') is supported", 1),
        BadQuery("NATO**",
                 "'*' at column 5 is not at the end of a term; only prefix search ('停戦*') is supported", 5),
        BadQuery("nosuchfield:停戦", "unknown field 'nosuchfield' at column 1 (fields: title)", 1),
        BadQuery("停戦 foo:(a)", "unknown field 'foo' at column 4 (fields: title)", 4),
        BadQuery("foo:\"a\"", "unknown field 'foo' at column 1 (fields: title)", 1),
        BadQuery("-mailto:a", "unknown field 'mailto' at column 2 (fields: title)", 2),
        BadQuery("title:", "field 'title' needs a term after ':' at column 1", 1),
        BadQuery("停戦 title: 交渉", "field 'title' needs a term after ':' at column 4", 4),
        BadQuery("(title:)", "field 'title' needs a term after ':' at column 2", 2),
        BadQuery("title:-停戦", "'-' at column 7 belongs before the field: write '-title:…' to exclude", 7),
        BadQuery("(停戦", "unclosed '(' at column 1", 1),
        BadQuery("(a (b)", "unclosed '(' at column 1", 1),
        BadQuery("a (b (c)", "unclosed '(' at column 3", 3),
        BadQuery("停戦)", "unmatched ')' at column 3", 3),
        BadQuery(") 停戦", "unmatched ')' at column 1", 1),
        BadQuery("(a))", "unmatched ')' at column 4", 4),
        BadQuery("()", "empty group '()' at column 1", 1),
        BadQuery("停戦 ( )", "empty group '()' at column 4", 4),
        BadQuery("title:()", "empty group '()' at column 7", 7),
        BadQuery("OR 停戦", "'OR' at column 1 needs a term on both sides", 1),
        BadQuery("停戦 OR", "'OR' at column 4 needs a term on both sides", 4),
        BadQuery("a OR OR b", "'OR' at column 3 needs a term on both sides", 3),
        BadQuery("(OR a)", "'OR' at column 2 needs a term on both sides", 2),
        BadQuery("(a OR)", "'OR' at column 4 needs a term on both sides", 4),
        BadQuery("AND 停戦", "'AND' at column 1 needs a term on both sides", 1),
        BadQuery("停戦 AND", "'AND' at column 4 needs a term on both sides", 4),
        BadQuery("a AND OR b", "'AND' at column 3 needs a term on both sides", 3),
        BadQuery("a OR AND b", "'OR' at column 3 needs a term on both sides", 3),
        BadQuery("停戦 NOT", "'NOT' at column 4 needs a term after it", 4),
        BadQuery("(停戦 NOT)", "'NOT' at column 5 needs a term after it", 5),
        BadQuery("-", "'-' at column 1 needs a term right after it (no space), e.g. '-ロシア'", 1),
        BadQuery("停戦 - ロシア", "'-' at column 4 needs a term right after it (no space), e.g. '-ロシア'", 4),
        BadQuery("(停戦 -)", "'-' at column 5 needs a term right after it (no space), e.g. '-ロシア'", 5),
        BadQuery("--ロシア 停戦", "double negation at column 2", 2),
        BadQuery("停戦 NOT -ロシア", "double negation at column 8", 8),
        BadQuery("停戦 NOT NOT ロシア", "double negation at column 8", 8),
        BadQuery("-ロシア",
                 "'-ロシア' at column 1 only excludes; a query needs at least one term to search for", 1),
        BadQuery("-ロシア -ウクライナ",
                 "'-ロシア -ウクライナ' at column 1 only excludes; a query needs at least one term to search for", 1),
        BadQuery("NOT ロシア",
                 "'NOT ロシア' at column 1 only excludes; a query needs at least one term to search for", 1),
        BadQuery("停戦 (-ロシア)",
                 "'-ロシア' at column 5 only excludes; a group needs at least one term to search for", 5),
        BadQuery("停戦 -(-ロシア)",
                 "'-ロシア' at column 6 only excludes; a group needs at least one term to search for", 6),
        BadQuery("停戦 OR -ロシア",
                 "'-ロシア' at column 7 cannot be an alternative of 'OR'; to exclude all alternatives write '-(a OR b)'",
                 7),
        BadQuery("\u{1b}[31m停戦", "control character U+001B at column 1", 1),
        BadQuery("停戦\u{7F}", "control character U+007F at column 3", 3),
        BadQuery("停戦 \"交渉\u{0}\"", "control character U+0000 at column 7", 7),
        BadQuery("停戦\u{0B}交渉", "control character U+000B at column 3", 3),
        BadQuery(String(repeating: "(", count: 65) + "a" + String(repeating: ")", count: 65),
                 "query nested too deeply (max 64) at column 65", 65),
        BadQuery(String(repeating: "停", count: 4097), "query too long (4097 characters, max 4096)", 4097),
    ]

    @Test("syntax errors have exact messages and columns", arguments: badQueries)
    func syntaxErrors(_ bad: BadQuery) {
        #expect(failure(bad.query) == QuerySyntaxError(message: bad.message, column: bad.column))
    }

    @Test("the description is the message")
    func errorDescription() {
        let error = failure("(停戦")
        #expect(error?.description == "unclosed '(' at column 1")
    }

    @Test("deep nesting fails fast without deep recursion")
    func deepNesting() {
        let clock = ContinuousClock()
        let start = clock.now
        let tooLong = String(repeating: "(", count: 10_000)
        #expect(failure(tooLong)
                == QuerySyntaxError(message: "query too long (10000 characters, max 4096)", column: 4097))
        let deep = String(repeating: "(", count: 2_000) + "a" + String(repeating: ")", count: 2_000)
        #expect(failure(deep) == QuerySyntaxError(message: "query nested too deeply (max 64) at column 65",
                                                  column: 65))
        let unbalanced = String(repeating: "(", count: 4_096)
        #expect(failure(unbalanced) == QuerySyntaxError(message: "query nested too deeply (max 64) at column 65",
                                                        column: 65))
        #expect(clock.now - start < .seconds(2))
    }

    @Test("a 100,000-character query is rejected")
    func hugeQuery() {
        let query = String(repeating: "停戦 ", count: 33_334)
        #expect(failure(query)
                == QuerySyntaxError(message: "query too long (100002 characters, max 4096)", column: 4097))
    }

    @Test("random queries parse to canonical trees or throw a located error")
    func randomQueries() {
        let alphabet = ["停", "戦", " ", " ", "(", ")", "\"", "＂", "-", "*", ":", "OR", "AND", "NOT", "title",
                        "title:", "\u{3000}", "a", "12", "http://", "\u{200E}", "e\u{301}", "👍", "|", "（"]
        var generator = SplitMix64(seed: 0x5A4B_1D2C_3E4F_6071)
        var parsed = 0
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...14, using: &generator)
            var query = ""
            for _ in 0..<length {
                query += alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
            do {
                let node = try QueryParser.parse(query)
                parsed += 1
                #expect(isCanonical(node), "\(query.debugDescription) → \(node)")
            } catch {
                #expect((1...(query.unicodeScalars.count + 1)).contains(error.column), "\(query.debugDescription)")
                #expect(!error.message.isEmpty)
            }
        }
        // The alphabet is meant to exercise both outcomes.
        #expect(parsed > 100)
        #expect(parsed < 1_900)
    }
}
