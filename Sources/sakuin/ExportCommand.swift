import ArgumentParser
import Foundation
import Sakuin

/// `sakuin export`: writes the indexed passages as JSON lines, so that other engines can be run
/// on exactly the units Sakuin ranks.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every indexed passage as one JSON object a line.",
        discussion: """
            Each line has id (DOC#N, N counting the document's passages from 1), doc, path, title, \
            kind, section, line_start, line_end and text (line breaks as \\n). Documents come in \
            path order, passages in file order.
            """)

    @Flag(help: "Export passages (the default and only unit).")
    var passages = false

    @Flag(help: "Write JSON lines (the default and only format).")
    var jsonl = false

    @OptionGroup var location: IndexLocation

    func run() throws {
        struct Line: Encodable {
            var id: String, doc: String, path: String, title: String?, kind: String, section: String?
            var line_start: Int, line_end: Int, text: String
        }
        let index = try location.openForReading()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let output = FileHandle.standardOutput
        for document in try index.documents() {
            let (_, passages) = try index.passages(of: document.path)
            var buffer = Data()
            for (number, passage) in passages.enumerated() {
                buffer.append(try encoder.encode(Line(
                    id: "\(document.name)#\(number + 1)", doc: document.name, path: document.path, title: document.title,
                    kind: passage.kind.rawValue, section: passage.section, line_start: passage.lineStart,
                    line_end: passage.lineEnd, text: passage.text)))
                buffer.append(0x0A)
            }
            output.write(buffer)
        }
    }
}
