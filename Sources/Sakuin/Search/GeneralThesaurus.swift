/// The general synonym groups (SudachiDict's, `GeneralThesaurusData.swift`), read in place:
/// a word's groups are found by binary search over the sorted word index, so that a search
/// parses nothing but the lines it needs.
enum GeneralThesaurus {
    /// The groups holding `word` (folded), each as its words, in the order of the groups.
    static func groups(containing word: String) -> [[String]] {
        let key = Array(word.utf8)
        guard !key.isEmpty, let offsets = groupOffsets(of: key) else { return [] }
        return offsets.map(group(at:))
    }

    /// Every group, in order.
    static let allGroups: [[String]] = groupsText.split(separator: "\n").map { line in
        line.split(separator: ",").map(String.init)
    }

    /// The byte offsets of the word's group lines, or nil when the index has no such word.
    private static func groupOffsets(of key: [UInt8]) -> [Int]? {
        var index = indexText
        return index.withUTF8 { bytes -> [Int]? in
            // Lines are `word\toffset,offset\n`, sorted by the word's bytes: find the first
            // line whose word is not below the key.
            var low = 0
            var high = bytes.count
            while low < high {
                let middle = (low + high) / 2
                var start = middle
                while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
                if compare(bytes, lineAt: start, with: key) < 0 {
                    var end = start
                    while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                    low = end + 1
                } else {
                    high = start
                }
            }
            guard low < bytes.count, compare(bytes, lineAt: low, with: key) == 0 else { return nil }
            var offsets: [Int] = []
            var value = 0
            var position = low + key.count + 1
            while position < bytes.count && bytes[position] != 0x0A {
                let byte = bytes[position]
                if byte == 0x2C {
                    offsets.append(value)
                    value = 0
                } else {
                    value = value * 10 + Int(byte - 0x30)
                }
                position += 1
            }
            offsets.append(value)
            return offsets
        }
    }

    /// The line's word (up to its tab) against `key`, bytewise: negative, zero or positive.
    private static func compare(_ bytes: UnsafeBufferPointer<UInt8>, lineAt start: Int, with key: [UInt8]) -> Int {
        var position = start
        for byte in key {
            guard position < bytes.count, bytes[position] != 0x09 else { return -1 }
            if bytes[position] != byte { return Int(bytes[position]) - Int(byte) }
            position += 1
        }
        return position < bytes.count && bytes[position] != 0x09 ? 1 : 0
    }

    /// The words of the group line starting at byte `offset` of ``groupsText``.
    private static func group(at offset: Int) -> [String] {
        var text = groupsText
        return text.withUTF8 { bytes in
            var end = offset
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
                .split(separator: ",").map(String.init)
        }
    }
}
