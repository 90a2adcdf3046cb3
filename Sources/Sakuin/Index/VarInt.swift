/// LEB128 variable-length encoding of unsigned 32-bit integers, as segment skip tables and the
/// term dictionary use it: seven bits per byte, least significant group first, the high bit set
/// on every byte but the last. 0…127 take one byte, `UInt32.max` takes five.
///
/// ```swift
/// var bytes: [UInt8] = []
/// VarInt.append(300, to: &bytes)           // [0xAC, 0x02]
/// var position = 0
/// try VarInt.decode(bytes[...], at: &position)  // 300, position == 2
/// ```
enum VarInt {
    /// Why bytes could not be decoded as a varint.
    enum DecodingError: Error, Equatable, CustomStringConvertible {
        /// The bytes ended inside a varint (or before it started).
        case truncated(offset: Int)
        /// More than five bytes, or a fifth byte carrying bits above bit 31.
        case overlong(offset: Int)

        var description: String {
            switch self {
            case .truncated(let offset): "varint at byte \(offset) runs past the end of its data"
            case .overlong(let offset): "varint at byte \(offset) does not fit in 32 bits"
            }
        }
    }

    /// The most bytes a `UInt32` takes.
    static let maximumLength = 5

    /// Appends the encoding of `value` to `bytes`.
    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Decodes the varint that starts at `position` in `bytes` (an index of the collection: a
    /// slice, or a buffer read in place) and moves `position` past it. Never reads outside it.
    @inline(__always)
    static func decode<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, at position: inout Int
    ) throws(DecodingError) -> UInt32 where Bytes.Index == Int {
        let start = position
        guard start >= bytes.startIndex else { throw .truncated(offset: start) }
        var value: UInt32 = 0
        var shift: UInt32 = 0
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            // The fifth byte holds bits 28…31: anything above, or a continuation bit, is too long.
            guard shift < 28 || byte & 0xF0 == 0 else { throw .overlong(offset: start) }
            value |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                position = index
                return value
            }
            shift += 7
        }
        throw .truncated(offset: start)
    }
}
