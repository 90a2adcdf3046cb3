/// Where a phrase of two or more atoms occurs, from one posting cursor per atom.
///
/// The rarest atom leads a block at a time: every position of its block becomes a candidate
/// start, a pair of id and start. Each other atom then keeps the pairs it confirms, in one pass
/// over them that moves its cursor forward only, so that one atom's work is a tight loop over
/// two sorted sequences rather than a step per id across all the atoms. What is left of a block's
/// pairs are its occurrences, counted per id.
///
/// For `パッケージ` (bigrams at offsets 0 to 3) with a block of `ッケ` holding id 7 at positions 4
/// and 20, the pairs are (7, 3) and (7, 19); `パッ` must occur at 3 or 19, `ケー` at 5 or 21, and
/// so on, and id 7 counts the pairs that survive all three.
///
/// Atoms may also be required to be absent (``ImpliedBigrams``): they drop the pairs at whose
/// start their term does occur, after every required atom has had its say.
enum PhraseIntersection {
    /// Appends each id where the phrase occurs to `ids`, ascending, and the number of its
    /// starts to `frequencies`. `cursors` are the atoms' cursors, none moved yet: the first
    /// `required` (two or more, rarest first) must occur at their offsets, the rest must not;
    /// `offsets` are their atoms' offsets in the phrase.
    static func occurrences(_ cursors: UnsafeMutableBufferPointer<PostingCursor>, offsets: [UInt32],
                            required: Int, ids: inout [UInt32], frequencies: inout [Double]) throws(IndexError) {
        precondition(required >= 2 && required <= cursors.count && offsets.count == cursors.count,
                     "a phrase of two or more required atoms")
        var pairIDs: [UInt32] = []
        var pairStarts: [UInt32] = []
        var finished = false
        // The lead's postings bound the ids; reserved once (a reservation per block would
        // reallocate to its exact size each time).
        ids.reserveCapacity(ids.count + cursors[0].count)
        frequencies.reserveCapacity(frequencies.count + cursors[0].count)
        while !finished, try cursors[0].nextBlock() {
            pairIDs.removeAll(keepingCapacity: true)
            pairStarts.removeAll(keepingCapacity: true)
            try cursors[0].appendBlockStarts(minus: offsets[0], ids: &pairIDs, starts: &pairStarts)
            var count = pairIDs.count
            for atom in 1..<required where count > 0 {
                count = try keep(&pairIDs, &pairStarts, count: count, cursor: &cursors[atom], offset: offsets[atom],
                                 whereTermIs: true)
                // An atom with no id left past this block's: no later block can match either.
                if cursors[atom].isExhausted { finished = true }
            }
            for atom in required..<cursors.count where count > 0 {
                count = try keep(&pairIDs, &pairStarts, count: count, cursor: &cursors[atom], offset: offsets[atom],
                                 whereTermIs: false)
            }
            guard count > 0 else { continue }
            var previous = pairIDs[0]
            var frequency = 0.0
            for index in 0..<count {
                let id = pairIDs[index]
                if id != previous {
                    ids.append(previous)
                    frequencies.append(frequency)
                    previous = id
                    frequency = 0
                }
                frequency += 1
            }
            ids.append(previous)
            frequencies.append(frequency)
        }
    }

    /// Appends each id where the phrase occurs to `ids`, ascending, and the number of its
    /// starts to `frequencies`: every atom is required.
    static func occurrences(_ cursors: UnsafeMutableBufferPointer<PostingCursor>, offsets: [UInt32],
                            ids: inout [UInt32], frequencies: inout [Double]) throws(IndexError) {
        try occurrences(cursors, offsets: offsets, required: cursors.count, ids: &ids, frequencies: &frequencies)
    }

    /// Keeps, at the front of the first `count` pairs, those whose start `s` has the cursor's
    /// term at `s + offset` in the pair's id (or, if `present` is false, does not), in order;
    /// returns how many there are. Moves the cursor forward to the pairs' ids, ascending; a
    /// required term stops at the first id past its last, since no pair after it can be kept.
    /// Inlined so that each call site's loop is compiled for its own `present`.
    @inline(__always)
    private static func keep(_ pairIDs: inout [UInt32], _ pairStarts: inout [UInt32], count: Int,
                             cursor: inout PostingCursor, offset: UInt32, whereTermIs present: Bool) throws(IndexError) -> Int {
        // Through buffer pointers: a write to an array element checks the array's uniqueness.
        try pairIDs.withUnsafeMutableBufferPointer { (pairIDs) throws(IndexError) in
            try pairStarts.withUnsafeMutableBufferPointer { (pairStarts) throws(IndexError) in
                var kept = 0
                var currentID = pairIDs[0]
                var hasID = try cursor.advance(to: currentID)
                if present, !hasID, cursor.isExhausted { return 0 }
                var index = 0
                while index < count {
                    let id = pairIDs[index]
                    if id != currentID {
                        currentID = id
                        hasID = try cursor.advance(to: id)
                        if present, !hasID, cursor.isExhausted { break }
                    }
                    let start = pairStarts[index]
                    var occurs = false
                    if hasID {
                        let (wanted, overflow) = start.addingReportingOverflow(offset)
                        if !overflow { occurs = try cursor.occurs(at: wanted) }
                    }
                    if occurs == present {
                        pairIDs[kept] = id
                        pairStarts[kept] = start
                        kept += 1
                    }
                    index += 1
                }
                return kept
            }
        }
    }
}
