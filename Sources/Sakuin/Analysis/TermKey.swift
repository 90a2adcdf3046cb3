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

    init(kind: Kind, utf16 units: ArraySlice<UInt16>) {
        var bytes: [UInt8] = [kind.rawValue]
        bytes.reserveCapacity(1 + units.count * 3)
        for scalar in Unicode.UTF16.decode(units) { Unicode.UTF8.encode(scalar) { bytes.append($0) } }
        self.bytes = bytes
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The kind, or nil for a malformed key.
    var kind: Kind? { bytes.first.flatMap(Kind.init(rawValue:)) }

    /// The term's text.
    var text: String { String(decoding: bytes.dropFirst(), as: UTF8.self) }

    static func < (lhs: TermKey, rhs: TermKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

extension Unicode.UTF16 {
    /// Decodes UTF-16 units into scalars, replacing unpaired surrogates with U+FFFD.
    static func decode(_ units: ArraySlice<UInt16>) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(units.count)
        var iterator = units.makeIterator()
        var decoder = Unicode.UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: scalars.append("\u{FFFD}")
            }
        }
        return scalars
    }
}
