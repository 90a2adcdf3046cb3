import ICUBridge

/// The versions of the system ICU that Sakuin analyses text with.
public enum ICUVersion {
    /// The ICU library version, such as `72.1`, and the Unicode version its data follows.
    public static var current: (icu: String, unicode: String) {
        var icu = [CChar](repeating: 0, count: 32)
        var unicode = [CChar](repeating: 0, count: 32)
        sk_icu_versions(&icu, &unicode)
        return (String(decoding: icu.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                String(decoding: unicode.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
