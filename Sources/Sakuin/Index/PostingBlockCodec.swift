/// The encoding of one postings block (segment format version 2): up to 128 postings of one term,
/// in id order, as three runs of bit-packed integers (``BitPacking``) after a 3-byte header.
///
/// ```
/// u8  idBits         width of each id delta, 0…32
/// u8  frequencyBits  width of each term frequency minus 1, 0…32
/// u8  positionBits   width of each position, 0…32
/// count × idBits bits          id deltas, padded to a byte
/// count × frequencyBits bits   term frequencies minus 1, padded to a byte
/// Σ frequencies × positionBits positions, grouped by posting, each group ascending, padded to a byte
/// ```
///
/// Each width is the fewest bits that hold the largest value of its run, and padding bits are
/// zero, so a block has one encoding. A delta is the id minus the previous id (the previous
/// block's last id for a block's first posting; for the very first posting of a term, the id
/// itself). Positions are absolute, not deltas: with one width for the block, posting `row`'s
/// positions start at value Σ frequencies before it, so they can be read without the others.
///
/// ```swift
/// var bytes: [UInt8] = []
/// PostingBlockCodec.append(idDeltas: [3, 2], termFrequencies: [1, 2], positions: [4, 1, 6], to: &bytes)
/// // [0x02, 0x01, 0x03, 0x0B, 0x02, 0x8C, 0x01]
/// ```
enum PostingBlockCodec {
    /// The widths before the packed runs.
    static let headerSize = 3

    /// Why a block's bytes could not be decoded.
    enum DecodingError: Error, Equatable, CustomStringConvertible {
        /// The data is shorter than the 3-byte header.
        case shorterThanHeader(length: Int)
        /// A width above 32 bits.
        case widthTooLarge(field: String, bits: Int)
        /// The data's length differs from what its widths and counts take.
        case lengthMismatch(length: Int, expected: Int)
        /// Padding bits after a run are not zero.
        case nonzeroPadding(field: String)
        /// An id delta of 0 (or one that overflows) after `previousID`.
        case idsNotAscending(after: UInt32)
        /// An id at or beyond the term's id limit.
        case idOutOfRange(id: UInt64, limit: Int)
        /// A term frequency above `UInt32.max`, or more than the distinct positions of its width.
        case frequencyTooLarge(frequency: UInt64, positionBits: Int)
        /// The positions of posting `row` do not strictly ascend.
        case positionsNotAscending(row: Int)

        var description: String {
            switch self {
            case .shorterThanHeader(let length):
                "the data is \(length) bytes, shorter than its \(PostingBlockCodec.headerSize)-byte header"
            case .widthTooLarge(let field, let bits): "the \(field) width is \(bits) bits, at most 32"
            case .lengthMismatch(let length, let expected):
                "the data is \(length) bytes, but its widths and counts take \(expected)"
            case .nonzeroPadding(let field): "the padding bits after the \(field) are not zero"
            case .idsNotAscending(let previousID): "ids are not ascending after \(previousID)"
            case .idOutOfRange(let id, let limit): "id \(id) is out of range 0..<\(limit)"
            case .frequencyTooLarge(let frequency, let positionBits):
                "term frequency \(frequency) does not fit distinct positions of \(positionBits) bits"
            case .positionsNotAscending(let row): "positions of posting \(row) are not ascending"
            }
        }
    }

    /// What decoding a block's ids and frequencies learns about it, for reading its positions
    /// and checking it against the term's skip table.
    struct Layout: Sendable, Equatable {
        /// Where the positions start in the decoded buffer.
        var positionsStart: Int
        /// The width of each position.
        var positionBits: Int
        /// How many positions the block holds: the sum of its term frequencies.
        var positionCount: Int
        /// The block's last id.
        var lastID: UInt32
        /// The block's largest term frequency.
        var maxTermFrequency: UInt32
    }

    // MARK: - Encoding

    /// Appends one block: `idDeltas` and `termFrequencies` (≥ 1) have one entry per posting,
    /// `positions` holds every posting's positions, posting after posting.
    static func append(idDeltas: [UInt32], termFrequencies: [UInt32], positions: [UInt32], to bytes: inout [UInt8]) {
        let idBits = BitPacking.width(of: idDeltas.max() ?? 0)
        let frequencyBits = BitPacking.width(of: (termFrequencies.max() ?? 1) - 1)
        let positionBits = BitPacking.width(of: positions.max() ?? 0)
        bytes.append(UInt8(idBits))
        bytes.append(UInt8(frequencyBits))
        bytes.append(UInt8(positionBits))
        BitPacking.append(idDeltas, width: idBits, to: &bytes)
        BitPacking.append(termFrequencies.lazy.map { $0 - 1 }, width: frequencyBits, to: &bytes)
        BitPacking.append(positions, width: positionBits, to: &bytes)
    }

    // MARK: - Decoding

    /// Decodes the ids and term frequencies of the block of `count` postings (1…128) held in
    /// `bytes[range]`, checked: widths, exact length, zero padding, ids ascending after
    /// `previousID` (nil for a term's first block) and below `idLimit`, frequencies that fit
    /// distinct positions. Appends to `ids`, `termFrequencies` and `positionStarts` (each
    /// posting's first position, counted from the block's first).
    ///
    /// `bytes` must hold ``BitPacking/padding`` bytes after `range`; the reads stay inside it.
    static func decode(_ bytes: [UInt8], in range: Range<Int>, count: Int, after previousID: UInt32?, idLimit: Int,
                       ids: inout [UInt32], termFrequencies: inout [UInt32],
                       positionStarts: inout [Int]) throws(DecodingError) -> Layout {
        let widths = try Self.widths(of: bytes, in: range)
        // The outputs are sized first and filled through buffer pointers: appending one element
        // at a time checks uniqueness and capacity at every posting.
        let first = (id: ids.count, frequency: termFrequencies.count)
        ids.append(contentsOf: repeatElement(0, count: count))
        termFrequencies.append(contentsOf: repeatElement(1, count: count))
        let layout = try decode(bytes, in: range, count: count, after: previousID, idLimit: idLimit, widths: widths,
                                ids: &ids, termFrequencies: &termFrequencies, at: first)
        let firstStart = positionStarts.count
        positionStarts.append(contentsOf: repeatElement(0, count: count))
        termFrequencies.withUnsafeBufferPointer { frequencies in
            positionStarts.withUnsafeMutableBufferPointer { starts in
                Self.positionStarts(of: UnsafeBufferPointer(rebasing: frequencies[first.frequency..<(first.frequency + count)]),
                                    into: UnsafeMutableBufferPointer(rebasing: starts[firstStart..<(firstStart + count)]))
            }
        }
        return layout
    }

    /// The widths a block's header gives, checked: the block holds its header, with
    /// ``BitPacking/padding`` bytes after it, and no width exceeds 32.
    private static func widths(of bytes: [UInt8], in range: Range<Int>) throws(DecodingError) -> (id: Int, frequency: Int, position: Int) {
        let length = range.count
        guard length >= headerSize, range.lowerBound >= 0, range.upperBound <= bytes.count - BitPacking.padding else {
            throw .shorterThanHeader(length: length)
        }
        let start = range.lowerBound
        let idBits = Int(bytes[start]), frequencyBits = Int(bytes[start + 1]), positionBits = Int(bytes[start + 2])
        guard idBits <= 32 else { throw .widthTooLarge(field: "id", bits: idBits) }
        guard frequencyBits <= 32 else { throw .widthTooLarge(field: "frequency", bits: frequencyBits) }
        guard positionBits <= 32 else { throw .widthTooLarge(field: "position", bits: positionBits) }
        return (idBits, frequencyBits, positionBits)
    }

    /// ``decode(_:in:count:after:idLimit:ids:termFrequencies:positionStarts:)`` into outputs
    /// that already hold one element per posting, without the position starts: rows
    /// `0..<count` of the block go to elements `0..<count` of each, whatever they held. A reader
    /// decoding block after block into the same buffers thus neither grows nor fills them first,
    /// and works out where each posting's positions start
    /// (``positionStarts(of:into:)``) only for a block whose positions it reads.
    static func decode(_ bytes: [UInt8], in range: Range<Int>, count: Int, after previousID: UInt32?, idLimit: Int,
                       replacing ids: inout [UInt32], termFrequencies: inout [UInt32]) throws(DecodingError) -> Layout {
        let widths = try Self.widths(of: bytes, in: range)
        precondition(ids.count >= count && termFrequencies.count >= count, "the outputs must hold one element per posting")
        return try decode(bytes, in: range, count: count, after: previousID, idLimit: idLimit, widths: widths,
                          ids: &ids, termFrequencies: &termFrequencies, at: (0, 0))
    }

    /// Where each posting's positions start among its block's, from the postings' term
    /// frequencies (`starts` holds as many elements as `termFrequencies`): the sum of the
    /// frequencies before it. The frequencies are those a checked decoding gave, so the sums fit.
    static func positionStarts(of termFrequencies: UnsafeBufferPointer<UInt32>,
                               into starts: UnsafeMutableBufferPointer<Int>) {
        precondition(starts.count == termFrequencies.count, "one start per posting")
        var start = 0
        for row in termFrequencies.indices {
            starts[row] = start
            start &+= Int(termFrequencies[row])
        }
    }

    /// Both decodings, once the header's widths are read and checked.
    ///
    /// Each run is summed and checked as it is unpacked, in one pass (see
    /// ``BitPacking/unpack(_:from:width:into:transforming:)``).
    private static func decode(_ bytes: [UInt8], in range: Range<Int>, count: Int, after previousID: UInt32?, idLimit: Int,
                               widths: (id: Int, frequency: Int, position: Int),
                               ids: inout [UInt32], termFrequencies: inout [UInt32],
                               at first: (id: Int, frequency: Int)) throws(DecodingError) -> Layout {
        let length = range.count
        let start = range.lowerBound
        let (idBits, frequencyBits, positionBits) = widths
        let idStart = start + headerSize
        let frequencyStart = idStart + BitPacking.byteCount(of: count, width: idBits)
        let positionsStart = frequencyStart + BitPacking.byteCount(of: count, width: frequencyBits)
        guard positionsStart <= range.upperBound else {
            throw .lengthMismatch(length: length, expected: positionsStart - start)
        }
        let (firstID, firstFrequency) = first
        var positionCount = count
        var largestFrequency: UInt32 = 0
        var lastID: UInt32 = 0
        let result = bytes.withUnsafeBytes { raw -> DecodingError? in
            // Ids: every delta but a term's very first must be at least 1, and the last id must
            // be below the limit; both are learned while the deltas are summed.
            var smallestDelta = UInt32.max
            var last: UInt64 = 0
            ids.withUnsafeMutableBufferPointer { output in
                guard count > 0 else { return }
                let block = UnsafeMutableBufferPointer(rebasing: output[firstID..<(firstID + count)])
                // The running id in 64 bits: 128 deltas of 32 bits cannot overflow it.
                var id = UInt64(previousID ?? 0)
                BitPacking.unpack(raw, from: idStart, width: idBits, into: block) { delta in
                    smallestDelta = min(smallestDelta, delta)
                    id &+= UInt64(delta)
                    return UInt32(truncatingIfNeeded: id)
                }
                last = id
                if previousID == nil, smallestDelta == 0 {
                    // The very first delta of a term is the id itself, which may be 0.
                    smallestDelta = UInt32.max
                    var previous = block[0]
                    for row in 1..<count {
                        smallestDelta = min(smallestDelta, block[row] &- previous)
                        previous = block[row]
                    }
                }
            }
            lastID = UInt32(truncatingIfNeeded: last)
            guard smallestDelta > 0 else { return Self.firstNonAscending(ids[firstID..<(firstID + count)], after: previousID) }
            guard last < UInt64(idLimit) else { return .idOutOfRange(id: last, limit: idLimit) }

            // Frequencies, stored less one: with width 0 every frequency is 1 (as the outputs
            // hold or are filled with here) and posting `row`'s one position is the `row`-th.
            termFrequencies.withUnsafeMutableBufferPointer { frequencies in
                let block = UnsafeMutableBufferPointer(rebasing: frequencies[firstFrequency..<(firstFrequency + count)])
                guard frequencyBits > 0 else {
                    block.update(repeating: 1)
                    return
                }
                var largest: UInt32 = 0
                var sum: UInt64 = 0
                BitPacking.unpack(raw, from: frequencyStart, width: frequencyBits, into: block) { frequencyLessOne in
                    largest = max(largest, frequencyLessOne)
                    sum &+= UInt64(frequencyLessOne)
                    return frequencyLessOne &+ 1
                }
                largestFrequency = largest
                positionCount = count + Int(sum)
            }
            let maxTermFrequency = UInt64(largestFrequency) + 1
            // Distinct positions of `positionBits` bits are at most 2^positionBits.
            guard largestFrequency < UInt32.max, maxTermFrequency <= UInt64(1) << UInt64(positionBits) else {
                return .frequencyTooLarge(frequency: maxTermFrequency, positionBits: positionBits)
            }
            let end = positionsStart + BitPacking.byteCount(of: positionCount, width: positionBits)
            guard end == range.upperBound else { return .lengthMismatch(length: length, expected: end - start) }
            // The last byte of a run that ends inside it must have zero bits after the run.
            func isPadded(_ runStart: Int, values: Int, bits: Int) -> Bool {
                let usedBits = (values * bits) % 8
                return usedBits == 0 || raw[runStart + BitPacking.byteCount(of: values, width: bits) - 1] >> usedBits == 0
            }
            guard isPadded(idStart, values: count, bits: idBits) else { return .nonzeroPadding(field: "ids") }
            guard isPadded(frequencyStart, values: count, bits: frequencyBits) else { return .nonzeroPadding(field: "frequencies") }
            guard isPadded(positionsStart, values: positionCount, bits: positionBits) else {
                return .nonzeroPadding(field: "positions")
            }
            return nil
        }
        if let result { throw result }
        return Layout(positionsStart: positionsStart, positionBits: positionBits, positionCount: positionCount,
                      lastID: lastID, maxTermFrequency: largestFrequency + 1)
    }

    /// Appends the `count` positions that start at position `first` of a block decoded with
    /// `layout`, checked to ascend strictly (as posting `row`'s).
    @inline(__always)
    static func positions(in bytes: [UInt8], layout: Layout, first: Int, count: Int, row: Int,
                          into positions: inout [UInt32]) throws(DecodingError) {
        let start = positions.count
        positions.append(contentsOf: repeatElement(0, count: count))
        let ascending = positions.withUnsafeMutableBufferPointer { buffer in
            decodePositions(in: bytes, layout: layout, first: first, count: count,
                            into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        guard ascending else { throw .positionsNotAscending(row: row) }
    }

    /// Decodes `count` positions, from the `first`-th of the block's, into the start of `buffer`
    /// (which must hold them); whether they ascend.
    static func decodePositions(in bytes: [UInt8], layout: Layout, first: Int, count: Int,
                                into buffer: UnsafeMutableBufferPointer<UInt32>) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            var previous: UInt32 = 0
            for offset in 0..<count {
                let position = BitPacking.value(in: raw, from: layout.positionsStart, width: layout.positionBits,
                                                at: first + offset)
                if offset > 0, position <= previous { return false }
                previous = position
                buffer[offset] = position
            }
            return true
        }
    }

    /// The error for ids that do not strictly ascend: names the id before the first repeat.
    private static func firstNonAscending(_ ids: ArraySlice<UInt32>, after previousID: UInt32?) -> DecodingError {
        var previous = previousID
        for id in ids {
            if let previous, id <= previous { return .idsNotAscending(after: previous) }
            previous = id
        }
        return .idsNotAscending(after: previous ?? 0)
    }
}
