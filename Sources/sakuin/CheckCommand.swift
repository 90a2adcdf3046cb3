import ArgumentParser
import Sakuin

/// `sakuin check`: verifies an index on disk (checksums, structure, cross-references) without
/// writing to it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify the index: checksums, structure and cross-references, reading only.",
        discussion: """
            Prints one line per problem (FILE: what is wrong), then a summary line. Files in the \
            index directory that are not part of the index are warnings. Exit status: 0 when the \
            index is sound, 2 when it has any problem or is no index at all.
            """)

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var location: IndexLocation

    func run() throws {
        // Never builds an index, unlike the commands that search: a check only reads.
        let index = try SearchIndex(directory: location.directory ?? IndexLocation.defaultDirectory, mode: .openExisting)
        let report = try index.check()
        if json {
            struct Problem: Encodable { var file: String, message: String }
            struct Output: Encodable {
                var ok: Bool, directory: String, generation: Int64, problems: [Problem], warnings: [Problem]
                var documents: Int, passages: Int, segments: Int, terms: Int, postings: Int
            }
            func listed(_ problems: [IndexCheckReport.Problem]) -> [Problem] {
                problems.map { Problem(file: report.directory + "/" + $0.file, message: $0.message) }
            }
            print(try JSONOutput.encode(Output(
                ok: report.isSound, directory: report.directory, generation: report.generation,
                problems: listed(report.problems), warnings: listed(report.warnings), documents: report.documents,
                passages: report.passages, segments: report.segments, terms: report.terms, postings: report.postings)))
        } else {
            for line in Self.lines(of: report) { print(line) }
        }
        if !report.isSound { throw ExitCode(2) }
    }

    /// The text report: problems, warnings, then the summary line.
    static func lines(of report: IndexCheckReport) -> [String] {
        func path(_ problem: IndexCheckReport.Problem) -> String { DisplayPath.of(report.directory + "/" + problem.file) }
        var lines = report.problems.map { "\(path($0)): \(TerminalText.escaped($0.message))" }
        lines += report.warnings.map { "\(path($0)): warning: \(TerminalText.escaped($0.message))" }
        let warnings = report.warnings.isEmpty ? "" : "; " + counted(report.warnings.count, "warning")
        if report.isSound {
            lines.append("ok: " + [counted(report.documents, "document"), counted(report.passages, "passage"),
                                   counted(report.segments, "segment"), counted(report.terms, "term")]
                .joined(separator: ", ") + " verified" + warnings)
        } else {
            lines.append("damaged: " + counted(report.problems.count, "problem") + warnings)
        }
        return lines
    }

    /// `1 segment`, `11,612 terms`.
    private static func counted(_ count: Int, _ noun: String) -> String {
        var digits = String(count)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped + " " + noun + (count == 1 ? "" : "s")
    }
}
