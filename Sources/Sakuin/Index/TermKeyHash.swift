/// The hash of a term key for the segment builder's ``TermTable``, computed once where the key
/// is made (by the analysing workers), so the builder only compares it.
///
/// Swift's seeded `Hasher` over the raw bytes: one call for the whole key (an array of bytes
/// given to `Hasher` element by element costs a round per byte), and seeded per process, so text
/// made to collide cannot slow the table down.
enum TermKeyHash {
    static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes(of) }

    /// The hash of the key whose bytes are `bytes`.
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
