/// The distinct terms of one passage (or one title) with the distinct positions of each: what a
/// segment records for it, grouped before it reaches the segment builder.
///
/// Grouping is the costly part of adding postings (a sort of the tokens), so it is done where
/// documents are analysed side by side, and the one builder only appends. Keys are kept in one
/// flat byte buffer with their hashes, so that handing a passage to the builder and freeing it
/// afterwards costs a few allocations, not one per term.
///
/// ```swift
/// let terms = TermOccurrences(tokens)  // tokens of "露朝露": 露朝 at 0, 朝露 at 1, 露 at 2
/// terms.count                          // 3
/// terms.positionCount                  // 3
/// ```
struct TermOccurrences: Sendable {
    /// The bytes of every key (kind byte, then UTF-8 text), in order of their hashes.
    private(set) var keyBytes: [UInt8] = []
    /// Where each key ends in `keyBytes`.
    private var keyEnds: [Int] = []
    /// Each key's ``TermKeyHash``.
    private(set) var keyHashes: [UInt64] = []
    /// Where each key's positions end in `positions`.
    private var positionEnds: [Int] = []
    /// The positions of every key, grouped by key, ascending and distinct per key.
    private var positions: [UInt32] = []

    /// No terms.
    init() {}

    /// Groups `tokens` (in any order) by key; a key's positions ascend, and the same key twice at
    /// one position counts once. Keys come in order of their hashes: the builder's output does
    /// not depend on the order of a passage's keys, and comparing hashes is much cheaper than
    /// comparing key bytes.
    init(_ tokens: [Token]) {
        guard !tokens.isEmpty else { return }
        let hashes = tokens.map { TermKeyHash.of($0.key.bytes) }
        // Sorting indices moves one word per swap instead of a whole token; bytes are compared
        // only between keys of one hash (the same key, or a rare collision).
        let order = tokens.indices.sorted { left, right in
            if hashes[left] != hashes[right] { return hashes[left] < hashes[right] }
            let a = tokens[left], b = tokens[right]
            if a.key.bytes != b.key.bytes { return a.key.bytes.lexicographicallyPrecedes(b.key.bytes) }
            return a.position < b.position
        }
        positions.reserveCapacity(tokens.count)
        var runStart = 0
        while runStart < order.count {
            let first = order[runStart]
            let key = tokens[first].key.bytes
            var index = runStart
            var last: UInt32? = nil
            while index < order.count, hashes[order[index]] == hashes[first], tokens[order[index]].key.bytes == key {
                let position = UInt32(clamping: tokens[order[index]].position)
                if last != position { positions.append(position) }
                last = position
                index += 1
            }
            keyBytes.append(contentsOf: key)
            keyEnds.append(keyBytes.count)
            keyHashes.append(hashes[first])
            positionEnds.append(positions.count)
            runStart = index
        }
    }

    /// The number of distinct keys.
    var count: Int { keyEnds.count }

    /// The range of `keyBytes` that holds key `index`.
    func keyRange(at index: Int) -> Range<Int> { (index == 0 ? 0 : keyEnds[index - 1])..<keyEnds[index] }

    /// The bytes of key `index`.
    func key(at index: Int) -> ArraySlice<UInt8> { keyBytes[keyRange(at: index)] }

    /// The positions of key `index`, ascending.
    func positions(at index: Int) -> ArraySlice<UInt32> {
        positions[(index == 0 ? 0 : positionEnds[index - 1])..<positionEnds[index]]
    }

    /// The number of positions of all keys.
    var positionCount: Int { positions.count }
}
