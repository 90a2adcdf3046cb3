import Foundation

/// Okapi BM25, the ranking function of the engine.
struct BM25: Sendable {
    /// Term-frequency saturation. With ``b`` and ``PassageKindPrior``'s weights, chosen by
    /// leave-one-query-out cross-validation on the judged queries (Lucene's defaults are 1.2 and
    /// 0.75; passages are short and uneven, so less length normalization serves them better).
    var k1 = 1.6
    /// Length normalization (0 = none, 1 = full).
    var b = 0.5

    /// The inverse document frequency of a term found in `documentFrequency` of `count` units
    /// (the Lucene form, never negative).
    static func inverseDocumentFrequency(_ documentFrequency: Int, of count: Int) -> Double {
        let df = Double(documentFrequency)
        return log(1 + (Double(count) - df + 0.5) / (df + 0.5))
    }

    /// The score of one term in one passage.
    func score(frequency: Double, length: UInt32, averageLength: Double, idf: Double) -> Double {
        score(frequency: frequency, norm: norm(length: length, averageLength: averageLength), idf: idf)
    }

    /// The length part of a passage's scores, the same for every term of the passage: computed
    /// once per passage, a division is spared for each further term.
    @inline(__always)
    func norm(length: UInt32, averageLength: Double) -> Double {
        k1 * (1 - b + b * Double(length) / max(averageLength, 1))
    }

    /// The score of one term in a passage whose ``norm(length:averageLength:)`` is `norm`: the
    /// same operations in the same order as ``score(frequency:length:averageLength:idf:)``, so
    /// the two agree to the bit.
    @inline(__always)
    func score(frequency tf: Double, norm: Double, idf: Double) -> Double {
        idf * tf * (k1 + 1) / (tf + norm)
    }
}
