import ICUBridge

/// Normalizes text for matching: ICU NFKC_Casefold, then the Japanese unifications of
/// ``NormalizationOptions``, keeping a map from every output unit back to the input.
///
/// Uses the system ICU only, never Foundation's text APIs, so that documents and queries are
/// normalized by the same Unicode data.
struct Normalizer: Sendable {
    var options: NormalizationOptions

    /// Normalizes UTF-16 `source`. Never fails: on an ICU error (which would mean a broken ICU
    /// installation) the text is passed through unchanged apart from the unifications.
    func normalize(_ source: [UInt16]) -> NormalizedText {
        let folded = Self.nfkcCasefold(source)
        return unify(folded)
    }

    /// ICU NFKC_Casefold with an offset map, through the C bridge.
    static func nfkcCasefold(_ source: [UInt16]) -> NormalizedText {
        if source.isEmpty { return NormalizedText(units: [], sourceOffsets: [0]) }
        var capacity = source.count + source.count / 2 + 16
        while true {
            var units = [UInt16](repeating: 0, count: capacity)
            var map = [Int32](repeating: 0, count: capacity + 1)
            var errorCode: Int32 = 0
            let written = source.withUnsafeBufferPointer { input in
                units.withUnsafeMutableBufferPointer { output in
                    map.withUnsafeMutableBufferPointer { offsets in
                        sk_nfkc_casefold_mapped(input.baseAddress, Int32(input.count),
                                                output.baseAddress, offsets.baseAddress,
                                                Int32(capacity), &errorCode)
                    }
                }
            }
            if written >= 0 {
                units.removeSubrange(Int(written)...)
                map.removeSubrange(Int(written)...)
                map.append(Int32(source.count))
                return NormalizedText(units: units, sourceOffsets: map)
            }
            if written == -1 && capacity < source.count * 20 + 64 {
                capacity *= 3
                continue
            }
            return NormalizedText(units: source, sourceOffsets: (0...source.count).map { Int32($0) })
        }
    }

    /// Applies the Japanese unifications in one pass.
    func unify(_ text: NormalizedText) -> NormalizedText {
        let input = text.units
        var units = [UInt16]()
        units.reserveCapacity(input.count)
        var offsets = [Int32]()
        offsets.reserveCapacity(input.count + 1)
        var index = 0
        while index < input.count {
            let unit = input[index]
            let source = text.sourceOffsets[index]
            // ヴ followed by a small vowel: two units become one.
            if options.unifyKatakanaVSounds && unit == 0x30F4 {
                let next: UInt16 = index + 1 < input.count ? input[index + 1] : 0
                if let merged = JapaneseCharacters.vSoundWithSmallVowel(next) {
                    units.append(merged)
                    offsets.append(source)
                    index += 2
                    continue
                }
                units.append(0x30D6)  // ブ
                offsets.append(source)
                index += 1
                continue
            }
            if options.expandIterationMarks, let previous = units.last,
               let repeated = JapaneseCharacters.expandIterationMark(unit, previous: previous) {
                units.append(repeated)
                offsets.append(source)
                index += 1
                continue
            }
            units.append(map(unit))
            offsets.append(source)
            index += 1
        }
        offsets.append(text.sourceOffsets[input.count])
        return NormalizedText(units: units, sourceOffsets: offsets)
    }

    /// The one-to-one replacements.
    private func map(_ unit: UInt16) -> UInt16 {
        if options.unifyKanaCase, let large = JapaneseCharacters.largeKana(unit) { return large }
        if options.unifyProlongedSoundMarks && JapaneseCharacters.isProlongedSoundMarkVariant(unit) { return 0x30FC }
        if options.unifyHyphens && JapaneseCharacters.isHyphenVariant(unit) { return 0x2D }
        if options.unifyMiddleDots && JapaneseCharacters.isMiddleDotVariant(unit) { return 0x30FB }
        if options.unifyWaveDashes && JapaneseCharacters.isWaveDashVariant(unit) { return 0x301C }
        if options.unifyVariantKanji, let common = JapaneseCharacters.commonKanji(unit) { return common }
        return unit
    }
}
