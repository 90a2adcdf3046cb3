/// The distinct terms of one passage (or one title) with the distinct positions of each: what a
/// segment records for it, grouped before it reaches the segment builder.
///
/// Grouping is the costly part of adding postings (a hash of every token), so it is done where
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
    /// The bytes of every key (kind byte, then UTF-8 text), in the order first seen.
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

    /// Groups `tokens` (in any order) by key, as ``init(_:hash:)`` groups a log of them.
    init(_ tokens: [Token]) {
        var log = TokenLog()
        for token in tokens { log.append(key: token.key.bytes, position: token.position) }
        self.init(log)
    }

    /// Groups the tokens of `log` (in any order) by key; a key's positions ascend, and the same
    /// key twice at one position counts once. Keys come in the order first seen (the builder's
    /// output does not depend on the order of a passage's keys). `hash` is the ``TermKeyHash``
    /// unless a test makes keys collide.
    ///
    /// One pass over the log with a hash table of the passage's keys links each token to the
    /// first of its key; nothing is sorted but the positions of a key that came out of order.
    init(_ log: TokenLog, hash: (UnsafeRawBufferPointer) -> UInt64 = TermKeyHash.of) {
        let count = log.count
        guard count > 0 else { return }
        var capacity = 16
        while capacity < 2 * count { capacity <<= 1 }
        let mask = capacity - 1
        // Buckets hold key numbers (-1: empty); each key's tokens are a chain through `next`.
        var buckets = [Int32](repeating: -1, count: capacity)
        var next = [Int32](repeating: -1, count: count)
        var firstTokens: [Int32] = []
        var lastTokens: [Int32] = []
        firstTokens.reserveCapacity(count)
        lastTokens.reserveCapacity(count)
        keyHashes.reserveCapacity(count)
        var distinctKeyBytes = 0
        log.keyBytes.withUnsafeBytes { bytes in
            for index in 0..<count {
                let key = UnsafeRawBufferPointer(rebasing: bytes[log.keyRange(at: index)])
                let keyHash = hash(key)
                var bucket = Int(truncatingIfNeeded: keyHash) & mask
                while true {
                    let number = Int(buckets[bucket])
                    if number < 0 {
                        buckets[bucket] = Int32(firstTokens.count)
                        firstTokens.append(Int32(index))
                        lastTokens.append(Int32(index))
                        keyHashes.append(keyHash)
                        distinctKeyBytes += key.count
                        break
                    }
                    if keyHashes[number] == keyHash,
                       key.elementsEqual(UnsafeRawBufferPointer(rebasing: bytes[log.keyRange(at: Int(firstTokens[number]))])) {
                        next[Int(lastTokens[number])] = Int32(index)
                        lastTokens[number] = Int32(index)
                        break
                    }
                    bucket = (bucket + 1) & mask
                }
            }
        }
        positions.reserveCapacity(count)
        keyBytes.reserveCapacity(distinctKeyBytes)
        keyEnds.reserveCapacity(firstTokens.count)
        positionEnds.reserveCapacity(firstTokens.count)
        for first in firstTokens {
            let start = positions.count
            var ascending = true
            var token = Int(first)
            while token >= 0 {
                let position = UInt32(clamping: log.positions[token])
                token = Int(next[token])
                if positions.count > start, let last = positions.last {
                    if position == last { continue }
                    if position < last { ascending = false }
                }
                positions.append(position)
            }
            if !ascending {
                positions[start...].sort()
                var kept = start + 1
                for index in (start + 1)..<positions.count where positions[index] != positions[kept - 1] {
                    positions[kept] = positions[index]
                    kept += 1
                }
                positions.removeLast(positions.count - kept)
            }
            keyBytes.append(contentsOf: log.key(at: Int(first)))
            keyEnds.append(keyBytes.count)
            positionEnds.append(positions.count)
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
