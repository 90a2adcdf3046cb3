import ArgumentParser
import Foundation
import Sakuin

/// `sakuin refs QUERY`: footnotes and bibliography entries by author, title, year, URL, ….
struct RefsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refs",
        abstract: "Find footnotes and bibliography entries by author, title, publisher, year or URL fragment.",
        discussion: """
            QUERY is a few words (`Zartman Ripeness`, `木村汎 対露交渉学`, `RR1498`) or a whole \
            reference pasted as is. Give it as an argument, with --file, or on standard input. \
            Exit status: 0 found, 1 nothing, 2 error.
            """)

    @Argument(help: "The query; omit it to read --file or standard input.")
    var query: String?

    @Option(help: ArgumentHelp("Read the query from a UTF-8 text file.", valueName: "FILE"))
    var file: String?

    // `.unconditional`: `--limit -5` is a value to refuse by name, not an unknown option.
    @Option(parsing: .unconditional, help: "The most entries to show.")
    var limit: Int = 10

    @Flag(help: "Print one JSON object (schema in the README).")
    var json = false

    @OptionGroup var location: IndexLocation

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more, not \(limit)") }
        if query != nil && file != nil { throw ValidationError("give the query as an argument or with --file, not both") }
    }

    func run() throws {
        let text = try QuoteInput.read(argument: query, file: file)
        let index = try location.openForReading()
        let results = try index.references(matching: text, limit: limit)
        if json {
            print(try JSONOutput.encode(ReferencesJSON(results)))
        } else {
            for hit in results.hits {
                let note = hit.footnoteNumber.map { "note \($0)" } ?? "entry"
                print("\(DisplayPath.of(hit.document.path)):\(hit.lineStart)-\(hit.lineEnd): \(note) "
                      + "(score \(String(format: "%.3f", hit.score)))")
                for line in hit.text.split(separator: "\n") { print("    \(TerminalText.escaped(String(line)))") }
                for reference in hit.references {
                    var parts: [String] = []
                    if !reference.authors.isEmpty { parts.append("authors: " + reference.authors.joined(separator: "; ")) }
                    if let title = reference.title { parts.append("title: \(title)") }
                    if let year = reference.year { parts.append("year: \(year)") }
                    if !reference.urls.isEmpty { parts.append("url: " + reference.urls.joined(separator: " ")) }
                    if !parts.isEmpty { print("  " + TerminalText.escaped(parts.joined(separator: " | "))) }
                }
            }
        }
        if results.hits.isEmpty { throw ExitCode(1) }
    }
}

/// The `--json` document of `refs`.
struct ReferencesJSON: Encodable {
    struct Hit: Encodable {
        var rank: Int
        var score: Double
        var doc: String
        var path: String
        var footnote: Int?
        var line_start: Int
        var line_end: Int
        var text: String
        var authors: [String]
        var title: String?
        var year: Int?
        var urls: [String]
        var references: [BibliographicReference]
    }

    var query: String
    var hits: [Hit]

    init(_ results: ReferenceResults) {
        query = results.query
        hits = results.hits.map { hit in
            Hit(rank: hit.rank, score: (hit.score * 1_000_000).rounded() / 1_000_000, doc: hit.document.name,
                path: hit.document.path, footnote: hit.footnoteNumber, line_start: hit.lineStart, line_end: hit.lineEnd,
                text: hit.text, authors: hit.authors, title: hit.title, year: hit.year, urls: hit.urls,
                references: hit.references)
        }
    }
}
