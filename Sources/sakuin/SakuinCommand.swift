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
    ///
    /// Every failure is one line on standard error; with `--json` it is also a
    /// ``CommandFailure`` object on standard output (also when the arguments themselves are wrong,
    /// so `--json` is looked for in the raw arguments).
    static func main() {
        let json = requestsJSON()
        if let position = firstArgumentNotUTF8() {
            CommandFailure(kind: .usage, message: "argument \(position) is not valid UTF-8; give queries and paths in UTF-8")
                .report(json: json)
            Glibc.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as SakuinError {
            CommandFailure(error).report(json: json)
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
            // argument-parser's message with its usage lines, each line escaped on its own.
            let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
            FileHandleOutput.standardError(lines.map { TerminalText.escaped(String($0)) }.joined(separator: "\n"))
            if json { CommandFailure.printJSON(CommandFailure(kind: .usage, message: Self.message(for: error))) }
            Glibc.exit(2)
        }
    }

    /// Whether `--json` is among the arguments before a `--` (after it, everything is a query or
    /// a path).
    private static func requestsJSON() -> Bool {
        // `stride`, not a range: a process may be started with no arguments at all (argc 0).
        for index in stride(from: 1, to: Int(CommandLine.argc), by: 1) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            switch String(validatingCString: argument) {
            case "--": return false
            case "--json": return true
            default: continue
            }
        }
        return false
    }

    /// The 1-based position of the first command-line argument that is not valid UTF-8, if any.
    /// (Swift's `CommandLine.arguments` would silently repair such bytes into U+FFFD, and a
    /// Shift_JIS query would then be searched as mojibake.)
    private static func firstArgumentNotUTF8() -> Int? {
        // `stride`, not a range: a process may be started with no arguments at all (argc 0).
        for index in stride(from: 1, to: Int(CommandLine.argc), by: 1) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            if String(validatingCString: argument) == nil { return index }
        }
        return nil
    }
}
