/// The parser of the query language.
///
/// Grammar (EBNF; `-`, `(`, `)`, quotes and a field's `:` are written directly against what
/// follows them, everything else is separated by whitespace):
///
/// ```
/// query        = sequence ;
/// sequence     = alternatives , { [ "AND" ] , alternatives } ;   (* all must match *)
/// alternatives = unary , { "OR" , unary } ;                      (* any may match *)
/// unary        = ( "-" | "NOT" ) , operand | operand ;
/// operand      = [ field , ":" ] , ( term | prefix | phrase | "(" , sequence , ")" ) ;
/// field        = "title" ;                                       (* ASCII case ignored *)
/// prefix       = term-char , { term-char } , "*" ;
/// phrase       = quote , { any-but-quote } , quote ;             (* quote = '"' | '＂' *)
/// ```
///
/// - `OR` binds tighter than `AND`, which is the same as juxtaposition: `a b OR c` means
///   `a AND (b OR c)`. `-` and `NOT` bind tightest: `-a OR b` is an error (an alternative cannot
///   be negative); write `-(a OR b)`.
/// - The keywords are `AND`, `OR` and `NOT` in upper case, as separate words; `or` and
///   `-OR` are terms. `|` is plain text.
/// - Whitespace is space, tab, line feed, carriage return and U+3000.
/// - ASCII `(` `)` and the quotes `"` `＂` are syntax wherever they appear (`a(b)` is
///   `a (b)`). Full-width parentheses `（）`, brackets `「」` and colons `：` are plain text.
/// - A `-` is a negation only at the start of an item (`-ロシア`, `-"…"`, `-(…)`); inside a
///   word it is text (`COVID-19`). A phrase cannot contain a quote.
/// - `name:` is a field prefix only when `name` is ASCII letters at the start of a word. A
///   known field must be followed by its operand. An unknown name is an error unless it looks
///   like a URL (`http://…`, any `letters://`) or the colon ends the word (`Note:`); then it is
///   text. `12:30` and `第90回：ウクライナ` are terms.
/// - Bidi controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are removed before parsing;
///   other C0 controls and DEL are errors.
/// - A group or query needs a positive item; nesting is limited to 64 parentheses and a query
///   to 4,096 Unicode scalars.
public enum QueryParser {
    /// The deepest nesting of parentheses allowed.
    static let maxDepth = 64

    /// Parses `query` into its canonical tree, or throws the first syntax error found.
    public static func parse(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        let source = try QuerySource(query)
        let tokens = try QueryLexer.tokens(of: source)
        guard !tokens.isEmpty else { throw QuerySyntaxError(message: "empty query", column: 1) }
        var parser = Parser(source: source, tokens: tokens)
        return try parser.parseQuery()
    }
}

/// A recursive-descent parser over the tokens of one query.
///
/// Recursion goes one level deeper per `(` only, and the depth is checked before descending.
private struct Parser {
    /// A parsed item and where it stands.
    struct Item {
        var node: QueryNode
        /// Whether the item is `-x` or `NOT x`.
        var isNegated: Bool
        /// The item's scalars in `QuerySource.scalars`, including a leading `-` or `NOT`.
        var range: Range<Int>
    }

    let source: QuerySource
    let tokens: [QueryToken]
    private var index = 0
    private var depth = 0
    /// The field of the innermost enclosing `field:(…)` or of the current `field:` operand.
    private var field: QueryField?

    init(source: QuerySource, tokens: [QueryToken]) {
        self.source = source
        self.tokens = tokens
    }

    private var next: QueryToken? { index < tokens.count ? tokens[index] : nil }

    mutating func parseQuery() throws(QuerySyntaxError) -> QueryNode {
        let items = try parseSequence()
        if let stray = next {
            // parseSequence stops only at the end or at a `)`.
            throw QuerySyntaxError(message: "unmatched ')' at column \(stray.column)", column: stray.column)
        }
        guard !items.isEmpty else { throw QuerySyntaxError(message: "empty query", column: 1) }
        try requirePositive(items, in: "a query")
        return Self.all(items.map(\.node))
    }

    /// `sequence`: items up to the end or a `)`, which is not consumed.
    private mutating func parseSequence() throws(QuerySyntaxError) -> [Item] {
        var items: [Item] = []
        while let token = next {
            switch token.kind {
            case .closeParen:
                return items
            case .or:
                // `parseAlternatives` consumes every `OR` after an item, so this one has no left side.
                throw Self.needsBothSides(token)
            case .and:
                index += 1
                guard !items.isEmpty, next?.kind.startsOperand == true else { throw Self.needsBothSides(token) }
                items.append(try parseAlternatives())
            default:
                items.append(try parseAlternatives())
            }
        }
        return items
    }

    /// `alternatives`: one item, or items joined by `OR`.
    private mutating func parseAlternatives() throws(QuerySyntaxError) -> Item {
        let first = try parseUnary()
        guard next?.kind == .or else { return first }
        var items = [first]
        while let token = next, token.kind == .or {
            index += 1
            guard next?.kind.startsOperand == true else { throw Self.needsBothSides(token) }
            items.append(try parseUnary())
        }
        if let negated = items.first(where: \.isNegated) {
            let column = source.column(at: negated.range.lowerBound)
            throw QuerySyntaxError(
                message: "'\(source.snippet(negated.range))' at column \(column) cannot be an alternative of 'OR'; to exclude all alternatives write '-(a OR b)'",
                column: column)
        }
        return Item(node: Self.any(items.map(\.node)), isNegated: false,
                    range: first.range.lowerBound..<items[items.count - 1].range.upperBound)
    }

    /// `unary`: an operand, possibly negated with `-` or `NOT`.
    private mutating func parseUnary() throws(QuerySyntaxError) -> Item {
        guard let token = next, token.kind == .minus || token.kind == .not else { return try parseOperand() }
        index += 1
        guard let operand = next, operand.kind.startsOperand else {
            // The lexer guarantees that a `-` is followed by an item, so this is a `NOT`.
            throw QuerySyntaxError(message: "'NOT' at column \(token.column) needs a term after it",
                                   column: token.column)
        }
        if operand.kind == .minus || operand.kind == .not {
            throw QuerySyntaxError(message: "double negation at column \(operand.column)", column: operand.column)
        }
        let item = try parseOperand()
        return Item(node: .not(item.node), isNegated: true, range: token.start..<item.range.upperBound)
    }

    /// `operand`: a term, prefix, phrase or group, possibly with a field prefix.
    private mutating func parseOperand() throws(QuerySyntaxError) -> Item {
        guard let token = next else {
            // Callers check `startsOperand` first; this is a safety net.
            throw QuerySyntaxError(message: "expected a term at the end of the query", column: source.endColumn)
        }
        guard case .field(let named) = token.kind else { return try parseBareOperand(startingAt: token) }
        index += 1
        if let enclosing = field, enclosing != named {
            throw QuerySyntaxError(
                message: "field '\(named.rawValue)' at column \(token.column) inside '\(enclosing.rawValue):(…)'; a term can have only one field",
                column: token.column)
        }
        let enclosing = field
        field = named
        defer { field = enclosing }
        return try parseBareOperand(startingAt: token)
    }

    /// A term, prefix, phrase or group whose item starts at `start` (the field prefix, if any).
    private mutating func parseBareOperand(startingAt start: QueryToken) throws(QuerySyntaxError) -> Item {
        guard let token = next else {
            throw QuerySyntaxError(message: "expected a term at the end of the query", column: source.endColumn)
        }
        let node: QueryNode
        switch token.kind {
        case .term(let text):
            node = .term(text, field: field, column: start.column)
        case .prefix(let text):
            node = .prefix(text, field: field, column: start.column)
        case .phrase(let text):
            node = .phrase(text, field: field, column: start.column)
        case .openParen:
            return try parseGroup(startingAt: start)
        case .closeParen, .and, .or, .not, .minus, .field:
            // Callers check `startsOperand` and the lexer puts an operand after a field prefix.
            throw QuerySyntaxError(message: "expected a term at column \(token.column)", column: token.column)
        }
        index += 1
        return Item(node: node, isNegated: false, range: start.start..<token.end)
    }

    /// `"(" sequence ")"`; `next` is the `(`.
    private mutating func parseGroup(startingAt start: QueryToken) throws(QuerySyntaxError) -> Item {
        guard let open = next else {
            throw QuerySyntaxError(message: "expected '(' at the end of the query", column: source.endColumn)
        }
        guard depth < QueryParser.maxDepth else {
            throw QuerySyntaxError(
                message: "query nested too deeply (max \(QueryParser.maxDepth)) at column \(open.column)",
                column: open.column)
        }
        index += 1
        depth += 1
        defer { depth -= 1 }
        let items = try parseSequence()
        guard let close = next, close.kind == .closeParen else {
            throw QuerySyntaxError(message: "unclosed '(' at column \(open.column)", column: open.column)
        }
        index += 1
        guard !items.isEmpty else {
            throw QuerySyntaxError(message: "empty group '()' at column \(open.column)", column: open.column)
        }
        try requirePositive(items, in: "a group")
        return Item(node: Self.all(items.map(\.node)), isNegated: false, range: start.start..<close.end)
    }

    /// Throws unless some item of `items` is not negated.
    private func requirePositive(_ items: [Item], in context: String) throws(QuerySyntaxError) {
        guard let first = items.first, let last = items.last, items.allSatisfy(\.isNegated) else { return }
        let column = source.column(at: first.range.lowerBound)
        let text = source.snippet(first.range.lowerBound..<last.range.upperBound)
        throw QuerySyntaxError(
            message: "'\(text)' at column \(column) only excludes; \(context) needs at least one term to search for",
            column: column)
    }

    private static func needsBothSides(_ token: QueryToken) -> QuerySyntaxError {
        let keyword = token.kind == .or ? "OR" : "AND"
        return QuerySyntaxError(message: "'\(keyword)' at column \(token.column) needs a term on both sides",
                                column: token.column)
    }

    /// The conjunction of `nodes`, flattened; a single node stands for itself.
    private static func all(_ nodes: [QueryNode]) -> QueryNode {
        var children: [QueryNode] = []
        for node in nodes {
            if case .and(let grandchildren) = node { children += grandchildren } else { children.append(node) }
        }
        return children.count == 1 ? children[0] : .and(children)
    }

    /// The disjunction of `nodes`, flattened; a single node stands for itself.
    private static func any(_ nodes: [QueryNode]) -> QueryNode {
        var children: [QueryNode] = []
        for node in nodes {
            if case .or(let grandchildren) = node { children += grandchildren } else { children.append(node) }
        }
        return children.count == 1 ? children[0] : .or(children)
    }
}
