import Dispatch
import Glibc
import Synchronization

/// Prepares documents for the writer on every core: splitting, normalization, ICU word
/// breaking and term grouping are most of the cost of indexing, and each document's are
/// independent of the others'.
///
/// Each worker owns one ``TextAnalyzer`` (ICU break iterators are not thread-safe). Documents
/// are handed out one at a time from a shared counter, so a long document does not hold up a
/// whole share; results come back in input order, so the writer numbers documents, passages and
/// segments exactly as a single thread would.
final class DocumentPreparer {
    private let analyzers: [TextAnalyzer]

    /// Workers for `analyzer`: `workerCount` of them, or as many as there are active cores.
    /// Falls back to `analyzer` alone when another break iterator cannot be opened.
    init(analyzer: TextAnalyzer, workerCount: Int? = nil) {
        let wanted = max(1, min(workerCount ?? Self.activeCores(), 16))
        var analyzers = [analyzer]
        while analyzers.count < wanted, let another = try? TextAnalyzer(analyzer.analyzer) { analyzers.append(another) }
        self.analyzers = analyzers
    }

    /// The number of workers.
    var workerCount: Int { analyzers.count }

    /// `inputs` prepared, in the same order.
    func prepare(_ inputs: [DocumentInput]) -> [PreparedDocument] {
        if analyzers.count == 1 || inputs.count < 2 {
            return inputs.map { PreparedDocument($0, analyzer: analyzers[0]) }
        }
        let work = SharedWork(inputs: inputs, analyzers: analyzers)
        work.runAll()
        return work.results()
    }

    /// Starts preparing `inputs` in the background and returns at once, so the caller can add
    /// the previous batch meanwhile. At most one batch may be in flight: the next `start` or
    /// `prepare` must wait for this one's ``Preparation/wait()``.
    func start(_ inputs: [DocumentInput]) -> Preparation {
        let work = SharedWork(inputs: inputs, analyzers: analyzers)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            work.runAll()
            done.signal()
        }
        return Preparation(work: work, done: done)
    }

    /// A batch being prepared in the background.
    struct Preparation {
        fileprivate let work: SharedWork
        fileprivate let done: DispatchSemaphore

        /// Waits for the batch; returns its documents in input order.
        func wait() -> [PreparedDocument] {
            done.wait()
            return work.results()
        }
    }

    private static func activeCores() -> Int {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count > 0 ? count : 1
    }
}

/// The state the workers of one ``DocumentPreparer/prepare(_:)`` share.
///
/// `@unchecked Sendable` because the compiler cannot see the discipline that makes it safe:
/// the counter gives each input index to exactly one worker, a worker writes only the result
/// slot of the index it took and uses only the analyzer of its own number, and the results are
/// read only after `concurrentPerform` has returned (which waits for every worker).
fileprivate final class SharedWork: @unchecked Sendable {
    private let inputs: [DocumentInput]
    private let analyzers: [TextAnalyzer]
    private let next = Atomic<Int>(0)
    private let slots: UnsafeMutableBufferPointer<PreparedDocument?>

    init(inputs: [DocumentInput], analyzers: [TextAnalyzer]) {
        self.inputs = inputs
        self.analyzers = analyzers
        slots = .allocate(capacity: inputs.count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Runs one worker per analyzer (no more than there are inputs) and returns when all are done.
    func runAll() {
        let workers = min(analyzers.count, inputs.count)
        if workers <= 1 {
            run(worker: 0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in run(worker: worker) }
    }

    func run(worker: Int) {
        let analyzer = analyzers[worker]
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < inputs.count else { return }
            slots[index] = PreparedDocument(inputs[index], analyzer: analyzer)
        }
    }

    /// Every slot, once all workers have finished.
    func results() -> [PreparedDocument] { slots.compactMap { $0 } }
}
