import Synchronization
import Testing
@testable import Sakuin

/// Work shared by several threads gives every output once, in input order.
@Suite("Ordered parallel work")
struct OrderedParallelWorkTests {
    @Test("each input is transformed once, by a worker of the given count, and outputs keep input order",
          arguments: [1, 2, 4])
    func orderAndWorkers(workers: Int) {
        let calls = Atomic<Int>(0)
        let work = OrderedParallelWork(inputs: Array(0..<1000)) { worker, input in
            calls.add(1, ordering: .relaxed)
            return (worker: worker, value: input * 3)
        }
        work.runAll(workers: workers)
        let outputs = work.results()
        #expect(outputs.map(\.value) == (0..<1000).map { $0 * 3 })
        #expect(outputs.allSatisfy { (0..<workers).contains($0.worker) })
        #expect(calls.load(ordering: .relaxed) == 1000)
    }

    @Test("no inputs give no outputs")
    func empty() {
        let work = OrderedParallelWork(inputs: [Int]()) { _, input in input }
        work.runAll(workers: 4)
        #expect(work.results().isEmpty)
    }
}
