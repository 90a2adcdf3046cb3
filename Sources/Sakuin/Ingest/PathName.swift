/// The path convention of ``SourceFile``: absolute, standardized by text alone, and text even
/// when the file system's bytes are not UTF-8.
///
/// Standardizing by text rather than through the file system (`realpath`) keeps symbolic links
/// as the user sees them, and works the same for paths that do not exist yet.
///
/// A path is text throughout the index (the catalog, the output, JSON), but a file name is bytes
/// and need not be UTF-8. ``escaped(_:)`` turns the bytes into text that shows them and
/// ``fileSystemBytes(of:)`` turns that text back into the bytes, so a file whose name is not
/// UTF-8 is indexed, shown and opened again on the next run under one stable path.
enum PathName {
    /// `path` made absolute against `workingDirectory`, with `.` components, `..` components
    /// (with the component before them), repeated `/` and a trailing `/` removed.
    ///
    /// `..` above the root stays at the root, as the kernel reads it.
    static func standardized(_ path: String, relativeTo workingDirectory: String) -> String {
        let full = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        var components: [Substring] = []
        for component in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// `name` as an entry of the folder `directory` (a standardized path).
    static func appending(_ name: String, to directory: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }

    /// The folder that holds `path` (a standardized path): `/` for an entry of the root.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Whether `path` is `folder` or inside it (both standardized).
    static func path(_ path: String, isInside folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// A file name or path as the file system stores it (bytes, not necessarily UTF-8) made
    /// into text: well-formed UTF-8 as it is, each byte of an ill-formed sequence as `\xFF`
    /// (two upper-case hexadecimal digits), so that nothing is dropped or silently repaired
    /// into U+FFFD.
    ///
    /// ```swift
    /// PathName.escaped([0x2F, 0xFF, 0x2E, 0x74]) == "/\\xFF.t"  // true: shown as /\xFF.t
    /// PathName.escaped(Array(#"a\xb"#.utf8)) == #"a\x5Cxb"#  // true: a literal \x is escaped too
    /// ```
    ///
    /// A backslash that is followed by `x` in the name is written `\x5C`, so every `\x` of the
    /// result starts an escape and ``fileSystemBytes(of:)`` reads it back exactly: the file named
    /// by the bytes `FF` and the one named by the text `\xFF` get different paths. Any other
    /// backslash, and every name that is UTF-8 without a `\x`, stays as it is.
    static func escaped(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == backslash, index + 1 < count, bytes[index + 1] == letterX {
                    appendEscape(of: lead, to: &text)
                } else {
                    text.append(lead)
                }
                index += 1
                continue
            }
            // The same strict shapes as the source validator: overlong forms, surrogates and
            // cut sequences are escaped byte by byte, never decoded.
            if let (length, second) = UTF8Sequence.shape(ofLead: lead), index + length <= count,
               second.contains(bytes[index + 1]),
               bytes[(index + 2)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) {
                text.append(contentsOf: bytes[index..<(index + length)])
                index += length
            } else {
                appendEscape(of: lead, to: &text)
                index += 1
            }
        }
        // Only whole UTF-8 sequences and ASCII escapes were appended: the decoding repairs nothing.
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes the file system knows `path` by: the inverse of ``escaped(_:)``. Each `\x`
    /// followed by two upper-case hexadecimal digits is that byte; everything else is its UTF-8.
    static func fileSystemBytes(of path: String) -> [UInt8] {
        let text = Array(path.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == backslash, index + 3 < text.count, text[index + 1] == letterX,
               let high = hexadecimalValue(text[index + 2]), let low = hexadecimalValue(text[index + 3]) {
                bytes.append(high << 4 | low)
                index += 4
            } else {
                bytes.append(text[index])
                index += 1
            }
        }
        return bytes
    }

    /// `path`'s file-system bytes with a terminating NUL, for the C calls that take a path.
    static func cString(_ path: String) -> [CChar] {
        // `truncatingIfNeeded`: CChar is signed on some platforms and unsigned on others.
        fileSystemBytes(of: path).map { CChar(truncatingIfNeeded: $0) } + [0]
    }

    /// The last component of a standardized path: the file or folder name.
    static func lastComponent(of path: String) -> Substring {
        guard let slash = path.lastIndex(of: "/") else { return path[...] }
        return path[path.index(after: slash)...]
    }

    private static let backslash = UInt8(ascii: "\\")
    private static let letterX = UInt8(ascii: "x")
    private static let hexadecimalDigits = Array("0123456789ABCDEF".utf8)

    private static func appendEscape(of byte: UInt8, to text: inout [UInt8]) {
        text += [backslash, letterX, hexadecimalDigits[Int(byte >> 4)], hexadecimalDigits[Int(byte & 0x0F)]]
    }

    private static func hexadecimalValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
