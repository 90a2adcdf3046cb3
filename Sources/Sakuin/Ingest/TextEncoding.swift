import ICUBridge

/// A text encoding that Sakuin reads source files in.
///
/// UTF-8 is the norm. The others are found in older Japanese files and are recognised and
/// converted on ingest (see the README's "Text encodings"); the index keeps only the text.
/// Shift_JIS is read as its Windows flavour (Windows-31J, code page 932), so that the NEC and IBM
/// extensions such as ① and 纊 and the Windows mappings such as `81 60` → ～ decode.
///
/// ```swift
/// let encoding = TextEncoding.shiftJIS
/// print(encoding.name)  // Shift_JIS
/// ```
public enum TextEncoding: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// UTF-8, with or without a byte order mark.
    case utf8
    /// UTF-16, little-endian (low byte first), with or without the byte order mark `FF FE`.
    case utf16LittleEndian
    /// UTF-16, big-endian (high byte first), with or without the byte order mark `FE FF`.
    case utf16BigEndian
    /// Shift_JIS, read as Windows-31J (code page 932).
    case shiftJIS
    /// EUC-JP, including JIS X 0212 (three-byte sequences after `8F`) and the NEC row 13 (①…).
    case eucJP
    /// ISO-2022-JP, a 7-bit encoding that switches character sets with escape sequences
    /// (`ESC $ B` … `ESC ( B`); JIS X 0212 and half-width katakana designations are read too.
    case iso2022JP

    /// The encoding's usual name, as in the IANA charset registry: `UTF-8`, `UTF-16LE`,
    /// `UTF-16BE`, `Shift_JIS`, `EUC-JP`, `ISO-2022-JP`.
    public var name: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf16LittleEndian: return "UTF-16LE"
        case .utf16BigEndian: return "UTF-16BE"
        case .shiftJIS: return "Shift_JIS"
        case .eucJP: return "EUC-JP"
        case .iso2022JP: return "ISO-2022-JP"
        }
    }

    /// The encoding's ``name``.
    public var description: String { name }
}

extension TextEncoding {
    /// Why bytes could not be converted to text, or text to bytes.
    enum ConversionError: Error, Equatable {
        /// The input does not fit the encoding from `offset` on: a byte offset when decoding, a
        /// UTF-16 offset when encoding (a character the encoding cannot represent).
        case invalidInput(offset: Int)
        /// ICU could not convert at all (its converter data is missing, or the input is larger
        /// than its 2 GiB limit); `code` is ICU's error code, 0 for the size limit.
        case converterFailed(code: Int32)
    }

    /// The encoding that an ICU charset detector's match names, if Sakuin reads it (ICU's names
    /// are the ``name``s); nil for any other.
    init?(detectedName: String) {
        guard let encoding = Self.allCases.first(where: { $0.name == detectedName }) else { return nil }
        self = encoding
    }

    /// The ICU converter that decodes the legacy encodings; nil for UTF-8 and UTF-16, which are
    /// decoded in Swift.
    ///
    /// ISO-2022-JP is read with ICU's widest Japanese variant (version 4), so that files that
    /// designate JIS X 0212 or half-width katakana, as some mailers wrote them, decode too.
    private var decoderName: String? {
        switch self {
        case .utf8, .utf16LittleEndian, .utf16BigEndian: return nil
        case .shiftJIS: return "windows-31j"
        case .eucJP: return "EUC-JP"
        case .iso2022JP: return "ISO_2022,locale=ja,version=4"
        }
    }

    /// The ICU converter that encodes the legacy encodings: the same tables, but plain
    /// ISO-2022-JP (JIS X 0208 and ASCII only) as other programs expect it.
    private var encoderName: String? {
        self == .iso2022JP ? "ISO-2022-JP" : decoderName
    }

    /// Decodes `bytes` (without a byte order mark) strictly: any ill-formed, truncated or
    /// unassigned sequence is an error, never a replacement character.
    ///
    /// - Throws: ``ConversionError/invalidInput(offset:)`` with the offset, from the first of
    ///   `bytes`, where the offending sequence starts.
    func decode(_ bytes: ArraySlice<UInt8>) throws(ConversionError) -> String {
        switch self {
        case .utf8:
            let body = Array(bytes)
            if let offset = SourceReader.firstInvalidUTF8Offset(in: body) { throw .invalidInput(offset: offset) }
            return String(decoding: body, as: UTF8.self)
        case .utf16LittleEndian, .utf16BigEndian:
            return Self.string(utf16: try Self.utf16Units(bytes, bigEndian: self == .utf16BigEndian))
        case .shiftJIS, .eucJP, .iso2022JP:
            return try convertToUTF16(bytes)
        }
    }

    /// Encodes `text` strictly: a character the encoding cannot represent is an error. UTF-8 and
    /// UTF-16 are written without a byte order mark.
    ///
    /// - Throws: ``ConversionError/invalidInput(offset:)`` with the UTF-16 offset in `text` of the
    ///   first character the encoding cannot represent.
    func encode(_ text: String) throws(ConversionError) -> [UInt8] {
        switch self {
        case .utf8:
            return Array(text.utf8)
        case .utf16LittleEndian, .utf16BigEndian:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf16.count * 2)
            let bigEndian = self == .utf16BigEndian
            for unit in text.utf16 {
                let high = UInt8(truncatingIfNeeded: unit >> 8), low = UInt8(truncatingIfNeeded: unit)
                bytes.append(bigEndian ? high : low)
                bytes.append(bigEndian ? low : high)
            }
            return bytes
        case .shiftJIS, .eucJP, .iso2022JP:
            return try convertFromUTF16(Array(text.utf16))
        }
    }

    /// The UTF-16 units of `bytes`, checked: an odd byte at the end or a surrogate without its
    /// partner is an error at its byte offset.
    static func utf16Units(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) throws(ConversionError) -> [UInt16] {
        let start = bytes.startIndex
        let unitCount = bytes.count / 2
        var units = [UInt16](repeating: 0, count: unitCount)
        for index in 0..<unitCount {
            let first = UInt16(bytes[start + 2 * index]), second = UInt16(bytes[start + 2 * index + 1])
            units[index] = bigEndian ? first << 8 | second : second << 8 | first
        }
        if let unitOffset = firstUnpairedSurrogate(in: units) { throw .invalidInput(offset: unitOffset * 2) }
        if bytes.count % 2 != 0 { throw .invalidInput(offset: bytes.count - 1) }
        return units
    }

    /// The string of `units`, which should be well-formed UTF-16 (a surrogate without its partner
    /// becomes U+FFFD).
    ///
    /// Transcodes to UTF-8 by hand, straight into the string's storage: the generic
    /// `String(decoding:as: UTF16.self)` runs at about 30 MB/s, slower than ICU's conversion.
    static func string(utf16 units: [UInt16]) -> String {
        units.withUnsafeBufferPointer { input in
            // Each unit takes at most three bytes, and a surrogate pair four.
            String(unsafeUninitializedCapacity: input.count * 3) { output in
                var written = 0
                var index = 0
                while index < input.count {
                    var scalar = UInt32(input[index])
                    index += 1
                    if scalar & 0xF800 == 0xD800 {
                        if scalar < 0xDC00, index < input.count, input[index] & 0xFC00 == 0xDC00 {
                            scalar = 0x10000 + ((scalar & 0x3FF) << 10 | UInt32(input[index]) & 0x3FF)
                            index += 1
                        } else {
                            scalar = 0xFFFD
                        }
                    }
                    switch scalar {
                    case ..<0x80:
                        output[written] = UInt8(scalar)
                        written += 1
                    case ..<0x800:
                        output[written] = UInt8(0xC0 | scalar >> 6)
                        output[written + 1] = UInt8(0x80 | scalar & 0x3F)
                        written += 2
                    case ..<0x10000:
                        output[written] = UInt8(0xE0 | scalar >> 12)
                        output[written + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                        output[written + 2] = UInt8(0x80 | scalar & 0x3F)
                        written += 3
                    default:
                        output[written] = UInt8(0xF0 | scalar >> 18)
                        output[written + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                        output[written + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                        output[written + 3] = UInt8(0x80 | scalar & 0x3F)
                        written += 4
                    }
                }
                return written
            }
        }
    }

    /// The offset of the first surrogate in `units` that is not part of a high–low pair, or nil.
    static func firstUnpairedSurrogate(in units: [UInt16]) -> Int? {
        var index = 0
        while index < units.count {
            let unit = units[index]
            if unit & 0xF800 != 0xD800 {
                index += 1
            } else if unit < 0xDC00, index + 1 < units.count, units[index + 1] & 0xFC00 == 0xDC00 {
                index += 2
            } else {
                return index
            }
        }
        return nil
    }

    /// Decodes through ICU, growing the output buffer if the first guess is short.
    private func convertToUTF16(_ bytes: ArraySlice<UInt8>) throws(ConversionError) -> String {
        guard let converter = decoderName else { throw .converterFailed(code: 0) }
        if bytes.isEmpty { return "" }
        guard bytes.count < Int(Int32.max) / 2 else { throw .converterFailed(code: 0) }
        // The Japanese encodings take at least one byte per UTF-16 unit; the margin is for
        // converters that might not.
        var capacity = bytes.count + 16
        while true {
            var units = [UInt16](repeating: 0, count: capacity)
            var invalidOffset: Int32 = 0
            var errorCode: Int32 = 0
            let written = bytes.withUnsafeBufferPointer { input in
                units.withUnsafeMutableBufferPointer { output in
                    sk_convert_to_utf16(converter, input.baseAddress, Int32(input.count),
                                        output.baseAddress, Int32(output.count), &invalidOffset, &errorCode)
                }
            }
            switch written {
            case 0...:
                units.removeSubrange(Int(written)...)
                return Self.string(utf16: units)
            case -1 where capacity < Int(Int32.max) / 4:
                capacity *= 2
            case -2:
                throw .invalidInput(offset: Int(invalidOffset))
            default:
                throw .converterFailed(code: errorCode)
            }
        }
    }

    /// Encodes through ICU, growing the output buffer if the first guess is short.
    private func convertFromUTF16(_ units: [UInt16]) throws(ConversionError) -> [UInt8] {
        guard let converter = encoderName else { throw .converterFailed(code: 0) }
        if units.isEmpty { return [] }
        guard units.count < Int(Int32.max) / 8 else { throw .converterFailed(code: 0) }
        // Two bytes a character, plus escape sequences for ISO-2022-JP.
        var capacity = units.count * 3 + 16
        while true {
            var bytes = [UInt8](repeating: 0, count: capacity)
            var invalidOffset: Int32 = 0
            var errorCode: Int32 = 0
            let written = units.withUnsafeBufferPointer { input in
                bytes.withUnsafeMutableBufferPointer { output in
                    sk_convert_from_utf16(converter, input.baseAddress, Int32(input.count),
                                          output.baseAddress, Int32(output.count), &invalidOffset, &errorCode)
                }
            }
            switch written {
            case 0...:
                bytes.removeSubrange(Int(written)...)
                return bytes
            case -1 where capacity < Int(Int32.max) / 4:
                capacity *= 2
            case -2:
                throw .invalidInput(offset: Int(invalidOffset))
            default:
                throw .converterFailed(code: errorCode)
            }
        }
    }
}
