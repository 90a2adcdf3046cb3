#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exclusive lock a writer holds on an index: `flock` on `write.lock`, which also records the
/// holder's process id so that a second writer can say who holds it.
///
/// The kernel releases the lock when the process ends, however it ends (kill -9 included), so a
/// stale lock file never blocks a later writer.
final class WriterLock {
    private var descriptor: Int32
    let path: String

    /// Takes the lock without waiting; throws `IndexError.locked` if another process holds it.
    init(path: String) throws(IndexError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError.io(path: path, operation: "open lock file", errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = WriterLock.readProcessID(descriptor)
            close(descriptor)
            if code == EWOULDBLOCK { throw IndexError.locked(path: path, pid: holder) }
            throw IndexError.io(path: path, operation: "lock", errno: code)
        }
        self.descriptor = descriptor
        self.path = path
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
    }

    /// Releases the lock (also done when the object is destroyed).
    func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    private static func readProcessID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return Int32(text.trimmingWhitespace)
    }
}

private extension String {
    var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map { scalars.index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
