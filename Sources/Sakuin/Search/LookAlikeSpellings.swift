/// Spellings of a query term that differ from it in one Japanese character that print is
/// often misread as: a lost or added sound mark (ポ for ボ) or a look-alike of another script
/// (口 for ロ). Text extracted from PDFs and scans has such slips (ボクロウスク for ポクロウスク), and
/// a search for the right spelling should still find the passage, below the exact matches.
enum LookAlikeSpellings {
    /// Most spellings one term expands to, so that a long query stays cheap.
    static let maximumCount = 24
    /// Fewest characters a term needs to be expanded.
    static let minimumLength = 3

    /// The spellings of `text` with one character replaced by a misreading of it, in order of
    /// position, then of the replacement's scalar value; never `text` itself.
    static func of(_ text: String, confusions: CharacterConfusions = .misreadings) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var spellings: [String] = []
        for (index, scalar) in scalars.enumerated() where JapaneseCharacters.isBigramScalar(scalar.value) {
            for partner in confusions.partners(of: scalar.value) {
                guard JapaneseCharacters.isBigramScalar(partner.scalar),
                      let replacement = Unicode.Scalar(partner.scalar) else { continue }
                var spelling = String.UnicodeScalarView()
                spelling.append(contentsOf: scalars[..<index])
                spelling.append(replacement)
                spelling.append(contentsOf: scalars[(index + 1)...])
                spellings.append(String(spelling))
                if spellings.count == maximumCount { return spellings }
            }
        }
        return spellings
    }
}
