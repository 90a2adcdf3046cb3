// This file is the ONLY place in the index layer that holds raw pointers. It maps a file
// read-only and hands out bounds-checked, little-endian reads; everything above it (the segment
// reader, the postings decoder) is safe Swift and sees `IndexError`s, never a trap, when the file
// is shorter or stranger than it claims.

import Glibc

/// A whole file mapped read-only into memory, with bounds-checked reads.
///
/// The mapping is read-only (and private, unless it follows writes to the file), made once in
/// `init` and unmapped in `deinit`; the file descriptor is closed as soon as the mapping exists.
/// A zero-length file has no mapping: every read of it fails with `.corruptSegment`.
///
/// ```swift
/// let file = try MappedFile(path: "/x/seg-1.skn")
/// let version = try file.uint32(at: 8)
/// ```
///
/// Immutable once made, so it is safe to share across threads (hence `@unchecked Sendable`: the
/// pointer is never written through, and the mapping lives as long as the object).
final class MappedFile: @unchecked Sendable {
    /// The path the file was opened with; every error names it.
    let path: String
    /// The file's size in bytes when it was mapped.
    let size: Int
    /// The start of the mapping; nil for an empty file.
    private let base: UnsafeRawPointer?

    /// Opens and maps `path`. Throws `.notFound` if it does not exist, `.io` if it cannot be
    /// opened, examined or mapped, or is not a regular file.
    ///
    /// With `followsWrites`, the mapping is shared, so that reads see what any process writes to
    /// the file later (the commit stamp); segments never change and are mapped private.
    init(path: String, followsWrites: Bool = false) throws(IndexError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .notFound(path: path) }
            throw .io(path: path, operation: "open segment", errno: code)
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .io(path: path, operation: "stat segment", errno: errno)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .io(path: path, operation: "map segment", errno: status.st_mode & S_IFMT == S_IFDIR ? EISDIR : EINVAL)
        }
        guard let size = Int(exactly: status.st_size) else {
            throw .io(path: path, operation: "map segment", errno: EFBIG)
        }
        self.size = size
        guard size > 0 else {
            base = nil
            return
        }
        let mapping = mmap(nil, size, PROT_READ, followsWrites ? MAP_SHARED : MAP_PRIVATE, descriptor, 0)
        guard let mapping, mapping != MAP_FAILED else {
            throw .io(path: path, operation: "map segment", errno: errno)
        }
        base = UnsafeRawPointer(mapping)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// Lets go of the memory behind the bytes in `range` (clamped to the file): the pages wholly
    /// inside it leave the process's resident memory, and a later read maps them in again from
    /// the file (or the page cache), with the same bytes. For reading a large file once, front to
    /// back, without all of its pages adding up in memory: a merge's inputs, a checksum.
    func release(_ range: Range<Int>) {
        guard let base else { return }
        let page = Self.pageSize
        let start = (max(range.lowerBound, 0) + page - 1) / page * page
        let end = min(range.upperBound, size) / page * page
        guard start < end else { return }
        // Advice on a read-only mapping: it cannot fail in a way that changes what is read.
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    /// The size of a memory page.
    private static let pageSize: Int = {
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? size : 4096
    }()

    // MARK: - Reads

    /// The byte at `offset`.
    func uint8(at offset: Int) throws(IndexError) -> UInt8 {
        try load(at: offset, as: UInt8.self)
    }

    /// The little-endian `UInt16` at `offset` (any alignment).
    func uint16(at offset: Int) throws(IndexError) -> UInt16 {
        UInt16(littleEndian: try load(at: offset, as: UInt16.self))
    }

    /// The little-endian `UInt32` at `offset` (any alignment).
    func uint32(at offset: Int) throws(IndexError) -> UInt32 {
        UInt32(littleEndian: try load(at: offset, as: UInt32.self))
    }

    /// The little-endian `UInt64` at `offset` (any alignment).
    func uint64(at offset: Int) throws(IndexError) -> UInt64 {
        UInt64(littleEndian: try load(at: offset, as: UInt64.self))
    }

    /// The little-endian `Int64` at `offset` (any alignment).
    func int64(at offset: Int) throws(IndexError) -> Int64 {
        Int64(littleEndian: try load(at: offset, as: Int64.self))
    }

    /// A copy of the bytes in `range`.
    func bytes(in range: Range<Int>) throws(IndexError) -> [UInt8] {
        try check(range)
        guard let base, !range.isEmpty else { return [] }
        return Array(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// Compares the bytes in `range` with `other` the way `lexicographicallyPrecedes` orders byte
    /// arrays: negative if the file's bytes sort first, zero if equal, positive if they sort after.
    /// Does not copy.
    func compareBytes(in range: Range<Int>, with other: [UInt8]) throws(IndexError) -> Int {
        try check(range)
        let common = min(range.count, other.count)
        if common > 0, let base {
            let order = other.withUnsafeBytes { otherBytes in
                otherBytes.baseAddress.map { memcmp(base + range.lowerBound, $0, common) } ?? 0
            }
            if order != 0 { return Int(order) }
        }
        return range.count - other.count
    }

    /// Runs `body` over the bytes in `range`, in place (no copy). The span must not escape `body`.
    func withBytes<Result>(in range: Range<Int>, _ body: (Span<UInt8>) -> Result) throws(IndexError) -> Result {
        try check(range)
        guard let base, !range.isEmpty else { return body([UInt8]().span) }
        let buffer = UnsafeBufferPointer(start: (base + range.lowerBound).assumingMemoryBound(to: UInt8.self),
                                         count: range.count)
        return body(buffer.span)
    }

    // MARK: - Bounds

    private func load<Value: FixedWidthInteger>(at offset: Int, as type: Value.Type) throws(IndexError) -> Value {
        let width = MemoryLayout<Value>.size
        guard offset >= 0, offset <= size - width, let base else {
            throw .corruptSegment(path: path, detail: "read of \(width) byte(s) at offset \(offset) is outside the file (\(size) bytes)")
        }
        return base.loadUnaligned(fromByteOffset: offset, as: Value.self)
    }

    private func check(_ range: Range<Int>) throws(IndexError) {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw .corruptSegment(path: path, detail: "bytes \(range.lowerBound)..<\(range.upperBound) are outside the file (\(size) bytes)")
        }
    }

    // MARK: - System error text

    /// The system's text for an `errno` value, such as `No such file or directory`.
    static func systemErrorMessage(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        // The XSI strerror_r (the one Swift imports) fills `buffer` and returns 0 on success.
        guard strerror_r(code, &buffer, buffer.count) == 0 else { return "error \(code)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
