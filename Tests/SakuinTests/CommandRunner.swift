import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built `sakuin` executable as a user would: a fresh process with an explicit working
/// directory and environment, standard input from `/dev/null`, and standard output and standard
/// error captured separately through pipes (so the tool sees neither as a terminal).
///
/// ```swift
/// let result = try CommandRunner.run(["search", "停戦", "--index", index], in: directory)
/// #expect(result.status == 0)
/// #expect(result.standardOutputLines.count == 5)
/// ```
enum CommandRunner {
    /// What one run of the tool did.
    struct Result: Sendable, CustomStringConvertible {
        /// The exit status (or the signal number, if the process was killed by one).
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// The signal that ended the process, if one did (then `status` is its number too).
        /// Set by ``RunningProcess/wait()``; ``CommandRunner/run(_:in:environment:input:)`` leaves it nil.
        var signal: Int32? = nil

        /// Standard output cut at line feeds, without the empty piece after the last one.
        var standardOutputLines: [String] { Self.lines(standardOutput) }
        /// Standard error cut at line feeds, without the empty piece after the last one.
        var standardErrorLines: [String] { Self.lines(standardError) }

        /// All of it, for failure messages.
        var description: String {
            "status \(status)\n--- stdout ---\n\(standardOutput)--- stderr ---\n\(standardError)"
        }

        private static func lines(_ text: String) -> [String] {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    /// What the tool sees of the environment unless a test adds to it: no `NO_COLOR`, no
    /// terminal settings, a UTF-8 locale.
    static let baseEnvironment: [String: String] = [
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    ]

    /// Runs `sakuin` with `arguments` in `directory`, the environment being
    /// ``baseEnvironment`` plus `environment`, with `input` (if any) on its standard input, and
    /// waits for it to end.
    static func run(_ arguments: [String], in directory: String,
                    environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try executableURL()
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        process.environment = baseEnvironment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        var inputFile: String?
        if let input {
            // From a file rather than a pipe, so that no writer has to run beside the readers.
            let path = NSTemporaryDirectory() + "sakuin-stdin-\(UUID().uuidString)"
            try input.write(toFile: path, atomically: true, encoding: .utf8)
            inputFile = path
            process.standardInput = FileHandle(forReadingAtPath: path)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { if let inputFile { try? FileManager.default.removeItem(atPath: inputFile) } }
        try process.run()

        // Drain both pipes at once: a child that fills one pipe while the parent blocks on the
        // other would never finish.
        let errorData = DataBox()
        let errorDone = DispatchSemaphore(value: 0)
        let errorHandle = error.fileHandleForReading
        DispatchQueue.global().async {
            errorData.data = errorHandle.readDataToEndOfFile()
            errorDone.signal()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorDone.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outputData, as: UTF8.self),
                      standardError: String(decoding: errorData.data, as: UTF8.self))
    }

    /// The `sakuin` executable that `swift test` built beside the test bundle.
    ///
    /// With `swift test` on Linux the tests run inside `<scratch>/debug/<Package>PackageTests.xctest`,
    /// an executable file, so `CommandLine.arguments[0]` (or `/proc/self/exe`) is in the products
    /// directory that also holds `sakuin`. On macOS the `.xctest` is a bundle inside that
    /// directory, so its parent is tried as well.
    static func executableURL() throws -> URL {
        if let found = located { return found }
        throw LocateError(searched: candidateDirectories.map(\.path))
    }

    private static let located: URL? = candidateDirectories
        .map { $0.appendingPathComponent("sakuin") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    private static var candidateDirectories: [URL] {
        var directories: [URL] = []
        if let argument = CommandLine.arguments.first, !argument.isEmpty {
            let url = URL(fileURLWithPath: argument).resolvingSymlinksInPath()
            directories.append(url.deletingLastPathComponent())
        }
        if let selfPath = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: selfPath).deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return directories
    }

    struct LocateError: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "cannot find the built `sakuin` executable next to the test bundle; looked in: "
                + searched.joined(separator: ", ")
                + " (run the tests with `swift test`, which builds it because the test target depends on it)"
        }
    }

    private final class DataBox: @unchecked Sendable {
        // Written by one reader thread before the semaphore is signalled, read after waiting.
        var data = Data()
    }
}

extension CommandRunner {
    /// Starts `sakuin` with `arguments` in `directory` and returns at once, so that a test can
    /// signal it while it works (`kill -9` in the middle of a commit) or run others beside it.
    ///
    /// The environment is ``baseEnvironment`` plus `environment`; standard input is `/dev/null`;
    /// standard output and standard error go to files that ``RunningProcess/wait()`` reads. The
    /// process is spawned directly rather than through `Process`, which reaps its children in
    /// the background: a signal sent after that could reach a new process that was given the same
    /// id. Here only ``RunningProcess/wait()`` reaps, so until then the id is the child's.
    ///
    /// ```swift
    /// let writer = try CommandRunner.start(["index", "docs", "--index", "ix"], in: directory)
    /// usleep(200_000)
    /// writer.kill(signal: SIGKILL)
    /// let result = try writer.wait()  // result.signal == SIGKILL, unless it had finished already
    /// ```
    static func start(_ arguments: [String], in directory: String,
                      environment: [String: String] = [:]) throws -> RunningProcess {
        let executable = try executableURL().path
        let name = NSTemporaryDirectory() + "sakuin-process-\(UUID().uuidString)"
        let outputPath = name + ".stdout"
        let errorPath = name + ".stderr"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        // The test runner's threads may block signals or ignore SIGPIPE; the tool starts as it would
        // from a shell.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `posix_spawn` cannot change the working directory portably, so a shell does it and then
        // replaces itself with the tool: the process id stays the same.
        let script = #"cd -- "$1" || exit 126; shift; exec "$@""#
        let argv = ["/bin/sh", "-c", script, "sh", directory, executable] + arguments
        let environment = baseEnvironment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var identifier: pid_t = 0
        let code = posix_spawn(&identifier, "/bin/sh", &actions, &attributes, &cArguments, &cEnvironment)
        guard code == 0 else {
            unlink(outputPath)
            unlink(errorPath)
            throw SpawnError(code: code)
        }
        return RunningProcess(processIdentifier: identifier, outputPath: outputPath, errorPath: errorPath)
    }

    struct SpawnError: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "cannot start `sakuin`: posix_spawn failed with error \(code)" }
    }
}

/// A `sakuin` process started by ``CommandRunner/start(_:in:environment:)``: it can be signalled
/// until ``wait()`` has reaped it, and its process id belongs to it until then.
///
/// Not shared between threads. A process that is never waited for is killed and reaped when the
/// object goes away, so that a failing test leaves no process behind.
final class RunningProcess {
    /// The process id (of the tool itself: the shell that started it replaced itself with it).
    let processIdentifier: pid_t
    private let outputPath: String
    private let errorPath: String
    private var result: CommandRunner.Result?

    fileprivate init(processIdentifier: pid_t, outputPath: String, errorPath: String) {
        self.processIdentifier = processIdentifier
        self.outputPath = outputPath
        self.errorPath = errorPath
    }

    /// Sends `signal` (`SIGKILL`, `SIGSTOP`, `SIGCONT`…) unless the process has been reaped.
    /// A process that ended but was not yet waited for is a zombie: the signal does nothing.
    @discardableResult
    func kill(signal: Int32) -> Bool {
        guard result == nil else { return false }
        #if canImport(Glibc)
        return Glibc.kill(processIdentifier, signal) == 0
        #else
        return Darwin.kill(processIdentifier, signal) == 0
        #endif
    }

    /// Whether the process has ended, without waiting; reaps it if so (``wait()`` then returns
    /// at once).
    func hasExited() throws -> Bool {
        if result != nil { return true }
        var status: Int32 = 0
        let reaped = waitpid(processIdentifier, &status, WNOHANG)
        if reaped == 0 { return false }
        guard reaped == processIdentifier else { throw WaitError(code: errno) }
        result = collect(status)
        return true
    }

    /// Waits for the process to end and returns what it did.
    func wait() throws -> CommandRunner.Result {
        if let result { return result }
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) != processIdentifier {
            guard errno == EINTR else { throw WaitError(code: errno) }
        }
        let collected = collect(status)
        result = collected
        return collected
    }

    /// The result of a process that ended with `status` (as `waitpid` reports it).
    private func collect(_ status: Int32) -> CommandRunner.Result {
        let signal = status & 0x7F
        let output = FileManager.default.contents(atPath: outputPath) ?? Data()
        let error = FileManager.default.contents(atPath: errorPath) ?? Data()
        unlink(outputPath)
        unlink(errorPath)
        return CommandRunner.Result(
            status: signal == 0 ? (status >> 8) & 0xFF : signal,
            standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self),
            signal: signal == 0 ? nil : signal)
    }

    deinit {
        if result == nil {
            kill(signal: SIGKILL)
            _ = try? wait()
        }
        unlink(outputPath)
        unlink(errorPath)
    }

    struct WaitError: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "waitpid failed with errno \(code)" }
    }
}

/// Temporary directories for the command-line tests, and the seed corpus.
enum CommandFixtures {
    /// The repository root, found from this file's path (`Tests/SakuinTests/CommandRunner.swift`).
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The five seed papers.
    static var seedsDirectory: String { repositoryRoot + "/seeds" }

    /// The seed files, sorted by name.
    static func seedFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: seedsDirectory)
            .filter { $0.hasSuffix(".txt") }.sorted().map { seedsDirectory + "/" + $0 }
    }

    /// A new empty directory, its path resolved (no symbolic links), so that paths printed by
    /// the tool relative to its working directory are predictable.
    static func makeTemporaryDirectory() throws -> String {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
        let url = base.appendingPathComponent("sakuin-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Deletes a directory made by ``makeTemporaryDirectory()``.
    static func remove(_ directory: String) {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// An index of the seeds, built once per test run by `sakuin index <seeds> --index DIR`, for
    /// tests that only read. Its directory is deleted when the test process exits.
    static func sharedSeedIndex() throws -> SharedIndex { try sharedSeedIndexResult.get() }

    struct SharedIndex: Sendable {
        /// Holds `index/`; also a clean working directory for read-only runs.
        var workingDirectory: String
        /// The index directory.
        var index: String
    }

    struct BuildError: Error, CustomStringConvertible {
        var description: String
    }

    private static let sharedSeedIndexResult: Swift.Result<SharedIndex, any Error> = Swift.Result {
        let directory = try makeTemporaryDirectory()
        sharedDirectoryToRemove.withLock { $0 = directory }
        atexit { CommandFixtures.removeSharedDirectory() }
        let index = directory + "/index"
        let result = try CommandRunner.run(["index", seedsDirectory, "--index", index], in: directory)
        guard result.status == 0 else {
            throw BuildError(description: "building the shared seed index failed: \(result)")
        }
        return SharedIndex(workingDirectory: directory, index: index)
    }

    private static let sharedDirectoryToRemove = Mutex<String?>(nil)

    private static func removeSharedDirectory() {
        if let directory = sharedDirectoryToRemove.withLock({ $0 }) { remove(directory) }
    }
}
