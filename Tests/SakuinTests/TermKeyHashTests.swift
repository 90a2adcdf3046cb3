import Testing
@testable import Sakuin

@Suite("term key hash")
struct TermKeyHashTests {
    @Test("equal keys hash alike; keys that differ in length, a tail byte or a word do not")
    func distinguishesKeys() {
        let keys: [[UInt8]] = [
            [], [0], [0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0],
            Array("\u{01}露朝".utf8), Array("\u{01}朝露".utf8), Array("\u{01}露".utf8),
            Array("\u{02}internationalization".utf8), Array("\u{02}internationalizatioN".utf8),
            Array("\u{02}Internationalization".utf8),
        ]
        let hashes = keys.map(TermKeyHash.of)
        #expect(Set(hashes).count == keys.count)
        #expect(keys.map(TermKeyHash.of) == hashes)
        #expect(TermKeyHash.of(Array("\u{01}露朝".utf8)) == Array("\u{01}露朝".utf8).withUnsafeBytes(TermKeyHash.of))
    }

    @Test("bigram keys spread evenly over a table's buckets, which the hash's low bits pick")
    func spreadsOverBuckets() {
        // Every bigram of 256 consecutive kanji: 65,536 keys of 7 bytes, into as many buckets.
        let characters = (0x4E00..<0x4F00).compactMap(Unicode.Scalar.init).map(String.init)
        var loads = [Int](repeating: 0, count: 1 << 16)
        for first in characters {
            for second in characters {
                let hash = TermKeyHash.of([1] + Array((first + second).utf8))
                loads[Int(truncatingIfNeeded: hash) & (loads.count - 1)] += 1
            }
        }
        // Thrown at random, about 36.8% of buckets stay empty and none holds more than 10 or so.
        let empty = loads.filter { $0 == 0 }.count
        #expect((22_000...26_000).contains(empty))
        #expect(loads.max() ?? 0 <= 12)
    }
}
