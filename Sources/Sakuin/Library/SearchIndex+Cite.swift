extension SearchIndex {
    /// Finds where a quote comes from: the document, the lines (and page when known), the exact
    /// text there, how closely it matches and a citation.
    ///
    /// The quote may differ from the file: line breaks and spaces anywhere, full or half width,
    /// OCR look-alikes (`ブ`/`プ`, `ロ`/`口`, `っ`/`つ`, …), old kana spellings, words dropped or
    /// replaced by an ellipsis, light rewording. A quote found nowhere gives no match.
    ///
    /// ```swift
    /// let index = try SearchIndex(directory: "index", mode: .openExisting)
    /// let results = try index.cite("停戦交渉は2026年も継続する公算が高い")
    /// for match in results.matches {
    ///     print(match.document.name, match.lineStart, match.score, match.citation)
    /// }
    /// ```
    ///
    /// - Throws: ``SakuinError/invalidRequest(_:)`` for an empty or too long quote or options out
    ///   of range; ``SakuinError/index(_:)`` when the index cannot be read.
    public func cite(_ quote: String, options: CitationOptions = CitationOptions()) throws(SakuinError) -> CitationResults {
        try read { () throws -> CitationResults in
            try CitationFinder(snapshot: currentSnapshot(), catalog: catalog, analyzer: textAnalyzer).cite(quote, options: options)
        }
    }

    /// Finds numbered footnotes and bibliography entries by author, title, publisher, year or URL
    /// fragment, or by a whole reference pasted as is, and parses the references in each.
    ///
    /// ```swift
    /// let results = try index.references(matching: "Charap Radchenko Foreign Affairs")
    /// print(results.hits.first?.footnoteNumber ?? 0)  // 18 in the seed paper 001
    /// ```
    ///
    /// - Throws: ``SakuinError/invalidRequest(_:)`` for an empty or too long query or a limit
    ///   below 1; ``SakuinError/index(_:)`` when the index cannot be read.
    public func references(matching query: String, limit: Int = 10) throws(SakuinError) -> ReferenceResults {
        try read { () throws -> ReferenceResults in
            try ReferenceFinder(snapshot: currentSnapshot(), catalog: catalog, analyzer: textAnalyzer)
                .references(matching: query, limit: limit)
        }
    }
}
