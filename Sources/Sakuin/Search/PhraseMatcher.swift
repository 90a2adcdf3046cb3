/// Finds where a phrase pattern occurs, given the positions of each of its atoms.
enum PhraseMatcher {
    /// Start positions of the phrase: positions `s` such that every atom `i` occurs at
    /// `s + atoms[i].offset`. `positions[i]` lists atom `i`'s positions, ascending.
    static func starts(of pattern: PhrasePattern, positions: [ArraySlice<UInt32>]) -> [UInt32] {
        guard let anchor = positions.indices.min(by: { positions[$0].count < positions[$1].count }) else { return [] }
        let anchorOffset = pattern.atoms[anchor].offset
        var starts: [UInt32] = []
        candidates: for position in positions[anchor] where position >= anchorOffset {
            let start = position - anchorOffset
            for index in positions.indices where index != anchor {
                if !contains(positions[index], start + pattern.atoms[index].offset) { continue candidates }
            }
            starts.append(start)
        }
        return starts
    }

    /// Binary search in an ascending slice.
    @inline(__always)
    static func contains(_ values: ArraySlice<UInt32>, _ value: UInt32) -> Bool {
        var low = values.startIndex
        var high = values.endIndex
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < values.endIndex && values[low] == value
    }
}
