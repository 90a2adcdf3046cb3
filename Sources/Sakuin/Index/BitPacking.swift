/// Fixed-width bit packing of unsigned 32-bit integers, as postings blocks store ids, term
/// frequencies and positions: each value takes `width` bits (0…32), least significant bit first,
/// values back to back from the first byte's lowest bit; the last byte is padded with zero bits.
///
/// ```swift
/// var bytes: [UInt8] = []
/// BitPacking.append([5, 1, 7], width: 3, to: &bytes)  // [0xCD, 0x01]
/// BitPacking.byteCount(of: 3, width: 3)               // 2
/// ```
enum BitPacking {
    /// Zero bytes a buffer must hold after its last packed byte, so that every value can be read
    /// with one unaligned 8-byte load.
    static let padding = 8

    /// The fewest bits that hold `value` (0 for 0).
    @inline(__always)
    static func width(of value: UInt32) -> Int { UInt32.bitWidth - value.leadingZeroBitCount }

    /// The bytes `count` values of `width` bits take.
    @inline(__always)
    static func byteCount(of count: Int, width: Int) -> Int { (count * width + 7) / 8 }

    /// Appends `values`, each cut to its low `width` bits, to `bytes`.
    static func append(_ values: some Collection<UInt32>, width: Int, to bytes: inout [UInt8]) {
        guard width > 0 else { return }
        let mask = UInt64.max >> (64 - width)
        var pending: UInt64 = 0
        var pendingBits = 0
        for value in values {
            pending |= (UInt64(value) & mask) << pendingBits
            pendingBits += width
            // At most 7 + 32 bits are pending here, so the shift above never drops a bit.
            while pendingBits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: pending))
                pending >>= 8
                pendingBits -= 8
            }
        }
        if pendingBits > 0 { bytes.append(UInt8(truncatingIfNeeded: pending)) }
    }

    /// The value at `index` of the values of `width` bits packed from byte `start` of `bytes`.
    ///
    /// Reads eight bytes from the value's first byte: the caller makes sure they lie inside the
    /// buffer (the packed bytes are followed by at least ``padding`` bytes).
    @inline(__always)
    static func value(in bytes: UnsafeRawBufferPointer, from start: Int, width: Int, at index: Int) -> UInt32 {
        let bit = index &* width
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start &+ (bit &>> 3), as: UInt64.self))
        // Widths are at most 32, so the mask never needs a shift by 64.
        let mask = (UInt64(1) &<< UInt64(width)) &- 1
        return UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
    }
}
