#if canImport(Glibc)
import Glibc
#endif

/// Reads a file line by line (lines end at `\n`; a final line without one counts), holding only
/// the line being read and one block of input in memory, so that a corpus of any size streams.
///
/// ```swift
/// let reader = try LineReader(path: "corpus.jsonl")
/// while let line = try reader.next() { print(reader.lineNumber, line.count) }
/// ```
final class LineReader {
    /// Bytes asked of the file at a time.
    static let blockSize = 1 << 20

    let path: String
    /// The 1-based number of the line `next()` returned last (0 before the first).
    private(set) var lineNumber = 0

    private let descriptor: Int32
    private var block: [UInt8]
    private var blockStart = 0
    private var blockEnd = 0
    private var atEnd = false

    init(path: String) throws(BenchFailure) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BenchFailure.file(path, "open", errorNumber: errno) }
        block = [UInt8](repeating: 0, count: LineReader.blockSize)
    }

    deinit { close(descriptor) }

    /// The next line without its `\n` (and without a `\r` before it), or nil at the end.
    func next() throws(BenchFailure) -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if blockStart < blockEnd {
                let newline = block[blockStart..<blockEnd].firstIndex(of: 0x0A)
                let end = newline ?? blockEnd
                line.append(contentsOf: block[blockStart..<end])
                if let newline {
                    blockStart = newline + 1
                    return finish(line)
                }
                blockStart = blockEnd
            }
            if atEnd { return line.isEmpty ? nil : finish(line) }
            try refill()
        }
    }

    private func finish(_ line: [UInt8]) -> [UInt8] {
        lineNumber += 1
        return line.last == 0x0D ? Array(line.dropLast()) : line
    }

    private func refill() throws(BenchFailure) {
        blockStart = 0
        blockEnd = 0
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                blockEnd = count
                return
            }
            if count == 0 {
                atEnd = true
                return
            }
            // A signal may interrupt the read before any byte arrived; that is not an error.
            guard errno == EINTR else { throw BenchFailure.file(path, "read", errorNumber: errno) }
        }
    }
}
