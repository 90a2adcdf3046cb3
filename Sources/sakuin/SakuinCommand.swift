import ArgumentParser
import Sakuin
#if canImport(Glibc)
import Glibc
#endif

/// The `sakuin` command line.
@main
struct SakuinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sakuin",
        abstract: "Japanese full-text search for papers.",
        discussion: "Exit status: 0 when something was found or done, 1 when a search found nothing, 2 on any error.",
        subcommands: [SearchCommand.self, CiteCommand.self, RefsCommand.self, IndexCommand.self, ShowCommand.self, StatsCommand.self,
                      CheckCommand.self,
                      EvalCommand.self, ExportCommand.self, AnalyzeCommand.self])

    /// Runs the command with grep's exit statuses: usage errors and every failure exit 2.
    static func main() {
        if let position = firstArgumentNotUTF8() {
            FileHandleOutput.standardError("sakuin: argument \(position) is not valid UTF-8; give queries and paths in UTF-8")
            Glibc.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as SakuinError {
            FileHandleOutput.standardError("sakuin: \(error)")
            Glibc.exit(2)
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Glibc.exit(0)
            }
            FileHandleOutput.standardError(message)
            Glibc.exit(2)
        }
    }

    /// The 1-based position of the first command-line argument that is not valid UTF-8, if any.
    /// (Swift's `CommandLine.arguments` would silently repair such bytes into U+FFFD, and a
    /// Shift_JIS query would then be searched as mojibake.)
    private static func firstArgumentNotUTF8() -> Int? {
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            if String(validatingCString: argument) == nil { return index }
        }
        return nil
    }
}
