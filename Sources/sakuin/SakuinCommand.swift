import ArgumentParser
import Sakuin

/// The `sakuin` command line.
@main
struct SakuinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sakuin",
        abstract: "Japanese full-text search for papers.",
        subcommands: [AnalyzeCommand.self])
}
