/// The hash of a term key for the segment builder's ``TermTable``, computed once where the key
/// is made (by the analysing workers), so the builder only compares it.
///
/// Keys are short (a bigram's is 7 bytes, a word's a few more), and every token of the text is
/// hashed, so the hash reads eight bytes at a time and mixes each word with one full-width
/// multiplication, folding the product's halves together (the multiply-and-fold of wyhash): a
/// few nanoseconds a key, where a SipHash round per eight bytes and its set-up cost several
/// times that. The seed is drawn once per process, so text made to collide cannot be written in
/// advance to slow the table down.
enum TermKeyHash {
    static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes(of) }

    /// The hash of the key whose bytes are `bytes`.
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var state = seed ^ UInt64(truncatingIfNeeded: count) &* multiplier
        var offset = 0
        while offset + 8 <= count {
            state = fold(state ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)), multiplier)
            offset += 8
        }
        if offset < count {
            // The last one to seven bytes, as the low bytes of a word.
            var tail: UInt64 = 0
            for index in offset..<count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
            state = fold(state ^ tail, multiplier)
        }
        return fold(state ^ finalMultiplier, state ^ multiplier)
    }

    /// The product's two halves, exclusive-ored: every bit of both factors reaches the low bits,
    /// which pick a table's bucket.
    @inline(__always)
    private static func fold(_ first: UInt64, _ second: UInt64) -> UInt64 {
        let product = first.multipliedFullWidth(by: second)
        return product.high ^ product.low
    }

    /// Odd constants with well-spread bits (wyhash's).
    private static let multiplier: UInt64 = 0xA076_1D64_78BD_642F
    private static let finalMultiplier: UInt64 = 0xE703_7ED1_A0B4_28DB

    /// Drawn once per process.
    private static let seed = UInt64.random(in: .min ... .max)
}
