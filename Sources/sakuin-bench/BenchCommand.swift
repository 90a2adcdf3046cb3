import ArgumentParser
import Sakuin
#if canImport(Glibc)
import Glibc
#endif

/// `sakuin-bench`: Sakuin's two commands of the side-by-side benchmark contract (index a JSONL
/// corpus; run a query set and write its results and latencies), as every peer engine provides.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sakuin-bench",
        abstract: "Sakuin under the peer benchmark contract: index a JSONL corpus, run a query set.",
        discussion: "Exit status: 0 done, 2 on any error (a bad corpus line is named by its line number).",
        subcommands: [IndexCorpusCommand.self, QueryCommand.self])

    /// Runs the command; every failure is one line `sakuin-bench: message` on standard error and
    /// exit status 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as BenchFailure {
            fail(failure.message)
        } catch let error as SakuinError {
            fail(error.description)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            fail(fullMessage(for: error))
        }
    }

    private static func fail(_ message: String) -> Never {
        let bytes = Array(("sakuin-bench: " + message + "\n").utf8)
        _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
        Glibc.exit(2)
    }
}
