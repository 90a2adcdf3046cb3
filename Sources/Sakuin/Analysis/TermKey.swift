/// The key of a term in the index: one byte for the field and kind, then the term's UTF-8 text.
///
/// Keys sort as bytes, so all the terms that start with some text form one contiguous range
/// of the term dictionary (prefix queries and one-character queries are range scans).
struct TermKey: Hashable, Comparable, Sendable {
    /// What a key denotes: a field and a kind of token.
    enum Kind: UInt8, Sendable, CaseIterable {
        /// A character bigram of body text, or the last character of a Han/kana run.
        case bodyGram = 0x01
        /// An ICU word of body text.
        case bodyWord = 0x02
        /// A gram of the document title (postings are over documents, not passages).
        case titleGram = 0x11
        /// A word of the document title (postings are over documents, not passages).
        case titleWord = 0x12

        /// Whether postings of this kind are over documents of the segment.
        var isDocumentLevel: Bool { rawValue & 0x10 != 0 }
        /// Whether this is a gram kind.
        var isGram: Bool { rawValue & 0x0F == 0x01 }
        /// The same kind of token in the title field.
        var inTitle: Kind { isGram ? .titleGram : .titleWord }
    }

    /// The kind byte followed by the UTF-8 text.
    var bytes: [UInt8]

    /// The key of `kind` for the text `units`; an unpaired surrogate becomes U+FFFD.
    init(kind: Kind, utf16 units: ArraySlice<UInt16>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 + units.count * 3)
        bytes.append(kind.rawValue)
        Self.appendUTF8(of: units, to: &bytes)
        self.bytes = bytes
    }

    /// Appends the UTF-8 of `units` to `bytes`, an unpaired surrogate as U+FFFD.
    ///
    /// Transcoded in one pass with no array of scalars in between: every token of every indexed
    /// passage makes a key here.
    static func appendUTF8(of units: ArraySlice<UInt16>, to bytes: inout [UInt8]) {
        var index = units.startIndex
        while index < units.endIndex {
            let unit = units[index]
            index += 1
            let scalar: UInt32
            if unit < 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: unit))
                continue
            } else if UTF16.isLeadSurrogate(unit), index < units.endIndex, UTF16.isTrailSurrogate(units[index]) {
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(units[index]) - 0xDC00)
                index += 1
            } else if UTF16.isLeadSurrogate(unit) || UTF16.isTrailSurrogate(unit) {
                scalar = 0xFFFD
            } else {
                scalar = UInt32(unit)
            }
            if scalar < 0x800 {
                bytes.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            } else if scalar < 0x10000 {
                bytes.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F))
            } else {
                bytes.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 12) & 0x3F))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F))
            }
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The kind, or nil for a malformed key.
    var kind: Kind? { bytes.first.flatMap(Kind.init(rawValue:)) }

    /// The term's text.
    var text: String { String(decoding: bytes.dropFirst(), as: UTF8.self) }

    static func < (lhs: TermKey, rhs: TermKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
