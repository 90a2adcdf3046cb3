/// SplitMix64: a tiny fixed-seed generator, so that every randomized test draws the same values
/// on every run and platform (and a failing run can be replayed from its seed).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// `count` bytes from the generator seeded with `seed`: each value's bytes, lowest first.
    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let value = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < count {
                bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// `count` distinct offsets below `limit` (at most `limit` of them), in the order drawn.
    mutating func distinctOffsets(_ count: Int, below limit: Int) -> [Int] {
        var seen = Set<Int>()
        var offsets: [Int] = []
        while offsets.count < min(count, limit) {
            let offset = Int.random(in: 0..<limit, using: &self)
            if seen.insert(offset).inserted { offsets.append(offset) }
        }
        return offsets
    }
}
