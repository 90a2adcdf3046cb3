// The only file that sees the compression library: the catalog stores each document's passage
// texts through `TextCompression`, and nothing else compresses.

import CompressNIO
import NIOCore

/// How the catalog stores a document's text: cut into blocks at passage ends, each block
/// compressed on its own, behind a table of the blocks' lengths.
///
/// Layout of a stored blob (a varint is unsigned LEB128: 7 bits a byte, least significant group
/// first, the high bit set on every byte but the last, at most 9 bytes):
///
/// ```
/// varint        block count n (0 for the empty text)
/// n × (varint   the block's text length in bytes, at least 1
///      varint)  the block's stored length in bytes, its format byte included, at least 1
/// n × block     back to back, in text order, nothing after the last:
///     u8        format   0 = stored: the block's text follows as is
///                        1 = zlib: a zlib stream (RFC 1950: 2-byte header, raw deflate at
///                            level 6, Adler-32 of the block's text, big-endian) follows
///     ...       payload
/// ```
///
/// A block closes at the end of the passage that brings it to ``blockSize`` bytes or more (and
/// at the text's end), so a passage's text lies in exactly one block and reading it inflates at
/// most ``blockSize`` bytes plus one passage. A block shorter than ``smallestCompressed`` bytes,
/// or one deflate does not shrink, is stored. Each block's zlib stream carries its own Adler-32,
/// so damage is found on reading the block, not only by analysing the text again. The text's
/// total length is not in the blob: the caller keeps it beside the blob, and the table must add
/// up to it.
enum TextCompression {
    /// The text a block holds before it closes at the next passage end. Chosen by measurement
    /// (index/README.md): smaller blocks inflate less per hit but compress worse.
    static let blockSize = 4096

    /// Blocks shorter than this are stored uncompressed: zlib's header and checksum would
    /// outweigh what deflate saves.
    static let smallestCompressed = 64

    /// The flag byte of a stored block.
    enum Format: UInt8 {
        case stored = 0
        case zlib = 1
    }

    /// Why a stored blob does not give back its text. Blocks are numbered from 0.
    enum DamageError: Error, Equatable, CustomStringConvertible {
        /// The block table is cut short, or does not add up to the blob's size and the recorded
        /// length.
        case damagedTable(String)
        /// The block's format byte is no known format.
        case unknownFormat(block: Int, UInt8)
        /// The block holds more or fewer bytes than the table records.
        case lengthMismatch(block: Int, expected: Int, found: Int)
        /// The block's recorded length is more than any deflate stream of its size could hold.
        case implausibleLength(block: Int, expected: Int, compressedBytes: Int)
        /// The block's zlib stream is corrupt, truncated, fails its checksum or is followed by
        /// extra bytes.
        case corruptStream(block: Int, String)

        var description: String {
            switch self {
            case .damagedTable(let detail): "the stored text's block table is damaged (\(detail))"
            case .unknownFormat(let block, let flag):
                "block \(block) of the stored text has the format byte \(flag), expected 0 or 1"
            case .lengthMismatch(let block, let expected, let found):
                "block \(block) of the stored text holds \(found) bytes, but its recorded length is \(expected)"
            case .implausibleLength(let block, let expected, let compressedBytes):
                "block \(block) of the stored text has the recorded length \(expected), more than "
                    + "\(compressedBytes) compressed bytes can hold"
            case .corruptStream(let block, let detail):
                "block \(block) of the stored text has a damaged zlib stream (\(detail))"
            }
        }
    }

    /// Where each block of a blob lies, in the text and in the blob: block `k` holds the text
    /// bytes from `textEnds[k - 1]` (0 for the first) to `textEnds[k]`, stored in the blob bytes
    /// from `blobEnds[k - 1]` (`payloadStart` for the first) to `blobEnds[k]`.
    struct BlockTable: Sendable, Equatable {
        var textEnds: [Int]
        var blobEnds: [Int]
        var payloadStart: Int

        var count: Int { textEnds.count }

        /// The text bytes block `block` holds.
        func textRange(of block: Int) -> Range<Int> {
            (block == 0 ? 0 : textEnds[block - 1])..<textEnds[block]
        }

        /// The blob bytes block `block` is stored in.
        func blobRange(of block: Int) -> Range<Int> {
            (block == 0 ? payloadStart : blobEnds[block - 1])..<blobEnds[block]
        }

        /// The blocks holding the text bytes `range` (one for a passage's range), or nil when the
        /// range does not lie in the text. An empty range lies in the block it starts in, or
        /// ends (at a block's end), and in none for the empty text.
        func blocks(covering range: Range<Int>) -> Range<Int>? {
            guard range.lowerBound >= 0, range.upperBound <= (textEnds.last ?? 0) else { return nil }
            guard count > 0 else { return 0..<0 }
            // Past the last block's end nothing starts, so the start's block is the first whose
            // end lies beyond it, or the last.
            let first = min(firstBlock(endingAfter: range.lowerBound), count - 1)
            let last = range.isEmpty ? first : firstBlock(endingAfter: range.upperBound - 1)
            return first..<(last + 1)
        }

        /// The first block whose end lies beyond `offset`, or `count` when none does.
        private func firstBlock(endingAfter offset: Int) -> Int {
            var (low, high) = (0, count)
            while low < high {
                let middle = (low + high) / 2
                if textEnds[middle] <= offset { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// The zlib level: level 6 is zlib's default, within a few percent of level 9 on text. Memory
    /// level 5 (zlib's default is 8) sizes deflate's hash table for blocks of a few kilobytes:
    /// zlib clears the table for every stream, and at the default size clearing it cost more
    /// than compressing a 4 KB block.
    private static let configuration = ZlibConfiguration(compressionLevel: .compressionLevel6, memoryLevel: .memory16K)

    /// Deflate never expands more than 1032 to 1 (a 258-byte match in one bit), so a recorded
    /// length beyond this many bytes per compressed byte is damage, caught before allocating.
    private static let largestExpansion = 1032

    // MARK: - Writing

    /// The blob for `bytes`, cut into blocks at the offsets `passageEnds` (ascending; offsets
    /// outside the text are ignored): a block closes at the first passage end that brings it to
    /// `blockSize` bytes or more, and at the text's end.
    static func compress(_ bytes: [UInt8], passageEnds: [Int], blockSize: Int = blockSize) -> [UInt8] {
        var blockEnds: [Int] = []
        var blockStart = 0
        for end in passageEnds where end <= bytes.count && end - blockStart >= max(1, blockSize) {
            blockEnds.append(end)
            blockStart = end
        }
        if blockStart < bytes.count { blockEnds.append(bytes.count) }
        var table: [UInt8] = []
        appendVarint(blockEnds.count, to: &table)
        var blocks: [UInt8] = []
        blockStart = 0
        var deflater = BlockDeflater()
        for end in blockEnds {
            let block = compressedBlock(bytes[blockStart..<end], deflater: &deflater)
            appendVarint(end - blockStart, to: &table)
            appendVarint(block.count, to: &table)
            blocks += block
            blockStart = end
        }
        return table + blocks
    }

    /// One block: compressed by `deflater` when that is smaller, else stored.
    private static func compressedBlock(_ bytes: ArraySlice<UInt8>, deflater: inout BlockDeflater) -> [UInt8] {
        guard bytes.count >= smallestCompressed, let compressed = deflater.deflated(bytes),
              compressed.count < bytes.count else {
            return [Format.stored.rawValue] + bytes
        }
        return compressed
    }

    private static func appendVarint(_ value: Int, to bytes: inout [UInt8]) {
        var rest = UInt64(truncatingIfNeeded: value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    // MARK: - Reading

    /// The whole text a blob made by ``compress(_:passageEnds:blockSize:)`` holds, which must be
    /// exactly `expectedLength` bytes long. Allocates at most about `expectedLength` bytes, and
    /// only when the blob could hold that many.
    static func decompress(_ blob: [UInt8], expectedLength: Int) throws(DamageError) -> [UInt8] {
        let result = blob.withUnsafeBytes { bytes in
            Result { () throws(DamageError) in try decompress(bytes, expectedLength: expectedLength) }
        }
        return try result.get()
    }

    /// ``decompress(_:expectedLength:)`` over borrowed bytes (a column SQLite lends).
    static func decompress(_ blob: UnsafeRawBufferPointer, expectedLength: Int) throws(DamageError) -> [UInt8] {
        let table = try blockTable(blob, expectedLength: expectedLength)
        var text: [UInt8] = []
        text.reserveCapacity(expectedLength)
        for block in 0..<table.count {
            text += try decompress(block: block, of: blob, table: table)
        }
        return text
    }

    /// The block table at the start of `blob`, checked against the blob's size and the text's
    /// `expectedLength`. Allocates in proportion to the blob's size, whatever the table says.
    static func blockTable(_ blob: UnsafeRawBufferPointer, expectedLength: Int) throws(DamageError) -> BlockTable {
        guard expectedLength >= 0 else { throw .damagedTable("the recorded length \(expectedLength) is negative") }
        var offset = 0
        let count = try varint(blob, at: &offset, field: "the block count")
        // Each block takes at least two bytes of the table and one stored byte.
        guard count <= (blob.count - offset) / 3 else {
            throw .damagedTable("it counts \(count) block\(count == 1 ? "" : "s") in a \(blob.count)-byte blob")
        }
        var textEnds: [Int] = []
        var blobEnds: [Int] = []
        textEnds.reserveCapacity(count)
        blobEnds.reserveCapacity(count)
        var textEnd = 0
        var storedEnd = 0
        for block in 0..<count {
            let textLength = try varint(blob, at: &offset, field: "block \(block)'s text length")
            let storedLength = try varint(blob, at: &offset, field: "block \(block)'s stored length")
            guard textLength >= 1, storedLength >= 1 else {
                throw .damagedTable("block \(block) has the text length \(textLength) and the stored length "
                    + "\(storedLength), expected at least 1 each")
            }
            guard textLength <= expectedLength - textEnd else {
                throw .damagedTable("its blocks hold more than the recorded length \(expectedLength)")
            }
            guard storedLength <= blob.count - storedEnd else {
                throw .damagedTable("its blocks take more than the blob's \(blob.count) bytes")
            }
            textEnd += textLength
            storedEnd += storedLength
            textEnds.append(textEnd)
            blobEnds.append(storedEnd)
        }
        guard textEnd == expectedLength else {
            throw .damagedTable("its blocks hold \(textEnd) bytes of text, but the recorded length is \(expectedLength)")
        }
        guard offset + storedEnd == blob.count else {
            throw .damagedTable("its blocks take \(storedEnd) bytes, but \(blob.count - offset) follow it")
        }
        return BlockTable(textEnds: textEnds, blobEnds: blobEnds.map { $0 + offset }, payloadStart: offset)
    }

    /// The text of block `block` of `blob`, whose table is `table` (from
    /// ``blockTable(_:expectedLength:)``).
    static func decompress(block: Int, of blob: UnsafeRawBufferPointer, table: BlockTable) throws(DamageError) -> [UInt8] {
        let expectedLength = table.textRange(of: block).count
        let stored = UnsafeRawBufferPointer(rebasing: blob[table.blobRange(of: block)])
        guard let flag = stored.first else { throw .lengthMismatch(block: block, expected: expectedLength, found: 0) }
        let payload = UnsafeRawBufferPointer(rebasing: stored.dropFirst())
        switch Format(rawValue: flag) {
        case .stored:
            guard payload.count == expectedLength else {
                throw .lengthMismatch(block: block, expected: expectedLength, found: payload.count)
            }
            return Array(payload)
        case .zlib:
            return try inflated(payload, block: block, expectedLength: expectedLength)
        case nil:
            throw .unknownFormat(block: block, flag)
        }
    }

    /// The varint at `offset`, which then lies just past it.
    private static func varint(_ bytes: UnsafeRawBufferPointer, at offset: inout Int,
                               field: @autoclosure () -> String) throws(DamageError) -> Int {
        var value: UInt64 = 0
        for shift in stride(from: UInt64(0), to: 63, by: 7) {
            guard offset < bytes.count else { throw .damagedTable("it ends inside \(field())") }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return Int(value) }
        }
        throw .damagedTable("\(field()) is longer than 9 bytes")
    }

    // MARK: - zlib

    /// One zlib compressor for every block of a text, reset between blocks: setting one up
    /// allocates its window and tables anew, which cost more than compressing a block.
    private struct BlockDeflater {
        /// Nil when zlib could not set one up: every block is then stored.
        private let compressor = try? ZlibCompressor(algorithm: .zlib, configuration: TextCompression.configuration)
        /// Whether a block went through the compressor since it was set up or reset.
        private var used = false

        /// The flag byte and a zlib stream of `bytes`, a stream of its own; nil if zlib fails (it
        /// can only run out of memory).
        mutating func deflated(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
            guard let compressor else { return nil }
            if used {
                guard (try? compressor.reset()) != nil else { return nil }
            }
            used = true
            var input = ByteBuffer(bytes: bytes)
            var output = ByteBufferAllocator().buffer(capacity: 1 + compressor.maxSize(from: input))
            output.writeInteger(Format.zlib.rawValue)
            // With room for deflate's bound, one call with `.finish` ends the stream.
            guard (try? compressor.deflate(from: &input, to: &output, flush: .finish)) != nil,
                  input.readableBytes == 0 else { return nil }
            return Array(output.readableBytesView)
        }
    }

    private static func inflated(_ payload: UnsafeRawBufferPointer, block: Int,
                                 expectedLength: Int) throws(DamageError) -> [UInt8] {
        guard expectedLength >= 0, expectedLength / largestExpansion <= payload.count else {
            throw .implausibleLength(block: block, expected: expectedLength, compressedBytes: payload.count)
        }
        guard !payload.isEmpty else { throw .corruptStream(block: block, "no bytes") }
        let decompressor: ZlibDecompressor
        do { decompressor = try ZlibDecompressor(algorithm: .zlib) } catch {
            throw .corruptStream(block: block, "\(error)")
        }
        var input = ByteBuffer(bytes: payload)
        // One byte more than expected: a stream that makes more than its recorded length fills
        // it and is caught below, instead of stopping exactly at the length and looking sound.
        var output = ByteBufferAllocator().buffer(capacity: expectedLength + 1)
        do {
            try decompressor.inflate(from: &input, to: &output)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw .lengthMismatch(block: block, expected: expectedLength, found: output.readableBytes)
        } catch let error as CompressNIOError where error == .inputBufferOverflow {
            throw .corruptStream(block: block, "it ends early")
        } catch {
            throw .corruptStream(block: block, "\(error)")
        }
        guard output.readableBytes == expectedLength else {
            throw .lengthMismatch(block: block, expected: expectedLength, found: output.readableBytes)
        }
        guard input.readableBytes == 0 else {
            throw .corruptStream(block: block, "\(input.readableBytes) bytes follow its end")
        }
        let text = Array(output.readableBytesView)
        // `inflate` reports a stream cut short after its last byte of text the same as a whole
        // one. A whole stream ends with the checksum zlib verified, so the payload's last four
        // bytes must be the text's Adler-32.
        let trailer = payload.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard payload.count >= 6, trailer == adler32(text) else { throw .corruptStream(block: block, "it ends early") }
        return text
    }

    /// The Adler-32 checksum of `bytes` (RFC 1950), as a zlib stream ends with it.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        let modulus: UInt32 = 65521
        // 5552 bytes is the most that can be summed before `sum` could overflow 32 bits.
        let run = 5552
        var (byteSum, sum): (UInt32, UInt32) = (1, 0)
        var start = 0
        while start < bytes.count {
            let end = min(start + run, bytes.count)
            for index in start..<end {
                byteSum &+= UInt32(bytes[index])
                sum &+= byteSum
            }
            byteSum %= modulus
            sum %= modulus
            start = end
        }
        return sum << 16 | byteSum
    }
}
