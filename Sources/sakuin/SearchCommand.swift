import ArgumentParser
import Foundation
import Sakuin

extension Palette.Mode: ExpressibleByArgument {}

/// `sakuin search QUERY`: the main job.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index; print matching passages as path:lines: snippet.",
        discussion: """
            Query syntax: terms (all must match), OR, -term or NOT term, "exact phrase", prefix*, \
            title:term, and parentheses. Japanese text matches as written, across line breaks and \
            width variants. A query of only punctuation, symbols or emoji finds nothing (with a \
            note). Exit status: 0 hits, 1 no hits (also a page past the last hit), 2 error.
            """)

    @Argument(help: "The query.")
    var query: String

    // `.unconditional`: `--limit -5` is a value to refuse by name, not an unknown option.
    @Option(parsing: .unconditional,
            help: "The most results to show (1 or more; a larger number counts as \(SearchOptions.maximumLimit)).")
    var limit: Int = 10

    @Option(parsing: .unconditional, help: "Skip this many of the best results first (0 or more), to show the next page.")
    var offset: Int = 0

    @Flag(help: "Show every matching passage, not only the best one of each document.")
    var passages = false

    @Flag(help: "Show why each result matched: terms, how they matched, and their score parts.")
    var explain = false

    @Flag(help: "Show the footnotes each passage cites (by ¹ ² … markers).")
    var notes = false

    @Flag(help: ArgumentHelp(
        "Match only the query as written.",
        discussion: "By default an unquoted term also matches its spellings with one character misread in print (ボ for ポ, 口 for ロ) and its synonyms (米国 for アメリカ, 非ナチ化 for 非ナチス化), each at half weight, and when fewer passages hold the whole query than --limit, passages that hold most of it follow them."))
    var exact = false

    @Flag(help: "Print one JSON object (schema in the README).")
    var json = false

    @Option(help: "Colour matches: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: Palette.Mode = .auto

    @OptionGroup var synonyms: SynonymOptions

    @OptionGroup var location: IndexLocation

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more, not \(limit)") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more, not \(offset)") }
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the query is empty")
        }
    }

    func run() throws {
        var options = SearchOptions(limit: limit, offset: offset, groupsByDocument: !passages, explains: explain,
                                    includesNotes: notes, matching: exact ? .exact : .lenient)
        options.thesaurus = try synonyms.thesaurus()
        let index = try location.openForReading()
        let results = try index.search(query, options: options)
        if !results.hasSearchableTerms {
            FileHandleOutput.standardError(
                "sakuin: nothing found: the query has no searchable terms (it needs a letter, a digit or a Japanese character)")
        }
        if json {
            print(try JSONOutput.encode(SearchJSON(results, notes: notes)))
        } else {
            let palette = Palette(mode: color)
            for hit in results.hits {
                let location = palette.path(DisplayPath.of(hit.document.path)) + ":"
                    + palette.lines("\(hit.lineStart)-\(hit.lineEnd)") + ":"
                print("\(location) \(palette.highlight(hit.snippet.text, hit.snippet.highlights))")
                if explain { printExplanation(hit, palette: palette) }
                for note in hit.notes {
                    let text = TerminalText.escaped(note.text.replacingOccurrences(of: "\n", with: " "))
                    print(palette.dim("    [\(note.number)] line \(note.lineStart): \(text)"))
                }
            }
            printPageNote(results)
        }
        if results.hits.isEmpty { throw ExitCode(1) }
    }

    /// Says on standard error when the page is not all there is: more after it, or nothing left
    /// at this offset.
    private func printPageNote(_ results: SearchResults) {
        let unit = passages ? "passages" : "documents"
        let shown = results.hits.count
        if let first = results.hits.first(where: { $0.isPartial }) {
            FileHandleOutput.standardError(
                "sakuin: \(results.total) \(unit) hold the whole query; from rank \(first.rank) on, "
                    + "results hold part of it (--exact leaves them out)")
        } else if shown == 0, results.total > 0 {
            FileHandleOutput.standardError("sakuin: --offset \(offset) skips all \(results.total) \(unit)")
        } else if offset + shown < results.total {
            // At the clamp a larger --limit shows no more: the next page is the way on.
            FileHandleOutput.standardError(offset == 0 && shown < SearchOptions.maximumLimit
                ? "sakuin: showing \(shown) of \(results.total) \(unit); use --limit for more"
                : "sakuin: showing \(offset + 1)-\(offset + shown) of \(results.total) \(unit); use --offset \(offset + shown) for more")
        }
    }

    private func printExplanation(_ hit: SearchHit, palette: Palette) {
        print(palette.dim("    score \(format(hit.score)) (\(hit.kind.rawValue)"
                          + (hit.section.map { ", under \"\($0)\"" } ?? "") + ")"))
        for part in hit.explanation {
            print(palette.dim("      \(format(part.score)) = \(part.term) [\(part.field), \(part.matchedAs)] "
                              + "tf \(part.termFrequency), df \(part.documentFrequency), "
                              + "idf \(format(part.inverseDocumentFrequency))"))
        }
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
}

/// The `--json` document of a search.
struct SearchJSON: Encodable {
    struct Part: Encodable {
        var term: String
        var field: String
        var matched_as: String
        var tf: Int
        var df: Int
        var idf: Double
        var score: Double
    }

    struct Hit: Encodable {
        var rank: Int
        var score: Double
        var doc: String
        var path: String
        var title: String?
        var line_start: Int
        var line_end: Int
        var kind: String
        var section: String?
        var snippet: String
        var highlights: [[Int]]
        var text: String
        var text_highlights: [[Int]]
        var explanation: [Part]?
        var notes: [Note]?
        var partial: Bool
    }

    struct Note: Encodable {
        var number: Int
        var line_start: Int
        var line_end: Int
        var text: String
    }

    var query: String
    var total: Int
    var offset: Int
    var hits: [Hit]

    init(_ results: SearchResults, notes includesNotes: Bool = false) {
        query = results.query
        total = results.total
        offset = results.offset
        hits = results.hits.map { hit in
            Hit(rank: hit.rank, score: (hit.score * 1_000_000).rounded() / 1_000_000, doc: hit.document.name,
                path: hit.document.path, title: hit.document.title, line_start: hit.lineStart, line_end: hit.lineEnd,
                kind: hit.kind.rawValue, section: hit.section, snippet: hit.snippet.text,
                highlights: hit.snippet.highlights.map { [$0.lowerBound, $0.upperBound] }, text: hit.text,
                text_highlights: hit.textHighlights.map { [$0.lowerBound, $0.upperBound] },
                explanation: hit.explanation.isEmpty ? nil : hit.explanation.map {
                    Part(term: $0.term, field: $0.field, matched_as: $0.matchedAs, tf: $0.termFrequency,
                         df: $0.documentFrequency, idf: $0.inverseDocumentFrequency, score: $0.score)
                },
                notes: includesNotes ? hit.notes.map {
                    Note(number: $0.number, line_start: $0.lineStart, line_end: $0.lineEnd, text: $0.text)
                } : nil,
                partial: hit.isPartial)
        }
    }
}

/// JSON with stable key order and unescaped slashes and Japanese text.
enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }
}
