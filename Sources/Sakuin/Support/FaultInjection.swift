import Synchronization

/// A way to make the file operations of the index writer fail on purpose, so that tests can show
/// what a full disk, a failing device or a file the user may not read leaves behind.
///
/// Every operation of `FileSystem`, and the opening of source files and folders while indexing,
/// asks ``outcome(of:at:)`` first. A plan armed for a directory
/// counts the operations of each kind on paths inside that directory and fails the ones its faults
/// name, with the errno a real failure would give:
///
/// ```swift
/// let plan = FaultInjection.arm([.init(.syncFile, occurrence: 1, failingWith: EIO)], under: indexDirectory)
/// defer { FaultInjection.disarm(plan) }
/// // The next segment fsync fails: "cannot fsync segment …/segments/seg-2.skn.tmp: Input/output error".
/// ```
///
/// Plans are scoped by directory so that tests running in parallel, each on its own index, do not
/// see each other's faults. With no plan armed, the cost of the check is one relaxed atomic load.
enum FaultInjection {
    /// The kinds of file operation that can be made to fail.
    enum Operation: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// `mkdir` of one directory (each missing component of a path is one operation).
        case createDirectory
        /// `open` with `O_CREAT | O_EXCL` of a new file.
        case createFile
        /// One `write` call (a file is written in chunks; each chunk may take several calls).
        case write
        /// `fsync` of a file just written.
        case syncFile
        /// `close` of a file just written (where NFS and some devices report write errors).
        case closeFile
        /// `rename` of a file into place.
        case rename
        /// `fsync` of a directory, after a rename in it.
        case syncDirectory
        /// `unlink` of a file.
        case remove
        /// `open` of a file to read it: a source file or its metadata sidecar.
        case openFile
        /// `opendir` of a folder to list it, when collecting the files to index.
        case openDirectory
        /// `open` and `pwrite` of a file written over in place: the commit stamp.
        case overwriteFile

        var description: String { rawValue }
    }

    /// What a faulty operation does instead of its work.
    enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// The call fails with `errno` and changes nothing.
        case failure(errno: Int32)
        /// A `write` writes only the first `bytes` bytes and reports that count, as a real write
        /// does when the disk fills up under it; the caller is expected to write the rest.
        case shortWrite(bytes: Int)

        var description: String {
            switch self {
            case .failure(let errno): "errno \(errno)"
            case .shortWrite(let bytes): "short write of \(bytes) bytes"
            }
        }
    }

    /// One operation to make fail: the `occurrence`-th (from 1) of its kind within a plan.
    struct Fault: Sendable, Equatable {
        var operation: Operation
        var occurrence: Int
        var outcome: Outcome

        init(_ operation: Operation, occurrence: Int, failingWith errno: Int32) {
            self.init(operation, occurrence: occurrence, outcome: .failure(errno: errno))
        }

        init(_ operation: Operation, occurrence: Int, outcome: Outcome) {
            self.operation = operation
            self.occurrence = occurrence
            self.outcome = outcome
        }
    }

    /// A fault that fired: the operation, its occurrence, the path it was about and what happened.
    struct Injection: Sendable, Equatable, CustomStringConvertible {
        var operation: Operation
        var occurrence: Int
        var path: String
        var outcome: Outcome

        var description: String { "\(operation) #\(occurrence) \(path): \(outcome)" }
    }

    /// An armed set of faults for the paths inside one directory, and what it has seen so far.
    final class Plan: Sendable {
        /// The directory (absolute, without a trailing slash) whose paths the plan applies to.
        let directory: String
        let faults: [Fault]
        private let state = Mutex<(counts: [Operation: Int], injections: [Injection])>(([:], []))

        init(directory: String, faults: [Fault]) {
            self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
            self.faults = faults
        }

        /// How many operations of each kind the plan has counted.
        var counts: [Operation: Int] { state.withLock { $0.counts } }

        /// The faults that fired, in order.
        var injections: [Injection] { state.withLock { $0.injections } }

        fileprivate func applies(to path: String) -> Bool {
            path == directory || path.hasPrefix(directory + "/")
        }

        /// Counts one operation and returns the fault's outcome if this occurrence is one to fail.
        fileprivate func record(_ operation: Operation, at path: String) -> Outcome? {
            state.withLock { state in
                let occurrence = state.counts[operation, default: 0] + 1
                state.counts[operation] = occurrence
                let fault = faults.first { $0.operation == operation && $0.occurrence == occurrence }
                guard let fault else { return nil }
                state.injections.append(
                    Injection(operation: operation, occurrence: occurrence, path: path, outcome: fault.outcome))
                return fault.outcome
            }
        }
    }

    /// How many plans are armed: read on every operation without taking the lock.
    private static let armedCount = Atomic<Int>(0)
    private static let plans = Mutex<[Plan]>([])

    /// Arms `faults` for the paths inside `directory` until ``disarm(_:)``.
    @discardableResult
    static func arm(_ faults: [Fault], under directory: String) -> Plan {
        let plan = Plan(directory: directory, faults: faults)
        plans.withLock { plans in
            plans.append(plan)
            armedCount.store(plans.count, ordering: .releasing)
        }
        return plan
    }

    /// Disarms a plan; its counts and injections stay readable.
    static func disarm(_ plan: Plan) {
        plans.withLock { plans in
            plans.removeAll { $0 === plan }
            armedCount.store(plans.count, ordering: .releasing)
        }
    }

    /// Runs `body` with `faults` armed under `directory`; returns its result and the plan.
    static func withFaults<Value, Failure: Error>(
        _ faults: [Fault], under directory: String, _ body: () throws(Failure) -> Value
    ) throws(Failure) -> (result: Value, plan: Plan) {
        let plan = arm(faults, under: directory)
        defer { disarm(plan) }
        return (try body(), plan)
    }

    /// Whether any plan is armed.
    static var isArmed: Bool { armedCount.load(ordering: .relaxed) > 0 }

    /// What `operation` on `path` must do instead of its work, or nil to do it.
    @inline(__always)
    static func outcome(of operation: Operation, at path: String) -> Outcome? {
        guard isArmed else { return nil }
        return armedOutcome(of: operation, at: path)
    }

    private static func armedOutcome(of operation: Operation, at path: String) -> Outcome? {
        let plan = plans.withLock { plans in plans.last { $0.applies(to: path) } }
        return plan?.record(operation, at: path)
    }

    /// The errno of a fault that makes `operation` on `path` fail, or nil. A short write is not
    /// a failure: `write` asks ``outcome(of:at:)`` itself.
    static func failure(of operation: Operation, at path: String) -> Int32? {
        guard case .failure(let errno)? = outcome(of: operation, at: path) else { return nil }
        return errno
    }
}
