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

    /// Reads `output.count` values of `width` bits packed from byte `start` of `bytes` into
    /// `output`: what ``value(in:from:width:at:)`` reads at each index, as fast as a block's ids
    /// and frequencies need.
    static func unpack(_ bytes: UnsafeRawBufferPointer, from start: Int, width: Int,
                       into output: UnsafeMutableBufferPointer<UInt32>) {
        unpack(bytes, from: start, width: width, into: output) { $0 }
    }

    /// Reads `output.count` values of `width` bits packed from byte `start` of `bytes`, and
    /// stores what `transform` makes of each, in order, into `output`. A transform that sums or
    /// compares the values as they come (a running id, a largest frequency) does so in the same
    /// pass, on values still in registers, where a second pass over `output` would load each
    /// of them again.
    ///
    /// Eight values of `width` bits take exactly `width` bytes, so the values go in groups of
    /// eight, each compiled for its width (every shift and offset a constant), and the last
    /// `count % 8` one at a time. Reads as ``value(in:from:width:at:)`` does: the packed bytes
    /// must be followed by at least ``padding`` bytes.
    @inline(__always)
    static func unpack(_ bytes: UnsafeRawBufferPointer, from start: Int, width: Int,
                       into output: UnsafeMutableBufferPointer<UInt32>, transforming transform: (UInt32) -> UInt32) {
        let count = output.count
        let groups = count / 8
        if groups > 0, let source = bytes.baseAddress, let target = output.baseAddress {
            let base = source + start
            switch width {
            case 0: unpackGroups(base, width: 0, groups: groups, into: target, transform)
            case 1: unpackGroups(base, width: 1, groups: groups, into: target, transform)
            case 2: unpackGroups(base, width: 2, groups: groups, into: target, transform)
            case 3: unpackGroups(base, width: 3, groups: groups, into: target, transform)
            case 4: unpackGroups(base, width: 4, groups: groups, into: target, transform)
            case 5: unpackGroups(base, width: 5, groups: groups, into: target, transform)
            case 6: unpackGroups(base, width: 6, groups: groups, into: target, transform)
            case 7: unpackGroups(base, width: 7, groups: groups, into: target, transform)
            case 8: unpackGroups(base, width: 8, groups: groups, into: target, transform)
            case 9: unpackGroups(base, width: 9, groups: groups, into: target, transform)
            case 10: unpackGroups(base, width: 10, groups: groups, into: target, transform)
            case 11: unpackGroups(base, width: 11, groups: groups, into: target, transform)
            case 12: unpackGroups(base, width: 12, groups: groups, into: target, transform)
            case 13: unpackGroups(base, width: 13, groups: groups, into: target, transform)
            case 14: unpackGroups(base, width: 14, groups: groups, into: target, transform)
            case 15: unpackGroups(base, width: 15, groups: groups, into: target, transform)
            case 16: unpackGroups(base, width: 16, groups: groups, into: target, transform)
            case 17: unpackGroups(base, width: 17, groups: groups, into: target, transform)
            case 18: unpackGroups(base, width: 18, groups: groups, into: target, transform)
            case 19: unpackGroups(base, width: 19, groups: groups, into: target, transform)
            case 20: unpackGroups(base, width: 20, groups: groups, into: target, transform)
            case 21: unpackGroups(base, width: 21, groups: groups, into: target, transform)
            case 22: unpackGroups(base, width: 22, groups: groups, into: target, transform)
            case 23: unpackGroups(base, width: 23, groups: groups, into: target, transform)
            case 24: unpackGroups(base, width: 24, groups: groups, into: target, transform)
            case 25: unpackGroups(base, width: 25, groups: groups, into: target, transform)
            case 26: unpackGroups(base, width: 26, groups: groups, into: target, transform)
            case 27: unpackGroups(base, width: 27, groups: groups, into: target, transform)
            case 28: unpackGroups(base, width: 28, groups: groups, into: target, transform)
            case 29: unpackGroups(base, width: 29, groups: groups, into: target, transform)
            case 30: unpackGroups(base, width: 30, groups: groups, into: target, transform)
            case 31: unpackGroups(base, width: 31, groups: groups, into: target, transform)
            case 32: unpackGroups(base, width: 32, groups: groups, into: target, transform)
            default: preconditionFailure("a packed width is at most 32 bits, not \(width)")
            }
        }
        for index in (groups * 8)..<count { output[index] = transform(value(in: bytes, from: start, width: width, at: index)) }
    }

    /// `groups` groups of eight values of `width` bits from `base`, transformed, into `output`;
    /// inlined into each case of ``unpack(_:from:width:into:transforming:)`` so that `width` is
    /// a constant there.
    @inline(__always)
    private static func unpackGroups(_ base: UnsafeRawPointer, width: Int, groups: Int,
                                     into output: UnsafeMutablePointer<UInt32>, _ transform: (UInt32) -> UInt32) {
        let mask = (UInt64(1) &<< UInt64(width)) &- 1
        var source = base
        var target = output
        for _ in 0..<groups {
            for offset in 0..<8 {
                let bit = offset &* width
                let word = width == 0 ? 0 : UInt64(littleEndian: source.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
                target[offset] = transform(UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask))
            }
            source += width
            target += 8
        }
    }
}
