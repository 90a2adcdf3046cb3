#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ICUBridge

/// The policy that decides which ``TextEncoding`` a source file is in, and decodes it.
///
/// The rules, in the order they are tried:
///
/// 1. **A byte order mark declares the encoding.** `EF BB BF` is UTF-8; the rest of the file is
///    then read exactly as a file without the mark (a NUL byte makes it binary, an ill-formed
///    sequence is ``IngestError/invalidUTF8(path:byteOffset:)``). `FF FE` is UTF-16LE and
///    `FE FF` UTF-16BE; a surrogate without its partner or an odd last byte is
///    ``IngestError/invalidText(path:encoding:byteOffset:)``. The mark is not part of the text.
/// 2. **Valid UTF-8 without NUL bytes is UTF-8**, the common case: one pass over the bytes, no
///    ICU call. The one exception is 7-bit text that designates a Japanese character set with an
///    ISO-2022 escape sequence (`ESC $ @`, `ESC $ B`, `ESC $ ( D` or `ESC ( I`): it is read as
///    ISO-2022-JP, and if that fails, ``IngestError/suspectedEncoding(path:encoding:byteOffset:)``
///    says where.
/// 3. **NUL bytes in a UTF-16 pattern are UTF-16 without a byte order mark.** Little-endian,
///    then big-endian, is tried; a reading counts when it is well formed, has a line break, and
///    at least 95% of its code units are in the scripts of Japanese and European text (ASCII,
///    Latin, Greek, Cyrillic, general punctuation and symbols, CJK symbols, kana, kanji, Hangul,
///    full-width forms, or a surrogate pair). The NUL bytes of UTF-16 text are the high bytes of
///    its ASCII characters, line feeds among them; read in the wrong byte order, a line feed is
///    U+0A00 and Japanese text mostly private-use characters, so only the right order counts.
///    ICU's detector is not asked: its UTF-16 recognizer reads only the first 30 bytes and
///    scores only Latin text.
/// 4. **Otherwise NUL bytes, or control characters, mean binary.** A file with a NUL byte is
///    ``IngestError/notText(path:)``. One in which the C0 controls other than tab, line feed,
///    vertical tab, form feed, carriage return, SUB and escape (and DEL) make more than 1% of the
///    bytes is ``IngestError/controlCharacters(path:byteOffset:)``, with the first one's offset.
/// 5. **Mostly UTF-8 is damaged UTF-8.** When, in the 64 KiB from the first non-ASCII byte, the
///    well-formed multi-byte UTF-8 sequences are at least as many as the ill-formed ones, the file
///    is UTF-8 with errors: ``IngestError/invalidUTF8(path:byteOffset:)``. Shift_JIS and EUC-JP
///    text is almost never well-formed UTF-8 (most of its lead bytes are UTF-8 continuation
///    bytes), so its ratio is far below that of UTF-8 text with a bad byte or two.
/// 6. **Shift_JIS and EUC-JP are found by ICU and confirmed by a strict conversion.** ICU's
///    charset detector reads the same 64 KiB (an ASCII prefix says nothing about the encoding,
///    and more text changes little but costs time). The input is taken to be Japanese: a
///    Shift_JIS or EUC-JP match is a suggestion when its confidence is at least 50 and no other
///    charset's (UTF-8 and UTF-16 aside) is higher, so that a tie goes to Japanese while Chinese
///    and Korean text, which often fits EUC-JP's bytes, does not. Suggestions are converted in
///    order of confidence, strictly: an illegal, truncated or unassigned sequence stops the
///    conversion rather than being replaced. The first that converts cleanly is the answer. If
///    none does, the file is ``IngestError/suspectedEncoding(path:encoding:byteOffset:)``,
///    naming the most confident one and the byte where it failed.
/// 7. **Short files are judged by their characters.** ICU needs more than ten double-byte
///    characters to be confident. A file with at most 20 non-ASCII bytes and no suggestion is
///    read as Shift_JIS, else as EUC-JP, if that converts cleanly and gives Japanese text: at
///    least one kana or kanji, and no half-width katakana, private-use or C1 control character,
///    which is what UTF-8 or Latin-1 read as Shift_JIS or EUC-JP turns into. So the six bytes
///    `83 8D 83 56 83 41` read as "ロシア" in Shift_JIS and `A5 ED A5 B7 A5 A2` as "ロシア" in
///    EUC-JP, while Latin-1 "ÀÉÎ" (`C0 C9 CE`, half-width ﾀﾉﾎ in Shift_JIS) stays invalid UTF-8.
/// 8. **Anything else is invalid UTF-8**, reported at the first ill-formed sequence.
///
/// Text decoded from UTF-16 is checked for binary content as bytes are in rule 4 (a U+0000 is a
/// NUL). Byte offsets always count from the first byte of the file, a byte order mark included.
/// Every decoder maps line feeds and carriage returns one to one, so line numbers are those of
/// the same text in UTF-8.
enum EncodingDetector {
    /// Decodes `bytes`, the whole content of the file at `path`, by the rules above.
    static func decode(_ bytes: [UInt8], path: String) throws(IngestError) -> (text: String, encoding: TextEncoding) {
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try decodeDeclaredUTF16(bytes, encoding: .utf16LittleEndian, path: path)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try decodeDeclaredUTF16(bytes, encoding: .utf16BigEndian, path: path)
        }
        let hasNUL = contains(0, in: bytes)
        let invalidUTF8Offset = hasNUL ? nil : SourceReader.firstInvalidUTF8Offset(in: bytes)
        let hasByteOrderMark = bytes.starts(with: SourceReader.byteOrderMark)
        if !hasNUL && invalidUTF8Offset == nil {
            if !hasByteOrderMark, contains(0x1B, in: bytes), designatesJapaneseISO2022(bytes) {
                return try decodeISO2022JP(bytes, path: path)
            }
            let bodyStart = hasByteOrderMark ? SourceReader.byteOrderMark.count : 0
            return (String(decoding: bytes[bodyStart...], as: UTF8.self), .utf8)
        }
        if hasNUL {
            guard !hasByteOrderMark, let reading = undeclaredUTF16(bytes) else { throw .notText(path: path) }
            try checkTextUnits(reading.units, byteOffsetOfFirstUnit: 0, path: path)
            return (TextEncoding.string(utf16: reading.units), reading.encoding)
        }
        let firstInvalid = invalidUTF8Offset ?? 0
        if hasByteOrderMark { throw .invalidUTF8(path: path, byteOffset: firstInvalid) }
        if let control = firstControlOffset(bytes.lazy.map { UInt16($0) }) {
            throw .controlCharacters(path: path, byteOffset: control)
        }
        // An ASCII prefix says nothing about the encoding; what follows it does, and a sample
        // of it is enough.
        let firstNonASCII = bytes.firstIndex { $0 >= 0x80 } ?? 0
        let sample = bytes[firstNonASCII..<min(bytes.count, firstNonASCII + sampleSize)]
        if isMostlyUTF8(sample) { throw .invalidUTF8(path: path, byteOffset: firstInvalid) }
        return try decodeLegacy(bytes, sample: sample, path: path, firstInvalidUTF8Offset: firstInvalid)
    }

    // MARK: UTF-16

    /// Rule 1 for `FF FE` and `FE FF`.
    private static func decodeDeclaredUTF16(_ bytes: [UInt8], encoding: TextEncoding,
                                            path: String) throws(IngestError) -> (text: String, encoding: TextEncoding) {
        let units: [UInt16]
        do throws(TextEncoding.ConversionError) {
            units = try TextEncoding.utf16Units(bytes[2...], bigEndian: encoding == .utf16BigEndian)
        } catch {
            // Splitting bytes into units fails only on ill-formed input, never for want of ICU.
            let offset: Int
            switch error {
            case .invalidInput(let invalidOffset): offset = invalidOffset
            case .converterFailed: offset = 0
            }
            throw .invalidText(path: path, encoding: encoding, byteOffset: offset + 2)
        }
        try checkTextUnits(units, byteOffsetOfFirstUnit: 2, path: path)
        return (TextEncoding.string(utf16: units), encoding)
    }

    /// Rule 3: the plausible UTF-16 reading of `bytes`, or nil if neither byte order gives one.
    private static func undeclaredUTF16(_ bytes: [UInt8]) -> (units: [UInt16], encoding: TextEncoding)? {
        guard bytes.count % 2 == 0 else { return nil }
        for encoding in [TextEncoding.utf16LittleEndian, .utf16BigEndian] {
            if let units = try? TextEncoding.utf16Units(bytes[...], bigEndian: encoding == .utf16BigEndian),
               isPlausibleText(units) {
                return (units, encoding)
            }
        }
        return nil
    }

    /// Whether `units` (a well-formed UTF-16 sequence) have a line break and at least 95% of them
    /// are in the scripts of Japanese and European text.
    private static func isPlausibleText(_ units: [UInt16]) -> Bool {
        var plausible = 0
        var hasLineBreak = false
        for unit in units {
            if unit == 0x0A || unit == 0x0D { hasLineBreak = true }
            switch unit {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x20...0x7E,  // ASCII
                0xA0...0x24F,  // Latin-1, Latin Extended-A and -B
                0x370...0x4FF,  // Greek, Cyrillic
                0x1E00...0x1EFF,  // Latin Extended Additional
                0x2000...0x27BF,  // punctuation, symbols, arrows, box drawing, enclosed numbers
                0x2E80...0x2FDF,  // CJK radicals
                0x3000...0x33FF,  // CJK symbols, kana, enclosed and compatibility CJK
                0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,  // kanji
                0xAC00...0xD7A3,  // Hangul
                0xD800...0xDFFF,  // surrogates, already checked to be paired
                0xFE30...0xFE4F, 0xFF00...0xFFEF, 0xFEFF:  // CJK compatibility, full-width forms
                plausible += 1
            default:
                continue
            }
        }
        return hasLineBreak && plausible * 100 >= units.count * 95
    }

    /// Rule 4 applied to decoded UTF-16 text.
    private static func checkTextUnits(_ units: [UInt16], byteOffsetOfFirstUnit: Int, path: String) throws(IngestError) {
        if units.contains(0) { throw .notText(path: path) }
        if let control = firstControlOffset(units) {
            throw .controlCharacters(path: path, byteOffset: byteOffsetOfFirstUnit + control * 2)
        }
    }

    // MARK: Binary content

    /// Whether `value` occurs in `bytes`, found with `memchr`: this scan is on the path of every
    /// UTF-8 file, and `memchr` runs at memory speed.
    private static func contains(_ value: UInt8, in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(value), buffer.count) != nil
        }
    }

    /// The offset of the first control character of `values` (bytes or UTF-16 units) if control
    /// characters other than tab, line feed, vertical tab, form feed, carriage return, SUB (an
    /// old end-of-file mark) and escape make more than 1% of them; nil otherwise.
    private static func firstControlOffset(_ values: some Collection<UInt16>) -> Int? {
        var count = 0
        var first: Int?
        for (offset, value) in values.enumerated() {
            switch value {
            case 0x00...0x08, 0x0E...0x19, 0x1C...0x1F, 0x7F:
                count += 1
                if first == nil { first = offset }
            default:
                continue
            }
        }
        return count * 100 > values.count ? first : nil
    }

    // MARK: UTF-8 with errors

    /// Whether `bytes` (a sample of a file) hold at least as many well-formed multi-byte UTF-8
    /// sequences as ill-formed ones (rule 5). An ill-formed sequence is counted once, as the
    /// longest prefix of a well-formed one that it starts with, the way a decoder that
    /// substitutes U+FFFD counts them.
    private static func isMostlyUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var wellFormed = 0, illFormed = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard let (length, second) = UTF8Sequence.shape(ofLead: lead) else {
                illFormed += 1
                index += 1
                continue
            }
            var valid = 1
            while valid < length, index + valid < bytes.endIndex {
                let byte = bytes[index + valid]
                let allowed = valid == 1 ? second : 0x80...0xBF
                guard allowed.contains(byte) else { break }
                valid += 1
            }
            if valid == length { wellFormed += 1 } else { illFormed += 1 }
            index += valid
        }
        return wellFormed > 0 && wellFormed >= illFormed
    }

    // MARK: ISO-2022-JP

    /// Whether `bytes` are 7-bit and designate a Japanese character set by an ISO-2022 escape
    /// sequence: `ESC $ @`, `ESC $ B`, `ESC $ ( D` or `ESC ( I`.
    private static func designatesJapaneseISO2022(_ bytes: [UInt8]) -> Bool {
        var designates = false
        for index in bytes.indices {
            let byte = bytes[index]
            if byte >= 0x80 { return false }
            guard byte == 0x1B, !designates else { continue }
            let following = bytes[(index + 1)...].prefix(3)
            designates = following.starts(with: [0x24, 0x40]) || following.starts(with: [0x24, 0x42])
                || following.starts(with: [0x24, 0x28, 0x44]) || following.starts(with: [0x28, 0x49])
        }
        return designates
    }

    /// Rule 2's exception: `bytes` read as ISO-2022-JP.
    private static func decodeISO2022JP(_ bytes: [UInt8], path: String) throws(IngestError) -> (text: String, encoding: TextEncoding) {
        do throws(TextEncoding.ConversionError) {
            return (try TextEncoding.iso2022JP.decode(bytes[...]), .iso2022JP)
        } catch {
            let offset: Int
            switch error {
            case .invalidInput(let invalidOffset): offset = invalidOffset
            case .converterFailed: offset = 0
            }
            throw .suspectedEncoding(path: path, encoding: .iso2022JP, byteOffset: offset)
        }
    }

    // MARK: Shift_JIS and EUC-JP

    /// The lowest ICU confidence (0–100) at which a Japanese match is a suggestion. ICU gives 10
    /// to text too short to judge and 100 to ordinary Japanese text of a line or more.
    private static let minimumConfidence = 50

    /// How much of a file rules 5 and 6 look at, from its first non-ASCII byte.
    private static let sampleSize = 64 * 1024

    /// The most non-ASCII bytes a file may have for rule 7.
    private static let shortTextLimit = 20

    /// Rules 6 to 8.
    private static func decodeLegacy(_ bytes: [UInt8], sample: ArraySlice<UInt8>, path: String,
                                     firstInvalidUTF8Offset: Int) throws(IngestError) -> (text: String, encoding: TextEncoding) {
        let candidates = detectedCharsets(sample)
        let japanese: Set<TextEncoding> = [.shiftJIS, .eucJP]
        func japaneseEncoding(_ name: String) -> TextEncoding? {
            TextEncoding(detectedName: name).flatMap { japanese.contains($0) ? $0 : nil }
        }
        // UTF-8 and UTF-16 were ruled out by rules 2, 3 and 5, whatever ICU thinks of them.
        let otherBest = candidates.filter { japaneseEncoding($0.name) == nil && !$0.name.hasPrefix("UTF-") }
            .map(\.confidence).max() ?? 0
        let suggestions = candidates.compactMap { candidate -> TextEncoding? in
            guard let encoding = japaneseEncoding(candidate.name), candidate.confidence >= minimumConfidence,
                  candidate.confidence >= otherBest else { return nil }
            return encoding
        }
        var firstFailure: (encoding: TextEncoding, byteOffset: Int)?
        for encoding in suggestions {
            do throws(TextEncoding.ConversionError) {
                return (try encoding.decode(bytes[...]), encoding)
            } catch {
                if firstFailure == nil, case .invalidInput(let offset) = error { firstFailure = (encoding, offset) }
            }
        }
        if let firstFailure {
            throw .suspectedEncoding(path: path, encoding: firstFailure.encoding, byteOffset: firstFailure.byteOffset)
        }
        if suggestions.isEmpty, bytes.lazy.filter({ $0 >= 0x80 }).count <= shortTextLimit {
            for encoding in [TextEncoding.shiftJIS, .eucJP] {
                if let text = try? encoding.decode(bytes[...]), looksJapanese(text) { return (text, encoding) }
            }
        }
        throw .invalidUTF8(path: path, byteOffset: firstInvalidUTF8Offset)
    }

    /// ICU's charset detector's matches for `bytes`, best first; none if ICU fails.
    private static func detectedCharsets(_ bytes: ArraySlice<UInt8>) -> [(name: String, confidence: Int)] {
        if bytes.isEmpty { return [] }
        let capacity = 32, nameCapacity = 32
        var names = [CChar](repeating: 0, count: capacity * nameCapacity)
        var confidences = [Int32](repeating: 0, count: capacity)
        var errorCode: Int32 = 0
        let count = bytes.withUnsafeBufferPointer { input in
            names.withUnsafeMutableBufferPointer { nameBuffer in
                confidences.withUnsafeMutableBufferPointer { confidenceBuffer in
                    sk_charset_detect(input.baseAddress, Int32(input.count), nameBuffer.baseAddress,
                                      Int32(nameCapacity), confidenceBuffer.baseAddress, Int32(capacity), &errorCode)
                }
            }
        }
        guard count > 0 else { return [] }
        return (0..<Int(count)).map { index in
            let bytes = names[(index * nameCapacity)..<((index + 1) * nameCapacity)]
                .prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return (String(decoding: bytes, as: UTF8.self), Int(confidences[index]))
        }
    }

    /// Whether `text` reads as Japanese for rule 7: a kana or kanji, and none of the characters
    /// that text in another encoding turns into.
    private static func looksJapanese(_ text: String) -> Bool {
        var hasJapanese = false
        for unit in text.utf16 {
            switch unit {
            case 0x3041...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF: hasJapanese = true
            case 0x80...0x9F, 0xE000...0xF8FF, 0xFF61...0xFF9F, 0xFFFD: return false
            default: continue
            }
        }
        return hasJapanese
    }
}
