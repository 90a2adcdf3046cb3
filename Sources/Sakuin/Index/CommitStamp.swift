import Foundation

/// The commit stamp: a small file beside the catalog that holds the catalog's commit count
/// (its generation), so that a search can tell that nothing was committed since its snapshot
/// without a catalog transaction.
///
/// ```
/// u8[8]  magic "SKNSTAMP"
/// u64    the catalog's generation, little-endian
/// ```
///
/// The catalog is the record; the stamp is a hint that follows it. The writer rewrites the stamp
/// in place after every commit, and when it opens the index, if the stamp disagrees with the
/// catalog (a writer killed between its commit and the stamp, a stamp that could not be
/// written). A reader maps the stamp once and reads the generation at each search: while it
/// equals the generation of the snapshot the reader has, the snapshot is still the last commit.
/// A reader also asks the catalog itself at least once every ``SearchIndex`` check interval, so a
/// stamp that lags the catalog delays what a reader sees by at most that interval.
enum CommitStamp {
    /// The first eight bytes of a stamp.
    static let magic: [UInt8] = Array("SKNSTAMP".utf8)
    /// A stamp's size in bytes.
    static let size = 16

    /// The bytes of the stamp of `generation`.
    static func bytes(generation: Int64) -> [UInt8] {
        magic + withUnsafeBytes(of: UInt64(bitPattern: generation).littleEndian) { Array($0) }
    }

    /// Makes the stamp at `path` say `generation`, unless it says so already. A stamp that cannot
    /// be written is removed, so that readers ask the catalog instead of trusting it; if even that
    /// fails, readers see later commits once their check interval has passed. Never throws: the
    /// commit it follows is durable whatever happens to the stamp.
    static func update(at path: String, to generation: Int64) {
        let current = Reader(path: path)
        if current?.generation == generation { return }
        do {
            // A file that is not a stamp is replaced rather than written over: it may be longer
            // than one, and a stamp is never truncated (a reader may have it mapped).
            if current == nil, FileManager.default.fileExists(atPath: path) { try FileSystem.remove(path) }
            try FileSystem.overwrite(bytes(generation: generation), at: path, kind: "commit stamp")
        } catch {
            try? FileSystem.remove(path)
        }
    }

    /// A stamp mapped for reading: every read of ``generation`` sees the last write to the file,
    /// by any process.
    final class Reader {
        private let file: MappedFile

        /// Maps the stamp at `path`; nil if there is none, or the file is not a stamp.
        init?(path: String) {
            guard let file = try? MappedFile(path: path, followsWrites: true), file.size == CommitStamp.size,
                  (try? file.bytes(in: 0..<CommitStamp.magic.count)) == CommitStamp.magic else { return nil }
            self.file = file
        }

        /// The generation the stamp says now.
        var generation: Int64? { try? file.int64(at: CommitStamp.magic.count) }
    }
}
