import Dispatch
import Foundation
import Synchronization

/// The segment merges of one commit, written on a thread of their own while the writer's thread
/// puts the commit's documents and passages into the catalog transaction.
///
/// A commit that flushed several segments merges them before the catalog lists them, and may
/// merge committed segments too. Neither the merges nor the catalog rows need the other's work
/// until the rows name the merged files' sizes and checksums, so the two run side by side and
/// meet there (``wait()``); the transaction commits only after the merged files are durable.
///
/// Each merge is written as every segment file is (``IndexWriter/writeSegmentFile(at:remembering:_:)``).
/// The merges run in order and stop at the first failure; every file they wrote is reported
/// either way, so that a failed commit can remove them.
final class BackgroundMerges: Sendable {
    /// One merge: what to merge, and where its file goes.
    struct Task: Sendable {
        var merger: SegmentMerger
        /// The merged file's path.
        var path: String
    }

    /// What the merges did.
    struct Outcome: Sendable {
        /// Every merge's result, in task order, or the error that stopped them.
        var results: Result<[SegmentMerger.Result], IndexError>
        /// The files the merges left: each merged file, and the temporary file of one that
        /// failed after creating it.
        var files: [String]
    }

    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Outcome?>(nil)

    /// Starts writing `tasks` on a thread of their own (not a shared queue's, whose threads may
    /// all be busy while the writer waits for this one).
    init(_ tasks: [Task]) {
        let thread = Thread { [self] in
            let done = Self.run(tasks)
            outcome.withLock { $0 = done }
            finished.signal()
        }
        thread.name = "sakuin-merge"
        thread.start()
    }

    /// Waits for the merges to end, and tells what they did. May be called more than once.
    func wait() -> Outcome {
        finished.wait()
        // Signalled again for a later call.
        finished.signal()
        return outcome.withLock { $0 } ?? Outcome(results: .success([]), files: [])
    }

    private static func run(_ tasks: [Task]) -> Outcome {
        var results: [SegmentMerger.Result] = []
        var files: [String] = []
        for task in tasks {
            do throws(IndexError) {
                results.append(try IndexWriter.writeSegmentFile(at: task.path, remembering: &files) { temporary throws(IndexError) in
                    try task.merger.write(to: temporary)
                })
            } catch {
                return Outcome(results: .failure(error), files: files)
            }
        }
        return Outcome(results: .success(results), files: files)
    }
}
