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

    /// Keeps the phrase starts `s` at which the atom at `offset` occurs (`s + offset` is among
    /// `positions`). Both lists ascend, so one walk over the two does it.
    static func narrow(_ starts: inout [UInt32], toAtomAt offset: UInt32, positions: ArraySlice<UInt32>) {
        var kept = 0
        var next = positions.startIndex
        var index = 0
        while index < starts.count {
            let start = starts[index]
            index += 1
            let (wanted, overflow) = start.addingReportingOverflow(offset)
            guard !overflow else { break }
            while next < positions.endIndex, positions[next] < wanted { next += 1 }
            guard next < positions.endIndex else { break }
            if positions[next] == wanted {
                starts[kept] = start
                kept += 1
            }
        }
        starts.removeLast(starts.count - kept)
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
