/// The tokens of a text as indexing needs them: each one's key and position, with every key's
/// bytes back to back in one buffer.
///
/// A ``Token`` holds its key in an array of its own, one allocation per token; indexing makes a
/// token of nearly every character it reads and only groups them by key, so the segmenter
/// writes them here instead (``Segmenter/tokenLog(of:breaker:gramKind:wordKind:)``) and
/// ``TermOccurrences`` groups them from here.
///
/// ```swift
/// var log = TokenLog()
/// log.append(kind: .bodyGram, utf16: Array("露朝".utf16)[...], position: 0)
/// log.key(at: 0)  // [0x01, 0xE9, 0x9C, 0xB2, 0xE6, 0x9C, 0x9D]
/// ```
struct TokenLog: Sendable {
    /// Every token's key (kind byte, then UTF-8 text), back to back in the order added.
    private(set) var keyBytes: [UInt8] = []
    /// Where each token's key ends in `keyBytes`.
    private(set) var keyEnds: [Int] = []
    /// Each token's position.
    private(set) var positions: [Int32] = []

    /// No tokens.
    init() {}

    /// The number of tokens.
    var count: Int { keyEnds.count }

    /// The range of `keyBytes` that holds token `index`'s key.
    func keyRange(at index: Int) -> Range<Int> { (index == 0 ? 0 : keyEnds[index - 1])..<keyEnds[index] }

    /// The key of token `index`.
    func key(at index: Int) -> ArraySlice<UInt8> { keyBytes[keyRange(at: index)] }

    /// Adds a token of `kind` whose text is `units`, as ``TermKey/init(kind:utf16:)`` would key it.
    mutating func append(kind: TermKey.Kind, utf16 units: ArraySlice<UInt16>, position: Int32) {
        keyBytes.append(kind.rawValue)
        TermKey.appendUTF8(of: units, to: &keyBytes)
        keyEnds.append(keyBytes.count)
        positions.append(position)
    }

    /// Adds a token whose key is `key`.
    mutating func append(key: [UInt8], position: Int32) {
        keyBytes.append(contentsOf: key)
        keyEnds.append(keyBytes.count)
        positions.append(position)
    }

    /// Room for about `tokens` tokens of `keyBytes` bytes in all.
    mutating func reserveCapacity(tokens: Int, keyBytes byteCount: Int) {
        keyBytes.reserveCapacity(byteCount)
        keyEnds.reserveCapacity(tokens)
        positions.reserveCapacity(tokens)
    }
}
