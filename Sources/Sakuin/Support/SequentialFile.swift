#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new file written front to back in pieces: a segment streamed as it is encoded, or written
/// whole (``FileSystem/writeFile(_:to:kind:)``). Every operation asks `FaultInjection` first, as
/// ``FileSystem``'s do.
///
/// ```swift
/// let file = try SequentialFile(creating: path, kind: "segment")  // O_CREAT | O_EXCL
/// try file.append(firstPiece)
/// try file.append(secondPiece)
/// try file.write(header, at: 0)                                    // over bytes already appended
/// try file.finish()                                                // fsync, close
/// ```
///
/// Whoever created it removes it on failure (``discard()``); the descriptor is closed when the
/// object goes, whatever happened.
final class SequentialFile {
    /// The path it was created at; errors name it.
    let path: String
    /// What it is, in errors: `cannot write segment PATH: …`.
    let kind: String
    /// The bytes appended so far.
    private(set) var length = 0
    private var descriptor: Int32
    private var isDiscarded = false

    /// Creates the file at `path`, which must not exist, for reading and writing.
    init(creating path: String, kind: String) throws(IndexError) {
        if let code = FaultInjection.failure(of: .createFile, at: path) {
            throw .io(path: path, operation: "create \(kind)", errno: code)
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, operation: "create \(kind)", errno: errno) }
        self.path = path
        self.kind = kind
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends `bytes` at the end, in chunks.
    func append(_ bytes: [UInt8]) throws(IndexError) {
        let descriptor = try openDescriptor()
        // Chunks are copied into their own arrays so that no pointer arithmetic is needed here.
        let chunkSize = 1 << 20
        var offset = 0
        while offset < bytes.count {
            let chunk = Array(bytes[offset..<min(offset + chunkSize, bytes.count)])
            try writeAll(chunk, at: nil, to: descriptor)
            offset += chunk.count
            length += chunk.count
        }
    }

    /// Writes `bytes` over bytes already appended, starting at `offset`.
    func write(_ bytes: [UInt8], at offset: Int) throws(IndexError) {
        precondition(offset >= 0 && offset + bytes.count <= length, "SequentialFile.write(_:at:) past what was appended")
        try writeAll(bytes, at: offset, to: try openDescriptor())
    }

    /// Writes all of `bytes` at the end of the file (`offset` nil) or at `offset`, retrying
    /// interrupted and short writes; each `write` asks `FaultInjection` first.
    private func writeAll(_ bytes: [UInt8], at offset: Int?, to descriptor: Int32) throws(IndexError) {
        var written = 0
        while written < bytes.count {
            var count = bytes.count - written
            switch FaultInjection.outcome(of: .write, at: path) {
            case .failure(let code)?: throw .io(path: path, operation: "write \(kind)", errno: code)
            case .shortWrite(let bytes)?: count = min(count, max(bytes, 0))
            case nil: break
            }
            let rest = written == 0 ? bytes : Array(bytes[written...])
            let result = if let offset {
                pwrite(descriptor, rest, count, off_t(offset + written))
            } else {
                Glibc.write(descriptor, rest, count)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write \(kind)", errno: errno)
            }
            written += result
        }
    }

    /// The `count` bytes at `offset`, which must have been appended.
    func read(at offset: Int, count: Int) throws(IndexError) -> [UInt8] {
        precondition(offset >= 0 && count >= 0 && offset + count <= length, "SequentialFile.read(at:count:) past what was appended")
        let descriptor = try openDescriptor()
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(descriptor, base + done, count - done, off_t(offset + done))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read \(kind)", errno: errno)
            }
            guard result > 0 else { throw .io(path: path, operation: "read \(kind)", errno: EIO) }
            done += result
        }
        return bytes
    }

    /// Flushes the file to disk and closes it.
    func finish() throws(IndexError) {
        let descriptor = try openDescriptor()
        if let code = FaultInjection.failure(of: .syncFile, at: path) {
            throw .io(path: path, operation: "fsync \(kind)", errno: code)
        }
        guard fsync(descriptor) == 0 else { throw .io(path: path, operation: "fsync \(kind)", errno: errno) }
        self.descriptor = -1
        let injected = FaultInjection.failure(of: .closeFile, at: path)
        guard close(descriptor) == 0, injected == nil else {
            throw .io(path: path, operation: "close \(kind)", errno: injected ?? errno)
        }
    }

    /// Closes the file if it is open and removes it (once, however often it is called). A file
    /// that cannot be removed is an orphan, which the next writer removes.
    func discard() {
        guard !isDiscarded else { return }
        isDiscarded = true
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        try? FileSystem.remove(path)
    }

    private func openDescriptor() throws(IndexError) -> Int32 {
        guard descriptor >= 0 else { throw .io(path: path, operation: "write \(kind) (already closed)", errno: EBADF) }
        return descriptor
    }
}
