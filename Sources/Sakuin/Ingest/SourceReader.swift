#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's text, decoded and checked, with a fingerprint of its bytes.
struct LoadedSource: Sendable {
    /// The file the text was read from.
    var file: SourceFile
    /// The file's text, without a leading byte order mark; line terminators are as in the file.
    var text: String
    /// The encoding the text was decoded from.
    var encoding: TextEncoding
    /// The SHA-256 of the file's raw bytes (a byte order mark included), in lowercase
    /// hexadecimal: 64 characters.
    var contentHash: String
}

/// Reads source files: bytes from disk, decoded by the policy of ``EncodingDetector``.
///
/// Files are read whole with POSIX `open`/`read` (no memory mapping, so a file truncated while
/// it is read cannot crash the process), which also gives the system's own words for a failure.
enum SourceReader {
    /// Reads, checks and decodes `file`.
    ///
    /// UTF-8 is read as is (a byte order mark dropped; an empty file gives the empty text);
    /// UTF-16, Shift_JIS, EUC-JP and ISO-2022-JP are recognised and converted, as
    /// ``EncodingDetector`` describes.
    ///
    /// - Throws: ``IngestError/notText(path:)`` or ``IngestError/controlCharacters(path:byteOffset:)``
    ///   for a binary file; ``IngestError/invalidUTF8(path:byteOffset:)`` at the first ill-formed
    ///   UTF-8 sequence of a file in no recognised encoding, counting bytes from the start of the
    ///   file (a byte order mark included); ``IngestError/invalidText(path:encoding:byteOffset:)``
    ///   or ``IngestError/suspectedEncoding(path:encoding:byteOffset:)`` for a file that is not
    ///   valid in the encoding it declares or looks like; ``IngestError/missingPath(_:)`` if the
    ///   file has gone; ``IngestError/permissionDenied(path:)`` if it may not be read;
    ///   ``IngestError/unreadable(path:reason:)`` if it cannot be read for another reason.
    static func load(_ file: SourceFile) throws(IngestError) -> LoadedSource {
        let bytes = try readBytes(atPath: file.path, expectedSize: file.size)
        let decoded = try EncodingDetector.decode(bytes, path: file.path)
        return LoadedSource(file: file, text: decoded.text, encoding: decoded.encoding,
                            contentHash: ContentHash.sha256Hex(bytes))
    }

    /// The UTF-8 byte order mark, `EF BB BF`.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The offset of the first byte of the first ill-formed sequence in `bytes`, or nil if
    /// `bytes` is well-formed UTF-8.
    ///
    /// Strict, after Table 3-7 of the Unicode Standard: overlong forms, surrogates (`ED A0`…),
    /// values above U+10FFFF and sequences cut short are all ill-formed.
    static func firstInvalidUTF8Offset(in bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the second byte depends on the lead; the rest are 80…BF.
            guard let (length, second) = UTF8Sequence.shape(ofLead: lead) else { return index }
            guard index + length <= count, second.contains(bytes[index + 1]) else { return index }
            for continuation in (index + 2)..<(index + length) where bytes[continuation] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    /// The whole content of the file at `path` (escaped as ``PathName/escaped(_:)`` writes it:
    /// opened by its bytes); `expectedSize` only sizes the buffer.
    static func readBytes(atPath path: String, expectedSize: Int64 = 0) throws(IngestError) -> [UInt8] {
        if let code = FaultInjection.failure(of: .openFile, at: path) { throw .systemError(code, path: path) }
        let descriptor = open(PathName.cString(path), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .systemError(errno, path: path) }
        defer { close(descriptor) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(clamping: max(0, expectedSize)))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            // The only pointer in the ingest stage: `read` fills the chunk in place.
            let byteCount = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if byteCount < 0 {
                let errorNumber = errno
                if errorNumber == EINTR { continue }
                throw .systemError(errorNumber, path: path)
            }
            if byteCount == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<byteCount])
        }
    }
}
