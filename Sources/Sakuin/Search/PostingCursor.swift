/// Walks one atom's postings in id order, decoding a term's blocks only when an id in them is
/// asked for, and positions only of the ids a phrase needs.
///
/// Intersecting the atoms of `プロジェクト` walks the shortest list and asks the others for each
/// of its ids (``advance(to:)``): a longer list's blocks that hold none of them are never read.
///
/// A struct moved in place (a local variable, or an element of a local array): a class's stored
/// properties are checked for exclusivity at run time at every step, a local value's at compile
/// time.
struct PostingCursor {
    /// Where the postings come from: a term's blocks on disk, or a list already decoded (the
    /// union of a prefix's terms).
    private enum Source {
        case blocks(SegmentReader.TermBlocks)
        case list(PostingList)
    }

    private let reader: SegmentReader
    private let source: Source
    private let blocks: SegmentReader.TermBlocks?
    /// The number of postings.
    let count: Int
    /// For each block, an id its ids do not exceed, ascending (see `SegmentReader.TermBlocks`).
    private let lastIDs: [UInt32]
    /// The block in hand, -1 before the first.
    private var blockIndex = -1
    private var decoded = DecodedBlock()
    /// The ids of the block in hand.
    private var ids: [UInt32] = []
    /// The current posting in the block in hand; -1 before its first.
    private var row = -1
    /// Positions of the current posting, decoded into the same buffer each time.
    /// Whether every posting has been passed.
    private(set) var isExhausted = false

    /// A cursor over the postings of the term at `term`.
    init(reader: SegmentReader, term: Int) throws(IndexError) {
        try self.init(reader: reader, blocks: reader.termBlocks(at: term))
    }

    /// A cursor over the postings of the term `location` names, looked up already.
    init(reader: SegmentReader, location: SegmentReader.TermLocation) throws(IndexError) {
        try self.init(reader: reader, blocks: reader.termBlocks(at: location))
    }

    private init(reader: SegmentReader, blocks: SegmentReader.TermBlocks) {
        self.reader = reader
        source = .blocks(blocks)
        self.blocks = blocks
        count = blocks.count
        lastIDs = blocks.lastIDs
    }

    /// A cursor over a decoded list.
    init(reader: SegmentReader, list: PostingList) {
        self.reader = reader
        source = .list(list)
        blocks = nil
        count = list.count
        lastIDs = list.ids.last.map { [$0] } ?? []
    }

    /// The id of the current posting: the one the last ``next()`` returned, or the first at or
    /// after the last ``advance(to:)`` target. Only while the cursor is not exhausted.
    var id: UInt32 { ids[row] }

    /// Moves to the next posting and returns its id, or nil past the last.
    mutating func next() throws(IndexError) -> UInt32? {
        guard !isExhausted else { return nil }
        row += 1
        while row >= ids.count {
            guard blockIndex + 1 < lastIDs.count else {
                isExhausted = true
                return nil
            }
            try load(blockIndex + 1)
            row = 0
        }
        return ids[row]
    }

    /// Moves forward to the first posting whose id is `target` or more, and tells whether its id
    /// is `target`. Never moves back: targets must not decrease from call to call.
    mutating func advance(to target: UInt32) throws(IndexError) -> Bool {
        guard !isExhausted else { return false }
        if blockIndex < 0 || target > lastIDs[blockIndex] {
            // The first later block whose last id reaches the target.
            let block = SortedOrdinals.firstIndex(in: lastIDs, from: blockIndex + 1, notBelow: target)
            guard block < lastIDs.count else {
                isExhausted = true
                return false
            }
            try load(block)
            row = 0
        }
        // Most targets lie a posting or two on (the lists of a phrase's atoms are alike): those
        // are stepped to before galloping.
        var low = max(row, 0)
        if low < ids.count, ids[low] < target {
            low += 1
            if low < ids.count, ids[low] < target {
                low = SortedOrdinals.firstIndex(in: ids, from: low + 1, notBelow: target)
            }
        }
        // A stored last id is exact, so the search ends inside the block; only the bound of a
        // term's one block (which has no skip table) can lie past its ids, and nothing follows it.
        guard low < ids.count else {
            row = ids.count - 1
            isExhausted = true
            return false
        }
        row = low
        return ids[row] == target
    }

    /// How many times the term occurs in the current posting.
    var termFrequency: Int {
        if case .list(let list) = source { return list.termFrequency(at: row) }
        return Int(decoded.block.termFrequencies[row])
    }

    /// Appends every posting not yet passed (those after the current one) to `ids`, with its
    /// term frequency to `frequencies`, a block at a time, and leaves the cursor exhausted: a
    /// term read whole needs no step per posting.
    mutating func drain(ids output: inout [UInt32], frequencies: inout [Double]) throws(IndexError) {
        guard !isExhausted else { return }
        output.reserveCapacity(output.count + count)
        frequencies.reserveCapacity(frequencies.count + count)
        while true {
            let first = row + 1
            if first < ids.count {
                output.append(contentsOf: ids[first...])
                switch source {
                case .blocks:
                    for frequency in decoded.block.termFrequencies[first...] { frequencies.append(Double(frequency)) }
                case .list(let list):
                    for index in first..<ids.count { frequencies.append(Double(list.termFrequency(at: index))) }
                }
            }
            guard blockIndex + 1 < lastIDs.count else { break }
            try load(blockIndex + 1)
            row = -1
        }
        row = max(ids.count - 1, 0)
        isExhausted = true
    }

    /// Appends the postings whose ids are among `targets` (ascending) to `ids`, with their term
    /// frequencies to `frequencies`, and leaves the cursor exhausted. Blocks are decoded only
    /// where a target may lie, and each block in hand is merged with the targets in one walk
    /// over both, rather than searched once per target.
    mutating func intersect(with targets: [UInt32], ids output: inout [UInt32],
                            frequencies: inout [Double]) throws(IndexError) {
        guard case .blocks = source else {
            // A decoded list (a prefix's union) is in hand whole: each target is looked up.
            for target in targets {
                if try advance(to: target) {
                    output.append(target)
                    frequencies.append(Double(termFrequency))
                } else if isExhausted {
                    break
                }
            }
            isExhausted = true
            return
        }
        // At most one posting per target: reserved once, where appending would grow the arrays
        // again and again.
        output.reserveCapacity(output.count + min(targets.count, count))
        frequencies.reserveCapacity(frequencies.count + min(targets.count, count))
        var next = 0
        var rowInBlock = blockIndex < 0 ? ids.count : max(row, 0)
        while next < targets.count {
            if rowInBlock >= ids.count {
                // Every id in hand is below the target: the first later block that reaches it.
                let block = SortedOrdinals.firstIndex(in: lastIDs, from: blockIndex + 1, notBelow: targets[next])
                guard block < lastIDs.count else { break }
                try load(block)
                rowInBlock = 0
            }
            (rowInBlock, next) = ids.withUnsafeBufferPointer { blockIDs in
                decoded.block.termFrequencies.withUnsafeBufferPointer { blockFrequencies in
                    targets.withUnsafeBufferPointer { targets in
                        var row = rowInBlock
                        var target = next
                        while target < targets.count, row < blockIDs.count {
                            let id = blockIDs[row]
                            let wanted = targets[target]
                            if id < wanted {
                                row += 1
                            } else if id > wanted {
                                target += 1
                            } else {
                                output.append(id)
                                frequencies.append(Double(blockFrequencies[row]))
                                row += 1
                                target += 1
                            }
                        }
                        return (row, target)
                    }
                }
            }
        }
        row = max(ids.count - 1, 0)
        isExhausted = true
    }

    /// The position of the current posting, which must have exactly one (``termFrequency`` 1),
    /// read without decoding into a buffer.
    mutating func onlyPosition() -> UInt32 {
        switch source {
        case .blocks:
            return reader.onlyPosition(in: &decoded.block, at: row)
        case .list(let list):
            return list.positions[list.positionStarts[row]]
        }
    }

    /// Whether the current posting occurs at `position`, read in place.
    mutating func occurs(at position: UInt32) throws(IndexError) -> Bool {
        switch source {
        case .blocks:
            if decoded.block.termFrequencies[row] == 1 { return reader.onlyPosition(in: &decoded.block, at: row) == position }
            return try reader.contains(position, in: &decoded.block, at: row)
        case .list(let list):
            return list.positions(at: row).contains(position)
        }
    }

    /// Moves to the first posting of the next block and tells whether there is one; past the
    /// last block the cursor is exhausted. A decoded list is one block.
    mutating func nextBlock() throws(IndexError) -> Bool {
        guard !isExhausted else { return false }
        guard blockIndex + 1 < lastIDs.count else {
            isExhausted = true
            return false
        }
        try load(blockIndex + 1)
        row = 0
        if ids.isEmpty { isExhausted = true }
        return !isExhausted
    }

    /// For every posting of the block in hand, a pair for each of its positions `p` with
    /// `p >= offset`: its id appended to `ids` and `p - offset` to `starts`, in order. These are
    /// the starts of a phrase whose atom at `offset` is this term, in this block's ids.
    mutating func appendBlockStarts(minus offset: UInt32, ids output: inout [UInt32],
                                    starts: inout [UInt32]) throws(IndexError) {
        switch source {
        case .blocks:
            try reader.appendStarts(of: &decoded.block, blockIDs: ids, minus: offset, ids: &output, starts: &starts)
        case .list(let list):
            for index in 0..<list.count {
                for position in list.positions(at: index) where position >= offset {
                    output.append(list.ids[index])
                    starts.append(position - offset)
                }
            }
        }
    }

    private mutating func load(_ index: Int) throws(IndexError) {
        blockIndex = index
        if let blocks {
            // Decoded into the same buffers, block after block.
            try decoded.decode(index, of: blocks, reader: reader, ids: &ids)
        } else if case .list(let list) = source {
            ids = list.ids
        }
    }
}

/// The block a cursor has in hand, decoded into the same buffers each time (its positions stay
/// encoded and are read in place). One value, changed only by its own methods.
private struct DecodedBlock {
    var block = SegmentReader.PostingBlock()

    /// Decodes block `index` of `blocks`; its ids go to `ids`.
    mutating func decode(_ index: Int, of blocks: SegmentReader.TermBlocks, reader: SegmentReader,
                         ids: inout [UInt32]) throws(IndexError) {
        try reader.decodeBlock(index, of: blocks, into: &block)
        // Swapped, not copied: both buffers stay unique, so the next block decodes in place.
        swap(&ids, &block.ids)
    }
}
