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
    ///
    /// Phrases match on token positions (whitespace does not count); each match is mapped back
    /// to the normalized text through the tokens it is made of, from the first one's start to
    /// the last one's end.
    /// With `includingParts`, the pieces of partly matched terms are highlighted too.
    func matches(of leaves: [QueryLeaf], in passage: PreparedPassage, includingParts: Bool = false) -> [Range<Int>] {
        var positionsByKey: [[UInt8]: [UInt32]] = [:]
        var spanByPositionAndKey: [PositionAndKey: Range<Int>] = [:]
        for token in passage.analysed.tokens {
            positionsByKey[token.key.bytes, default: []].append(UInt32(token.position))
            spanByPositionAndKey[PositionAndKey(position: UInt32(token.position), key: token.key.bytes)] =
                Int(token.start)..<Int(token.end)
        }
        var ranges: [Range<Int>] = []
        for leaf in leaves where leaf.scores && !leaf.inTitle {
            for pattern in [leaf.pattern] + leaf.variants + leaf.synonyms + (includingParts ? leaf.parts : []) {
                ranges += matches(of: pattern, positionsByKey: positionsByKey, spanByPositionAndKey: spanByPositionAndKey)
            }
        }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Ranges where one pattern matches, given the passage's tokens by key and by position.
    private func matches(of pattern: PhrasePattern, positionsByKey: [[UInt8]: [UInt32]],
                         spanByPositionAndKey: [PositionAndKey: Range<Int>]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var positions: [ArraySlice<UInt32>] = []
        var keysOfAtom: [[[UInt8]]] = []
        for atom in pattern.atoms {
            let keys = atom.isPrefix ? positionsByKey.keys.filter { $0.starts(with: atom.key) } : [atom.key]
            keysOfAtom.append(keys)
            positions.append(keys.flatMap { positionsByKey[$0] ?? [] }.sorted()[...])
        }
        guard positions.allSatisfy({ !$0.isEmpty }) else { return [] }
        for start in PhraseMatcher.starts(of: pattern, positions: positions) {
            var lower = Int.max
            var upper = Int.min
            for (index, atom) in pattern.atoms.enumerated() {
                for key in keysOfAtom[index] {
                    guard let span = spanByPositionAndKey[PositionAndKey(position: start + atom.offset, key: key)] else {
                        continue
                    }
                    // A one-character prefix matches a bigram; only its first character is the query's.
                    let end = atom.role == .character ? span.lowerBound + Int(atom.length) : span.upperBound
                    lower = min(lower, span.lowerBound)
                    upper = max(upper, end)
                }
            }
            if lower < upper { ranges.append(lower..<upper) }
        }
        return ranges
    }

    private struct PositionAndKey: Hashable {
        var position: UInt32
        var key: [UInt8]
    }
}
