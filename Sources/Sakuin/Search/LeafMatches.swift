/// Where one query leaf matches in one segment: live passages, ascending, with the number of
/// times the phrase occurs in each (for a title leaf: every live passage of each matching
/// document, with the number of times the phrase occurs in the title).
struct LeafMatches: Sendable {
    var passages: [UInt32] = []
    var frequencies: [UInt32] = []
    /// Passages (or, for a title leaf, documents) that match: the leaf's share of the document frequency.
    var documentFrequency = 0

    /// The frequency for `passage`, or nil when the leaf does not match it.
    func frequency(of passage: UInt32) -> UInt32? {
        var low = 0
        var high = passages.count
        while low < high {
            let middle = (low + high) / 2
            if passages[middle] < passage { low = middle + 1 } else { high = middle }
        }
        return low < passages.count && passages[low] == passage ? frequencies[low] : nil
    }
}

/// Evaluates leaves against one segment's postings.
struct LeafEvaluator {
    /// Most dictionary keys one prefix atom may expand to in one segment.
    static let maximumExpansion = 100_000

    let segment: LiveSegment

    /// The leaf's matches in this segment.
    func matches(of leaf: QueryLeaf) throws(SakuinError) -> LeafMatches {
        var lists: [PostingList] = []
        for atom in leaf.pattern.atoms {
            let list = try postings(of: atom)
            if list.count == 0 { return LeafMatches() }
            lists.append(list)
        }
        var result = LeafMatches()
        let reader = segment.reader
        // Intersect ids: walk the shortest list and binary-search the others.
        let order = lists.indices.sorted { lists[$0].count < lists[$1].count }
        var cursors = [Int](repeating: 0, count: lists.count)
        candidates: for (row, id) in lists[order[0]].ids.enumerated() {
            var rows = [Int](repeating: 0, count: lists.count)
            rows[order[0]] = row
            for index in order.dropFirst() {
                let ids = lists[index].ids
                var low = cursors[index]
                var high = ids.count
                while low < high {
                    let middle = (low + high) / 2
                    if ids[middle] < id { low = middle + 1 } else { high = middle }
                }
                cursors[index] = low
                guard low < ids.count, ids[low] == id else { continue candidates }
                rows[index] = low
            }
            let frequency: Int
            if lists.count == 1 {
                frequency = lists[0].termFrequency(at: row)
            } else {
                let positions = lists.indices.map { lists[$0].positions(at: rows[$0]) }
                frequency = PhraseMatcher.starts(of: leaf.pattern, positions: positions).count
            }
            guard frequency > 0 else { continue }
            if leaf.inTitle {
                var anyLive = false
                for passage in reader.documentPassages(id) where segment.isLive(passage) {
                    result.passages.append(passage)
                    result.frequencies.append(UInt32(frequency))
                    anyLive = true
                }
                if anyLive { result.documentFrequency += 1 }
            } else if segment.isLive(id) {
                result.passages.append(id)
                result.frequencies.append(UInt32(frequency))
                result.documentFrequency += 1
            }
        }
        return result
    }

    /// The live passages containing the exact term `key`, with its frequencies.
    func wordMatches(_ key: [UInt8]) throws(SakuinError) -> LeafMatches {
        var result = LeafMatches()
        guard let index = segment.reader.termIndex(of: key) else { return result }
        let list: PostingList
        do { list = try segment.reader.postings(at: index) } catch { throw SakuinError(error) }
        for row in 0..<list.count where segment.isLive(list.ids[row]) {
            result.passages.append(list.ids[row])
            result.frequencies.append(UInt32(list.termFrequency(at: row)))
        }
        result.documentFrequency = result.passages.count
        return result
    }

    /// The postings of an atom: one term's, or the union over a prefix's terms.
    private func postings(of atom: PhraseAtom) throws(SakuinError) -> PostingList {
        let reader = segment.reader
        do {
            guard atom.isPrefix else {
                guard let index = reader.termIndex(of: atom.key) else { return PostingList.empty }
                return try reader.postings(at: index)
            }
            let range = reader.termIndices(withPrefix: atom.key)
            guard range.count <= LeafEvaluator.maximumExpansion else {
                throw SakuinError.invalidRequest(
                    "\"\(String(decoding: atom.key.dropFirst(), as: UTF8.self))*\" matches more than "
                        + "\(LeafEvaluator.maximumExpansion) terms; make the prefix longer")
            }
            if range.count == 1 { return try reader.postings(at: range.lowerBound) }
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
            return union
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
