/// Where one query leaf matches in one segment: live passages, ascending, with the number of
/// times the phrase occurs in each (for a title leaf: every live passage of each matching
/// document, with the number of times the phrase occurs in the title).
struct LeafMatches: Sendable {
    var passages: [UInt32] = []
    /// Occurrences in each passage: exact ones count 1, look-alike spellings
    /// ``QueryLeaf/variantWeight`` and synonyms ``QueryLeaf/synonymWeight``.
    var frequencies: [Double] = []
    /// Passages (or, for a title leaf, documents) that match: the leaf's share of the document frequency.
    var documentFrequency = 0

    /// The frequency for `passage`, or nil when the leaf does not match it.
    func frequency(of passage: UInt32) -> Double? {
        var start = 0
        return frequency(of: passage, from: &start)
    }

    /// The frequency for `passage`, or nil when the leaf does not match it, searching from
    /// `start`, which moves to the first passage not below `passage`. Asked for passages in
    /// ascending order, a walk costs the logarithm of each gap it skips: little where the
    /// passages asked for are dense in the list, and no more than a search where they are sparse.
    func frequency(of passage: UInt32, from start: inout Int) -> Double? {
        start = SortedOrdinals.firstIndex(in: passages, from: start, notBelow: passage)
        return start < passages.count && passages[start] == passage ? frequencies[start] : nil
    }
}

/// Evaluates leaves against one segment's postings.
struct LeafEvaluator {
    /// Most dictionary keys one prefix atom may expand to in one segment.
    static let maximumExpansion = 100_000

    let segment: LiveSegment

    /// The leaf's matches in this segment: its pattern's, and its look-alike spellings' at
    /// their lower weight.
    func matches(of leaf: QueryLeaf) throws(SakuinError) -> LeafMatches {
        var (ids, frequencies) = try occurrences(of: leaf.pattern)
        let alternatives = leaf.variants.map { ($0, QueryLeaf.variantWeight) } + leaf.synonyms.map { ($0, QueryLeaf.synonymWeight) }
        for (alternative, weight) in alternatives {
            let (alternativeIDs, alternativeFrequencies) = try occurrences(of: alternative)
            guard !alternativeIDs.isEmpty else { continue }
            (ids, frequencies) = LeafEvaluator.merge((ids, frequencies),
                                                     (alternativeIDs, alternativeFrequencies.map { $0 * weight }))
        }
        var result = LeafMatches()
        if !leaf.inTitle, segment.deletions.count == 0 {
            // Every passage is live: the occurrences are the matches as they are.
            result.documentFrequency = ids.count
            result.passages = ids
            result.frequencies = frequencies
            return result
        }
        let reader = segment.reader
        for (id, frequency) in zip(ids, frequencies) {
            if leaf.inTitle {
                var anyLive = false
                for passage in reader.documentPassages(id) where segment.isLive(passage) {
                    result.passages.append(passage)
                    result.frequencies.append(frequency)
                    anyLive = true
                }
                if anyLive { result.documentFrequency += 1 }
            } else if segment.isLive(id) {
                result.passages.append(id)
                result.frequencies.append(frequency)
                result.documentFrequency += 1
            }
        }
        return result
    }

    /// Two ascending id lists with their frequencies, as one: frequencies of a shared id add up.
    static func merge(_ first: ([UInt32], [Double]), _ second: ([UInt32], [Double])) -> ([UInt32], [Double]) {
        var ids: [UInt32] = []
        var frequencies: [Double] = []
        ids.reserveCapacity(first.0.count + second.0.count)
        frequencies.reserveCapacity(first.0.count + second.0.count)
        var left = 0
        var right = 0
        while left < first.0.count || right < second.0.count {
            if right == second.0.count || (left < first.0.count && first.0[left] < second.0[right]) {
                ids.append(first.0[left]); frequencies.append(first.1[left]); left += 1
            } else if left == first.0.count || second.0[right] < first.0[left] {
                ids.append(second.0[right]); frequencies.append(second.1[right]); right += 1
            } else {
                ids.append(first.0[left]); frequencies.append(first.1[left] + second.1[right]); left += 1; right += 1
            }
        }
        return (ids, frequencies)
    }

    /// Where `pattern` occurs in this segment: ascending ids (passages, or documents for a title
    /// pattern) with the number of occurrences in each.
    private func occurrences(of pattern: PhrasePattern) throws(SakuinError) -> ([UInt32], [Double]) {
        // Every atom's term must be in the dictionary. Looking them all up first spares decoding
        // postings for a spelling that occurs nowhere; each is looked up once, since a lookup
        // scans a front-coded dictionary block.
        let reader = segment.reader
        var locations: [SegmentReader.TermLocation?] = []
        locations.reserveCapacity(pattern.atoms.count)
        for atom in pattern.atoms {
            guard !atom.isPrefix else {
                locations.append(nil)
                continue
            }
            guard let location = reader.termLocation(of: atom.key) else { return ([], []) }
            locations.append(location)
        }
        // Bigrams that their neighbours imply but for a run ending inside the phrase are read
        // as the absence of that run end, whose postings are fewer.
        let replacements = ImpliedBigrams.replacements(of: pattern.atoms, locations: locations, reader: reader)
        var cursors: [PostingCursor] = []
        var offsets: [UInt32] = []
        cursors.reserveCapacity(pattern.atoms.count)
        offsets.reserveCapacity(pattern.atoms.count)
        for (index, (atom, location)) in zip(pattern.atoms, locations).enumerated()
        where !replacements.contains(where: { $0.atom == index }) {
            let cursor: PostingCursor
            if let location {
                do { cursor = try PostingCursor(reader: reader, location: location) } catch { throw SakuinError(error) }
            } else {
                cursor = try prefixPostings(of: atom)
            }
            if cursor.count == 0 { return ([], []) }
            cursors.append(cursor)
            offsets.append(atom.offset)
        }
        var absent: [PostingCursor] = []
        var absentOffsets: [UInt32] = []
        for replacement in replacements {
            guard let runEnd = replacement.runEnd else { continue }
            do { absent.append(try PostingCursor(reader: reader, location: runEnd)) } catch { throw SakuinError(error) }
            absentOffsets.append(pattern.atoms[replacement.atom].offset)
        }
        var ids: [UInt32] = []
        var frequencies: [Double] = []
        if cursors.count == 1 {
            // One term: its postings are the occurrences, read a block at a time.
            do { try cursors[0].drain(ids: &ids, frequencies: &frequencies) } catch { throw SakuinError(error) }
            return (ids, frequencies)
        }
        // Intersect ids first: walk the shortest list and move the others to each of its ids;
        // positions are decoded only for the ids all atoms share. Absent run ends come last.
        let order = cursors.indices.sorted { cursors[$0].count < cursors[$1].count }
        let orderedOffsets = order.map { offsets[$0] } + absentOffsets
        do throws(IndexError) {
            // Reordered rarest first and walked through a buffer pointer: an array element
            // changed in place checks the array's uniqueness at every step.
            var ordered = order.map { cursors[$0] } + absent
            let required = cursors.count
            cursors = []
            absent = []
            try ordered.withUnsafeMutableBufferPointer { (cursors) throws(IndexError) in
                try PhraseIntersection.occurrences(cursors, offsets: orderedOffsets, required: required,
                                                   ids: &ids, frequencies: &frequencies)
            }
        } catch {
            throw SakuinError(error)
        }
        return (ids, frequencies)
    }

    /// How many live passages contain the term `term` (nil: a term this segment lacks): its
    /// document frequency in this segment. Without deletions that is the dictionary's count;
    /// with some, the postings are walked to leave the deleted passages out.
    func liveFrequency(ofTerm term: SegmentReader.TermLocation?) throws(SakuinError) -> Int {
        guard let term else { return 0 }
        guard segment.deletions.count > 0 else { return term.documentFrequency }
        do throws(IndexError) {
            var cursor = try PostingCursor(reader: segment.reader, location: term)
            var live = 0
            while let id = try cursor.next() {
                if segment.isLive(id) { live += 1 }
            }
            return live
        } catch {
            throw SakuinError(error)
        }
    }

    /// Where the term `term` (nil: a term this segment lacks) occurs among `passages` (ascending
    /// live ids), with its frequencies. Only the blocks that may hold one of them are decoded,
    /// so a common word costs little when few passages are scored.
    func wordMatches(ofTerm term: SegmentReader.TermLocation?, among passages: [UInt32]) throws(SakuinError) -> LeafMatches {
        var result = LeafMatches()
        guard !passages.isEmpty, let term else { return result }
        do throws(IndexError) {
            var cursor = try PostingCursor(reader: segment.reader, location: term)
            try cursor.intersect(with: passages, ids: &result.passages, frequencies: &result.frequencies)
        } catch {
            throw SakuinError(error)
        }
        result.documentFrequency = result.passages.count
        return result
    }

    /// The postings of a prefix atom: the union over the terms that start with its key.
    private func prefixPostings(of atom: PhraseAtom) throws(SakuinError) -> PostingCursor {
        let reader = segment.reader
        do {
            let range = reader.termIndices(withPrefix: atom.key)
            guard range.count <= LeafEvaluator.maximumExpansion else {
                throw SakuinError.invalidRequest(
                    "\"\(String(decoding: atom.key.dropFirst(), as: UTF8.self))*\" matches more than "
                        + "\(LeafEvaluator.maximumExpansion) terms; make the prefix longer")
            }
            if range.count == 1 { return try PostingCursor(reader: reader, term: range.lowerBound) }
            var merged: [UInt32: [UInt32]] = [:]
            for index in range {
                let list = try reader.postings(at: index)
                for row in 0..<list.count {
                    merged[list.ids[row], default: []].append(contentsOf: list.positions(at: row))
                }
            }
            var union = PostingList.empty
            for id in merged.keys.sorted() {
                union.ids.append(id)
                union.positions.append(contentsOf: (merged[id] ?? []).sorted())
                union.positionStarts.append(union.positions.count)
            }
            return PostingCursor(reader: reader, list: union)
        } catch let error as IndexError {
            throw SakuinError(error)
        } catch let error as SakuinError {
            throw error
        } catch {
            throw SakuinError.index("\(error)")
        }
    }
}

extension PostingList {
    /// A list with no postings.
    static var empty: PostingList { PostingList(ids: [], positionStarts: [0], positions: []) }
}
