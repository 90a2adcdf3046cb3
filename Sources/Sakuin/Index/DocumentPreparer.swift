import Dispatch
import Glibc

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
        let work = makeWork(inputs)
        work.runAll(workers: analyzers.count)
        return work.results()
    }

    /// Starts preparing `inputs` in the background and returns at once, so the caller can add
    /// the previous batch meanwhile. At most one batch may be in flight: the next `start` or
    /// `prepare` must wait for this one's ``Preparation/wait()``.
    func start(_ inputs: [DocumentInput]) -> Preparation {
        let work = makeWork(inputs)
        let workers = analyzers.count
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            work.runAll(workers: workers)
            done.signal()
        }
        return Preparation(work: work, done: done)
    }

    /// A batch being prepared in the background.
    struct Preparation {
        fileprivate let work: OrderedParallelWork<DocumentInput, PreparedDocument>
        fileprivate let done: DispatchSemaphore

        /// Waits for the batch; returns its documents in input order.
        func wait() -> [PreparedDocument] {
            done.wait()
            return work.results()
        }
    }

    /// Work over `inputs` in which worker `n` uses analyzer `n` (ICU break iterators are not
    /// thread-safe).
    private func makeWork(_ inputs: [DocumentInput]) -> OrderedParallelWork<DocumentInput, PreparedDocument> {
        let analyzers = analyzers
        return OrderedParallelWork(inputs: inputs) { worker, input in PreparedDocument(input, analyzer: analyzers[worker]) }
    }

    private static func activeCores() -> Int {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count > 0 ? count : 1
    }
}
