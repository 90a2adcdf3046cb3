/// Set operations on strictly ascending arrays of ordinals (passages or documents of one
/// segment), by merging: a query combines a few long lists once, and walking them in order costs
/// less than hashing every member into a `Set`.
enum SortedOrdinals {
    /// The members (document ordinals) that `plan` matches, given each leaf's ascending members.
    static func evaluate(_ plan: QueryPlan, lists: [[UInt32]]) -> [UInt32] {
        switch plan {
        case .nothing:
            return []
        case .leaf(let index):
            return lists[index]
        case .or(let children):
            var result: [UInt32] = []
            for child in children { result = union(result, evaluate(child, lists: lists)) }
            return result
        case .and(let children):
            var result: [UInt32]?
            for child in children {
                if case .not = child { continue }
                let list = evaluate(child, lists: lists)
                result = result.map { intersection($0, list) } ?? list
                if result?.isEmpty == true { return [] }
            }
            guard var remaining = result else { return [] }
            for child in children {
                if case .not(let excluded) = child { remaining = subtracting(evaluate(excluded, lists: lists), from: remaining) }
            }
            return remaining
        case .not:
            // Only meaningful inside `and`, which handles it; alone it matches nothing.
            return []
        }
    }

    /// The members of either list, ascending, each once.
    static func union(_ first: [UInt32], _ second: [UInt32]) -> [UInt32] {
        if first.isEmpty { return second }
        if second.isEmpty { return first }
        var result: [UInt32] = []
        result.reserveCapacity(first.count + second.count)
        var left = 0
        var right = 0
        while left < first.count, right < second.count {
            let a = first[left]
            let b = second[right]
            if a < b {
                result.append(a); left += 1
            } else if b < a {
                result.append(b); right += 1
            } else {
                result.append(a); left += 1; right += 1
            }
        }
        result.append(contentsOf: first[left...])
        result.append(contentsOf: second[right...])
        return result
    }

    /// The members of both lists, ascending.
    static func intersection(_ first: [UInt32], _ second: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var left = 0
        var right = 0
        while left < first.count, right < second.count {
            let a = first[left]
            let b = second[right]
            if a < b {
                left += 1
            } else if b < a {
                right += 1
            } else {
                result.append(a); left += 1; right += 1
            }
        }
        return result
    }

    /// The members of `list` that are not in `excluded`, ascending.
    static func subtracting(_ excluded: [UInt32], from list: [UInt32]) -> [UInt32] {
        guard !excluded.isEmpty else { return list }
        var result: [UInt32] = []
        result.reserveCapacity(list.count)
        var other = 0
        for value in list {
            while other < excluded.count, excluded[other] < value { other += 1 }
            if other < excluded.count, excluded[other] == value { continue }
            result.append(value)
        }
        return result
    }

    /// The documents of ascending `passages`, ascending, each once (a document's passages are
    /// consecutive ordinals, so equal documents come together).
    static func documents(of passages: [UInt32], reader: SegmentReader) -> [UInt32] {
        var result: [UInt32] = []
        guard let first = passages.first else { return result }
        // A document per passage at most: reserved once, where appending would grow the array
        // again and again.
        result.reserveCapacity(min(passages.count, reader.documentCount))
        var previous = reader.passageDocument(first)
        result.append(previous)
        for passage in passages.dropFirst() {
            let document = reader.passageDocument(passage)
            if document != previous {
                result.append(document)
                previous = document
            }
        }
        return result
    }

    /// The members of ascending `passages` whose document is in ascending `documents`.
    static func passages(_ passages: [UInt32], inDocuments documents: [UInt32], reader: SegmentReader) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(passages.count)
        var next = 0
        for passage in passages {
            let document = reader.passageDocument(passage)
            while next < documents.count, documents[next] < document { next += 1 }
            guard next < documents.count else { break }
            if documents[next] == document { result.append(passage) }
        }
        return result
    }

    /// The first index from `start` on whose value is `target` or more (`values.count` if none),
    /// in ascending `values`. Gallops from `start` (1, 2, 4 … ahead), then searches between the
    /// last two probes: a target a few postings on, as in intersecting common terms, costs a few
    /// predictable comparisons, where a search of the whole rest cost seven mispredicted ones.
    static func firstIndex(in values: [UInt32], from start: Int, notBelow target: UInt32) -> Int {
        var low = start
        var high = start
        var step = 1
        while high < values.count, values[high] < target {
            low = high + 1
            high = low + step
            step &*= 2
        }
        high = min(high, values.count)
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
