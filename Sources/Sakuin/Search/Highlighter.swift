/// Finds where a query's leaves match inside one passage, by analysing the passage again: the
/// ranges, in normalized units, that snippets and highlights are made from.
struct Highlighter {
    let analyzer: TextAnalyzer

    /// A passage prepared for display: joined, normalized and tokenized.
    struct PreparedPassage {
        var units: [UInt16]
        var joined: JoinedText
        var analysed: AnalyzedText
    }

    func prepare(_ passage: CatalogPassage) -> PreparedPassage {
        let units = Array(passage.text.utf16)
        let range = min(passage.analysedRange.lowerBound, units.count)..<min(passage.analysedRange.upperBound, units.count)
        let joined = LineJoiner.join(units, range: range, cellSeparatorsAreSpaces: passage.cellSeparatorsAreSpaces)
        return PreparedPassage(units: units, joined: joined, analysed: analyzer.analyze(joined.units))
    }

    /// Ranges of normalized units matched by the scoring body leaves, in order.
    func matches(of leaves: [QueryLeaf], in passage: PreparedPassage) -> [Range<Int>] {
        var positionsByKey: [[UInt8]: [UInt32]] = [:]
        var endByStartAndKey: [StartAndKey: UInt32] = [:]
        for token in passage.analysed.tokens {
            positionsByKey[token.key.bytes, default: []].append(UInt32(token.start))
            endByStartAndKey[StartAndKey(start: UInt32(token.start), key: token.key.bytes)] = UInt32(token.end)
        }
        var ranges: [Range<Int>] = []
        for leaf in leaves where leaf.scores && !leaf.inTitle {
            var positions: [ArraySlice<UInt32>] = []
            var prefixKeys: [[[UInt8]]] = []
            for atom in leaf.pattern.atoms {
                if atom.isPrefix {
                    let keys = positionsByKey.keys.filter { $0.starts(with: atom.key) }
                    prefixKeys.append(keys)
                    positions.append(keys.flatMap { positionsByKey[$0] ?? [] }.sorted()[...])
                } else {
                    prefixKeys.append([])
                    positions.append((positionsByKey[atom.key] ?? [])[...])
                }
            }
            guard positions.allSatisfy({ !$0.isEmpty }) else { continue }
            for start in PhraseMatcher.starts(of: leaf.pattern, positions: positions) {
                var end = start + leaf.pattern.span
                for (index, atom) in leaf.pattern.atoms.enumerated() where atom.role == "prefix" {
                    let position = start + atom.offset
                    for key in prefixKeys[index] {
                        if let tokenEnd = endByStartAndKey[StartAndKey(start: position, key: key)] {
                            end = max(end, tokenEnd)
                        }
                    }
                }
                ranges.append(Int(start)..<Int(end))
            }
        }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    private struct StartAndKey: Hashable {
        var start: UInt32
        var key: [UInt8]
    }
}
