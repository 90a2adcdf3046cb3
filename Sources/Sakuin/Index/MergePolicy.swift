/// Which committed segments a commit merges, so that an index that grows by many small commits
/// keeps few segments (every query visits each one) without rewriting large ones over and over.
///
/// Segments fall into size classes by their live bytes (the file's size times the share of its
/// passages not deleted): class 0 below ``smallestClassBytes``, and each class ``factor`` times
/// the size of the one below. As soon as a class holds ``factor`` segments, the oldest
/// ``factor`` of them are merged into one, which lands about a class higher. A merge writes at
/// most ``sizeLimit`` bytes, so a segment is rewritten about once per class it climbs: a
/// logarithmic number of times over its life, and a commit does at most one merge.
///
/// ```swift
/// let policy = MergePolicy(sizeLimit: 32 << 20)
/// if let inputs = policy.selection(from: try catalog.segments()) { … }  // oldest first
/// ```
struct MergePolicy: Sendable, Equatable {
    /// How many segments of one class are merged together.
    var factor = 4
    /// The live bytes below which a segment is in the smallest class.
    var smallestClassBytes: Int64 = 1 << 20
    /// The most bytes (the inputs' files added up) one merge reads and writes.
    var sizeLimit: Int64

    /// The segments to merge next, oldest first, or nil when no class is full (or a full class's
    /// oldest segments would exceed ``sizeLimit`` together).
    func selection(from segments: [CatalogSegment]) -> [CatalogSegment]? {
        guard factor >= 2 else { return nil }
        var classes: [Int: [CatalogSegment]] = [:]
        for segment in segments.sorted(by: { $0.id < $1.id }) {
            classes[sizeClass(of: segment), default: []].append(segment)
        }
        for sizeClass in classes.keys.sorted() {
            guard let members = classes[sizeClass], members.count >= factor else { continue }
            let oldest = Array(members.prefix(factor))
            guard oldest.reduce(0, { $0 + $1.size }) <= sizeLimit else { continue }
            return oldest
        }
        return nil
    }

    /// The segment's size class: 0 below ``smallestClassBytes`` of live bytes, then one more for
    /// each ``factor``-fold.
    func sizeClass(of segment: CatalogSegment) -> Int {
        var bound = smallestClassBytes
        var sizeClass = 0
        let live = Self.liveBytes(of: segment)
        while live >= bound, sizeClass < 62 {
            sizeClass += 1
            let (next, overflow) = bound.multipliedReportingOverflow(by: Int64(factor))
            if overflow { break }
            bound = next
        }
        return sizeClass
    }

    /// The segment's file size times the share of its passages that are live.
    static func liveBytes(of segment: CatalogSegment) -> Int64 {
        guard segment.passageCount > 0 else { return 0 }
        let live = max(0, segment.passageCount - segment.deletions.count)
        return Int64(Double(segment.size) * Double(live) / Double(segment.passageCount))
    }
}
