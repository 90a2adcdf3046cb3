import ArgumentParser
import Sakuin

/// `sakuin show DOC[:LINE]`: prints a document's passages, or the passage at a line.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document's passages, or with :LINE the passage that holds that line.",
        discussion: "DOC is a file stem such as 001_c8b0a2d1e4f56789, or a path.")

    @Argument(help: ArgumentHelp("The document, and optionally a line.", valueName: "DOC[:LINE]"))
    var reference: String

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var location: IndexLocation

    /// The document part of `DOC[:LINE]`, and the line if one is given.
    private var parsedReference: (name: String, line: Int?) {
        guard let colon = reference.lastIndex(of: ":"),
              let number = Int(reference[reference.index(after: colon)...]) else { return (reference, nil) }
        return (String(reference[..<colon]), number)
    }

    func validate() throws {
        if let line = parsedReference.line, line < 1 {
            throw ValidationError("line numbers start at 1, not \(line)")
        }
    }

    func run() throws {
        let (name, line) = parsedReference
        let index = try location.openForReading()
        let (document, allPassages) = try index.passages(of: name)
        var passages = allPassages
        if let line {
            passages = allPassages.filter { $0.lineStart <= line && line <= $0.lineEnd }
            guard !passages.isEmpty else {
                let last = allPassages.map(\.lineEnd).max() ?? 0
                throw SakuinError.invalidRequest(
                    "no passage of \(document.name) holds line \(line) (its passages end at line \(last); blank lines belong to none)")
            }
        }
        if json {
            struct Passage: Encodable {
                var kind: String, line_start: Int, line_end: Int, section: String?, footnote: Int?, text: String
            }
            struct Output: Encodable {
                var doc: String, path: String, title: String?, content_hash: String, passages: [Passage]
            }
            print(try JSONOutput.encode(Output(
                doc: document.name, path: document.path, title: document.title, content_hash: document.contentHash,
                passages: passages.map {
                    Passage(kind: $0.kind.rawValue, line_start: $0.lineStart, line_end: $0.lineEnd,
                            section: $0.section, footnote: $0.footnoteNumber, text: $0.text)
                })))
            return
        }
        let path = DisplayPath.of(document.path)
        for passage in passages {
            print("\(path):\(passage.lineStart)-\(passage.lineEnd): [\(passage.kind.rawValue)]")
            for (offset, text) in passage.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                print("  \(passage.lineStart + offset)\t\(TerminalText.escaped(String(text)))")
            }
        }
    }
}
