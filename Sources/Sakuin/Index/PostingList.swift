/// The postings of one term, decoded: the passages (or, for title terms, the documents) the term
/// occurs in, ascending, each with the positions where it occurs, ascending.
///
/// Positions of all entries share one flat array: the positions of `ids[i]` are
/// `positions[positionStarts[i]..<positionStarts[i + 1]]`, so `positionStarts` always has
/// `ids.count + 1` entries, the first of them 0.
///
/// ```swift
/// var list = PostingList()
/// list.append(id: 3, positions: [0, 7])
/// list.append(id: 9, positions: [2])
/// list.termFrequency(at: 0)  // 2
/// list.positions(at: 1)      // [2]
/// ```
struct PostingList: Sendable, Equatable {
    /// Passage ids (or document ordinals, for title terms), strictly ascending.
    var ids: [UInt32]
    /// Where each id's positions start in `positions`; `ids.count + 1` entries.
    var positionStarts: [Int]
    /// UTF-16 offsets in normalized text of every occurrence, grouped by id, ascending per id.
    var positions: [UInt32]

    /// The number of ids.
    var count: Int { ids.count }

    /// How many times the term occurs in `ids[i]`.
    func termFrequency(at i: Int) -> Int { positionStarts[i + 1] - positionStarts[i] }

    /// The positions of the term in `ids[i]`, ascending.
    func positions(at i: Int) -> ArraySlice<UInt32> { positions[positionStarts[i]..<positionStarts[i + 1]] }
}

extension PostingList {
    /// An empty list.
    init() {
        ids = []
        positionStarts = [0]
        positions = []
    }

    /// Adds an id after the last one, with its positions. The caller keeps ids and positions
    /// ascending.
    mutating func append(id: UInt32, positions newPositions: some Sequence<UInt32>) {
        ids.append(id)
        positions.append(contentsOf: newPositions)
        positionStarts.append(positions.count)
    }

    /// Reserves room for `idCount` ids and `positionCount` positions.
    mutating func reserveCapacity(ids idCount: Int, positions positionCount: Int) {
        ids.reserveCapacity(idCount)
        positionStarts.reserveCapacity(idCount + 1)
        positions.reserveCapacity(positionCount)
    }
}
