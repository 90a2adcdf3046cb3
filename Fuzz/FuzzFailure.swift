#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How a fuzz target stops on a broken invariant.
///
/// libFuzzer keeps the input of any run that crashes, so a broken invariant must end the
/// process; `abort()` does that without the runtime's own message hiding ours.
enum FuzzFailure {
    /// Writes what broke and the input that broke it to standard error, then aborts.
    static func stop(_ invariant: String, input: String) -> Never {
        let report = "invariant broken: \(invariant)\ninput: \(input.debugDescription)\n"
        var bytes = Array(report.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            _ = write(2, buffer.baseAddress, buffer.count)
        }
        abort()
    }
}
