/// SHA-256 (FIPS 180-4) of a file's bytes, to tell whether a file changed between two runs.
///
/// Written here rather than taken from a package so the library keeps no dependency beyond ICU
/// and SQLite; it is checked against the standard test vectors in `SourceFileTests`.
enum ContentHash {
    /// The SHA-256 of `bytes`, as 64 lowercase hexadecimal digits.
    static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        let digest = bytes.withContiguousStorageIfAvailable { sha256($0) } ?? Array(bytes).withUnsafeBufferPointer { sha256($0) }
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for word in digest {
            for shift in stride(from: 28, through: 0, by: -4) {
                hex.append(digits[Int((word >> UInt32(shift)) & 0xF)])
            }
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The round constants: the first 32 bits of the fractional parts of the cube roots of the
    /// first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// The initial hash value: the first 32 bits of the fractional parts of the square roots of
    /// the first 8 primes.
    private static let initialHash: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    /// The eight words of the digest of `message`.
    private static func sha256(_ message: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        var state = initialHash
        var schedule = [UInt32](repeating: 0, count: 64)
        let wholeBlocks = message.count / 64
        for block in 0..<wholeBlocks {
            compress(UnsafeBufferPointer(rebasing: message[(block * 64)..<(block * 64 + 64)]),
                     state: &state, schedule: &schedule)
        }
        // The padding: the tail, a 1 bit, zeros, and the length in bits as 64 bits big-endian,
        // making one or two last blocks.
        var tail = Array(message[(wholeBlocks * 64)...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        tail.withUnsafeBufferPointer { padded in
            for block in 0..<(padded.count / 64) {
                compress(UnsafeBufferPointer(rebasing: padded[(block * 64)..<(block * 64 + 64)]),
                         state: &state, schedule: &schedule)
            }
        }
        return state
    }

    /// Folds one 64-byte block into `state`; `schedule` is scratch space of 64 words, passed in
    /// so that no block allocates.
    @inline(__always)
    private static func compress(_ block: UnsafeBufferPointer<UInt8>, state: inout [UInt32], schedule: inout [UInt32]) {
        schedule.withUnsafeMutableBufferPointer { words in
            for index in 0..<16 {
                let byte = index * 4
                words[index] = UInt32(block[byte]) << 24 | UInt32(block[byte + 1]) << 16
                    | UInt32(block[byte + 2]) << 8 | UInt32(block[byte + 3])
            }
            for index in 16..<64 {
                let w15 = words[index - 15], w2 = words[index - 2]
                let sigma0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 >> 3)
                let sigma1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 >> 10)
                words[index] = words[index - 16] &+ sigma0 &+ words[index - 7] &+ sigma1
            }
            var a = state[0], b = state[1], c = state[2], d = state[3]
            var e = state[4], f = state[5], g = state[6], h = state[7]
            roundConstants.withUnsafeBufferPointer { constants in
                for index in 0..<64 {
                    let sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let temporary1 = h &+ sum1 &+ choice &+ constants[index] &+ words[index]
                    let sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let temporary2 = sum0 &+ majority
                    h = g; g = f; f = e; e = d &+ temporary1
                    d = c; c = b; b = a; a = temporary1 &+ temporary2
                }
            }
            state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
            state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
        }
    }

    /// `value` rotated right by `count` bits.
    @inline(__always)
    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }
}
