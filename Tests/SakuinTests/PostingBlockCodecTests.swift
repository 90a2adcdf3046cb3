import Foundation
import Testing
@testable import Sakuin

/// Bit packing and the postings block codec of segment format version 2: exact bytes, round
/// trips, and every kind of damaged block reported, never trapped on.
@Suite("Postings block codec")
struct PostingBlockCodecTests {
    /// The block of the codec's documentation: ids 3 and 5, frequencies 1 and 2, positions [4] and [1, 6].
    private static let sampleBytes: [UInt8] = [0x02, 0x01, 0x03, 0x0B, 0x02, 0x8C, 0x01]

    /// What decoding a block gives.
    private struct Decoded: Equatable {
        var ids: [UInt32] = []
        var termFrequencies: [UInt32] = []
        var positionStarts: [Int] = []
        var layout: PostingBlockCodec.Layout?
        /// Every posting's positions.
        var positions: [[UInt32]] = []
    }

    /// Decodes `bytes` (padded here) as one block of `count` postings, positions included.
    private static func decode(_ bytes: [UInt8], count: Int, after previousID: UInt32? = nil,
                               idLimit: Int = 1000) throws(PostingBlockCodec.DecodingError) -> Decoded {
        let padded = bytes + [UInt8](repeating: 0, count: BitPacking.padding)
        var decoded = Decoded()
        let layout = try PostingBlockCodec.decode(padded, in: 0..<bytes.count, count: count, after: previousID, idLimit: idLimit,
                                                  ids: &decoded.ids, termFrequencies: &decoded.termFrequencies,
                                                  positionStarts: &decoded.positionStarts)
        decoded.layout = layout
        for row in 0..<count {
            var positions: [UInt32] = []
            try PostingBlockCodec.positions(in: padded, layout: layout, first: decoded.positionStarts[row],
                                            count: Int(decoded.termFrequencies[row]), row: row, into: &positions)
            decoded.positions.append(positions)
        }
        return decoded
    }

    private static func encode(idDeltas: [UInt32], termFrequencies: [UInt32], positions: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        PostingBlockCodec.append(idDeltas: idDeltas, termFrequencies: termFrequencies, positions: positions, to: &bytes)
        return bytes
    }

    /// The error decoding `bytes` throws, if any.
    private static func error(decoding bytes: [UInt8], count: Int, after previousID: UInt32? = nil,
                              idLimit: Int = 1000) -> PostingBlockCodec.DecodingError? {
        do { _ = try decode(bytes, count: count, after: previousID, idLimit: idLimit) } catch { return error }
        return nil
    }

    @Test("decoding over the buffers of an earlier block gives what decoding into empty ones gives")
    func decodingReplaces() throws {
        // A block with frequencies 3 and 2, then one of frequency width 0 (all 1), then a longer one.
        let blocks: [(bytes: [UInt8], count: Int)] = [
            (Self.encode(idDeltas: [7, 2], termFrequencies: [3, 2], positions: [1, 5, 9, 2, 4]), 2),
            (Self.encode(idDeltas: [1, 1, 4], termFrequencies: [1, 1, 1], positions: [8, 3, 6]), 3),
            (Self.encode(idDeltas: [2, 9, 1, 1], termFrequencies: [1, 2, 1, 4], positions: [0, 1, 2, 3, 4, 5, 6, 7]), 4),
        ]
        var ids: [UInt32] = [99, 99, 99]
        var frequencies: [UInt32] = [5, 5, 5]
        var starts: [Int] = [42, 42, 42]
        for (bytes, count) in blocks {
            let padded = bytes + [UInt8](repeating: 0xFF, count: BitPacking.padding)
            let expected = try Self.decode(bytes, count: count)
            ids = Array(ids.prefix(count)) + Array(repeating: 99, count: max(0, count - ids.count))
            frequencies = Array(frequencies.prefix(count)) + Array(repeating: 5, count: max(0, count - frequencies.count))
            starts = Array(starts.prefix(count)) + Array(repeating: 42, count: max(0, count - starts.count))
            let layout = try PostingBlockCodec.decode(padded, in: 0..<bytes.count, count: count, after: nil, idLimit: 1000,
                                                      replacing: &ids, termFrequencies: &frequencies)
            frequencies.withUnsafeBufferPointer { frequencies in
                starts.withUnsafeMutableBufferPointer { PostingBlockCodec.positionStarts(of: frequencies, into: $0) }
            }
            #expect(layout == expected.layout)
            #expect(ids == expected.ids)
            #expect(frequencies == expected.termFrequencies)
            #expect(starts == expected.positionStarts)
        }
        #expect(ids == [2, 11, 12, 13])
        #expect(frequencies == [1, 2, 1, 4])
    }

    // MARK: - Bit packing

    @Test("values pack least significant bit first, back to back, the last byte padded with zeros")
    func packing() {
        var bytes: [UInt8] = []
        BitPacking.append([5, 1, 7], width: 3, to: &bytes)
        #expect(bytes == [0xCD, 0x01])
        bytes = []
        BitPacking.append([0xFFFF_FFFF, 1], width: 32, to: &bytes)
        #expect(bytes == [0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x00, 0x00])
        bytes = []
        BitPacking.append([0, 0, 0], width: 0, to: &bytes)
        #expect(bytes == [])
        #expect(BitPacking.byteCount(of: 3, width: 3) == 2)
        #expect(BitPacking.byteCount(of: 128, width: 0) == 0)
        #expect(BitPacking.byteCount(of: 128, width: 11) == 176)
        #expect(BitPacking.width(of: 0) == 0)
        #expect(BitPacking.width(of: 1) == 1)
        #expect(BitPacking.width(of: 2000) == 11)
        #expect(BitPacking.width(of: UInt32.max) == 32)
    }

    @Test("packed values read back at every width", arguments: [1, 3, 7, 8, 13, 31, 32])
    func packedRoundTrip(width: Int) {
        var generator = SplitMix64(seed: UInt64(width))
        let mask = UInt64(1) << UInt64(width) - 1
        let values = (0..<131).map { _ in UInt32(generator.next() & mask) }
        var bytes: [UInt8] = []
        BitPacking.append(values, width: width, to: &bytes)
        #expect(bytes.count == BitPacking.byteCount(of: values.count, width: width))
        let read = (bytes + [UInt8](repeating: 0, count: BitPacking.padding)).withUnsafeBytes { raw in
            (0..<values.count).map { BitPacking.value(in: raw, from: 0, width: width, at: $0) }
        }
        #expect(read == values)
    }

    /// Every width, with counts that end a group of eight, fall short of one and span several,
    /// from a start that is not the buffer's first byte: `unpack` reads what `value` reads.
    @Test("values unpacked in groups are the values read one at a time, at every width 0…32")
    func unpackMatchesValue() {
        for width in 0...32 {
            var generator = SplitMix64(seed: UInt64(100 + width))
            let mask = (UInt64(1) << UInt64(width)) - 1
            for count in [1, 7, 8, 9, 16, 127, 128] {
                let values = (0..<count).map { _ in UInt32(generator.next() & mask) }
                // A foreign byte before the run, and the padding after it all ones, so that a
                // read off by a byte or a mask too wide shows.
                var bytes: [UInt8] = [0xA5]
                BitPacking.append(values, width: width, to: &bytes)
                bytes += [UInt8](repeating: 0xFF, count: BitPacking.padding)
                var unpacked = [UInt32](repeating: 0xDEAD_BEEF, count: count)
                bytes.withUnsafeBytes { raw in
                    unpacked.withUnsafeMutableBufferPointer { BitPacking.unpack(raw, from: 1, width: width, into: $0) }
                }
                #expect(unpacked == values, "width \(width), \(count) values")
            }
        }
    }

    /// The transform sees every value once, in order, in the groups of eight and in the tail,
    /// and what it returns is what is stored: a running sum, as a block's ids are decoded.
    @Test("values unpacked with a transform are transformed in order, at every width 0…32")
    func unpackTransforms() {
        for width in 0...32 {
            var generator = SplitMix64(seed: UInt64(200 + width))
            let mask = (UInt64(1) << UInt64(width)) - 1
            for count in [1, 8, 13, 128] {
                let values = (0..<count).map { _ in UInt32(generator.next() & mask) }
                var bytes: [UInt8] = [0x5A]
                BitPacking.append(values, width: width, to: &bytes)
                bytes += [UInt8](repeating: 0xFF, count: BitPacking.padding)
                var sums = [UInt32](repeating: 0, count: count)
                var seen: [UInt32] = []
                var sum: UInt32 = 7
                bytes.withUnsafeBytes { raw in
                    sums.withUnsafeMutableBufferPointer { output in
                        BitPacking.unpack(raw, from: 1, width: width, into: output) { value in
                            seen.append(value)
                            sum &+= value
                            return sum
                        }
                    }
                }
                #expect(seen == values, "width \(width), \(count) values")
                var expected: [UInt32] = []
                var running: UInt32 = 7
                for value in values {
                    running &+= value
                    expected.append(running)
                }
                #expect(sums == expected, "width \(width), \(count) values")
            }
        }
    }

    @Test("each posting's positions start after the frequencies before it")
    func positionStarts() {
        let frequencies: [UInt32] = [3, 1, 1, 4, 2]
        var starts = [Int](repeating: 99, count: frequencies.count)
        frequencies.withUnsafeBufferPointer { frequencies in
            starts.withUnsafeMutableBufferPointer { PostingBlockCodec.positionStarts(of: frequencies, into: $0) }
        }
        #expect(starts == [0, 3, 4, 5, 9])
    }

    // MARK: - Blocks

    @Test("a term's first block may start at id 0, but no later delta may be 0")
    func firstIDZero() throws {
        let fromZero = Self.encode(idDeltas: [0, 5, 1], termFrequencies: [1, 2, 1], positions: [2, 1, 4, 0])
        let decoded = try Self.decode(fromZero, count: 3)
        #expect(decoded.ids == [0, 5, 6])
        #expect(decoded.positions == [[2], [1, 4], [0]])
        let twiceZero = Self.encode(idDeltas: [0, 0, 1], termFrequencies: [1, 1, 1], positions: [2, 1, 4])
        #expect(Self.error(decoding: twiceZero, count: 3) == .idsNotAscending(after: 0))
        // After an earlier block, the first delta counts like the others.
        #expect(Self.error(decoding: fromZero, count: 3, after: 4) == .idsNotAscending(after: 4))
    }

    @Test("positions that do not ascend are refused, in a buffer and in an array; ascending ones land at its start")
    func positionsNotAscending() throws {
        let bytes = Self.encode(idDeltas: [4, 2], termFrequencies: [2, 3], positions: [3, 5, 9, 7, 8])
        #expect(Self.error(decoding: bytes, count: 2) == .positionsNotAscending(row: 1))
        let padded = bytes + [UInt8](repeating: 0, count: BitPacking.padding)
        var ids: [UInt32] = []
        var termFrequencies: [UInt32] = []
        var positionStarts: [Int] = []
        let layout = try PostingBlockCodec.decode(padded, in: 0..<bytes.count, count: 2, after: nil, idLimit: 100, ids: &ids,
                                                  termFrequencies: &termFrequencies, positionStarts: &positionStarts)
        var buffer = [UInt32](repeating: 99, count: 4)
        let first = buffer.withUnsafeMutableBufferPointer {
            PostingBlockCodec.decodePositions(in: padded, layout: layout, first: positionStarts[0], count: 2, into: $0)
        }
        #expect(first && buffer == [3, 5, 99, 99])
        let second = buffer.withUnsafeMutableBufferPointer {
            PostingBlockCodec.decodePositions(in: padded, layout: layout, first: positionStarts[1], count: 3, into: $0)
        }
        #expect(!second)
    }

    @Test("a block encodes to the documented bytes and decodes back")
    func sampleBlock() throws {
        #expect(Self.encode(idDeltas: [3, 2], termFrequencies: [1, 2], positions: [4, 1, 6]) == Self.sampleBytes)
        let decoded = try Self.decode(Self.sampleBytes, count: 2)
        #expect(decoded == Decoded(ids: [3, 5], termFrequencies: [1, 2], positionStarts: [0, 1],
                                   layout: PostingBlockCodec.Layout(positionsStart: 5, positionBits: 3, positionCount: 3,
                                                                    lastID: 5, maxTermFrequency: 2),
                                   positions: [[4], [1, 6]]))
        // After a previous block, the first delta counts from its last id.
        #expect(try Self.decode(Self.sampleBytes, count: 2, after: 10).ids == [13, 15])
    }

    @Test("a block of one posting at id 0, frequency 1, position 0 takes the header alone")
    func smallestBlock() throws {
        let bytes = Self.encode(idDeltas: [0], termFrequencies: [1], positions: [0])
        #expect(bytes == [0, 0, 0])
        #expect(try Self.decode(bytes, count: 1).positions == [[0]])
    }

    @Test("random blocks round-trip exactly")
    func randomRoundTrip() throws {
        var generator = SplitMix64(seed: 77)
        for round in 0..<200 {
            let count = 1 + Int(generator.next() % 128)
            let gapLimit = UInt64(1) << (generator.next() % 20)
            var ids: [UInt32] = []
            var frequencies: [UInt32] = []
            var positions: [[UInt32]] = []
            var id = generator.next() % 1000
            for _ in 0..<count {
                id += 1 + generator.next() % gapLimit
                ids.append(UInt32(id))
                let frequency = 1 + Int(generator.next() % (round % 3 == 0 ? 1 : 9))
                var position = UInt32(generator.next() % 50)
                var own: [UInt32] = []
                for _ in 0..<frequency {
                    own.append(position)
                    position += 1 + UInt32(generator.next() % 300)
                }
                frequencies.append(UInt32(frequency))
                positions.append(own)
            }
            let previous: UInt32 = 3
            let deltas = zip(ids, [previous] + ids.dropLast()).map { $0 - $1 }
            let bytes = Self.encode(idDeltas: deltas, termFrequencies: frequencies, positions: positions.flatMap { $0 })
            let decoded = try Self.decode(bytes, count: count, after: previous, idLimit: Int(id) + 1)
            #expect(decoded.ids == ids, "round \(round)")
            #expect(decoded.termFrequencies == frequencies, "round \(round)")
            #expect(decoded.positions == positions, "round \(round)")
            #expect(decoded.layout?.maxTermFrequency == frequencies.max(), "round \(round)")
        }
    }

    // MARK: - Damage

    @Test("a damaged block is reported with what is wrong")
    func damagedBlocks() {
        typealias Failure = PostingBlockCodec.DecodingError
        #expect(Self.error(decoding: [2, 1], count: 1) == Failure.shorterThanHeader(length: 2))
        #expect(Self.error(decoding: [33, 0, 0, 0, 0, 0, 0], count: 1) == Failure.widthTooLarge(field: "id", bits: 33))
        #expect(Self.error(decoding: [0, 40, 0], count: 1) == Failure.widthTooLarge(field: "frequency", bits: 40))
        #expect(Self.error(decoding: [0, 0, 255], count: 1) == Failure.widthTooLarge(field: "position", bits: 255))
        #expect(Self.error(decoding: Self.sampleBytes + [0], count: 2) == Failure.lengthMismatch(length: 8, expected: 7))
        #expect(Self.error(decoding: Array(Self.sampleBytes.dropLast()), count: 2) == Failure.lengthMismatch(length: 6, expected: 7))
        // 128 postings of 32-bit ids cannot fit in 10 bytes.
        #expect(Self.error(decoding: [32, 0, 0] + [UInt8](repeating: 1, count: 7), count: 128)
            == Failure.lengthMismatch(length: 10, expected: 515))

        var padding = Self.sampleBytes
        padding[3] |= 0x10  // ids use the low 4 bits of their byte
        #expect(Self.error(decoding: padding, count: 2) == Failure.nonzeroPadding(field: "ids"))
        padding = Self.sampleBytes
        padding[4] |= 0x80
        #expect(Self.error(decoding: padding, count: 2) == Failure.nonzeroPadding(field: "frequencies"))
        padding = Self.sampleBytes
        padding[6] |= 0x02
        #expect(Self.error(decoding: padding, count: 2) == Failure.nonzeroPadding(field: "positions"))

        let repeated = Self.encode(idDeltas: [3, 0], termFrequencies: [1, 1], positions: [4, 4])
        #expect(Self.error(decoding: repeated, count: 2) == Failure.idsNotAscending(after: 3))
        let zeroAfterBlock = Self.encode(idDeltas: [0, 2], termFrequencies: [1, 1], positions: [4, 4])
        #expect(Self.error(decoding: zeroAfterBlock, count: 2, after: 9) == Failure.idsNotAscending(after: 9))
        #expect(Self.error(decoding: Self.sampleBytes, count: 2, idLimit: 5) == Failure.idOutOfRange(id: 5, limit: 5))
        // Deltas summing past 32 bits are out of any range.
        let huge = Self.encode(idDeltas: [UInt32.max, UInt32.max], termFrequencies: [1, 1], positions: [0, 0])
        #expect(Self.error(decoding: huge, count: 2, idLimit: Int(UInt32.max) + 1)
            == Failure.idOutOfRange(id: 2 * UInt64(UInt32.max), limit: Int(UInt32.max) + 1))

        let crowded = Self.encode(idDeltas: [1], termFrequencies: [3], positions: [0, 0, 0])
        #expect(Self.error(decoding: crowded, count: 1) == Failure.frequencyTooLarge(frequency: 3, positionBits: 0))
        let backwards = Self.encode(idDeltas: [3, 2], termFrequencies: [1, 2], positions: [4, 6, 1])
        #expect(Self.error(decoding: backwards, count: 2) == Failure.positionsNotAscending(row: 1))
        let repeatedPosition = Self.encode(idDeltas: [3], termFrequencies: [2], positions: [6, 6])
        #expect(Self.error(decoding: repeatedPosition, count: 1) == Failure.positionsNotAscending(row: 0))
    }

    @Test("error messages say what is wrong")
    func messages() {
        #expect("\(PostingBlockCodec.DecodingError.lengthMismatch(length: 6, expected: 7))"
            == "the data is 6 bytes, but its widths and counts take 7")
        #expect("\(PostingBlockCodec.DecodingError.idsNotAscending(after: 3))" == "ids are not ascending after 3")
        #expect("\(PostingBlockCodec.DecodingError.frequencyTooLarge(frequency: 3, positionBits: 0))"
            == "term frequency 3 does not fit distinct positions of 0 bits")
        #expect("\(PostingBlockCodec.DecodingError.nonzeroPadding(field: "ids"))" == "the padding bits after the ids are not zero")
    }

    @Test("every byte of a block flipped is reported or decodes to a valid block, never trapped on")
    func flippedBytes() {
        var generator = SplitMix64(seed: 5)
        var deltas: [UInt32] = [7]
        for _ in 1..<128 { deltas.append(1 + UInt32(generator.next() % 40)) }
        let frequencies = (0..<128).map { UInt32(1 + $0 % 3) }
        let positions = frequencies.flatMap { frequency in (0..<frequency).map { 10 * $0 + 5 } }
        let original = Self.encode(idDeltas: deltas, termFrequencies: frequencies, positions: positions)
        var reported = 0
        var headerReported = 0
        for offset in original.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var bytes = original
                bytes[offset] ^= flip
                guard Self.error(decoding: bytes, count: 128, idLimit: 10_000) != nil else { continue }
                reported += 1
                if offset < PostingBlockCodec.headerSize { headerReported += 1 }
            }
        }
        // A changed width changes the length the block needs; a flipped id, frequency or position
        // bit often makes another valid block (the segment's checksum catches those).
        #expect(headerReported == 9)
        #expect(original.count == 291)
        #expect(reported == 291)
    }
}
