import Foundation

/// Writes a segment whose terms are encoded in one or two ranges of keys, the two on two
/// threads: the builder's flush and the merger both write this way.
///
/// The first range's encoder holds the passage and document tables and writes the file at
/// `path`; the second's holds postings alone, under `path` + ``secondRangeSuffix``. Each streams
/// to its file once `streamingThreshold` bytes are in memory, so neither holds a large segment
/// whole. The second range's terms are then appended after the first's (what it streamed is read
/// back from its file, which goes), and the file is finished: its bytes are those of one pass in
/// key order. On failure nothing either range wrote stays behind.
///
/// ```swift
/// let summary = try SegmentRangeWrite(path: temporary, passageLengths: lengths, documents: documents,
///                                     locations: locations, expectedSize: size)
///     .write(rangeCount: 2) { range, encoder throws(IndexError) in try encodeTerms(of: range, into: &encoder) }
/// ```
struct SegmentRangeWrite {
    let path: String
    let passageLengths: [UInt32]
    let documents: [SegmentEncoder.DocumentEntry]
    let locations: PassageLocationTable
    /// Room to reserve for the file's bytes in memory (capped at twice the streaming threshold).
    var expectedSize = 0
    /// Bytes in memory past which each range streams to its file; nil: the file is assembled in
    /// memory and written at the end.
    var streamingThreshold: Int? = SegmentRangeWrite.streamingThreshold
    /// Room to reserve for the dictionary: terms and key bytes in all.
    var expectedTerms = (count: 0, keyBytes: 0)

    /// The bytes of a segment in memory past which its postings go to the file.
    static let streamingThreshold = 4 << 20

    /// Fewest terms (in the largest input, for a merge) for a segment to be written in two
    /// ranges on two threads.
    static let minimumTermsToSplit = 4096

    /// What the second range's postings file adds to the segment's path.
    static let secondRangeSuffix = ".part"

    /// Encodes range 0 (and range 1, when `rangeCount` is 2, on a second thread) with `encode`,
    /// which gets the range's number and its encoder, and writes the file (fsynced, closed).
    func write(rangeCount: Int,
               encode: @escaping (_ range: Int, _ encoder: inout SegmentEncoder) throws(IndexError) -> Void)
        throws(IndexError) -> SegmentFileSummary {
        precondition(rangeCount == 1 || rangeCount == 2, "a segment is written in one or two ranges of terms")
        var encoders = try encodeRanges(rangeCount, encode)
        // Each encoder is held once here, so appending to the first copies none of its bytes.
        var whole = encoders.removeFirst()
        var second = encoders.popLast()
        do throws(IndexError) {
            if let part = second {
                try whole.appendTerms(of: part)
                second = nil
            }
            return try whole.write()
        } catch {
            whole.discard()
            second?.discard()
            throw error
        }
    }

    /// The encoders of the ranges, in order; on failure, throws the first error once no file a
    /// range streamed to is left.
    private func encodeRanges(
        _ rangeCount: Int, _ encode: @escaping (_ range: Int, _ encoder: inout SegmentEncoder) throws(IndexError) -> Void
    ) throws(IndexError) -> [SegmentEncoder] {
        let reserved = streamingThreshold.map { min(expectedSize, 2 * $0) } ?? expectedSize
        let work = OrderedParallelWork(inputs: Array(0..<rangeCount)) { _, range in
            Result { () throws(IndexError) -> SegmentEncoder in
                var encoder: SegmentEncoder
                if range == 0 {
                    encoder = SegmentEncoder(path: path, passageLengths: passageLengths, documents: documents,
                                             locations: locations, expectedSize: reserved,
                                             streamingThreshold: streamingThreshold)
                    encoder.reserveTerms(expectedTerms.count, keyBytes: expectedTerms.keyBytes)
                } else {
                    encoder = SegmentEncoder(path: path + Self.secondRangeSuffix, passageLengths: [], documents: [],
                                             locations: PassageLocationTable(), expectedSize: reserved / 2,
                                             streamingThreshold: streamingThreshold)
                    encoder.reserveTerms(expectedTerms.count / 2, keyBytes: expectedTerms.keyBytes / 2)
                }
                do throws(IndexError) {
                    try encode(range, &encoder)
                } catch {
                    encoder.discard()
                    throw error
                }
                return encoder
            }
        }
        work.runAll(workers: min(rangeCount, ProcessInfo.processInfo.activeProcessorCount))
        var encoders: [SegmentEncoder] = []
        var failure: IndexError?
        for part in work.results() {
            switch part {
            case .success(let encoder): encoders.append(encoder)
            case .failure(let error): failure = failure ?? error
            }
        }
        if let failure {
            for index in encoders.indices { encoders[index].discard() }
            throw failure
        }
        return encoders
    }
}
