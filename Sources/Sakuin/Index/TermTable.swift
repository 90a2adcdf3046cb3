import Glibc

/// The terms of a segment being built, numbered 0, 1, 2 … in the order first seen: an
/// open-addressing hash table over one flat buffer of key bytes.
///
/// A `Dictionary` keyed by byte arrays would allocate an array per term and follow a pointer
/// per comparison; here a lookup is one probe sequence in an array of numbers, a hash compare
/// and a `memcmp` in the key buffer.
struct TermTable {
    /// The bytes of every key, by number.
    private(set) var keyBytes: [UInt8] = []
    /// Where each key ends in `keyBytes`.
    private var keyEnds: [Int] = []
    /// Each key's hash, by number (kept to grow the table without hashing again).
    private var hashes: [UInt64] = []
    /// Buckets: 0 when empty, else a term number plus 1. The count is a power of two, or 0
    /// until the first key comes.
    private var buckets: [UInt32] = []

    /// An empty table.
    init() {}

    /// How many terms there are.
    var count: Int { keyEnds.count }

    /// The range of `keyBytes` that holds term `number`.
    func keyRange(of number: Int) -> Range<Int> { (number == 0 ? 0 : keyEnds[number - 1])..<keyEnds[number] }

    /// Bytes held, for the builder's memory estimate.
    var memoryFootprint: Int { keyBytes.capacity + 8 * keyEnds.capacity + 8 * hashes.capacity + 4 * buckets.capacity }

    /// The number of the key at `range` of `source` whose hash is `hash`, adding it if new.
    mutating func number(of range: Range<Int>, in source: [UInt8], hash: UInt64) -> (number: UInt32, isNew: Bool) {
        if buckets.isEmpty { buckets = [UInt32](repeating: 0, count: 1 << 12) }
        let mask = buckets.count - 1
        var bucket = Int(truncatingIfNeeded: hash) & mask
        let length = range.count
        while true {
            let stored = buckets[bucket]
            if stored == 0 { break }
            let number = Int(stored - 1)
            if hashes[number] == hash {
                let known = keyRange(of: number)
                if known.count == length && keysEqual(known.lowerBound, source, range.lowerBound, length) {
                    return (UInt32(number), false)
                }
            }
            bucket = (bucket + 1) & mask
        }
        let number = UInt32(keyEnds.count)
        keyBytes.append(contentsOf: source[range])
        keyEnds.append(keyBytes.count)
        hashes.append(hash)
        buckets[bucket] = number + 1
        // Grow at half full: linear probing stays short.
        if keyEnds.count * 2 > buckets.count { grow() }
        return (number, true)
    }

    private func keysEqual(_ start: Int, _ source: [UInt8], _ sourceStart: Int, _ length: Int) -> Bool {
        guard length > 0 else { return true }
        return keyBytes.withUnsafeBufferPointer { mine in
            source.withUnsafeBufferPointer { theirs in
                guard let mine = mine.baseAddress, let theirs = theirs.baseAddress else { return false }
                return memcmp(mine + start, theirs + sourceStart, length) == 0
            }
        }
    }

    private mutating func grow() {
        var larger = [UInt32](repeating: 0, count: buckets.count * 2)
        let mask = larger.count - 1
        for number in 0..<keyEnds.count {
            var bucket = Int(truncatingIfNeeded: hashes[number]) & mask
            while larger[bucket] != 0 { bucket = (bucket + 1) & mask }
            larger[bucket] = UInt32(number + 1)
        }
        buckets = larger
    }

    /// The term numbers in byte order of their keys.
    func numbersInKeyOrder() -> [Int] {
        keyBytes.withUnsafeBufferPointer { bytes -> [Int] in
            (0..<count).sorted { left, right in
                let a = keyRange(of: left), b = keyRange(of: right)
                let common = min(a.count, b.count)
                if common > 0, let base = bytes.baseAddress {
                    let order = memcmp(base + a.lowerBound, base + b.lowerBound, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
    }
}
