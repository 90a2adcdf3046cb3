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
        let tf = frequency
        let norm = k1 * (1 - b + b * Double(length) / max(averageLength, 1))
        return idf * tf * (k1 + 1) / (tf + norm)
    }
}
