/// The shape of a well-formed UTF-8 sequence, after Table 3-7 of the Unicode Standard: how long
/// the sequence a lead byte starts is, and which values its second byte may take (the rest are
/// always `80…BF`). Overlong forms, surrogates and values above U+10FFFF are excluded by the
/// second byte's range.
enum UTF8Sequence {
    /// The sequence length and the allowed second bytes for a lead byte of 2 to 4 bytes; nil for
    /// an ASCII byte, a continuation byte or a byte that never starts a sequence.
    @inline(__always)
    static func shape(ofLead lead: UInt8) -> (length: Int, second: ClosedRange<UInt8>)? {
        switch lead {
        case 0xC2...0xDF: return (2, 0x80...0xBF)
        case 0xE0: return (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80...0xBF)
        case 0xED: return (3, 0x80...0x9F)
        case 0xF0: return (4, 0x90...0xBF)
        case 0xF1...0xF3: return (4, 0x80...0xBF)
        case 0xF4: return (4, 0x80...0x8F)
        default: return nil
        }
    }
}
