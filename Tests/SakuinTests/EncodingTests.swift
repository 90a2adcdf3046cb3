import Foundation
import Testing
@testable import Sakuin

/// The seed papers' text, by file stem, read as UTF-8.
private let seedTexts: [(name: String, text: String)] = TestIndex.seedFiles.compactMap { seed in
    guard let data = FileManager.default.contents(atPath: seed.path) else { return nil }
    return (seed.name, String(decoding: data, as: UTF8.self))
}

/// The folder of this suite's fixtures, found from this file's path.
private let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/encodings").path

/// `text` in `encoding`, each character that the encoding cannot represent replaced by 〓
/// (U+3013 GETA MARK, the JIS convention for a missing character), with the text that stands for
/// and the number of replacements.
private func encodeReplacingUnrepresentable(_ text: String, as encoding: TextEncoding) throws
    -> (bytes: [UInt8], text: String, replaced: Int) {
    var units = Array(text.utf16)
    var replaced = 0
    while true {
        let current = String(decoding: units, as: UTF16.self)
        do {
            return (try encoding.encode(current), current, replaced)
        } catch {
            guard case .invalidInput(let offset) = error, offset < units.count, replaced < 10_000 else { throw error }
            let length = UTF16.isLeadSurrogate(units[offset]) ? 2 : 1
            units.replaceSubrange(offset..<(offset + length), with: [0x3013])
            replaced += 1
        }
    }
}

/// What decoding `bytes` gives: the text and encoding, or the error's message.
private func decoded(_ bytes: [UInt8], path: String = "/papers/a.txt") -> Result<(text: String, encoding: TextEncoding), IngestError> {
    Result { () throws(IngestError) in try EncodingDetector.decode(bytes, path: path) }
}

/// The message of the error that decoding `bytes` throws, or nil if it succeeds.
private func errorMessage(_ bytes: [UInt8], path: String = "/papers/a.txt") -> String? {
    guard case .failure(let error) = decoded(bytes, path: path) else { return nil }
    return error.description
}

@Suite("text encodings on ingest")
struct EncodingTests {
    // MARK: The seed papers in every encoding

    @Test("each seed paper in UTF-16 (with and without a byte order mark) decodes to its UTF-8 text",
          arguments: [
              (TextEncoding.utf16LittleEndian, [UInt8]([0xFF, 0xFE])),
              (TextEncoding.utf16BigEndian, [UInt8]([0xFE, 0xFF])),
              (TextEncoding.utf16LittleEndian, [UInt8]()),
              (TextEncoding.utf16BigEndian, [UInt8]()),
          ])
    func seedsInUTF16(encoding: TextEncoding, byteOrderMark: [UInt8]) throws {
        #expect(seedTexts.count == 5)
        for seed in seedTexts {
            let bytes = byteOrderMark + (try encoding.encode(seed.text))
            let result = try decoded(bytes).get()
            #expect(result.encoding == encoding, "\(seed.name)")
            #expect(result.text == seed.text, "\(seed.name)")
        }
    }

    @Test("each seed paper in a Japanese legacy encoding decodes to its UTF-8 text, save what it cannot hold",
          arguments: [
              // Replaced: « » ¹ ² ³ ⁰ ⁴–⁹ – — 预 in 001 and • in 004, in none of these encodings;
              // the Ukrainian і (4) and ї (2) of 001 except in EUC-JP, through JIS X 0212.
              (TextEncoding.shiftJIS, ["000": 0, "001": 117, "002": 0, "003": 0, "004": 3]),
              (TextEncoding.eucJP, ["000": 0, "001": 111, "002": 0, "003": 0, "004": 3]),
              (TextEncoding.iso2022JP, ["000": 0, "001": 117, "002": 0, "003": 0, "004": 3]),
          ])
    func seedsInLegacyEncodings(encoding: TextEncoding, expectedReplacements: [String: Int]) throws {
        #expect(seedTexts.count == 5)
        var replacements: [String: Int] = [:]
        for seed in seedTexts {
            let encoded = try encodeReplacingUnrepresentable(seed.text, as: encoding)
            replacements[String(seed.name.prefix(3))] = encoded.replaced
            let result = try decoded(encoded.bytes).get()
            #expect(result.encoding == encoding, "\(seed.name)")
            #expect(result.text == encoded.text, "\(seed.name)")
        }
        #expect(replacements == expectedReplacements)
    }

    // MARK: Byte order marks and UTF-8

    @Test("an empty file is the empty UTF-8 text")
    func emptyFile() throws {
        let result = try decoded([]).get()
        #expect(result.text == "")
        #expect(result.encoding == .utf8)
    }

    @Test("UTF-8 with or without a byte order mark is UTF-8, the mark dropped")
    func utf8() throws {
        let plain = try decoded(Array("ロシア\n".utf8)).get()
        #expect(plain.text == "ロシア\n")
        #expect(plain.encoding == .utf8)
        let marked = try decoded([0xEF, 0xBB, 0xBF] + Array("ロシア\n".utf8)).get()
        #expect(marked.text == "ロシア\n")
        #expect(marked.encoding == .utf8)
    }

    @Test("a UTF-16 byte order mark declares the byte order; the mark is not part of the text")
    func utf16ByteOrderMarks() throws {
        let little = try decoded([0xFF, 0xFE, 0x61, 0x00, 0xED, 0x30, 0x0A, 0x00]).get()
        #expect(little.text == "aロ\n")
        #expect(little.encoding == .utf16LittleEndian)
        let big = try decoded([0xFE, 0xFF, 0x00, 0x61, 0x30, 0xED, 0x00, 0x0A]).get()
        #expect(big.text == "aロ\n")
        #expect(big.encoding == .utf16BigEndian)
        // 😀 as a surrogate pair.
        let astral = try decoded([0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE]).get()
        #expect(astral.text == "😀")
        let markOnly = try decoded([0xFE, 0xFF]).get()
        #expect(markOnly.text == "")
        #expect(markOnly.encoding == .utf16BigEndian)
    }

    @Test("UTF-16 with a byte order mark but an unpaired surrogate or an odd last byte is invalid UTF-16")
    func invalidUTF16() {
        // "a", then a high surrogate followed by "b".
        #expect(errorMessage([0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00])
            == "/papers/a.txt is not valid UTF-16LE (byte offset 4)")
        // A low surrogate alone.
        #expect(errorMessage([0xFE, 0xFF, 0x00, 0x61, 0xDC, 0x00]) == "/papers/a.txt is not valid UTF-16BE (byte offset 4)")
        // "ab" and half a unit.
        #expect(errorMessage([0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00, 0x63]) == "/papers/a.txt is not valid UTF-16LE (byte offset 6)")
        #expect(throws: IngestError.invalidText(path: "/papers/a.txt", encoding: .utf16LittleEndian, byteOffset: 6)) {
            try decoded([0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00, 0x63]).get()
        }
    }

    @Test("UTF-16 that holds U+0000 or many control characters is binary")
    func binaryUTF16() {
        #expect(errorMessage([0xFF, 0xFE, 0x61, 0x00, 0x00, 0x00]) == "/papers/a.txt is not a text file (it contains NUL bytes)")
        // "a", U+0001, "b".
        #expect(errorMessage([0xFF, 0xFE, 0x61, 0x00, 0x01, 0x00, 0x62, 0x00])
            == "/papers/a.txt is not a text file (it contains control characters, the first at byte offset 4)")
    }

    @Test("UTF-16 without a byte order mark: Latin text is read in the byte order that makes line breaks")
    func undeclaredLatinUTF16() throws {
        // Read in the wrong byte order this line is 97% CJK and symbols, but U+0A00 for its line feed.
        let text = "Cease-fire talks between Russia and Ukraine stalled again in March\n"
        let little = try decoded(try TextEncoding.utf16LittleEndian.encode(text)).get()
        #expect(little.text == text)
        #expect(little.encoding == .utf16LittleEndian)
        let big = try decoded(try TextEncoding.utf16BigEndian.encode(text)).get()
        #expect(big.text == text)
        #expect(big.encoding == .utf16BigEndian)
    }

    @Test("NUL bytes that do not make plausible UTF-16 text with a line break are binary")
    func implausibleUTF16() {
        // "ab", NUL, "c": as UTF-16BE 慢 and c, but no line break.
        #expect(errorMessage([0x61, 0x62, 0x00, 0x63]) == "/papers/a.txt is not a text file (it contains NUL bytes)")
        // "ab" in UTF-16LE without a line break.
        #expect(errorMessage([0x61, 0x00, 0x62, 0x00]) == "/papers/a.txt is not a text file (it contains NUL bytes)")
        // "a", line feed, U+0000 in UTF-16LE: plausible enough, but U+0000 is binary.
        #expect(errorMessage([0x61, 0x00, 0x0A, 0x00, 0x00, 0x00] + Array(repeating: [0x62, 0x00], count: 20).joined())
            == "/papers/a.txt is not a text file (it contains NUL bytes)")
    }

    // MARK: Legacy Japanese encodings

    @Test("Shift_JIS is read as Windows-31J: NEC and IBM extensions, ～ and the backslash decode")
    func windows31J() throws {
        // ① (87 40), ～ (81 60), 纊 (ED 40), ⅰ (FA 40), ＼ (81 5F), \ (5C), ~ (7E).
        let result = try decoded([0x87, 0x40, 0x81, 0x60, 0xED, 0x40, 0xFA, 0x40, 0x81, 0x5F, 0x5C, 0x7E, 0x0A]).get()
        #expect(result.text == "①～纊ⅰ＼\\~\n")
        #expect(result.encoding == .shiftJIS)
    }

    @Test("ISO-2022-JP is told by its escape sequences, though it is 7-bit and so valid UTF-8")
    func iso2022JP() throws {
        // ESC $ B ロシア ESC ( B, a line feed, ESC ( I (half-width katakana) ｱｲ ESC ( B.
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x25, 0x6D, 0x25, 0x37, 0x25, 0x22, 0x1B, 0x28, 0x42, 0x0A,
                              0x1B, 0x28, 0x49, 0x31, 0x32, 0x1B, 0x28, 0x42]
        let result = try decoded(bytes).get()
        #expect(result.text == "ロシア\nｱｲ")
        #expect(result.encoding == .iso2022JP)
    }

    @Test("other escape sequences (terminal colours) leave UTF-8 as UTF-8")
    func terminalEscapesStayUTF8() throws {
        let text = "\u{1B}[31m停戦\u{1B}[0m $B\n"
        let result = try decoded(Array(text.utf8)).get()
        #expect(result.text == text)
        #expect(result.encoding == .utf8)
    }

    @Test("ISO-2022-JP with a character outside its sets names the encoding and the byte")
    func invalidISO2022JP() {
        // ESC $ B ロ, then 29 21 (row 9 of JIS X 0208, unassigned), シ ESC ( B.
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x25, 0x6D, 0x29, 0x21, 0x25, 0x37, 0x1B, 0x28, 0x42, 0x0A]
        #expect(errorMessage(bytes) == "/papers/a.txt has ISO-2022-JP escape sequences, but byte offset 5 is not valid ISO-2022-JP")
    }

    @Test("Shift_JIS or EUC-JP with a damaged character names the encoding it looks like and the byte",
          arguments: [TextEncoding.shiftJIS, .eucJP])
    func damagedLegacyText(encoding: TextEncoding) throws {
        let text = try #require(seedTexts.first { $0.name.hasPrefix("003") }).text
        let head = try encoding.encode(String(text.prefix(1000)))
        let tail = try encoding.encode(String(text.dropFirst(1000)))
        // A lead byte followed by a space: no character in either encoding.
        let lead: UInt8 = encoding == .shiftJIS ? 0x83 : 0xA4
        let damaged = head + [lead, 0x20] + tail
        #expect(head.count == 1930)
        #expect(errorMessage(damaged)
            == "/papers/a.txt is not UTF-8 and looks like \(encoding.name), but byte offset 1930 is not valid \(encoding.name)")
    }

    @Test("a six-byte Shift_JIS or EUC-JP file is judged by the characters it decodes to")
    func shortLegacyText() throws {
        // ロシア in Shift_JIS and in EUC-JP.
        let shiftJIS = try decoded([0x83, 0x8D, 0x83, 0x56, 0x83, 0x41]).get()
        #expect(shiftJIS.text == "ロシア")
        #expect(shiftJIS.encoding == .shiftJIS)
        let eucJP = try decoded([0xA5, 0xED, 0xA5, 0xB7, 0xA5, 0xA2]).get()
        #expect(eucJP.text == "ロシア")
        #expect(eucJP.encoding == .eucJP)
    }

    @Test("short text in another encoding is not taken for Japanese")
    func shortTextInOtherEncodings() {
        // Latin-1 "café", and "ÀÉÎ" (half-width katakana if read as Shift_JIS).
        #expect(errorMessage([0x63, 0x61, 0x66, 0xE9]) == "/papers/a.txt is not valid UTF-8 (byte offset 3)")
        #expect(errorMessage([0xC0, 0xC9, 0xCE]) == "/papers/a.txt is not valid UTF-8 (byte offset 0)")
        // UTF-8 ロシ with its next character cut: clean Shift_JIS (kanji and half-width katakana),
        // but mostly well-formed UTF-8.
        #expect(errorMessage(Array("ロシ".utf8) + [0xE3, 0x82]) == "/papers/a.txt is not valid UTF-8 (byte offset 6)")
    }

    @Test("Chinese (GB2312) and Korean (EUC-KR) text is not taken for EUC-JP, though it fits its bytes")
    func otherEastAsianEncodings() throws {
        for name in ["chinese-gb2312.txt", "korean-euc-kr.txt"] {
            let data = try #require(FileManager.default.contents(atPath: fixturesDirectory + "/" + name))
            #expect(errorMessage(Array(data)) == "/papers/a.txt is not valid UTF-8 (byte offset 0)", "\(name)")
        }
        // The Korean text is valid EUC-JP: only ICU's preference for EUC-KR keeps it out.
        let korean = try #require(FileManager.default.contents(atPath: fixturesDirectory + "/korean-euc-kr.txt"))
        #expect(throws: Never.self) { try TextEncoding.eucJP.decode(Array(korean)[...]) }
    }

    @Test("Latin-1 text is not taken for Shift_JIS")
    func latin1() {
        let text = "Les négociations de cessez-le-feu entre la Russie et l'Ukraine sont restées au point mort "
            + "à plusieurs reprises. Les deux parties divergent sur les questions territoriales, la sécurité "
            + "et la reconstruction après la guerre; l'Europe et les États-Unis y jouent un rôle décisif.\n"
        let latin1 = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        #expect(errorMessage(latin1) == "/papers/a.txt is not valid UTF-8 (byte offset 5)")
    }

    // MARK: Bad inputs (cases 3, 4, 5, 11 and 13)

    @Test("invalid bytes inside UTF-8 text are invalid UTF-8 at their offset")
    func invalidBytesInsideText() throws {
        #expect(errorMessage(Array("ロシア".utf8) + [0xFF, 0xFE] + Array("ウクライナ\n".utf8))
            == "/papers/a.txt is not valid UTF-8 (byte offset 9)")
        // The same in a whole seed paper, halfway (ICU's Shift_JIS recognizer gives it 60).
        let text = try #require(seedTexts.first { $0.name.hasPrefix("001") }).text
        let bytes = Array(text.utf8)
        var middle = bytes.count / 2
        while bytes[middle] & 0xC0 == 0x80 { middle -= 1 }  // to the start of a character
        #expect(middle == 45415)
        #expect(errorMessage(Array(bytes[..<middle]) + [0xFF] + Array(bytes[middle...]))
            == "/papers/a.txt is not valid UTF-8 (byte offset \(middle))")
    }

    @Test("a multi-byte sequence cut at the end of the file is invalid UTF-8")
    func truncatedAtEnd() {
        #expect(throws: IngestError.invalidUTF8(path: "/papers/a.txt", byteOffset: 6)) {
            try decoded(Array("ロシ".utf8) + [0xE3, 0x82]).get()
        }
    }

    @Test("overlong forms and encoded surrogates are invalid UTF-8, never decoded")
    func overlongAndSurrogates() {
        #expect(errorMessage([0x61, 0xC0, 0xAF, 0x62, 0xED, 0xA0, 0x80, 0x63]) == "/papers/a.txt is not valid UTF-8 (byte offset 1)")
    }

    @Test("a NUL byte inside UTF-8 text makes the file binary")
    func nulInsideText() {
        #expect(errorMessage(Array("ロシア".utf8) + [0] + Array("ウクライナ\n".utf8))
            == "/papers/a.txt is not a text file (it contains NUL bytes)")
    }

    @Test("random bytes and an executable are binary")
    func binaryFiles() {
        let random = SplitMix64.bytes(count: 100_000, seed: 2025)
        #expect(errorMessage(random) == "/papers/a.txt is not a text file (it contains NUL bytes)")
        // Without their NUL bytes they are still binary, by their control characters.
        let noNUL = random.map { $0 == 0 ? 0x80 : $0 }
        #expect(errorMessage(noNUL) == "/papers/a.txt is not a text file (it contains control characters, the first at byte offset 7)")
        // The 64-byte header of an x86-64 ELF executable, then code.
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 8)
            + [0x03, 0x00, 0x3E, 0x00, 0x01, 0x00, 0x00, 0x00] + [UInt8](repeating: 0, count: 40)
        #expect(errorMessage(elf + SplitMix64.bytes(count: 4096, seed: 7)) == "/papers/a.txt is not a text file (it contains NUL bytes)")
    }

    // MARK: Reading files

    @Test("a file read from disk carries its encoding and the SHA-256 of its raw bytes")
    func loadedSource() throws {
        try TestIndex.withTemporaryDirectory("sakuin-encoding") { directory in
            let path = directory + "/paper.txt"
            let bytes: [UInt8] = [0x83, 0x8D, 0x83, 0x56, 0x83, 0x41, 0x0D, 0x0A, 0x92, 0xE2, 0x90, 0xED, 0x0D, 0x0A]
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let loaded = try SourceReader.load(SourceFile(path: path, size: Int64(bytes.count), modificationTime: 0))
            #expect(loaded.text == "ロシア\r\n停戦\r\n")
            #expect(loaded.encoding == .shiftJIS)
            #expect(loaded.contentHash == ContentHash.sha256Hex(bytes))
        }
    }

    @Test("a Shift_JIS copy of a seed paper is indexed and found on the same lines as the UTF-8 original")
    func indexShiftJIS() throws {
        let text = try #require(seedTexts.first { $0.name.hasPrefix("003") }).text
        try TestIndex.withTemporaryDirectory("sakuin-encoding-index") { directory in
            var hits: [TextEncoding: [HitLocation]] = [:]
            for encoding in [TextEncoding.utf8, .shiftJIS] {
                let folder = directory + "/" + encoding.name
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(try encoding.encode(text)).write(to: URL(fileURLWithPath: folder + "/paper.txt"))
                let index = try SearchIndex(directory: folder + "/index")
                let summary = try index.index(paths: [folder + "/paper.txt"])
                #expect(summary.problems == [])
                hits[encoding] = try index.passageHits("停戦交渉")
            }
            #expect(hits[.shiftJIS] == hits[.utf8])
            #expect(hits[.shiftJIS]?.map(\.description) == [
                "paper:3-3", "paper:5-5", "paper:7-7", "paper:9-9", "paper:11-11", "paper:13-13", "paper:20-20",
                "paper:24-26", "paper:32-32", "paper:36-36", "paper:37-37",
            ])
        }
    }
}
