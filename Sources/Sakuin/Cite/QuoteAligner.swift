/// Finds the span of a source text a quote was copied from, tolerant of the ways a copy drifts
/// from its source: OCR slips, width and line breaks, old spellings, dropped words, ellipses and
/// light rewording.
///
/// Both texts are compared after ICU NFKC_Casefold with every whitespace character removed, so
/// full and half width, letter case, spaces and hard line breaks never count. The whole quote is
/// then aligned against the cheapest substring of the source (a "fitting" alignment: source text
/// before and after the span is free) with these costs:
///
/// | step | cost |
/// |---|---|
/// | equal characters | 0 |
/// | a confusion of ``CharacterConfusions`` (`ブ/プ`, `っ/つ`, `ロ/口`, `ふ/う` …) | 0.2–0.3 |
/// | any other substitution | ``substitutionCost`` (1) |
/// | source characters the quote drops (no ellipsis) | ``missingOpenCost`` (0.5) for the first, ``missingExtendCost`` (0.1) for each further one |
/// | quote characters the source lacks | ``extraOpenCost`` (1.5) for the first, ``extraExtendCost`` (1) for each further one |
/// | an ellipsis, standing for 0 to ``maximumElidedCharacters`` (600) source characters | ``ellipsisCost`` (0.5) |
///
/// Dropping a few words is cheap (a run of five source characters costs 0.9, five scattered
/// substitutions 5), while every quote character that has no counterpart costs at least 1, so
/// an alignment can never score above 0 by ignoring the quote.
///
/// The score is the mean of two shares, each in [0, 1]:
/// - the edit share, `1 − cost / n`, clamped, where `cost` is the cost of the cheapest alignment
///   and `n` the number of quote characters after normalization, not counting whitespace and
///   ellipses;
/// - the anchored share: the part of those `n` characters that the alignment matches (equal or a
///   confusion) in unbroken runs of at least ``anchorLength`` (4) characters, or in a run that is
///   a whole piece of the quote (from an end or an ellipsis to the next).
///
/// The edit share alone rewards a sentence built like the source from other words: particles,
/// endings and common names line up with it one or two characters at a time. A quote that comes
/// from the source, even reworded, keeps long runs of it. On the seed papers: 1 for a quote
/// identical to its span after normalization, above 0.97 for an ellipsis or an old spelling,
/// 0.85 for one misread character in 17, 0.65–0.72 for light paraphrases (one with a moved
/// phrase), and at most 0.56 for 20 sentences on the same topics that are not in the papers; the
/// default threshold of citation lookup, 0.6, lies between.

/// The span starts and ends at characters that match (equal or a confusion): quote characters
/// before the first or after the last of them are reported as not in the source, even where the
/// cheapest alignment set them against source characters.
///
/// An ellipsis is `…`, `‥`, `⋯`, two or more `.`, or three or more `。` or `・` (after
/// normalization `…` is `...`); consecutive ones count as one. An ellipsis at the start or the
/// end of the quote only says the quote is a fragment, and is ignored.
///
/// Time is proportional to quote length × source length; memory is one byte per pair of
/// characters (about 6 MB for 300 characters against 20,000).
struct QuoteAligner: Sendable {
    /// Cost of aligning two different characters that are not confusions. Default 1.
    var substitutionCost: Float = 1
    /// Cost of the first source character in a run the quote drops without an ellipsis. Default 0.5.
    var missingOpenCost: Float = 0.5
    /// Cost of each further source character in a run the quote drops. Default 0.1.
    var missingExtendCost: Float = 0.1
    /// Cost of the first quote character in a run the source lacks. Default 1.5.
    var extraOpenCost: Float = 1.5
    /// Cost of each further quote character in a run the source lacks. Default 1; below 1, a
    /// quote that is not in the source at all could score above 0.
    var extraExtendCost: Float = 1
    /// Cost of an ellipsis in the quote, whatever it stands for. Default 0.5.
    var ellipsisCost: Float = 0.5
    /// The most source characters (after normalization, whitespace not counted) one ellipsis
    /// can stand for. Default 600.
    var maximumElidedCharacters = 600
    /// The characters that count as confusions rather than substitutions.
    var confusions = CharacterConfusions.standard

    /// The shortest run of matching characters that counts towards the anchored share of the
    /// score.
    static let anchorLength = 4

    /// An aligner with the default costs.
    init() {}

    /// The span of `source` that `quote` most likely came from.
    ///
    /// - Returns: nil when the quote has no characters left after normalization (empty, only
    ///   whitespace or only ellipses), or when no alignment scores above 0.
    func align(quote: String, in source: String) -> QuoteAlignment? {
        let quoteText = AlignmentText(quote, recognizingEllipses: true)
        let characterCount = quoteText.tokens.reduce(0) { $0 + ($1 == AlignmentText.ellipsis ? 0 : 1) }
        guard characterCount > 0 else { return nil }
        let sourceText = AlignmentText(source, recognizingEllipses: false)
        guard !sourceText.tokens.isEmpty,
              let path = cheapestPath(quote: quoteText.tokens, source: sourceText.tokens) else { return nil }

        let editShare = min(1, max(0, 1 - Double(path.cost) / Double(characterCount)))
        guard editShare > 0 else { return nil }
        // The span runs between the first and the last character that matches (equal or a
        // confusion). Anything of the quote outside it is reported as not in the source: the
        // source characters a substitution put there are not where the quote came from.
        let tokensMatch = { (quoteIndex: Int, sourceIndex: Int) -> Bool in
            let quoteToken = quoteText.tokens[quoteIndex]
            let sourceToken = sourceText.tokens[sourceIndex]
            return quoteToken == sourceToken || confusions.cost(quoteToken, sourceToken) != nil
        }
        let matchingSteps = path.steps.indices.filter { index in
            if case .aligned(let quoteIndex, let sourceIndex) = path.steps[index] {
                return tokensMatch(quoteIndex, sourceIndex)
            }
            return false
        }
        guard let firstStep = matchingSteps.first, let lastStep = matchingSteps.last,
              case .aligned(let firstQuote, let firstSource) = path.steps[firstStep],
              case .aligned(let lastQuote, let lastSource) = path.steps[lastStep] else { return nil }

        // Quote characters in unbroken runs of at least `anchorLength` matching characters, or
        // in a run that is a whole piece of the quote (between its ends and its ellipses), so
        // that a short quote or piece matched in full counts in full.
        var anchored = 0
        var run = 0
        var runStartsPiece = true
        for step in path.steps {
            if case .aligned(let quoteIndex, let sourceIndex) = step, tokensMatch(quoteIndex, sourceIndex) {
                run += 1
                continue
            }
            let endsPiece: Bool
            if case .elided = step { endsPiece = true } else { endsPiece = false }
            if run >= QuoteAligner.anchorLength || (run > 0 && runStartsPiece && endsPiece) { anchored += run }
            run = 0
            runStartsPiece = endsPiece
        }
        if run >= QuoteAligner.anchorLength || (run > 0 && runStartsPiece) { anchored += run }
        let score = (editShare + Double(anchored) / Double(characterCount)) / 2

        var differences = DifferenceCollector(quote: quoteText, source: sourceText)
        if firstQuote > 0 {
            differences.record(.extraInQuote(quote: quoteText.originalString(of: 0..<firstQuote)))
        }
        for step in path.steps[firstStep...lastStep] {
            switch step {
            case .aligned(let quoteIndex, let sourceIndex):
                if quoteText.tokens[quoteIndex] == sourceText.tokens[sourceIndex] {
                    differences.flush()
                } else {
                    differences.add(quote: quoteIndex, source: sourceIndex)
                }
            case .extra(let quoteIndex):
                differences.add(quote: quoteIndex, source: nil)
            case .missing(let sourceIndex):
                differences.add(quote: nil, source: sourceIndex)
            case .elided(let sourceRange):
                differences.record(.elided(source: sourceText.originalString(of: sourceRange),
                                           characterCount: sourceRange.count))
            }
        }
        differences.flush()
        if lastQuote + 1 < quoteText.tokens.count {
            let trailing = (lastQuote + 1)..<quoteText.tokens.count
            differences.record(.extraInQuote(quote: quoteText.originalString(of: trailing)))
        }
        return QuoteAlignment(sourceRange: sourceText.originalRange(of: firstSource..<(lastSource + 1)),
                              score: score, differences: differences.differences)
    }

    // MARK: - The alignment

    /// One step of an alignment path, in token indices.
    private enum Step {
        /// A quote character against a source character, equal or not.
        case aligned(quote: Int, source: Int)
        /// A quote character with no source counterpart.
        case extra(quote: Int)
        /// A source character with no quote counterpart.
        case missing(source: Int)
        /// An ellipsis of the quote against a run of source characters.
        case elided(source: Range<Int>)
    }

    /// The states of the affine-gap (Gotoh) recurrence, as stored in the traceback bytes. In an
    /// ellipsis row the diagonal state holds the ellipsis.
    private enum State {
        static let diagonal: UInt8 = 0
        static let extra: UInt8 = 1
        static let missing: UInt8 = 2
    }

    /// The cheapest fitting alignment of `quote` against a substring of `source`, both non-empty.
    ///
    /// Two rows (the previous and the current quote character) are kept for each state: the
    /// diagonal state (last step aligned two characters), the extra state (last step skipped a
    /// quote character) and the missing state (last step skipped a source character), and for
    /// the best of the three. One traceback byte per cell records the best state
    /// (bits 0–1) and where the extra (bits 2–3) and missing (bits 4–5) states came from; the
    /// diagonal state always comes from the best state of the cell up and left. Ellipsis rows
    /// take the minimum of the row above over a sliding window (a monotonic queue keeps it
    /// linear) and record the window start they chose.
    private func cheapestPath(quote: [UInt32], source: [UInt32]) -> (steps: [Step], cost: Float)? {
        let quoteCount = quote.count
        let width = source.count + 1
        // Texts that fit in memory cannot overflow this; the check only keeps it from trapping.
        let (cellCount, overflow) = (quoteCount + 1).multipliedReportingOverflow(by: width)
        guard !overflow else { return nil }
        var trace = [UInt8](repeating: 0, count: cellCount)
        var elisionStarts = [[Int]?](repeating: nil, count: quoteCount + 1)

        // Row 0: nothing of the quote aligned yet, any source prefix skipped for free.
        var previousDiagonal = [Float](repeating: 0, count: width)
        var previousExtra = [Float](repeating: .infinity, count: width)
        var previousMissing = [Float](repeating: .infinity, count: width)
        var previousBest = [Float](repeating: 0, count: width)
        var diagonal = [Float](repeating: .infinity, count: width)
        var extra = [Float](repeating: .infinity, count: width)
        var missing = [Float](repeating: .infinity, count: width)
        var best = [Float](repeating: .infinity, count: width)
        var window = [Int](repeating: 0, count: width)

        for row in 1...quoteCount {
            let token = quote[row - 1]
            let rowStart = row * width
            if token == AlignmentText.ellipsis {
                var starts = [Int](repeating: 0, count: width)
                var head = 0
                var tail = 0
                let bound = max(0, maximumElidedCharacters)
                for column in 0..<width {
                    // Equal costs keep the later start: the shortest elision.
                    while tail > head && previousBest[window[tail - 1]] >= previousBest[column] { tail -= 1 }
                    window[tail] = column
                    tail += 1
                    while window[head] < column - bound { head += 1 }
                    let start = window[head]
                    let value = previousBest[start] + ellipsisCost
                    diagonal[column] = value
                    extra[column] = .infinity
                    missing[column] = .infinity
                    best[column] = value
                    starts[column] = start
                    trace[rowStart + column] = State.diagonal
                }
                elisionStarts[row] = starts
            } else {
                fillRow(token: token, source: source, rowStart: rowStart, trace: &trace,
                        previous: (previousDiagonal, previousExtra, previousMissing, previousBest),
                        diagonal: &diagonal, extra: &extra, missing: &missing, best: &best)
            }
            swap(&previousDiagonal, &diagonal)
            swap(&previousExtra, &extra)
            swap(&previousMissing, &missing)
            swap(&previousBest, &best)
        }

        // The quote ends anywhere in the source; equal costs keep the earliest end.
        var endColumn = 0
        for column in 1..<width where previousBest[column] < previousBest[endColumn] { endColumn = column }
        let cost = previousBest[endColumn]
        guard cost.isFinite else { return nil }

        var steps: [Step] = []
        var row = quoteCount
        var column = endColumn
        var state = trace[row * width + column] & 3
        while row > 0 {
            if let starts = elisionStarts[row] {
                let start = starts[column]
                steps.append(.elided(source: start..<column))
                row -= 1
                column = start
                state = trace[row * width + column] & 3
                continue
            }
            let cell = trace[row * width + column]
            switch state {
            case State.diagonal:
                guard column > 0 else { return nil }
                steps.append(.aligned(quote: row - 1, source: column - 1))
                row -= 1
                column -= 1
                state = trace[row * width + column] & 3
            case State.extra:
                steps.append(.extra(quote: row - 1))
                state = (cell >> 2) & 3
                row -= 1
            default:
                guard column > 0 else { return nil }
                steps.append(.missing(source: column - 1))
                state = (cell >> 4) & 3
                column -= 1
            }
        }
        return (steps.reversed(), cost)
    }

    /// Fills one row of the recurrence for the quote character `token`.
    private func fillRow(token: UInt32, source: [UInt32], rowStart: Int, trace: inout [UInt8],
                         previous: (diagonal: [Float], extra: [Float], missing: [Float], best: [Float]),
                         diagonal: inout [Float], extra: inout [Float], missing: inout [Float],
                         best: inout [Float]) {
        let partners = confusions.partners(of: token)
        let partnerScalars = partners.map(\.scalar)
        let partnerCosts = partners.map(\.cost)
        let substitutionCost = substitutionCost
        let extraOpenCost = extraOpenCost
        let extraExtendCost = extraExtendCost
        let missingOpenCost = missingOpenCost
        let missingExtendCost = missingExtendCost

        // Column 0: no source character consumed, so only the extra state is reachable.
        var firstExtra = previous.diagonal[0] + extraOpenCost
        var firstFrom = State.diagonal
        if previous.extra[0] + extraExtendCost < firstExtra {
            firstExtra = previous.extra[0] + extraExtendCost
            firstFrom = State.extra
        }
        if previous.missing[0] + extraOpenCost < firstExtra {
            firstExtra = previous.missing[0] + extraOpenCost
            firstFrom = State.missing
        }
        diagonal[0] = .infinity
        extra[0] = firstExtra
        missing[0] = .infinity
        best[0] = firstExtra
        trace[rowStart] = State.extra | firstFrom << 2

        // The inner loop of the whole aligner: unchecked buffers keep it at a few nanoseconds
        // per cell. Every index is in 0..<source.count + 1, the size of every row.
        source.withUnsafeBufferPointer { sourceTokens in
            previous.diagonal.withUnsafeBufferPointer { previousDiagonal in
            previous.extra.withUnsafeBufferPointer { previousExtra in
            previous.missing.withUnsafeBufferPointer { previousMissing in
            previous.best.withUnsafeBufferPointer { previousBest in
            diagonal.withUnsafeMutableBufferPointer { diagonal in
            extra.withUnsafeMutableBufferPointer { extra in
            missing.withUnsafeMutableBufferPointer { missing in
            best.withUnsafeMutableBufferPointer { best in
            trace.withUnsafeMutableBufferPointer { trace in
                for column in 1...sourceTokens.count {
                    let sourceToken = sourceTokens[column - 1]
                    var stepCost: Float = 0
                    if sourceToken != token {
                        stepCost = substitutionCost
                        for index in partnerScalars.indices where partnerScalars[index] == sourceToken {
                            stepCost = partnerCosts[index]
                            break
                        }
                    }
                    let aligned = previousBest[column - 1] + stepCost

                    var skippedQuote = previousDiagonal[column] + extraOpenCost
                    var skippedQuoteFrom = State.diagonal
                    if previousExtra[column] + extraExtendCost < skippedQuote {
                        skippedQuote = previousExtra[column] + extraExtendCost
                        skippedQuoteFrom = State.extra
                    }
                    if previousMissing[column] + extraOpenCost < skippedQuote {
                        skippedQuote = previousMissing[column] + extraOpenCost
                        skippedQuoteFrom = State.missing
                    }

                    var skippedSource = diagonal[column - 1] + missingOpenCost
                    var skippedSourceFrom = State.diagonal
                    if missing[column - 1] + missingExtendCost < skippedSource {
                        skippedSource = missing[column - 1] + missingExtendCost
                        skippedSourceFrom = State.missing
                    }
                    if extra[column - 1] + missingOpenCost < skippedSource {
                        skippedSource = extra[column - 1] + missingOpenCost
                        skippedSourceFrom = State.extra
                    }

                    // Equal costs prefer aligning characters, then skipping source text.
                    var cellBest = aligned
                    var cellState = State.diagonal
                    if skippedSource < cellBest {
                        cellBest = skippedSource
                        cellState = State.missing
                    }
                    if skippedQuote < cellBest {
                        cellBest = skippedQuote
                        cellState = State.extra
                    }
                    diagonal[column] = aligned
                    extra[column] = skippedQuote
                    missing[column] = skippedSource
                    best[column] = cellBest
                    trace[rowStart + column] = cellState | skippedQuoteFrom << 2 | skippedSourceFrom << 4
                }
            }
            }
            }
            }
            }
            }
            }
            }
            }
        }
    }
}

// MARK: - Texts and differences

/// A text prepared for alignment: NFKC_Casefold, whitespace removed, one token per Unicode
/// scalar (an ellipsis of the quote is one token), each mapped back to the original text.
private struct AlignmentText {
    /// The token of an ellipsis: not a Unicode scalar value, so no source token equals it.
    static let ellipsis = UInt32.max

    /// The text as given, in UTF-16 units.
    let original: [UInt16]
    /// Its normalization, with the map back to `original`.
    let normalized: NormalizedText
    /// The characters compared, in order.
    private(set) var tokens: [UInt32] = []
    /// The range of normalized units each token came from.
    private(set) var unitRanges: [Range<Int>] = []

    init(_ text: String, recognizingEllipses: Bool) {
        original = Array(text.utf16)
        normalized = Normalizer.nfkcCasefold(original)
        let units = normalized.units
        var index = 0
        while index < units.count {
            let start = index
            var scalar = UInt32(units[index])
            index += 1
            if UTF16.isLeadSurrogate(units[start]), index < units.count, UTF16.isTrailSurrogate(units[index]) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[index]) - 0xDC00)
                index += 1
            }
            if Self.isWhitespace(scalar) { continue }
            // NFKC turns a spacing voiced mark (`ハ゛`) into a space and a combining mark, which
            // cannot combine across the space: fold the mark into the character before it, so
            // that `ハ゛` compares as `ハ` (a voicing confusion away from `バ`) and not as two.
            if (scalar == 0x3099 || scalar == 0x309A), let last = unitRanges.indices.last {
                unitRanges[last] = unitRanges[last].lowerBound..<index
                continue
            }
            tokens.append(scalar)
            unitRanges.append(start..<index)
        }
        if recognizingEllipses { markEllipses() }
    }

    /// The original text of the tokens `range` (non-empty), rounded outwards to whole characters.
    func originalRange(of range: Range<Int>) -> Range<Int> {
        let units = unitRanges[range.lowerBound].lowerBound..<unitRanges[range.upperBound - 1].upperBound
        return normalized.sourceRange(of: units)
    }

    /// The original text of the tokens `range`, as it stands there (whitespace inside kept).
    func originalString(of range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return String(decoding: original[originalRange(of: range)], as: UTF16.self)
    }

    /// Replaces every ellipsis by one ``ellipsis`` token, and drops those at either end.
    private mutating func markEllipses() {
        var marked: [UInt32] = []
        var markedRanges: [Range<Int>] = []
        var index = 0
        while index < tokens.count {
            let scalar = tokens[index]
            var end = index + 1
            while end < tokens.count && tokens[end] == scalar { end += 1 }
            let runLength = end - index
            let isEllipsis = switch scalar {
            case 0x22EF, 0xFE19, 0x2026, 0x2025: true  // ⋯ ︙ … ‥ (the last two if not decomposed)
            case 0x2E: runLength >= 2  // ... ..
            case 0x3002, 0x30FB: runLength >= 3  // 。。。 ・・・
            default: false
            }
            if isEllipsis {
                let range = unitRanges[index].lowerBound..<unitRanges[end - 1].upperBound
                if marked.last == Self.ellipsis, let last = markedRanges.indices.last {
                    markedRanges[last] = markedRanges[last].lowerBound..<range.upperBound
                } else {
                    marked.append(Self.ellipsis)
                    markedRanges.append(range)
                }
            } else {
                marked.append(contentsOf: tokens[index..<end])
                markedRanges.append(contentsOf: unitRanges[index..<end])
            }
            index = end
        }
        while marked.last == Self.ellipsis {
            marked.removeLast()
            markedRanges.removeLast()
        }
        let leading = marked.prefix { $0 == Self.ellipsis }.count
        tokens = Array(marked.dropFirst(leading))
        unitRanges = Array(markedRanges.dropFirst(leading))
    }

    /// Unicode White_Space, as it can remain after NFKC_Casefold (which turns most of the others,
    /// such as the ideographic space, into U+0020); the rest are listed for completeness.
    private static func isWhitespace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

/// Gathers the differences of an alignment path: each maximal run of unequal steps between two
/// equal characters (or an ellipsis) becomes one difference.
private struct DifferenceCollector {
    let quote: AlignmentText
    let source: AlignmentText
    private(set) var differences: [QuoteDifference] = []
    private var quoteTokens: Range<Int>?
    private var sourceTokens: Range<Int>?

    init(quote: AlignmentText, source: AlignmentText) {
        self.quote = quote
        self.source = source
    }

    /// Adds one unequal step to the current run.
    mutating func add(quote quoteIndex: Int?, source sourceIndex: Int?) {
        if let quoteIndex {
            quoteTokens = (quoteTokens?.lowerBound ?? quoteIndex)..<(quoteIndex + 1)
        }
        if let sourceIndex {
            sourceTokens = (sourceTokens?.lowerBound ?? sourceIndex)..<(sourceIndex + 1)
        }
    }

    /// Ends the current run, then adds `difference`.
    mutating func record(_ difference: QuoteDifference) {
        flush()
        differences.append(difference)
    }

    /// Ends the current run, if any, as one difference.
    mutating func flush() {
        defer {
            quoteTokens = nil
            sourceTokens = nil
        }
        switch (quoteTokens, sourceTokens) {
        case let (quoteTokens?, sourceTokens?):
            differences.append(.substituted(quote: quote.originalString(of: quoteTokens),
                                            source: source.originalString(of: sourceTokens)))
        case let (quoteTokens?, nil):
            differences.append(.extraInQuote(quote: quote.originalString(of: quoteTokens)))
        case let (nil, sourceTokens?):
            differences.append(.missingFromQuote(source: source.originalString(of: sourceTokens)))
        case (nil, nil):
            break
        }
    }
}
