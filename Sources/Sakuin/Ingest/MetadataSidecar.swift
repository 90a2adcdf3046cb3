/// The sidecar file that describes a document: `NAME.meta.json` beside `NAME.txt` or `NAME.md`.
///
/// A sidecar is UTF-8 JSON (a byte order mark is allowed) holding one object; every key is
/// optional, and no other key is allowed:
///
/// ```json
/// { "title": "ロシア・ウクライナ戦争停戦の見通し", "authors": ["小泉悠"], "date": "2025-04-21",
///   "container": "…", "publisher": "…", "url": "https://…", "type": "article" }
/// ```
///
/// - `title`, `container`, `publisher`: non-empty strings (surrounding white space is dropped).
/// - `authors`: an array of non-empty strings, in the order of the byline.
/// - `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a date that exists.
/// - `url`: an `http://` or `https://` address without white space.
/// - `type`: `article` (the default), `report`, `chapter`, `book` or `web`.
///
/// Reading is strict, because a sidecar is written by hand to correct what extraction guesses:
/// a misspelt key, a key given twice, a value of the wrong kind or a date in another form is an
/// error naming the file and the key, never silently ignored.
enum MetadataSidecar {
    /// What a sidecar's name ends with.
    static let fileNameSuffix = ".meta.json"

    /// The keys a sidecar may hold, in the order messages list them.
    static let keys = ["title", "authors", "date", "container", "publisher", "url", "type"]

    /// The sidecar's path for the document at `path`: its last extension replaced by
    /// `.meta.json` (`papers/a.txt` → `papers/a.meta.json`), or `.meta.json` appended to a name
    /// without one.
    static func path(forDocumentAt path: String) -> String {
        let utf8 = path.utf8
        let nameStart = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        // A leading dot starts a hidden name, not an extension.
        if let dot = utf8[nameStart...].lastIndex(of: UInt8(ascii: ".")), dot != nameStart {
            return String(path[..<dot]) + fileNameSuffix
        }
        return path + fileNameSuffix
    }

    /// Whether `fileName` (or the last component of a path) names a sidecar: it ends with
    /// `.meta.json`, in any case, after at least one character.
    static func isSidecar(fileName: String) -> Bool {
        let name = fileName.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []
        let suffix = Array(fileNameSuffix.utf8)
        guard name.count > suffix.count else { return false }
        // ASCII case folding is enough: the suffix is ASCII.
        return zip(name.suffix(suffix.count), suffix).allSatisfy { byte, expected in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 == expected : byte == expected
        }
    }

    /// Reads the sidecar of the document at `path`, if it has one.
    ///
    /// - Returns: the metadata, its ``DocumentMetadata/source`` `.sidecar`; nil when no sidecar
    ///   exists.
    /// - Throws: ``MetadataSidecarError`` naming the sidecar when it exists but cannot be read
    ///   or is not a valid sidecar.
    static func load(forDocumentAt path: String) throws(MetadataSidecarError) -> DocumentMetadata? {
        let sidecarPath = self.path(forDocumentAt: path)
        let bytes: [UInt8]
        do throws(IngestError) {
            bytes = try SourceReader.readBytes(atPath: sidecarPath)
        } catch {
            switch error {
            case .missingPath: return nil
            case .unreadable(_, let reason):
                throw MetadataSidecarError(path: sidecarPath, problem: .unreadable(reason: reason))
            case .permissionDenied:
                throw MetadataSidecarError(path: sidecarPath, problem: .unreadable(reason: "permission denied"))
            default:
                throw MetadataSidecarError(path: sidecarPath, problem: .unreadable(reason: error.description))
            }
        }
        return try parse(bytes, path: sidecarPath)
    }

    /// Reads a sidecar's bytes; `path` is only for messages.
    ///
    /// - Throws: ``MetadataSidecarError`` naming `path` and, where one is to blame, the key.
    static func parse(_ data: [UInt8], path: String) throws(MetadataSidecarError) -> DocumentMetadata {
        func failure(_ problem: MetadataSidecarError.Problem) -> MetadataSidecarError {
            MetadataSidecarError(path: path, problem: problem)
        }
        if let byteOffset = SourceReader.firstInvalidUTF8Offset(in: data) {
            throw failure(.invalidUTF8(byteOffset: byteOffset))
        }
        let body = data.starts(with: SourceReader.byteOrderMark) ? Array(data.dropFirst(3)) : data
        var reader = JSONReader(bytes: body)
        let document: JSONReader.Value
        do throws(JSONReader.Failure) {
            document = try reader.readDocument()
        } catch {
            let (line, column) = reader.lineAndColumn(ofByteOffset: error.byteOffset)
            throw failure(.invalidJSON(line: line, column: column, detail: error.detail))
        }
        guard case .object(let members) = document else { throw failure(.notAnObject(found: document.kindName)) }

        var metadata = DocumentMetadata(source: .sidecar)
        var seenKeys: Set<String> = []
        for member in members {
            let key = member.key
            guard keys.contains(key) else { throw failure(.unknownKey(key)) }
            guard seenKeys.insert(key).inserted else { throw failure(.repeatedKey(key)) }
            if key == "authors" {
                metadata.authors = try authors(member.value, failure: failure)
                continue
            }
            guard case .string(let raw) = member.value else {
                throw failure(.wrongType(key: key, expected: "a string", found: member.value.kindName))
            }
            let value = trimmingWhitespace(raw)
            guard !value.isEmpty else { throw failure(.emptyValue(key: key)) }
            switch key {
            case "title": metadata.title = value
            case "container": metadata.container = value
            case "publisher": metadata.publisher = value
            case "date":
                guard DocumentMetadata.DateParts(value) != nil else { throw failure(.invalidDate(raw)) }
                metadata.date = value
            case "url":
                guard isWebAddress(value) else { throw failure(.invalidURL(raw)) }
                metadata.url = value
            default:  // "type", the last key left
                guard DocumentMetadata.documentTypes.contains(value) else { throw failure(.invalidType(raw)) }
                metadata.type = value
            }
        }
        return metadata
    }

    /// The `authors` array's names, trimmed.
    private static func authors(_ value: JSONReader.Value,
                                failure: (MetadataSidecarError.Problem) -> MetadataSidecarError)
        throws(MetadataSidecarError) -> [String] {
        let expected = "an array of strings"
        guard case .array(let items) = value else {
            throw failure(.wrongType(key: "authors", expected: expected, found: value.kindName))
        }
        var names: [String] = []
        for item in items {
            guard case .string(let raw) = item else {
                throw failure(.wrongType(key: "authors", expected: expected, found: "an array holding \(item.kindName)"))
            }
            let name = trimmingWhitespace(raw)
            guard !name.isEmpty else { throw failure(.emptyValue(key: "authors")) }
            names.append(name)
        }
        return names
    }

    /// Whether `text` is an `http://` or `https://` address with something after the scheme
    /// and no white space.
    private static func isWebAddress(_ text: String) -> Bool {
        // The scheme is ASCII, so folding ASCII capitals is enough to compare it.
        let head = text.utf8.prefix(8).map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }
        let schemeLength: Int
        if head.starts(with: "https://".utf8) {
            schemeLength = 8
        } else if head.starts(with: "http://".utf8) {
            schemeLength = 7
        } else {
            return false
        }
        return text.utf8.count > schemeLength && !text.unicodeScalars.contains { $0.properties.isWhitespace }
    }

    /// `text` without white space (Unicode's, the ideographic space included) at either end.
    private static func trimmingWhitespace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

/// A sidecar file that exists but cannot be used; ``description`` names the file and, where one
/// is to blame, the key.
///
/// ```swift
/// MetadataSidecarError(path: "seeds/x.meta.json", problem: .invalidDate("2025/4/21")).description
/// // seeds/x.meta.json: "date" must be YYYY, YYYY-MM or YYYY-MM-DD, not "2025/4/21"
/// ```
struct MetadataSidecarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with a sidecar.
    enum Problem: Sendable, Equatable {
        /// The file exists but cannot be read; `reason` is the system's explanation.
        case unreadable(reason: String)
        /// The bytes are not UTF-8; the offset counts from the start of the file.
        case invalidUTF8(byteOffset: Int)
        /// The text is not JSON; `line` and `column` (1-based, columns in characters) are where
        /// reading stopped.
        case invalidJSON(line: Int, column: Int, detail: String)
        /// The JSON is valid but not an object; `found` says what it is (`an array`).
        case notAnObject(found: String)
        /// A key that sidecars do not have (often a misspelling).
        case unknownKey(String)
        /// A key given more than once.
        case repeatedKey(String)
        /// A value of the wrong kind, such as a number for `title`.
        case wrongType(key: String, expected: String, found: String)
        /// An empty (or all white space) string, or an empty name in `authors`.
        case emptyValue(key: String)
        /// A `date` not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or no real date.
        case invalidDate(String)
        /// A `type` that is not one of the known kinds.
        case invalidType(String)
        /// A `url` that is not an `http://` or `https://` address.
        case invalidURL(String)
    }

    /// The sidecar's path, as given.
    var path: String
    /// What is wrong with it.
    var problem: Problem

    /// One line naming the file, the key at fault and what would be accepted.
    var description: String {
        "\(path): " + explanation
    }

    private var explanation: String {
        switch problem {
        case .unreadable(let reason):
            return "cannot be read: \(reason)"
        case .invalidUTF8(let byteOffset):
            return "not valid UTF-8 (byte offset \(byteOffset))"
        case .invalidJSON(let line, let column, let detail):
            return "not valid JSON at line \(line), column \(column): \(detail)"
        case .notAnObject(let found):
            return "must hold one JSON object such as {\"title\": \"…\"}, not \(found)"
        case .unknownKey(let key):
            return "unknown key \(Self.quoted(key)); the keys are \(MetadataSidecar.keys.joined(separator: ", "))"
        case .repeatedKey(let key):
            return "\(Self.quoted(key)) is given more than once"
        case .wrongType(let key, let expected, let found):
            return "\(Self.quoted(key)) must be \(expected), not \(found)"
        case .emptyValue(let key):
            return key == "authors" ? "\"authors\" must not hold an empty name" : "\(Self.quoted(key)) must not be empty"
        case .invalidDate(let value):
            return "\"date\" must be YYYY, YYYY-MM or YYYY-MM-DD, not \(Self.quoted(value))"
        case .invalidType(let value):
            let types = DocumentMetadata.documentTypes
            let choices = types.dropLast().joined(separator: ", ") + " or " + (types.last ?? "")
            return "\"type\" must be \(choices), not \(Self.quoted(value))"
        case .invalidURL(let value):
            return "\"url\" must be an http:// or https:// address, not \(Self.quoted(value))"
        }
    }

    /// `text` in double quotes, with quotes, backslashes and control characters escaped as in
    /// JSON, so that the message shows exactly what the file holds.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// A strict reader of JSON text (RFC 8259) over UTF-8 bytes already checked to be well formed.
///
/// Foundation's readers are not used because they accept duplicate keys silently and report
/// errors without a position the user can go to.
private struct JSONReader {
    /// A JSON value; numbers and booleans are only recognised, since no sidecar key takes one.
    enum Value {
        case string(String)
        case number
        case boolean
        case null
        case array([Value])
        case object([Member])

        /// The value's kind with an article, for messages: `a string`, `an array`, …
        var kindName: String {
            switch self {
            case .string: return "a string"
            case .number: return "a number"
            case .boolean: return "true or false"
            case .null: return "null"
            case .array: return "an array"
            case .object: return "an object"
            }
        }
    }

    /// A key and its value, in the order of the text.
    struct Member {
        var key: String
        var value: Value
    }

    /// Where reading stopped, and what was expected there.
    struct Failure: Error {
        var byteOffset: Int
        var detail: String
    }

    /// Deep nesting is refused before it can exhaust the stack.
    private static let maximumDepth = 64

    private let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads the one value the text holds, with only white space around it.
    mutating func readDocument() throws(Failure) -> Value {
        skipWhitespace()
        let value = try readValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw failure("expected the end of the file after the value") }
        return value
    }

    /// The 1-based line and column (in Unicode scalars) of `byteOffset`.
    func lineAndColumn(ofByteOffset byteOffset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(byteOffset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private var next: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipWhitespace() {
        while let byte = next, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            offset += 1
        }
    }

    private mutating func readValue(depth: Int) throws(Failure) -> Value {
        guard depth < Self.maximumDepth else { throw failure("values nested more than \(Self.maximumDepth) deep") }
        guard let byte = next else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try readNumber()
            return .number
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .boolean
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .boolean
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        default:
            throw failure("expected a value")
        }
    }

    private mutating func readObject(depth: Int) throws(Failure) -> Value {
        offset += 1
        skipWhitespace()
        var members: [Member] = []
        if next == UInt8(ascii: "}") {
            offset += 1
            return .object(members)
        }
        while true {
            guard next == UInt8(ascii: "\"") else { throw failure("expected a key in double quotes") }
            let key = try readString()
            skipWhitespace()
            guard next == UInt8(ascii: ":") else { throw failure("expected ':' after the key") }
            offset += 1
            skipWhitespace()
            members.append(Member(key: key, value: try readValue(depth: depth + 1)))
            skipWhitespace()
            switch next {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                offset += 1
                return .object(members)
            default:
                throw failure("expected ',' or '}' after a value")
            }
        }
    }

    private mutating func readArray(depth: Int) throws(Failure) -> Value {
        offset += 1
        skipWhitespace()
        var items: [Value] = []
        if next == UInt8(ascii: "]") {
            offset += 1
            return .array(items)
        }
        while true {
            items.append(try readValue(depth: depth + 1))
            skipWhitespace()
            switch next {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                offset += 1
                return .array(items)
            default:
                throw failure("expected ',' or ']' after a value")
            }
        }
    }

    /// Reads a string from its opening quote to past its closing one, decoding escapes.
    private mutating func readString() throws(Failure) -> String {
        offset += 1
        var decoded: [UInt8] = []
        while let byte = next {
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let scalar = try readEscape()
                decoded.append(contentsOf: Array(String(scalar).utf8))
            case ..<0x20:
                throw Failure(byteOffset: offset, detail: "control character in a string (write a line break as \\n)")
            default:
                decoded.append(byte)
                offset += 1
            }
        }
        throw Failure(byteOffset: offset, detail: "the string is not closed")
    }

    /// Reads `\n`, `\"`, `\u00E9`, a surrogate pair `\uD83D\uDE00`, … from the backslash on.
    private mutating func readEscape() throws(Failure) -> Unicode.Scalar {
        let start = offset
        offset += 1
        guard let letter = next else { throw Failure(byteOffset: offset, detail: "the string is not closed") }
        offset += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try readHexQuad(escapeStart: start)
            var value = first
            if (0xD800...0xDBFF).contains(first) {
                guard next == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw Failure(byteOffset: start, detail: "\\u escape of a lone surrogate")
                }
                offset += 2
                let second = try readHexQuad(escapeStart: start)
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw Failure(byteOffset: start, detail: "\\u escape of a lone surrogate")
                }
                value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw Failure(byteOffset: start, detail: "\\u escape of a lone surrogate")
            }
            return scalar
        default:
            throw Failure(byteOffset: start, detail: "unknown escape in a string (a backslash is written \\\\)")
        }
    }

    private mutating func readHexQuad(escapeStart: Int) throws(Failure) -> UInt32 {
        let notHexadecimal = Failure(byteOffset: escapeStart, detail: "\\u must be followed by 4 hexadecimal digits")
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next else { throw notHexadecimal }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw notHexadecimal
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Checks a number's grammar: `-`, then `0` or digits not starting with `0`, then an
    /// optional fraction and exponent.
    private mutating func readNumber() throws(Failure) {
        let start = offset
        let invalid = Failure(byteOffset: start, detail: "invalid number")
        if next == UInt8(ascii: "-") { offset += 1 }
        if next == UInt8(ascii: "0") {
            offset += 1
        } else if skipDigits() == 0 {
            throw invalid
        }
        if next == UInt8(ascii: ".") {
            offset += 1
            if skipDigits() == 0 { throw invalid }
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            offset += 1
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { offset += 1 }
            if skipDigits() == 0 { throw invalid }
        }
    }

    /// Moves past ASCII digits; returns how many.
    private mutating func skipDigits() -> Int {
        var count = 0
        while let byte = next, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            offset += 1
            count += 1
        }
        return count
    }

    private mutating func readLiteral(_ literal: String) throws(Failure) {
        let expected = Array(literal.utf8)
        guard bytes[offset...].starts(with: expected) else { throw failure("expected a value") }
        offset += expected.count
    }

    private func failure(_ expectation: String) -> Failure {
        Failure(byteOffset: offset, detail: expectation + ", found " + foundDescription)
    }

    /// What is at the reading position: `'x'` or `the end of the file`.
    private var foundDescription: String {
        guard offset < bytes.count else { return "the end of the file" }
        let lead = bytes[offset]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        let character = String(decoding: bytes[offset..<min(offset + length, bytes.count)], as: UTF8.self)
        if lead < 0x20 { return "a control character" }
        return "'\(character)'"
    }
}
