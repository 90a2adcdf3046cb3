/// Runs a query over a snapshot of the index: matches leaves in every segment, combines them by
/// the query's boolean shape, scores the result with BM25 and builds the hits.
///
/// Matching is exact and set-based per segment, with tombstones applied before anything is
/// counted, so document frequencies and length norms are those of the live collection.
struct Searcher {
    let snapshot: IndexSnapshot
    let catalog: Catalog
    let analyzer: TextAnalyzer
    var bm25 = BM25()

    /// A scored passage (with ``DocumentRanking/allPassages``, a document's entry and score).
    struct Candidate {
        var score: Double
        var segment: Int
        var passage: UInt32
        var document: Int64
        /// Whether it holds only part of the query (``Searcher/partialCandidates(plan:leaves:leafMatches:leafIDF:excluding:)``).
        var isPartial = false

        /// Best first: by score, then document, then position, so that ties rank the same way every time.
        static func ranksBefore(_ first: Candidate, _ second: Candidate) -> Bool {
            if first.score != second.score { return first.score > second.score }
            if first.document != second.document { return first.document < second.document }
            return (first.segment, first.passage) < (second.segment, second.passage)
        }
    }

    /// What ranking a query found: the page of candidates and what its hits need to be built
    /// and explained. Made from the snapshot alone; only building the hits reads the catalog.
    struct Ranking {
        var query: String
        var options: SearchOptions
        /// Whether the query has anything to search for; without, the rest is empty.
        var hasSearchableTerms = true
        /// The candidates of the page, best first.
        var page: [Candidate] = []
        /// How many passages (or documents, when grouped) match in all.
        var total = 0
        var leaves: [QueryLeaf] = []
        /// Per segment, each leaf's matches.
        var leafMatches: [[LeafMatches]] = []
        /// Each leaf's document frequency and inverse document frequency.
        var leafIDF: [(Int, Double)] = []
        var wordKeys: [[UInt8]] = []
        /// Per segment, each word's matches.
        var wordMatches: [[LeafMatches]] = []
        var wordIDF: [(Int, Double)] = []

        /// The catalog ids of the page's documents, in page order.
        var documentIDs: [Int64] { page.map(\.document) }
    }

    func search(_ query: String, options: SearchOptions) throws(SakuinError) -> SearchResults {
        try results(of: rank(query, options: options))
    }

    /// Parses, matches and ranks `query`, as far as the page `options` ask for.
    func rank(_ query: String, options: SearchOptions) throws(SakuinError) -> Ranking {
        guard options.limit >= 1 else { throw SakuinError.invalidRequest("the limit must be 1 or more, not \(options.limit)") }
        guard options.offset >= 0 else { throw SakuinError.invalidRequest("the offset must be 0 or more, not \(options.offset)") }
        let node: QueryNode
        do { node = try QueryParser.parse(query) } catch { throw SakuinError.query(error) }
        let lenient = options.matching == .lenient
        guard let compiled = QueryCompiler(analyzer: analyzer, matchesLookAlikes: lenient,
                                           thesaurus: lenient ? options.thesaurus : nil)
            .searchablePlan(node) else {
            return Ranking(query: query, options: options, hasSearchableTerms: false)
        }
        let (plan, leaves) = compiled

        // Leaf and word matches per segment, and their global frequencies.
        var leafMatches: [[LeafMatches]] = []
        var wordKeys: [[UInt8]] = []
        for leaf in leaves where leaf.scores && !leaf.inTitle {
            for key in leaf.wordKeys where !wordKeys.contains(key) { wordKeys.append(key) }
        }
        var wordFrequencies = [Int](repeating: 0, count: wordKeys.count)
        var wordTerms: [[SegmentReader.TermLocation?]] = []
        let narrowing = NarrowedLeafEvaluation(plan: plan, leaves: leaves, lenient: lenient)
        for segment in snapshot.segments {
            let evaluator = LeafEvaluator(segment: segment)
            leafMatches.append(try narrowing.matches(of: leaves, in: segment))
            // Looked up once per segment: front-coded dictionary blocks are scanned per lookup.
            let terms = wordKeys.map { segment.reader.termLocation(of: $0) }
            wordTerms.append(terms)
            for (word, term) in terms.enumerated() { wordFrequencies[word] += try evaluator.liveFrequency(ofTerm: term) }
        }
        let leafIDF = leaves.indices.map { leaf in
            let frequency = leafMatches.reduce(0) { $0 + $1[leaf].documentFrequency }
            let count = leaves[leaf].inTitle ? snapshot.documentCount : snapshot.passageCount
            return (frequency, BM25.inverseDocumentFrequency(frequency, of: count))
        }
        let wordIDF = wordFrequencies.map { ($0, BM25.inverseDocumentFrequency($0, of: snapshot.passageCount)) }

        // The end of the page, saturating: an offset near Int.max is valid and simply past the end.
        let (sum, overflow) = options.offset.addingReportingOverflow(min(options.limit, SearchOptions.maximumLimit))
        let pageEnd = overflow ? Int.max : sum
        // Documents ranked by all their passages sum raw scores; the kind prior is for passages.
        let weighsKinds = !options.groupsByDocument || options.documentRanking == .bestPassage
        // Without kinds, documents are ranked as each segment's passages are scored, a document
        // at a time, and only the page and what comes before it is kept.
        let collectsDocuments = options.groupsByDocument && !weighsKinds
        var topDocuments = DocumentRanker.TopDocuments(ranking: options.documentRanking,
                                                       keeping: collectsDocuments ? pageEnd : 0)

        // Combine and score.
        var candidates: [Candidate] = []
        let scorer = PassageScorer(bm25: bm25, averagePassageLength: snapshot.averagePassageLength, leaves: leaves,
                                   leafIDF: leafIDF.map(\.1), wordKeys: wordKeys, wordIDF: wordIDF.map(\.1))
        // Words are looked up only where they can score: in the passages the query matched.
        var wordMatches: [[LeafMatches]] = []
        for (segmentIndex, segment) in snapshot.segments.enumerated() {
            let matched = matchingPassages(plan, leaves: leaves, matches: leafMatches[segmentIndex],
                                           reader: segment.reader)
            let evaluator = LeafEvaluator(segment: segment)
            var perWord: [LeafMatches] = []
            for term in wordTerms[segmentIndex] { perWord.append(try evaluator.wordMatches(ofTerm: term, among: matched)) }
            wordMatches.append(perWord)
            let reader = segment.reader
            let scores = scorer.scores(of: matched, reader: reader, leafMatches: leafMatches[segmentIndex],
                                       wordMatches: perWord)
            if collectsDocuments {
                topDocuments.add(passages: matched, scores: scores, segment: segmentIndex, reader: reader)
                continue
            }
            candidates.reserveCapacity(candidates.count + matched.count)
            for (passage, score) in zip(matched, scores) {
                candidates.append(Candidate(score: score, segment: segmentIndex, passage: passage,
                                            document: reader.documentCatalogID(reader.passageDocument(passage))))
            }
        }
        if weighsKinds {
            candidates.sort(by: Candidate.ranksBefore)
            candidates = try weightedByKind(candidates, pageEnd: pageEnd, groupsByDocument: options.groupsByDocument)
        }
        var total = candidates.count
        if collectsDocuments {
            candidates = topDocuments.entries()
            total = topDocuments.documentCount
        } else if options.groupsByDocument {
            candidates = DocumentRanker(ranking: options.documentRanking).rank(candidates)
            total = candidates.count
        }
        if options.matching == .lenient, total < pageEnd {
            // Every matching document is in `candidates` here: there are fewer than a page.
            var seen = Set(candidates.map(\.document))
            var partial = try partialCandidates(plan: plan, leaves: leaves, leafMatches: leafMatches,
                                                leafIDF: leafIDF, excluding: candidates)
            if weighsKinds {
                partial = try weightedByKind(partial, pageEnd: pageEnd,
                                             groupsByDocument: options.groupsByDocument)
            }
            if options.groupsByDocument {
                partial = partial.filter { seen.insert($0.document).inserted }
            }
            candidates += partial
        }

        let page = Array(candidates.dropFirst(options.offset).prefix(min(options.limit, SearchOptions.maximumLimit)))
        return Ranking(query: query, options: options, page: page, total: total, leaves: leaves,
                       leafMatches: leafMatches, leafIDF: leafIDF, wordKeys: wordKeys, wordMatches: wordMatches,
                       wordIDF: wordIDF)
    }

    /// The hits of `ranking`'s page: where each passage is, from its segment, and its document's
    /// name, texts and notes, from the catalog.
    func results(of ranking: Ranking) throws(SakuinError) -> SearchResults {
        let options = ranking.options
        guard ranking.hasSearchableTerms else {
            return SearchResults(query: ranking.query, total: 0, hits: [], offset: options.offset, hasSearchableTerms: false)
        }
        let page = ranking.page
        var hits: [SearchHit] = []
        let highlighter = Highlighter(analyzer: analyzer)
        let snippets = SnippetBuilder()
        var footnotes: [Int64: [CatalogPassage]] = [:]
        // A hit is where its passage is, from its segment, and its document's name, from the
        // catalog once per commit. Its text, when asked for, is one catalog read, the page's with
        // one statement; notes are found by the markers in the text, so they need it too.
        let located: [(location: PassageLocation, document: DocumentReference)]
        var passages: [CatalogPassage]?
        do throws(IndexError) {
            if options.includesText || options.includesNotes { passages = try texts(of: page) }
            located = try locatedHits(page)
        } catch { throw SakuinError(error) }
        for (index, (candidate, (location, document))) in zip(page, located).enumerated() {
            let segment = snapshot.segments[candidate.segment]
            let passage = passages?[index]
            var snippet = Snippet(text: "", highlights: [])
            var textHighlights: [Range<Int>] = []
            if options.includesText, let passage {
                let prepared = highlighter.prepare(passage)
                let ranges = highlighter.matches(of: ranking.leaves, in: prepared, includingParts: candidate.isPartial)
                snippet = snippets.snippet(joined: prepared.joined, normalized: prepared.analysed.normalized, matches: ranges)
                textHighlights = snippets.originalHighlights(passageText: prepared.units, joined: prepared.joined,
                                                             normalized: prepared.analysed.normalized, matches: ranges)
            }
            let explanation = options.explains && !candidate.isPartial
                ? scoreParts(passage: candidate.passage, segment: segment, leaves: ranking.leaves,
                             leafMatches: ranking.leafMatches[candidate.segment], leafIDF: ranking.leafIDF,
                             wordKeys: ranking.wordKeys, wordMatches: ranking.wordMatches[candidate.segment],
                             wordIDF: ranking.wordIDF)
                : []
            var cited: [CitedNote] = []
            if options.includesNotes, let passage { cited = try notes(citedBy: passage, cache: &footnotes) }
            hits.append(SearchHit(
                rank: options.offset + hits.count + 1, score: candidate.score,
                document: document,
                lineStart: location.lineStart, lineEnd: location.lineEnd, kind: location.kind, section: location.section,
                snippet: snippet, text: options.includesText ? passage?.text ?? "" : "", textHighlights: textHighlights,
                explanation: explanation,
                notes: cited,
                isPartial: candidate.isPartial))
        }
        return SearchResults(query: ranking.query, total: ranking.total, hits: hits, offset: options.offset)
    }

    /// Each hit of the page located by its segment, with its document's name from the catalog.
    private func locatedHits(_ page: [Candidate]) throws(IndexError)
        -> [(location: PassageLocation, document: DocumentReference)] {
        let documents = try catalog.documentReferences(page.map(\.document), generation: snapshot.generation)
        return try zip(page, documents).map { candidate, document throws(IndexError) in
            guard let document else {
                throw IndexError.catalog("catalog has no document \(candidate.document); run `sakuin index --rebuild`")
            }
            return (try snapshot.segments[candidate.segment].reader.passageLocation(candidate.passage), document)
        }
    }

    /// The passage of each hit of the page, with its text, from the catalog.
    private func texts(of page: [Candidate]) throws(IndexError) -> [CatalogPassage] {
        let passages = try catalog.hitPassages(page.map { (snapshot.segments[$0.segment].id, $0.passage) })
        return try zip(page, passages).map { candidate, passage throws(IndexError) in
            guard let passage else {
                throw IndexError.catalog("catalog has no passage \(candidate.passage) of segment "
                    + "\(snapshot.segments[candidate.segment].id); run `sakuin index --rebuild`")
            }
            return passage
        }
    }

    /// The footnotes `passage` cites, each note once, in marker order. A note number that occurs
    /// more than once in the document (numbering restarted per chapter) resolves to the first
    /// note of that number after the passage, else the last before it.
    private func notes(citedBy passage: CatalogPassage, cache: inout [Int64: [CatalogPassage]]) throws(SakuinError) -> [CitedNote] {
        guard passage.kind != .footnote else { return [] }
        let notes: [CatalogPassage]
        if let cached = cache[passage.documentID] {
            notes = cached
        } else {
            do { notes = try catalog.footnotes(document: passage.documentID) } catch { throw SakuinError(error) }
            cache[passage.documentID] = notes
        }
        guard !notes.isEmpty else { return [] }
        let known = Set(notes.compactMap(\.footnoteNumber))
        var cited: [CitedNote] = []
        var seen = Set<Int>()
        for marker in FootnoteMarkers.markers(in: passage.text, knownNumbers: known) where seen.insert(marker.number).inserted {
            let numbered = notes.filter { $0.footnoteNumber == marker.number }
            guard let note = numbered.first(where: { $0.lineStart > passage.lineEnd }) ?? numbered.last else { continue }
            cited.append(CitedNote(number: marker.number, lineStart: note.lineStart, lineEnd: note.lineEnd, text: note.text))
        }
        return cited
    }

    /// The passages of one segment to rank: the boolean query is decided per document (all of
    /// `停戦 ロシア` must occur in the document, `-ロシア` keeps out documents that have it), and
    /// every passage of a matching document that matches a scoring leaf is a candidate, so a
    /// document that spreads the query over several paragraphs is found, and BM25 ranks the
    /// passages that hold more of it first.
    private func matchingPassages(_ plan: QueryPlan, leaves: [QueryLeaf], matches: [LeafMatches],
                                  reader: SegmentReader) -> [UInt32] {
        // One scoring leaf alone: its passages are the candidates, whatever their documents.
        if case .leaf(let index) = plan, leaves[index].scores { return matches[index].passages }
        let documentLists = matches.map { SortedOrdinals.documents(of: $0.passages, reader: reader) }
        let documents = SortedOrdinals.evaluate(plan, lists: documentLists)
        guard !documents.isEmpty else { return [] }
        var passages: [UInt32] = []
        for (index, leaf) in leaves.enumerated() where leaf.scores {
            passages = SortedOrdinals.union(
                passages, SortedOrdinals.passages(matches[index].passages, inDocuments: documents, reader: reader))
        }
        return passages
    }

    /// The score of a passage, part by part.
    private func scoreParts(passage: UInt32, segment: LiveSegment, leaves: [QueryLeaf], leafMatches: [LeafMatches],
                            leafIDF: [(Int, Double)], wordKeys: [[UInt8]], wordMatches: [LeafMatches],
                            wordIDF: [(Int, Double)]) -> [ScorePart] {
        let length = segment.reader.passageLength(passage)
        var parts: [ScorePart] = []
        var scoredWords = Set<Int>()
        for (index, leaf) in leaves.enumerated() where leaf.scores {
            guard let frequency = leafMatches[index].frequency(of: passage) else { continue }
            let (documentFrequency, idf) = leafIDF[index]
            let score = leaf.inTitle
                ? BM25(k1: bm25.k1, b: 0).score(frequency: frequency, length: 1, averageLength: 1, idf: idf)
                : bm25.score(frequency: frequency, length: length, averageLength: snapshot.averagePassageLength, idf: idf)
            parts.append(ScorePart(term: leaf.text, field: leaf.inTitle ? "title" : "body",
                                   matchedAs: Searcher.describe(leaf), termFrequency: Int(frequency.rounded(.up)),
                                   documentFrequency: documentFrequency, inverseDocumentFrequency: idf, score: score))
            guard !leaf.inTitle else { continue }
            for key in leaf.wordKeys {
                guard let word = wordKeys.firstIndex(of: key), scoredWords.insert(word).inserted,
                      let wordFrequency = wordMatches[word].frequency(of: passage) else { continue }
                let (wordDF, wordIDFValue) = wordIDF[word]
                parts.append(ScorePart(
                    term: String(decoding: key.dropFirst(), as: UTF8.self), field: "body", matchedAs: "word",
                    termFrequency: Int(wordFrequency.rounded(.up)), documentFrequency: wordDF, inverseDocumentFrequency: wordIDFValue,
                    score: bm25.score(frequency: wordFrequency, length: length,
                                      averageLength: snapshot.averagePassageLength, idf: wordIDFValue)))
            }
        }
        return parts
    }

    /// How a leaf matches, in plain words: `phrase of 3 bigrams`, `word`, `character prefix`, ….
    static func describe(_ leaf: QueryLeaf) -> String {
        var counts: [PhraseAtom.Role: Int] = [:]
        for atom in leaf.pattern.atoms { counts[atom.role, default: 0] += 1 }
        let pieces = PhraseAtom.Role.allCases.compactMap { role -> String? in
            guard let count = counts[role] else { return nil }
            return count == 1 ? "1 \(role.names.one)" : "\(count) \(role.names.many)"
        }
        let description = pieces.joined(separator: " + ")
        let alternatives = leaf.synonyms.isEmpty ? ""
            : leaf.synonyms.count == 1 ? ", or its synonym" : ", or one of \(leaf.synonyms.count) synonyms"
        return (leaf.pattern.atoms.count == 1 ? description : "phrase of \(description)") + alternatives
    }
}
