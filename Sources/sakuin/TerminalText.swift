/// Text from a document, a file name or a message made safe to print on a terminal: control
/// characters other than tab, and the bidirectional controls that reorder a line, are shown as
/// `\u{…}`, so that a file cannot move the cursor, recolour the screen, break a line in two or
/// make a path read backwards.
enum TerminalText {
    static func escaped(_ text: String) -> String {
        escaped(text.unicodeScalars)
    }

    static func escaped(_ scalars: some Collection<Unicode.Scalar>) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(scalars.count)
        for scalar in scalars {
            if needsEscape(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 controls but tab, DEL and the C1 controls; the embeddings, overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069) and the marks U+200E, U+200F and U+061C.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
