/// The passages of one segment that are deleted (tombstones), as a bitmap over local passage ids.
///
/// Segments are immutable; deleting or replacing a document marks its passages here, and the
/// catalog stores the bitmap with the segment. Searches skip marked passages and leave them out
/// of document frequencies and length norms.
struct DeletionSet: Sendable, Equatable {
    /// One bit per passage, least significant bit first.
    private(set) var bytes: [UInt8]
    /// How many passages are marked.
    private(set) var count: Int

    /// An empty set for a segment of `passageCount` passages.
    init(passageCount: Int) {
        bytes = [UInt8](repeating: 0, count: (passageCount + 7) / 8)
        count = 0
    }

    /// A set read back from its stored bitmap; bits past `passageCount` are ignored.
    init(bytes stored: [UInt8], passageCount: Int) {
        var bytes = [UInt8](repeating: 0, count: (passageCount + 7) / 8)
        for index in 0..<min(bytes.count, stored.count) { bytes[index] = stored[index] }
        if passageCount % 8 != 0, let last = bytes.indices.last {
            bytes[last] &= UInt8((1 << (passageCount % 8)) - 1)
        }
        self.bytes = bytes
        self.count = bytes.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// Whether passage `id` is deleted. Ids past the end are reported deleted.
    @inline(__always)
    func contains(_ id: UInt32) -> Bool {
        let byte = Int(id >> 3)
        guard byte < bytes.count else { return true }
        return bytes[byte] & (1 << (id & 7)) != 0
    }

    /// Marks the passages of `range` deleted.
    mutating func insert(_ range: Range<UInt32>) {
        for id in range where !contains(id) {
            bytes[Int(id >> 3)] |= 1 << (id & 7)
            count += 1
        }
    }
}
