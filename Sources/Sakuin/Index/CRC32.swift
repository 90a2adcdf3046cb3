/// The CRC-32 of zlib, gzip and PNG (IEEE 802.3): reflected polynomial `0xEDB88320`, initial value
/// `0xFFFFFFFF`, final XOR `0xFFFFFFFF`. Segment footers store it.
///
/// Table-driven, eight bytes per step ("slicing-by-8"), because `SegmentReader.verifyChecksum()`
/// runs it over whole segment files of a hundred megabytes.
///
/// ```swift
/// var crc = CRC32()
/// crc.update(Array("123456789".utf8).span)
/// crc.value  // 0xCBF43926
/// CRC32.checksum(of: Array("123456789".utf8))  // the same, in one call
/// ```
struct CRC32: Sendable {
    /// The running register, before the final XOR.
    private var register: UInt32 = 0xFFFF_FFFF

    /// A checksum of no bytes yet.
    init() {}

    /// The checksum of all the bytes given to `update` so far.
    var value: UInt32 { register ^ 0xFFFF_FFFF }

    /// The checksum of `bytes`.
    static func checksum(of bytes: [UInt8]) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes.span)
        return crc.value
    }

    /// Feeds `bytes` into the checksum.
    mutating func update(_ bytes: Span<UInt8>) {
        let table = Self.table
        var crc = register
        var index = 0
        let count = bytes.count
        // Slicing-by-8: table k maps a byte to its CRC contribution k bytes further on, so the eight
        // lookups of one step are independent of each other.
        while count - index >= 8 {
            let low = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
            crc = table[7 * 256 + Int(low & 0xFF)]
                ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                ^ table[5 * 256 + Int((low >> 16) & 0xFF)]
                ^ table[4 * 256 + Int(low >> 24)]
                ^ table[3 * 256 + Int(bytes[index + 4])]
                ^ table[2 * 256 + Int(bytes[index + 5])]
                ^ table[1 * 256 + Int(bytes[index + 6])]
                ^ table[Int(bytes[index + 7])]
            index += 8
        }
        while index < count {
            crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
            index += 1
        }
        register = crc
    }

    /// The checksum of some bytes followed by `secondLength` more, from the checksum of each part:
    /// for a file whose first bytes are known only after the rest was written (a streamed
    /// segment's header).
    ///
    /// Feeding the second part's bytes through the register is a linear map over GF(2), so
    /// appending them to the first part is the first checksum moved on by `secondLength` zero
    /// bytes (an operator squared once per bit of the length), then added to the second checksum.
    static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        guard secondLength > 0 else { return first }
        // The operator for one zero bit: a column per register bit, the polynomial for bit 0.
        var operator1 = [UInt32](repeating: 0, count: 32)
        operator1[0] = 0xEDB8_8320
        for bit in 1..<32 { operator1[bit] = 1 << (bit - 1) }
        // Squared twice: four zero bits; once more for each step below, eight, sixteen, ….
        var zeros = square(square(operator1))
        var register = first
        var remaining = secondLength
        while remaining > 0 {
            zeros = square(zeros)
            if remaining & 1 == 1 { register = apply(zeros, to: register) }
            remaining >>= 1
        }
        return register ^ second
    }

    /// `matrix` (a column per bit) times `vector` over GF(2).
    private static func apply(_ matrix: [UInt32], to vector: UInt32) -> UInt32 {
        var sum: UInt32 = 0
        var rest = vector
        var column = 0
        while rest != 0 {
            if rest & 1 == 1 { sum ^= matrix[column] }
            rest >>= 1
            column += 1
        }
        return sum
    }

    /// `matrix` times itself over GF(2).
    private static func square(_ matrix: [UInt32]) -> [UInt32] {
        matrix.map { apply(matrix, to: $0) }
    }

    /// Eight tables of 256 entries, one after the other: table 0 is the classic byte-at-a-time
    /// table; entry `b` of table `k` is the CRC of byte `b` followed by `k` zero bytes.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = table[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return table
    }()
}
