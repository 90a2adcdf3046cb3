import ArgumentParser
import Foundation
import Sakuin

extension CitationStyle: ExpressibleByArgument {}

/// `sakuin cite QUOTE`: where a pasted quote comes from, and how to cite it.
struct CiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cite",
        abstract: "Find the source of a quote: document, lines, exact text, score and a citation.",
        discussion: """
            The quote may differ from the file: line breaks and spaces, full or half width, OCR \
            look-alikes (ブ/プ, ロ/口, っ/つ, …), old kana, dropped words or an ellipsis (…), light \
            rewording. Give it as an argument, with --file, or on standard input. Exit status: 0 \
            found, 1 found nowhere, 2 error.
            """)

    @Argument(help: "The quote; omit it to read --file or standard input.")
    var quote: String?

    @Option(help: ArgumentHelp("Read the quote from a UTF-8 text file.", valueName: "FILE"))
    var file: String?

    // `.unconditional`: `--limit -5` is a value to refuse by name, not an unknown option.
    @Option(parsing: .unconditional, help: "The most matches to show.")
    var limit: Int = 3

    @Option(parsing: .unconditional, help: "The lowest score (0 to 1) a match needs.")
    var minScore: Double = CitationOptions.defaultMinimumScore

    @Option(help: "Citation style: plain (Japanese convention) or bibtex.")
    var style: CitationStyle = .plain

    @Flag(help: "Print one JSON object (schema in the README).")
    var json = false

    @OptionGroup var location: IndexLocation

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more, not \(limit)") }
        guard (0...1).contains(minScore) else { throw ValidationError("--min-score must be between 0 and 1, not \(minScore)") }
        if quote != nil && file != nil { throw ValidationError("give the quote as an argument or with --file, not both") }
    }

    func run() throws {
        let text = try QuoteInput.read(argument: quote, file: file)
        let index = try location.openForReading()
        let results = try index.cite(text, options: CitationOptions(limit: limit, minimumScore: minScore, style: style))
        if json {
            print(try JSONOutput.encode(CitationJSON(results)))
        } else {
            for match in results.matches {
                let page = match.page.map { " (p. \($0))" } ?? ""
                print("\(DisplayPath.of(match.document.path)):\(match.lineStart)-\(match.lineEnd)\(page): "
                      + "score \(String(format: "%.3f", match.score))")
                for line in match.sourceText.split(separator: "\n", omittingEmptySubsequences: false) {
                    print("    \(TerminalText.escaped(String(line)))")
                }
                if !match.differences.isEmpty {
                    print("  differs: " + TerminalText.escaped(match.differences.map(\.description).joined(separator: ", ")))
                }
                for (number, line) in match.citation.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    print((number == 0 ? "  cite: " : "        ") + TerminalText.escaped(String(line)))
                }
            }
        }
        if results.matches.isEmpty {
            if !json { FileHandleOutput.standardError("sakuin: the quote was found in no indexed document") }
            throw ExitCode(1)
        }
    }
}

/// Reads a quote or query given as an argument, in a file, or on standard input.
enum QuoteInput {
    static func read(argument: String?, file: String?) throws -> String {
        if let argument { return argument }
        let data: Data
        let source: String
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw SakuinError.invalidRequest("\(file): cannot read the file")
            }
            data = contents
            source = file
        } else {
            guard isatty(STDIN_FILENO) == 0 else {
                throw ValidationError("give the quote as an argument, with --file FILE, or on standard input")
            }
            data = FileHandle.standardInput.readDataToEndOfFile()
            source = "standard input"
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SakuinError.invalidRequest("\(source) is not valid UTF-8 text")
        }
        return text
    }
}

/// The `--json` document of `cite`.
struct CitationJSON: Encodable {
    struct Match: Encodable {
        var rank: Int
        var doc: String
        var path: String
        var title: String?
        var line_start: Int
        var line_end: Int
        var page: Int?
        var score: Double
        var source_text: String
        var differences: [String]
        var citation: String
        var metadata: DocumentMetadata
    }

    var quote: String
    var matches: [Match]

    init(_ results: CitationResults) {
        quote = results.quote
        matches = results.matches.map { match in
            Match(rank: match.rank, doc: match.document.name, path: match.document.path, title: match.document.title,
                  line_start: match.lineStart, line_end: match.lineEnd, page: match.page,
                  score: (match.score * 1_000_000).rounded() / 1_000_000, source_text: match.sourceText,
                  differences: match.differences.map(\.description), citation: match.citation, metadata: match.metadata)
        }
    }
}
