/// Matches a query's leaves in one segment, reading the postings of a common term only in the
/// documents that the rest of the query leaves possible.
///
/// A document matches `開発 バックエンド` only if it has both words. Once the rarer leaf's
/// documents are known, the common one (`開発`, in a tenth of all passages) needs looking up only
/// in those documents: its cursor skips to each one's passages, and the blocks between them are
/// never decoded.
///
/// Only a leaf of one exact term is narrowed, because its document frequency, which its IDF
/// needs over the whole segment, is in the dictionary. A phrase's frequency is known only by
/// matching it everywhere, so phrases are matched in full, and they are what narrows.
struct NarrowedLeafEvaluation {
    /// What the plan requires of every matching document: the children of its top-level AND
    /// other than negations; empty when nothing may be narrowed.
    let required: [QueryPlan]
    /// The required leaves that may be narrowed: a term each, scoring, in the body.
    let narrowable: [Int]

    /// What may be narrowed in `plan` over `leaves`. Under lenient matching with a leaf that may
    /// match in part (``QueryLeaf/isRelaxable``), nothing is: partial matches need every leaf's
    /// matches everywhere.
    init(plan: QueryPlan, leaves: [QueryLeaf], lenient: Bool) {
        let allowsNarrowing = !lenient || !leaves.contains(where: \.isRelaxable)
        var required: [QueryPlan] = []
        if case .and(let children) = plan {
            required = children.filter { if case .not = $0 { false } else { true } }
        }
        let narrowable = required.compactMap { child -> Int? in
            guard case .leaf(let index) = child else { return nil }
            let leaf = leaves[index]
            let isTerm = leaf.pattern.atoms.count == 1 && !leaf.pattern.atoms[0].isPrefix
                && leaf.variants.isEmpty && leaf.synonyms.isEmpty
            return leaf.scores && !leaf.inTitle && isTerm ? index : nil
        }
        // A single requirement has nothing to be narrowed by.
        guard allowsNarrowing, required.count >= 2, !narrowable.isEmpty else {
            self.required = []
            self.narrowable = []
            return
        }
        self.required = required
        self.narrowable = narrowable
    }

    /// Each leaf's matches in `segment`, in leaf order. A narrowed leaf's matches are those in
    /// the documents that meet every other requirement, with its document frequency over the
    /// whole segment, as in full; the documents the plan matches, and the scores of their
    /// passages, are the same as with every leaf matched in full.
    func matches(of leaves: [QueryLeaf], in segment: LiveSegment) throws(SakuinError) -> [LeafMatches] {
        let evaluator = LeafEvaluator(segment: segment)
        let reader = segment.reader
        var matches = [LeafMatches?](repeating: nil, count: leaves.count)
        for index in leaves.indices where !narrowable.contains(index) {
            matches[index] = try evaluator.matches(of: leaves[index])
        }
        guard !narrowable.isEmpty else { return matches.map { $0 ?? LeafMatches() } }

        // The narrowable leaves' terms. If they are all the query requires, the rarest is matched
        // in full to start from.
        let locations = narrowable.map { reader.termLocation(of: leaves[$0].pattern.atoms[0].key) }
        var narrowed = Array(narrowable.indices)
        if required.count == narrowable.count {
            let rarest = narrowed.min { (locations[$0]?.documentFrequency ?? 0) < (locations[$1]?.documentFrequency ?? 0) } ?? 0
            matches[narrowable[rarest]] = try evaluator.matches(of: leaves[narrowable[rarest]])
            narrowed.removeAll { $0 == rarest }
        }
        // The documents every requirement matched in full allows (a narrowed leaf's list is
        // not read: it occurs only as a child of its own).
        let lists = matches.map { found in found.map { SortedOrdinals.documents(of: $0.passages, reader: reader) } ?? [] }
        let narrowedLeaves = Set(narrowed.map { narrowable[$0] })
        var documents: [UInt32]?
        for child in required {
            if case .leaf(let index) = child, narrowedLeaves.contains(index) { continue }
            let list = SortedOrdinals.evaluate(child, lists: lists)
            documents = documents.map { SortedOrdinals.intersection($0, list) } ?? list
        }
        for position in narrowed {
            matches[narrowable[position]] = try evaluator.matches(ofTerm: locations[position],
                                                                  inDocuments: documents ?? [])
        }
        return matches.map { $0 ?? LeafMatches() }
    }
}

extension LeafEvaluator {
    /// The matches of the term at `term` (nil: a term this segment lacks) in the passages of
    /// `documents` (ascending ordinals), with the term's live document frequency over the whole
    /// segment.
    func matches(ofTerm term: SegmentReader.TermLocation?, inDocuments documents: [UInt32]) throws(SakuinError) -> LeafMatches {
        var result = LeafMatches()
        guard let term else { return result }
        result.documentFrequency = try liveFrequency(ofTerm: term)
        guard !documents.isEmpty else { return result }
        let reader = segment.reader
        // Room for as many postings as the documents have passages, or the term postings, if
        // fewer: reserved once, where appending would grow the arrays again and again.
        var capacity = 0
        for document in documents { capacity += reader.documentPassages(document).count }
        capacity = min(capacity, term.documentFrequency)
        result.passages.reserveCapacity(capacity)
        result.frequencies.reserveCapacity(capacity)
        do throws(IndexError) {
            var cursor = try PostingCursor(reader: reader, location: term)
            for document in documents {
                let passages = reader.documentPassages(document)
                guard !passages.isEmpty else { continue }
                _ = try cursor.advance(to: passages.lowerBound)
                guard !cursor.isExhausted else { break }
                var id = cursor.id
                while id < passages.upperBound {
                    if segment.isLive(id) {
                        result.passages.append(id)
                        result.frequencies.append(Double(cursor.termFrequency))
                    }
                    guard let next = try cursor.next() else { break }
                    id = next
                }
                if cursor.isExhausted { break }
            }
        } catch {
            throw SakuinError(error)
        }
        return result
    }
}
