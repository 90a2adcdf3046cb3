/// The query fuzz target: any bytes, read as a query, must parse into a canonical tree or fail
/// with an error located inside the query, and a tree must compile into a plan or fail with a
/// query error; nothing may trap.
///
/// Built twice: as `query`, which decodes every input leniently (an invalid UTF-8 sequence
/// becomes U+FFFD, as text from a terminal may), and with `VALID_UTF8_ONLY` as `query-utf8`,
/// which rejects inputs that are not valid UTF-8 so that the corpus stays text a user can type.
enum QueryParserFuzzTarget {
    /// The analyzer plans are compiled with, opened once: opening ICU's break iterator for every
    /// input would cost more than the parse. Nil if ICU cannot open one; then only parsing is
    /// checked.
    nonisolated(unsafe) static let analyzer: TextAnalyzer? = try? TextAnalyzer(Analyzer())

    /// The most items a query may have to be compiled too. Analysis costs tens of microseconds
    /// an item, so a query of 2,000 items would take a tenth of a second and slow the whole run,
    /// while each item is compiled on its own: more items add time, not new paths.
    static let maximumCompiledItems = 64

    /// Checks one input; returns -1 for an input the target does not take (libFuzzer then leaves
    /// it out of the corpus), else 0.
    static func run(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        #if VALID_UTF8_ONLY
        guard let query = String(validating: bytes, as: UTF8.self) else { return -1 }
        #else
        let query = String(decoding: bytes, as: UTF8.self)
        #endif
        let scalarCount = query.unicodeScalars.count
        let node: QueryNode
        do {
            node = try QueryParser.parse(query)
        } catch {
            if error.message.isEmpty { FuzzFailure.stop("an error without a message", input: query) }
            if error.description != error.message {
                FuzzFailure.stop("description '\(error.description)' is not the message", input: query)
            }
            if !(1...(scalarCount + 1)).contains(error.column) {
                FuzzFailure.stop("error column \(error.column) outside 1...\(scalarCount + 1): \(error.message)",
                                 input: query)
            }
            return 0
        }
        var shape = Shape()
        checkShape(node, under: .root, shape: &shape, scalarCount: scalarCount, query: query)
        if let analyzer, shape.itemCount <= maximumCompiledItems {
            checkPlan(of: node, analyzer: analyzer, query: query)
        }
        return 0
    }

    /// Where a node stands in the tree.
    private enum Parent { case root, and, or, not }

    /// What the shape check has seen so far, left to right.
    private struct Shape {
        /// The column of the last item seen.
        var lastColumn = 0
        /// The number of terms, prefixes and phrases seen.
        var itemCount = 0
    }

    /// Checks the canonical shape `QueryNode` documents, and that the items' columns rise from
    /// left to right within the query.
    private static func checkShape(_ node: QueryNode, under parent: Parent, shape: inout Shape,
                                   scalarCount: Int, query: String) {
        func stop(_ invariant: String) -> Never { FuzzFailure.stop("\(invariant) in \(node)", input: query) }
        switch node {
        case .term(let text, _, let column), .prefix(let text, _, let column), .phrase(let text, _, let column):
            if text.isEmpty { stop("an empty item") }
            if column <= shape.lastColumn || column > scalarCount {
                stop("column \(column) after \(shape.lastColumn) in \(scalarCount) scalars")
            }
            shape.lastColumn = column
            shape.itemCount += 1
            checkItemText(node, text: text, query: query)
        case .and(let children):
            if children.count < 2 { stop("an 'and' with fewer than two children") }
            if parent == .and { stop("an 'and' inside an 'and'") }
            if children.allSatisfy({ if case .not = $0 { true } else { false } }) { stop("an 'and' of negations") }
            for child in children {
                checkShape(child, under: .and, shape: &shape, scalarCount: scalarCount, query: query)
            }
        case .or(let children):
            if children.count < 2 { stop("an 'or' with fewer than two children") }
            if parent == .or { stop("an 'or' inside an 'or'") }
            for child in children {
                checkShape(child, under: .or, shape: &shape, scalarCount: scalarCount, query: query)
            }
        case .not(let child):
            if parent != .and { stop("a 'not' outside an 'and'") }
            checkShape(child, under: .not, shape: &shape, scalarCount: scalarCount, query: query)
        }
    }

    /// A term or prefix holds no delimiter and no `*`; a phrase holds no quote and is not blank.
    private static func checkItemText(_ node: QueryNode, text: String, query: String) {
        let scalars = text.unicodeScalars
        let isQuote: (Unicode.Scalar) -> Bool = { $0 == "\"" || $0 == "\u{FF02}" }
        switch node {
        case .phrase:
            if scalars.contains(where: isQuote) { FuzzFailure.stop("a quote inside phrase \(node)", input: query) }
            if scalars.allSatisfy(QueryLexer.isWhitespace) { FuzzFailure.stop("a blank phrase \(node)", input: query) }
        default:
            let isDelimiter: (Unicode.Scalar) -> Bool = {
                QueryLexer.isWhitespace($0) || $0 == "(" || $0 == ")" || $0 == "*" || isQuote($0)
            }
            if scalars.contains(where: isDelimiter) { FuzzFailure.stop("a delimiter inside \(node)", input: query) }
        }
    }

    /// Compiles `node`; a failure must be the query error for a query with nothing to search,
    /// and a plan names each of its leaves at most once.
    private static func checkPlan(of node: QueryNode, analyzer: TextAnalyzer, query: String) {
        let compiled: (plan: QueryPlan, leaves: [QueryLeaf])
        do {
            compiled = try QueryCompiler(analyzer: analyzer).compile(node)
        } catch {
            guard case .query(let syntaxError) = error, syntaxError.column == 1 else {
                FuzzFailure.stop("compiling failed with \(error)", input: query)
            }
            return
        }
        var used = Set<Int>()
        checkPlanLeaves(compiled.plan, leafCount: compiled.leaves.count, used: &used, query: query)
        for leaf in compiled.leaves where leaf.pattern.atoms.first?.offset != 0 {
            FuzzFailure.stop("leaf '\(leaf.text)' has a pattern not starting at offset 0", input: query)
        }
    }

    private static func checkPlanLeaves(_ plan: QueryPlan, leafCount: Int, used: inout Set<Int>, query: String) {
        switch plan {
        case .leaf(let index):
            if !(0..<leafCount).contains(index) || !used.insert(index).inserted {
                FuzzFailure.stop("plan leaf \(index) of \(leafCount) missing or used twice", input: query)
            }
        case .and(let children), .or(let children):
            if children.isEmpty { FuzzFailure.stop("an empty group in the plan", input: query) }
            for child in children { checkPlanLeaves(child, leafCount: leafCount, used: &used, query: query) }
        case .not(let child):
            checkPlanLeaves(child, leafCount: leafCount, used: &used, query: query)
        case .nothing:
            FuzzFailure.stop("'nothing' left in a compiled plan", input: query)
        }
    }
}

/// The entry point libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzQueryParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    QueryParserFuzzTarget.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
}
