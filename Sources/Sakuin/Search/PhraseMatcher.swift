/// Finds where a phrase pattern occurs, given the positions of each of its atoms.
enum PhraseMatcher {
    /// Start positions of the phrase: positions `s` such that every atom `i` occurs at
    /// `s + atoms[i].offset`. `positions[i]` lists atom `i`'s positions, ascending.
    static func starts(of pattern: PhrasePattern, positions: [ArraySlice<UInt32>]) -> [UInt32] {
        guard let anchor = positions.indices.min(by: { positions[$0].count < positions[$1].count }) else { return [] }
        let anchorOffset = pattern.atoms[anchor].offset
        var starts = positions[anchor].filter { $0 >= anchorOffset }.map { $0 - anchorOffset }
        for index in positions.indices where index != anchor && !starts.isEmpty {
            narrow(&starts, toAtomAt: pattern.atoms[index].offset, positions: positions[index])
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
}
