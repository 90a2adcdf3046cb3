extension SearchIndex {
    /// Checks the whole index on disk and reports every problem it finds.
    ///
    /// Verifies the catalog (SQLite's full `integrity_check`, the format version and the analyzer
    /// fingerprint), every segment file (size, CRC-32 of every byte, structure, every postings list
    /// decoded end to end) and the cross-references between them: every passage and document of
    /// the catalog against its segment and back, the deletion bitmaps, and each passage's stored
    /// text analysed again against the terms its segment holds for it. Files in the index
    /// directory that are not part of the index are reported as warnings.
    ///
    /// The check only reads: it opens the catalog read-only, does not take the writer lock, and
    /// examines one commit whole even while a writer commits another.
    ///
    /// ```swift
    /// let report = try SearchIndex(directory: "index", mode: .openExisting).check()
    /// if !report.isSound { report.problems.forEach { print($0) } }
    /// ```
    ///
    /// Damage is reported in the result, not thrown: this throws ``SakuinError/index(_:)`` only when
    /// the directory holds no index at all, and ``SakuinError/analysis(_:)`` when ICU cannot be loaded.
    public func check() throws(SakuinError) -> IndexCheckReport {
        try IndexChecker(layout: IndexLayout(directory: directory), analyzer: analyzer).check()
    }
}
