import ArgumentParser
import Sakuin

/// `sakuin analyze TEXT`: shows how a text is normalized and cut into tokens.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show how a text is normalized and cut into word and gram tokens.")

    @Argument(help: "The text to analyse.")
    var text: String

    func run() throws {
        guard !text.isEmpty else {
            // Usage errors exit with status 2, like grep.
            FileHandleOutput.standardError("sakuin analyze: empty text")
            throw ExitCode(2)
        }
        let report = try TextAnalysisReport(text: text)
        print(report.description)
    }
}
