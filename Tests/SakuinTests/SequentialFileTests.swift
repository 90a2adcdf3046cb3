import Foundation
import Testing
@testable import Sakuin

/// A file written front to back, and over its first bytes at the end (a streamed segment's
/// header): both kinds of write resume after a short write and report a failed one.
@Suite("Sequential files")
struct SequentialFileTests {
    @Test("a write over appended bytes resumes after a short write, as an append does")
    func shortWriteOverAppendedBytes() throws {
        try TestIndex.withTemporaryDirectory("sakuin-sequential") { folder in
            let path = folder + "/file.bin"
            // Write 1 appends all ten bytes; write 2, over the first four, writes one of them;
            // write 3 the other three.
            let faults: [FaultInjection.Fault] = [.init(.write, occurrence: 2, outcome: .shortWrite(bytes: 1))]
            let (_, plan) = try FaultInjection.withFaults(faults, under: folder) { () throws(IndexError) in
                let file = try SequentialFile(creating: path, kind: "test file")
                try file.append(Array(0..<10))
                try file.write([0xA0, 0xA1, 0xA2, 0xA3], at: 0)
                #expect(file.length == 10)
                try file.finish()
            }
            #expect(plan.injections.count == 1)
            #expect(plan.counts[.write] == 3)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([0xA0, 0xA1, 0xA2, 0xA3, 4, 5, 6, 7, 8, 9]))
        }
    }

    @Test("a failed write over appended bytes names the file and the error")
    func failedWriteOverAppendedBytes() throws {
        try TestIndex.withTemporaryDirectory("sakuin-sequential") { folder in
            let path = folder + "/file.bin"
            let faults: [FaultInjection.Fault] = [.init(.write, occurrence: 2, failingWith: ENOSPC)]
            let (message, plan) = FaultInjection.withFaults(faults, under: folder) { () -> String? in
                do throws(IndexError) {
                    let file = try SequentialFile(creating: path, kind: "test file")
                    try file.append(Array(0..<10))
                    do throws(IndexError) {
                        try file.write([0xA0], at: 3)
                    } catch {
                        file.discard()
                        throw error
                    }
                    return nil
                } catch {
                    return error.description
                }
            }
            #expect(message == "cannot write test file \(path): No space left on device")
            #expect(plan.counts[.write] == 2)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }
}
