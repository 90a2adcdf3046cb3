/// Judged citation and reference lookups: which source a quote or a reference query should
/// find.
///
/// Read from two TSV files with a header line: `cite.tsv` (`cid`, `quote`, `doc`, `line_start`,
/// `line_end`, `kind`; the place empty for a quote that is in no document) and `refs.tsv` (`rid`,
/// `query`, `doc`, `footnote`, `anchor`).
///
/// ```swift
/// let cases = try LookupCases(citationFile: "eval/cite.tsv", referenceFile: "eval/refs.tsv")
/// print(cases.citations.count, cases.references.count)
/// ```
public struct LookupCases: Sendable, Equatable {
    /// A quote and where it comes from.
    public struct Citation: Sendable, Equatable {
        /// The case's id (`c01`).
        public var id: String
        /// The quote as a user would paste it.
        public var quote: String
        /// The source document's name, or nil when the quote is in no document.
        public var document: String?
        /// The source lines (1-based, inclusive); empty when the quote is in no document.
        public var lines: ClosedRange<Int>?
        /// How the quote differs from the text: `exact`, `linebreak`, `width`, `ocr`, `partial`,
        /// `paraphrase-near`, `absent`.
        public var kind: String
    }

    /// A reference query and the note it denotes.
    public struct Reference: Sendable, Equatable {
        /// The case's id (`r01`).
        public var id: String
        /// The query.
        public var query: String
        /// The document of the note.
        public var document: String
        /// The note's number, if it has one.
        public var footnote: Int?
        /// Text that occurs in the note and nowhere else in the document.
        public var anchor: String
    }

    /// The citation cases, in file order.
    public var citations: [Citation]
    /// The reference cases, in file order.
    public var references: [Reference]

    /// Reads either file or both (nil leaves that list empty). Errors name the file and line.
    public init(citationFile: String?, referenceFile: String?) throws(SakuinError) {
        citations = []
        references = []
        if let citationFile {
            let columns = ["cid", "quote", "doc", "line_start", "line_end", "kind"]
            for row in try JudgedSet.rows(of: citationFile, columns: columns) {
                let fields = row.fields
                var lines: ClosedRange<Int>?
                if !fields[2].isEmpty {
                    guard let start = Int(fields[3]), let end = Int(fields[4]), start >= 1, start <= end else {
                        throw SakuinError.invalidRequest(
                            "\(citationFile):\(row.line): line_start and line_end must be line numbers with start ≤ end, "
                                + "not \"\(fields[3])\" and \"\(fields[4])\"")
                    }
                    lines = start...end
                }
                citations.append(Citation(id: fields[0], quote: fields[1], document: fields[2].isEmpty ? nil : fields[2],
                                          lines: lines, kind: fields[5]))
            }
        }
        if let referenceFile {
            for row in try JudgedSet.rows(of: referenceFile, columns: ["rid", "query", "doc", "footnote", "anchor"]) {
                let fields = row.fields
                guard fields[3].isEmpty || Int(fields[3]) != nil else {
                    throw SakuinError.invalidRequest("\(referenceFile):\(row.line): footnote must be a number, not \"\(fields[3])\"")
                }
                references.append(Reference(id: fields[0], query: fields[1], document: fields[2],
                                            footnote: Int(fields[3]), anchor: fields[4]))
            }
        }
    }
}
