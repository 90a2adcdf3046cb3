/// Partial matches: when fewer passages hold the whole query than a page shows, the passages
/// that hold most of each unquoted term fill the page after them.
///
/// Extracted text loses characters to OCR and papers vary their wording (口朝関係 for 露朝関係,
/// 非ナチ化 for 非ナチス化), so a researcher who finds nothing, or three passages, is better served
/// by the passages that come closest than by an empty page. A term's pieces are its words when
/// ICU splits it (停戦条件 → 停戦, 条件), else its character pairs and Latin words; a passage holds
/// the term partly when the pieces it has carry at least ``Searcher/minimumPartialCoverage`` of
/// the term's weight, each piece weighted by its IDF (a rare pair counts more than a common
/// one). Quoted phrases, prefixes, title terms and negations stay exact.
extension Searcher {
    /// The least share of a term's IDF weight a passage must hold to match it partly.
    static let minimumPartialCoverage = 0.5

    /// Passages of documents that the query matches once its unquoted terms may match partly,
    /// with their scores, best first, leaving out `full` (the passages that match in full).
    func partialCandidates(plan: QueryPlan, leaves: [QueryLeaf], leafMatches: [[LeafMatches]],
                           leafIDF: [(Int, Double)], excluding full: [Candidate]) throws(SakuinError) -> [Candidate] {
        let relaxable = leaves.indices.filter { leaves[$0].isRelaxable }
        guard !relaxable.isEmpty else { return [] }

        // Every piece's matches, per segment, and its IDF over the whole snapshot.
        var pieceMatches: [[[LeafMatches]]] = []
        for segment in snapshot.segments {
            let evaluator = LeafEvaluator(segment: segment)
            var perLeaf: [[LeafMatches]] = []
            for leaf in relaxable {
                var perPiece: [LeafMatches] = []
                for piece in leaves[leaf].parts {
                    perPiece.append(try evaluator.matches(of: QueryLeaf(
                        text: leaves[leaf].text, syntax: "term piece", inTitle: false, pattern: piece,
                        wordKeys: [], scores: true)))
                }
                perLeaf.append(perPiece)
            }
            pieceMatches.append(perLeaf)
        }
        let pieceIDF: [[Double]] = relaxable.indices.map { position in
            leaves[relaxable[position]].parts.indices.map { piece in
                let frequency = pieceMatches.reduce(0) { $0 + $1[position][piece].documentFrequency }
                return BM25.inverseDocumentFrequency(frequency, of: snapshot.passageCount)
            }
        }

        let fullPassages = Set(full.map { PassageKey(segment: $0.segment, passage: $0.passage) })
        var candidates: [Candidate] = []
        for (segmentIndex, segment) in snapshot.segments.enumerated() {
            let reader = segment.reader
            // Per relaxable leaf: the passages that hold it partly, with their score for it.
            var partialScores: [[UInt32: Double]] = []
            for position in relaxable.indices {
                let weight = pieceIDF[position].reduce(0, +)
                var coverage: [UInt32: Double] = [:]
                var score: [UInt32: Double] = [:]
                for (piece, matches) in pieceMatches[segmentIndex][position].enumerated() {
                    let idf = pieceIDF[position][piece]
                    for (passage, frequency) in zip(matches.passages, matches.frequencies) {
                        coverage[passage, default: 0] += weight > 0 ? idf / weight : 0
                        score[passage, default: 0] += bm25.score(
                            frequency: frequency, length: reader.passageLength(passage),
                            averageLength: snapshot.averagePassageLength, idf: idf)
                    }
                }
                var kept: [UInt32: Double] = [:]
                for (passage, share) in coverage where share >= Searcher.minimumPartialCoverage {
                    // Scaled by the share held, so that a passage with more of the term ranks higher.
                    kept[passage] = share * (score[passage] ?? 0)
                }
                partialScores.append(kept)
            }

            // The boolean query over documents, each relaxable leaf matched in full or in part.
            var lists = leafMatches[segmentIndex].map { SortedOrdinals.documents(of: $0.passages, reader: reader) }
            for (position, leaf) in relaxable.enumerated() {
                let partial = SortedOrdinals.documents(of: partialScores[position].keys.sorted(), reader: reader)
                lists[leaf] = SortedOrdinals.union(lists[leaf], partial)
            }
            let documents = Set(SortedOrdinals.evaluate(plan, lists: lists))
            guard !documents.isEmpty else { continue }

            var passages = Set<UInt32>()
            for scores in partialScores {
                for passage in scores.keys where documents.contains(reader.passageDocument(passage))
                    && !fullPassages.contains(PassageKey(segment: segmentIndex, passage: passage)) {
                    passages.insert(passage)
                }
            }
            for passage in passages {
                var score = 0.0
                for (index, leaf) in leaves.enumerated() where leaf.scores && !leaf.inTitle && leaf.syntax != "term part" {
                    if let frequency = leafMatches[segmentIndex][index].frequency(of: passage) {
                        score += bm25.score(frequency: frequency, length: reader.passageLength(passage),
                                            averageLength: snapshot.averagePassageLength, idf: leafIDF[index].1)
                    } else if let position = relaxable.firstIndex(of: index) {
                        score += partialScores[position][passage] ?? 0
                    }
                }
                candidates.append(Candidate(score: score, segment: segmentIndex, passage: passage,
                                            document: reader.documentCatalogID(reader.passageDocument(passage)),
                                            isPartial: true))
            }
        }
        candidates.sort(by: Candidate.ranksBefore)
        return candidates
    }

    /// A passage of one segment of the snapshot.
    struct PassageKey: Hashable {
        var segment: Int
        var passage: UInt32
    }
}
