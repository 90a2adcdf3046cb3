import Foundation

// Gathers a segment in memory; SegmentEncoder writes its bytes, as SegmentFormat.swift (and
// index/README.md) describe them.

/// The size and checksum of a segment file just written, for the catalog.
struct SegmentFileSummary: Sendable, Equatable {
    /// The file's size in bytes.
    var size: Int64
    /// The CRC-32 stored in the footer.
    var checksum: UInt32
}

/// Accumulates one segment in memory: documents, their passages, and the postings of every term,
/// then writes it as one immutable file.
///
/// ```swift
/// var builder = SegmentBuilder()
/// let document = builder.addDocument(catalogID: 42, titleTokens: titleTokens)  // 0
/// let passage = builder.addPassage(length: 12, tokens: passageTokens,           // 0
///                                   location: PassageLocation(lineStart: 1, lineEnd: 1, kind: .paragraph))
/// let summary = try builder.write(to: "/x/seg-7.skn.tmp")
/// ```
///
/// Body tokens post to passage ids, title tokens to document ordinals; both are numbered from 0
/// in the order they are added, so every postings list is built already sorted by id.
struct SegmentBuilder {
    /// For each passage, its normalized length.
    private var passageLengths: [UInt32] = []
    /// For each passage, where it is in its document.
    private var locations = PassageLocationTable()
    /// For each document, its catalog id.
    private var documentCatalogIDs: [Int64] = []
    /// For each document, its first passage id.
    private var documentFirstPassages: [UInt32] = []

    // Terms are numbered once, when first seen, and postings go to one flat log in the order
    // they are added: a key arrives with its hash (computed by the analysing workers), and no
    // per-term arrays are allocated. Writing groups the log by term (a counting sort keeps each term's postings in
    // the order added, which is ascending id).
    /// Every term seen so far, numbered.
    private var terms = TermTable()
    /// How many postings each term has, by number.
    private var termPostingCounts: [UInt32] = []
    /// For each posting in the order added: its term's number.
    private var postingTerms: [UInt32] = []
    /// For each posting in the order added: its passage id (or document ordinal).
    private var postingIDs: [UInt32] = []
    /// For each posting in the order added: its number of positions.
    private var postingFrequencies: [UInt32] = []
    /// The positions of every posting, in the order added.
    private var positions: [UInt32] = []

    /// Bytes held by the builder's arrays (their capacities), so the writer can flush at a
    /// memory budget. Writing needs about half as much again, for grouping and the file's bytes.
    var estimatedMemory: Int {
        let fourByteElements = passageLengths.capacity + documentFirstPassages.capacity + termPostingCounts.capacity
            + postingTerms.capacity + postingIDs.capacity + postingFrequencies.capacity + positions.capacity
        return 4 * fourByteElements + 8 * documentCatalogIDs.capacity
            + terms.memoryFootprint + locations.estimatedMemory
    }

    /// An empty segment.
    init() {}

    /// How many documents were added.
    var documentCount: Int { documentCatalogIDs.count }
    /// How many passages were added.
    var passageCount: Int { passageLengths.count }

    /// Starts a document; returns its ordinal in this segment (0, 1, 2 … in order). `titleTokens`
    /// have kinds `.titleGram`/`.titleWord`; their postings are over document ordinals, not
    /// passages.
    mutating func addDocument(catalogID: Int64, titleTokens: [Token]) -> UInt32 {
        assert(titleTokens.allSatisfy { $0.key.kind?.isDocumentLevel == true }, "title tokens must have title kinds")
        return addDocument(catalogID: catalogID, titleTerms: TermOccurrences(titleTokens))
    }

    /// Starts a document whose title terms are already grouped; see ``addDocument(catalogID:titleTokens:)``.
    mutating func addDocument(catalogID: Int64, titleTerms: TermOccurrences) -> UInt32 {
        let ordinal = UInt32(documentCatalogIDs.count)
        documentCatalogIDs.append(catalogID)
        documentFirstPassages.append(UInt32(passageLengths.count))
        addPostings(of: titleTerms, to: ordinal)
        return ordinal
    }

    /// Adds a passage to the most recently added document; returns its local passage id (0, 1,
    /// 2 … over the whole segment). `length` is the passage's normalized length (for BM25),
    /// `location` where it is in its document (what a hit shows). `tokens` have kinds
    /// `.bodyGram`/`.bodyWord`, in any order.
    ///
    /// A document must have been added first.
    mutating func addPassage(length: UInt32, tokens: [Token], location: PassageLocation) -> UInt32 {
        assert(tokens.allSatisfy { $0.key.kind?.isDocumentLevel == false }, "passage tokens must have body kinds")
        return addPassage(length: length, terms: TermOccurrences(tokens), location: location)
    }

    /// Adds a passage whose terms are already grouped; see ``addPassage(length:tokens:location:)``.
    mutating func addPassage(length: UInt32, terms: TermOccurrences, location: PassageLocation) -> UInt32 {
        precondition(!documentCatalogIDs.isEmpty, "SegmentBuilder.addPassage called before any addDocument")
        let passage = UInt32(passageLengths.count)
        passageLengths.append(length)
        locations.append(location)
        addPostings(of: terms, to: passage)
        return passage
    }

    /// Posts every key of `terms` to `id`, with its positions.
    private mutating func addPostings(of occurrences: TermOccurrences, to id: UInt32) {
        for index in 0..<occurrences.count {
            let range = occurrences.keyRange(at: index)
            let (number, isNew) = terms.number(of: range, in: occurrences.keyBytes, hash: occurrences.keyHashes[index])
            if isNew {
                termPostingCounts.append(1)
            } else {
                termPostingCounts[Int(number)] += 1
            }
            postingTerms.append(number)
            postingIDs.append(id)
            let added = occurrences.positions(at: index)
            positions.append(contentsOf: added)
            postingFrequencies.append(UInt32(added.count))
        }
    }

    // MARK: - Writing

    /// Writes the segment to `path` (created with `O_CREAT|O_EXCL`: fails if it exists), fsyncs
    /// the file and closes it. Does not rename anything or fsync the directory: the caller does.
    /// On failure the partly written file is removed.
    ///
    /// The builder is consumed: its log of postings is released once grouped by term, before
    /// the file's bytes are assembled, and the file's bytes go to it as they are encoded past
    /// `streamingThreshold` (nil: assembled in memory first), so writing takes little more
    /// memory than building did. The terms are encoded in two ranges of keys on two threads when
    /// `split` says so (``SegmentRangeWrite``); the bytes are those of one pass in key order.
    consuming func write(to path: String, splittingTerms split: TermSplit = .balanced,
                         streamingThreshold: Int? = SegmentRangeWrite.streamingThreshold) throws(IndexError) -> SegmentFileSummary {
        let termOrder = terms.numbersInKeyOrder()
        let postingCount = postingIDs.count, positionCount = positions.count
        let grouped = groupPostings()
        let documents = documentCatalogIDs.indices.map { ordinal in
            let first = documentFirstPassages[ordinal]
            let end = ordinal + 1 < documentCount ? documentFirstPassages[ordinal + 1] : UInt32(passageCount)
            return SegmentEncoder.DocumentEntry(catalogID: documentCatalogIDs[ordinal], firstPassage: first,
                                                passageCount: end - first)
        }
        let splitIndex: Int
        switch split {
        case .none: splitIndex = 0
        case .before(let index): splitIndex = min(max(index, 0), termOrder.count)
        case .balanced:
            splitIndex = termOrder.count >= SegmentRangeWrite.minimumTermsToSplit
                && ProcessInfo.processInfo.activeProcessorCount > 1
                ? Self.balancedSplit(of: termOrder, grouped: grouped) : 0
        }
        let ranges = splitIndex > 0 && splitIndex < termOrder.count
            ? [0..<splitIndex, splitIndex..<termOrder.count] : [0..<termOrder.count]
        var writer = SegmentRangeWrite(path: path, passageLengths: passageLengths, documents: documents, locations: locations)
        // Room for the whole file, roughly: a packed id or position takes one or two bytes.
        writer.expectedSize = SegmentFormat.headerSize + 10 * passageCount + 16 * documentCount
            + terms.keyBytes.count + 4 * terms.count + 2 * postingCount + 2 * positionCount
        writer.streamingThreshold = streamingThreshold
        writer.expectedTerms = (terms.count, terms.keyBytes.count)
        let terms = self.terms
        return try writer.write(rangeCount: ranges.count) { range, encoder throws(IndexError) in
            try Self.encodeTerms(termOrder[ranges[range]], of: terms, grouped: grouped, into: &encoder)
        }
    }

    /// Where writing splits the terms, in key order, between two threads.
    enum TermSplit: Equatable {
        /// Where the postings and positions before it are about half of all, on two threads
        /// when there are at least ``SegmentRangeWrite/minimumTermsToSplit`` terms and more than
        /// one active core; otherwise one pass.
        case balanced
        /// Before the term at this index in key order; 0 or the term count: one pass.
        case before(Int)
        /// One pass.
        case none
    }

    /// The index in `termOrder` before which the terms' postings and positions are about half
    /// of all of them.
    private static func balancedSplit(of termOrder: [Int], grouped: GroupedPostings) -> Int {
        func weight(_ number: Int) -> Int {
            let postings = grouped.postingStarts[number + 1] - grouped.postingStarts[number]
            let positionEnd = number + 1 < grouped.positionStarts.count ? grouped.positionStarts[number + 1] : grouped.positions.count
            return postings + positionEnd - grouped.positionStarts[number]
        }
        let half = (grouped.ids.count + grouped.positions.count) / 2
        var sum = 0
        for (index, number) in termOrder.enumerated() {
            sum += weight(number)
            if sum >= half { return index + 1 }
        }
        return termOrder.count
    }

    /// Encodes the terms numbered `numbers`, in that order, with their grouped postings.
    private static func encodeTerms(_ numbers: ArraySlice<Int>, of terms: TermTable, grouped: GroupedPostings,
                                    into encoder: inout SegmentEncoder) throws(IndexError) {
        for number in numbers {
            encoder.beginTerm(key: terms.keyBytes[terms.keyRange(of: number)])
            var positionStart = grouped.positionStarts[number]
            for slot in grouped.postingStarts[number]..<grouped.postingStarts[number + 1] {
                let count = Int(grouped.frequencies[slot])
                if count == 1 {
                    encoder.appendPosting(id: grouped.ids[slot], position: grouped.positions[positionStart])
                } else {
                    encoder.appendPosting(id: grouped.ids[slot],
                                          positions: grouped.positions[positionStart..<positionStart + count])
                }
                positionStart += count
            }
            try encoder.endTerm()
        }
    }

    /// The postings log regrouped by term: each term's postings together, in the order added
    /// (ascending id), and their positions likewise.
    private struct GroupedPostings {
        /// Where each term's postings start in `ids` and `frequencies`, by number, and where
        /// the last one's end.
        var postingStarts: [Int]
        /// Where each term's positions start in `positions`, by number.
        var positionStarts: [Int]
        var ids: [UInt32]
        var frequencies: [UInt32]
        var positions: [UInt32]
    }

    /// Groups the log by term with a counting sort (stable, linear) that moves the postings
    /// themselves, and releases the log as it goes. Each pass reads the log once in order and
    /// writes every posting into its term's range, so that encoding then reads each term's
    /// postings and positions in sequence. (Reading the log in term order instead, through an
    /// array of posting numbers, missed the cache on nearly every posting: it was most of the
    /// cost of writing a segment.) Ids move first and their log is released before positions
    /// move, so that grouping holds little more than the log did.
    private mutating func groupPostings() -> GroupedPostings {
        let termCount = terms.count
        var postingStarts = [Int](repeating: 0, count: termCount + 1)
        for (number, count) in termPostingCounts.enumerated() { postingStarts[number + 1] = postingStarts[number] + Int(count) }
        // Each term's count of positions, then, in place, where its positions start.
        var positionStarts = [Int](repeating: 0, count: termCount)
        for (posting, term) in postingTerms.enumerated() { positionStarts[Int(term)] += Int(postingFrequencies[posting]) }
        var total = 0
        for number in 0..<termCount {
            let count = positionStarts[number]
            positionStarts[number] = total
            total += count
        }

        var ids = [UInt32](repeating: 0, count: postingIDs.count)
        var frequencies = [UInt32](repeating: 0, count: postingIDs.count)
        var next = postingStarts
        ids.withUnsafeMutableBufferPointer { ids in
            frequencies.withUnsafeMutableBufferPointer { frequencies in
                next.withUnsafeMutableBufferPointer { next in
                    for (posting, term) in postingTerms.enumerated() {
                        let slot = next[Int(term)]
                        next[Int(term)] = slot + 1
                        ids[slot] = postingIDs[posting]
                        frequencies[slot] = postingFrequencies[posting]
                    }
                }
            }
        }
        postingIDs = []

        var grouped = [UInt32](repeating: 0, count: positions.count)
        next = positionStarts
        grouped.withUnsafeMutableBufferPointer { grouped in
            next.withUnsafeMutableBufferPointer { next in
                var start = 0
                for (posting, term) in postingTerms.enumerated() {
                    let end = start + Int(postingFrequencies[posting])
                    var target = next[Int(term)]
                    for index in start..<end {
                        grouped[target] = positions[index]
                        target += 1
                    }
                    next[Int(term)] = target
                    start = end
                }
            }
        }
        postingTerms = []
        postingFrequencies = []
        positions = []
        return GroupedPostings(postingStarts: postingStarts, positionStarts: positionStarts, ids: ids,
                               frequencies: frequencies, positions: grouped)
    }
}
