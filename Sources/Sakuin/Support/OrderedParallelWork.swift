import Dispatch
import Synchronization

/// A list of inputs worked on by several threads at once, with the results in input order.
///
/// Inputs are handed out one at a time from a shared counter, so one long input does not hold
/// up a whole share. Each worker has a number (from 0), so that it can use a resource of its
/// own, such as an ICU break iterator, which is not thread-safe.
///
/// `@unchecked Sendable` because the compiler cannot see the discipline that makes it safe: the
/// counter gives each input index to exactly one worker, which writes only that result slot,
/// and the results are read only after every worker has returned.
final class OrderedParallelWork<Input, Output>: @unchecked Sendable {
    private let inputs: [Input]
    private let transform: (_ worker: Int, _ input: Input) -> Output
    private let next = Atomic<Int>(0)
    private let slots: UnsafeMutableBufferPointer<Output?>

    /// Work that turns each of `inputs` into an output with `transform`, given the worker's number.
    init(inputs: [Input], transform: @escaping (_ worker: Int, _ input: Input) -> Output) {
        self.inputs = inputs
        self.transform = transform
        slots = .allocate(capacity: inputs.count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Runs `workers` workers, numbered `0..<workers` (no more than there are inputs), and
    /// returns when all are done.
    func runAll(workers: Int) {
        let count = min(workers, inputs.count)
        guard count > 1 else {
            run(worker: 0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: count) { worker in run(worker: worker) }
    }

    private func run(worker: Int) {
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < inputs.count else { return }
            slots[index] = transform(worker, inputs[index])
        }
    }

    /// Every output, in input order. Call once all workers have returned.
    func results() -> [Output] {
        slots.indices.map { index in slots[index] ?? transform(0, inputs[index]) }
    }
}
